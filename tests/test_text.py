"""Tests for drafter.text: examples for the tricky cases, properties for the rest."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from tests_support_seeds import seeds_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text import (
    MAX_YEAR,
    MIN_YEAR,
    YEAR_RE,
    DateMention,
    NumberMention,
    cn_numeral,
    find_dates,
    find_numbers,
    find_year_typos,
    find_years,
    format_cn_date,
    format_count,
    format_decimal,
    format_wan,
    fullwidth_digits_to_ascii,
    heading_number,
    inline_ordinal,
    is_cjk,
    normalize_text,
    parse_cn_date,
    parse_cn_numeral,
    parse_heading_number,
    strip_cjk_spaces,
    to_fullwidth_punct,
    yoy_phrase,
)


PROPERTY = settings(max_examples=300, deadline=None)

# Characters that exercise every rule: ideographs (BMP, Ext B, compatibility),
# Latin, digits, the ASCII marks, quotes, spaces, Chinese punctuation, full-width
# digits and letters.
MIXED = st.text(
    alphabet=st.sampled_from(
        list("法治政府建设年度报告示例县受理件人〇") + ["\U00020000", "\uf900"]
        + list("abAZe") + list("01239") + list(",:;!?()\"'.-%/")
        + [" ", "\u3000", "\u00a0", "\t", "\n"]
        + list("，。、：（）“”《》—％．０９Ａｚ")
    ),
    max_size=40,
)
CJK_TEXT = st.text(alphabet=st.sampled_from(list("法治政府建设示例县工作机制健全")), min_size=1, max_size=12)


def seed_texts() -> dict[str, str]:
    seeds = seeds_folder()
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("0*.txt"))}


# --- is_cjk ---------------------------------------------------------------------


@pytest.mark.parametrize("ch", ["法", "〇", "\u3400", "\u9fff", "\uf900", "\U00020000", "\U0002a6d6", "\U00031350"])
def test_is_cjk_covers_every_ideograph_block(ch):
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["a", "1", "，", "。", "“", " ", "\u3000", "ア", "한", "１"])
def test_is_cjk_rejects_non_ideographs(ch):
    assert not is_cjk(ch)


# --- Chinese numerals -------------------------------------------------------------


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
        (100, "一百"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"),
        (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2025, "二千零二十五"),
        (9999, "九千九百九十九"),
    ],
)
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_cn_numeral_out_of_range(n):
    with pytest.raises(ValueError):
        cn_numeral(n)


@pytest.mark.parametrize("n", [True, 1.0, "1"])
def test_cn_numeral_needs_int(n):
    with pytest.raises(TypeError):
        cn_numeral(n)


def test_cn_numeral_round_trips_for_every_valid_number():
    texts = [cn_numeral(n) for n in range(1, 10000)]
    assert [parse_cn_numeral(t) for t in texts] == list(range(1, 10000))
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    "text, n",
    [
        ("两百", 200), ("两千零五", 2005), ("一百〇一", 101), ("一百零一", 101), ("二〇二五", 2025),
        ("二零二四", 2024), ("一十", 10), ("一百十", 110), ("零", 0), (" 十二 ", 12),
    ],
)
def test_parse_cn_numeral_text_forms(text, n):
    assert parse_cn_numeral(text) == n


@pytest.mark.parametrize("text", ["", "百", "一千千", "十十", "一百零", "abc", "1"])
def test_parse_cn_numeral_rejects(text):
    with pytest.raises(ValueError):
        parse_cn_numeral(text)


# --- heading numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    "level, n, text",
    [(1, 1, "一、"), (1, 12, "十二、"), (2, 3, "（三）"), (3, 1, "1."), (3, 12, "12."), (4, 2, "（2）")],
)
def test_heading_number(level, n, text):
    assert heading_number(level, n) == text


@pytest.mark.parametrize("level, n", [(0, 1), (5, 1), (1, 0), (3, 0), (3, 1000), (4, 1000)])
def test_heading_number_rejects(level, n):
    with pytest.raises(ValueError):
        heading_number(level, n)


def test_inline_ordinal():
    assert [inline_ordinal(n) for n in (1, 2, 10, 11)] == ["一是", "二是", "十是", "十一是"]
    with pytest.raises(ValueError):
        inline_ordinal(0)


@pytest.mark.parametrize(
    "line, parsed",
    [
        ("一、总体要求", (1, 1, "总体要求")),
        ("十一、其他", (1, 11, "其他")),
        ("(一)坚持党的领导", (2, 1, "坚持党的领导")),
        ("（二） 健全制度", (2, 2, "健全制度")),
        ("( 三 )加强", (2, 3, "加强")),
        ("    (四)全面推进", (2, 4, "全面推进")),
        ("1.强化领导", (3, 1, "强化领导")),
        ("1、深化改革", (3, 1, "深化改革")),
        ("1．加强监督", (3, 1, "加强监督")),
        ("１．加强监督", (3, 1, "加强监督")),
        ("12. 规范执法", (3, 12, "规范执法")),
        ("(1)加快放权", (4, 1, "加快放权")),
        ("（3）　优化服务", (4, 3, "优化服务")),
        ("（１）示例", (4, 1, "示例")),
        ("\u3000\u3000二、存在问题", (1, 2, "存在问题")),
        ("1.", (3, 1, "")),
    ],
)
def test_parse_heading_number(line, parsed):
    assert parse_heading_number(line) == parsed


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元用于", "2023年，我县", "2023.1.5起", "2023、2024年连续", "一是统筹谋划", "十分重要、必要",
        "(2021-2025年)", "（此件主动公开）", "0.概述", "〇、概述", "一二、概述", "", "正文1.", "1000.条目",
    ],
)
def test_parse_heading_number_rejects_non_headings(line):
    assert parse_heading_number(line) is None


@PROPERTY
@given(
    level=st.integers(1, 4),
    n=st.integers(1, 999),
    indent=st.text(alphabet=st.sampled_from([" ", "\u3000", "\u00a0"]), max_size=4),
    gap=st.text(alphabet=st.sampled_from([" ", "\u3000"]), max_size=2),
    rest=CJK_TEXT,
)
def test_heading_number_round_trip(level, n, indent, gap, rest):
    assert parse_heading_number(indent + heading_number(level, n) + gap + rest) == (level, n, rest)


# --- punctuation, width and spaces --------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年,示例县坚持:依法行政;成效明显!是否?", "2024年，示例县坚持：依法行政；成效明显！是否？"),
        ("共5,其中", "共5，其中"),
        ("如下: 一是", "如下： 一是"),
        ("(一)坚持", "（一）坚持"),
        ("各县(市、区)", "各县（市、区）"),
        ("(2021-2025年)", "（2021-2025年）"),
        ("见附件(A)所列", "见附件（A）所列"),
        ("（一)混排", "（一）混排"),
        ('印发"示例方案",推进', "印发“示例方案”，推进"),
        ("称'示例'模式", "称‘示例’模式"),
        ("it's '示例' here", "it's ‘示例’ here"),
        ('"AB岗"和"ok"', '“AB岗”和"ok"'),
        ("a,,中", "a，，中"),
        ("单个(", "单个（"),
        # Widening spreads along a chain of marks in either direction.
        ("(,a),中", "（，a），中"),
        ("中,(a,)", "中，（a，）"),
        ("《办法》,进一步", "《办法》，进一步"),
    ],
)
def test_to_fullwidth_punct_in_chinese_context(text, expected):
    assert to_fullwidth_punct(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1,234", "10:30", "3.5", "(A)", "http://x.y", "e.g. (see fig)", "f(x) = a, b; c!",
        "don't 'quote'", '"plain"', "共1,234件", "时间10:30开始", "比分3:2结束", "网址http://x.y/a?b=1",
        "“示例”，已经全角", "中\n,a", "(a", "a)",
    ],
)
def test_to_fullwidth_punct_leaves_numbers_and_latin(text):
    assert to_fullwidth_punct(text) == text


def test_to_fullwidth_punct_does_not_pair_across_lines():
    assert to_fullwidth_punct('"示例\n"') == '"示例\n"'
    assert to_fullwidth_punct("(a\n中)") == "(a\n中）"


FULLWIDTH_OF = {".": "。", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）",
                '"': "“”", "'": "‘’"}


@PROPERTY
@given(MIXED)
def test_to_fullwidth_punct_only_replaces_marks(text):
    out = to_fullwidth_punct(text)
    assert len(out) == len(text)
    for before, after in zip(text, out):
        assert after == before or after in FULLWIDTH_OF.get(before, "")


@PROPERTY
@given(MIXED)
def test_to_fullwidth_punct_is_idempotent(text):
    once = to_fullwidth_punct(text)
    assert to_fullwidth_punct(once) == once


@PROPERTY
@given(st.text(alphabet=st.sampled_from(list("abcXYZ0129 ,:;!?()\"'.-/\n")), max_size=40))
def test_to_fullwidth_punct_leaves_text_without_chinese(text):
    assert to_fullwidth_punct(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("２０２４年", "2024年"),
        ("１２．５％", "12.5%"),
        ("ＡＢ岗ａｐｐ", "AB岗app"),
        ("第１．", "第1．"),
        ("其中．明确", "其中．明确"),
        ("比例５０ ％", "比例50 ％"),
    ],
)
def test_fullwidth_digits_to_ascii(text, expected):
    assert fullwidth_digits_to_ascii(text) == expected


@PROPERTY
@given(MIXED)
def test_fullwidth_digits_to_ascii_keeps_length_and_is_idempotent(text):
    out = fullwidth_digits_to_ascii(text)
    assert len(out) == len(text)
    assert fullwidth_digits_to_ascii(out) == out
    assert not re.search("[０-９Ａ-Ｚａ-ｚ]", out)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("法治 政府", "法治政府"),
        ("法治\u3000\u3000政府", "法治政府"),
        ("法治\u00a0政府", "法治政府"),
        ("政府 ，建设", "政府，建设"),
        ("（一） 坚持", "（一）坚持"),
        ("推行 AB 岗制", "推行 AB 岗制"),
        ("hello world", "hello world"),
        ("受理 26 件", "受理 26 件"),
        ("\u3000\u3000正文", "\u3000\u3000正文"),
        ("第一行\n 第二行", "第一行\n 第二行"),
    ],
)
def test_strip_cjk_spaces(text, expected):
    assert strip_cjk_spaces(text) == expected


@PROPERTY
@given(MIXED)
def test_strip_cjk_spaces_only_removes_spaces(text):
    out = strip_cjk_spaces(text)
    spaces = re.compile("[ \t\u3000\u00a0]")
    assert spaces.sub("", out) == spaces.sub("", text)
    assert strip_cjk_spaces(out) == out


def test_normalize_text_combines_all_three():
    assert normalize_text("２０２４年 , 示例县 (全县) 受理 26 件") == "2024年，示例县（全县）受理 26 件"


@PROPERTY
@given(MIXED)
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- number formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (26176, "26176"), (26176.0, "26176"), (Decimal("26176.00"), "26176"), (Decimal("1E+3"), "1000"),
        (10.2, "10.2"), ("３５", "35"), (0, "0"), (Decimal("-0.0"), "0"), (-3, "-3"),
    ],
)
def test_format_count(value, text):
    assert format_count(value) == text


@pytest.mark.parametrize("value, error", [(True, TypeError), (None, TypeError), ("abc", ValueError),
                                          (float("nan"), ValueError), (Decimal("Infinity"), ValueError)])
def test_format_count_rejects(value, error):
    with pytest.raises(error):
        format_count(value)


@pytest.mark.parametrize(
    "args, text",
    [
        ((2.675, 2), "2.68"),
        ((1.005, 2), "1.01"),
        ((66.6666, 2), "66.67"),
        (("12.50", 2), "12.5"),
        ((100, 2), "100"),
        ((Decimal("99.995"), 2), "100"),
        ((0.004, 2), "0"),
        ((-2.675, 2), "-2.68"),
        ((2.5, 0), "3"),
        ((Decimal("123456789012345678901234567890.125"), 2), "123456789012345678901234567890.13"),
    ],
)
def test_format_decimal_rounds_half_up(args, text):
    assert format_decimal(*args) == text


def test_format_decimal_other_roundings():
    assert format_decimal(99.159, 2, rounding="down") == "99.15"
    assert format_decimal(-99.159, 2, rounding="down") == "-99.15"
    assert format_decimal(2.665, 2, rounding="half_even") == "2.66"
    assert format_decimal(2.675, 2, rounding="half_even") == "2.68"
    with pytest.raises(ValueError, match="舍入"):
        format_decimal(1, 2, rounding="up")
    with pytest.raises(ValueError):
        format_decimal(1, -1)


@PROPERTY
@given(
    value=st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=6),
    places=st.integers(0, 4),
)
def test_format_decimal_is_nearest_and_trimmed(value, places):
    half_up = Decimal(format_decimal(value, places))
    assert abs(half_up - value) <= Decimal(5).scaleb(-places - 1)
    down = Decimal(format_decimal(value, places, rounding="down"))
    assert abs(down) <= abs(value) and abs(value - down) < Decimal(1).scaleb(-places)
    text = format_decimal(value, places)
    assert not ("." in text and text.endswith("0")) and not text.endswith(".")


@pytest.mark.parametrize(
    "yuan, text", [("3525000", "352.5"), (35250000, "3525"), (12345, "1.23"), (15000, "1.5"), (Decimal("50"), "0.01")]
)
def test_format_wan(yuan, text):
    assert format_wan(yuan) == text


@pytest.mark.parametrize(
    "this, last, phrase",
    [
        (112.5, 100, "同比增长12.5%"),
        (7139, 10000, "同比下降28.61%"),
        (45, 40, "同比增长12.5%"),
        (100, 100, "与上年持平"),
        (0, 0, "与上年持平"),
        (100001, 100000, "与上年持平"),
        (5, 0, "上年为0，本年为5"),
        (Decimal("5.0"), 0.0, "上年为0，本年为5"),
        (0, 8, "同比下降100%"),
    ],
)
def test_yoy_phrase(this, last, phrase):
    assert yoy_phrase(this, last) == phrase


def test_yoy_phrase_places_and_rounding():
    assert yoy_phrase(2, 3, places=1) == "同比下降33.3%"
    assert yoy_phrase(1159, 1000, places=0, rounding="down") == "同比增长15%"


def test_yoy_phrase_needs_both_years():
    with pytest.raises(ValueError, match="上年"):
        yoy_phrase(5, None)
    with pytest.raises(ValueError, match="本年"):
        yoy_phrase(None, 5)


@PROPERTY
@given(this=st.integers(0, 10**6), last=st.integers(1, 10**6))
def test_yoy_phrase_direction_matches_the_data(this, last):
    phrase = yoy_phrase(this, last)
    if this > last:
        assert phrase.startswith("同比增长") or phrase == "与上年持平"
    elif this < last:
        assert phrase.startswith("同比下降") or phrase == "与上年持平"
    else:
        assert phrase == "与上年持平"
    if phrase != "与上年持平":
        assert phrase.endswith("%")
        assert phrase[4:-1] == format_decimal(abs(this - last) * Decimal(100) / last)


# --- dates and years -----------------------------------------------------------------


def test_format_cn_date():
    assert format_cn_date(date(2025, 2, 8)) == "2025年2月8日"
    assert format_cn_date(date(2024, 12, 31)) == "2024年12月31日"
    with pytest.raises(TypeError):
        format_cn_date("2025-02-08")


@pytest.mark.parametrize(
    "text",
    ["2025年2月8日", "2025年02月08日", "2025 年 2 月 8 日", "2025-02-08", "2025.2.8", "2025/2/8",
     "２０２５年２月８日", "２０２５．２．８", "二〇二五年二月八日", "二零二五年二月八日", " 2025年2月8日\n"],
)
def test_parse_cn_date_forms(text):
    assert parse_cn_date(text) == date(2025, 2, 8)


def test_parse_cn_date_chinese_two_digit_parts():
    assert parse_cn_date("二〇二四年十二月三十一日") == date(2024, 12, 31)
    assert parse_cn_date("二〇二四年十月二十日") == date(2024, 10, 20)


@pytest.mark.parametrize(
    "text", ["2025年2月30日", "2025年13月1日", "2025年2月", "2025-2/8", "2025年2月8日起", "abc", "", "二〇二五年二月三十二日"]
)
def test_parse_cn_date_rejects(text):
    assert parse_cn_date(text) is None


DATES = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))


@PROPERTY
@given(DATES)
def test_cn_date_round_trips(d):
    assert parse_cn_date(format_cn_date(d)) == d
    assert parse_cn_date(d.isoformat()) == d
    han_year = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    assert parse_cn_date(f"{han_year}年{cn_numeral(d.month)}月{cn_numeral(d.day)}日") == d


def test_find_dates():
    text = "示例县于2024年1月23日印发，２０２４年２月５日实施，2023-12-01公布，二〇二五年一月八日成文，2024年2月30日无效。"
    found = find_dates(text)
    assert [m.value for m in found] == [date(2024, 1, 23), date(2024, 2, 5), date(2023, 12, 1), date(2025, 1, 8)]
    assert [text[m.start:m.end] for m in found] == ["2024年1月23日", "２０２４年２月５日", "2023-12-01", "二〇二五年一月八日"]
    assert all(isinstance(m, DateMention) for m in found)


def test_find_years():
    text = "2024年，落实2021-2025年纲要和（2023—2025年）方案，2019年度报告，２０２２年，1800年，12024年，〔2024〕5号"
    found = find_years(text)
    assert [y for y, _, _ in found] == [2024, 2021, 2025, 2023, 2025, 2019, 2022]
    assert [fullwidth_digits_to_ascii(text[s:e]) for _, s, e in found] == [str(y) for y, _, _ in found]


def test_year_re_matches_year_before_nian():
    assert YEAR_RE.search("于2024 年开展").group("first") == "2024"
    assert YEAR_RE.search("2024-03-01") is None


def test_find_year_typos():
    text = "四、2025度工作安排；2025年度计划；节约用电2025度电；２０２４度总结"
    assert [(y, text[s:e]) for y, s, e in find_year_typos(text)] == [(2025, "2025度"), (2024, "２０２４度")]


@PROPERTY
@given(year=st.integers(MIN_YEAR, MAX_YEAR), before=CJK_TEXT, after=CJK_TEXT)
def test_find_years_finds_any_year_in_context(year, before, after):
    text = f"{before}{year}年{after}"
    assert find_years(text) == [(year, len(before), len(before) + 4)]
    assert find_numbers(text) == []


# --- quantities ---------------------------------------------------------------------


def test_find_numbers_reads_values_and_units():
    text = ("示例县受理投诉457件，为1658名群众追回3658.78万元，开展培训140余场次、5000余人次，"
            "惠及10.2万人，调撤率66.67%，发放资料2万余份、30多份，储备5类36种物资，提高2.5个百分点，"
            "共1,234元，投入1.5亿元，连续3年，阅读12345")
    found = [(m.value, m.unit, m.is_percent, text[m.start:m.end]) for m in find_numbers(text)]
    assert found == [
        (Decimal("457"), "件", False, "457件"),
        (Decimal("1658"), "名", False, "1658名"),
        (Decimal("3658.78"), "万元", False, "3658.78万元"),
        (Decimal("140"), "余场次", False, "140余场次"),
        (Decimal("5000"), "余人次", False, "5000余人次"),
        (Decimal("10.2"), "万人", False, "10.2万人"),
        (Decimal("66.67"), "%", True, "66.67%"),
        (Decimal("2"), "万余份", False, "2万余份"),
        (Decimal("30"), "多份", False, "30多份"),
        (Decimal("5"), "类", False, "5类"),
        (Decimal("36"), "种", False, "36种"),
        (Decimal("2.5"), "个百分点", False, "2.5个百分点"),
        (Decimal("1234"), "元", False, "1,234元"),
        (Decimal("1.5"), "亿元", False, "1.5亿元"),
        (Decimal("3"), "年", False, "3年"),
        (Decimal("12345"), "", False, "12345"),
    ]
    assert all(isinstance(m, NumberMention) for m in find_numbers(text))


def test_find_numbers_skips_non_quantities():
    text = ("1.强化领导\n（2）严格执法\n2024年1月23日，依据示府发〔2024〕5号和《纲要（2021-2025年）》"
            "及纲要(2015-2020)，第3批，5G基站，10:30开会，6月底前，15日内，四、2025度安排，"
            "一是...；2.加强；（3）完善，共26件")
    assert [(m.value, m.unit) for m in find_numbers(text)] == [(Decimal("26"), "件")]


def test_find_numbers_reads_fullwidth_digits_and_spaces():
    text = "受理２６件，合格率９９．５％，办结 90 件"
    found = find_numbers(text)
    assert [(m.value, m.unit, m.is_percent) for m in found] == [
        (Decimal("26"), "件", False), (Decimal("99.5"), "%", True), (Decimal("90"), "件", False)
    ]
    assert [text[m.start:m.end] for m in found] == ["２６件", "９９．５％", "90 件"]


@PROPERTY
@given(
    value=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    unit=st.sampled_from(["件", "人次", "余人", "万元", "个", "%", ""]),
    before=CJK_TEXT,
    after=st.sampled_from(["", "，", "。"]),
)
def test_find_numbers_finds_a_written_quantity(value, unit, before, after):
    written = format_decimal(value)
    text = f"{before}{written}{unit}{after}"
    (mention,) = find_numbers(text)
    assert mention.value == Decimal(written)
    assert mention.unit == unit and mention.is_percent == (unit == "%")
    assert text[mention.start:mention.end] == written + unit


@PROPERTY
@given(MIXED)
def test_find_numbers_mentions_are_ordered_and_disjoint(text):
    mentions = find_numbers(text)
    for m in mentions:
        span = fullwidth_digits_to_ascii(text[m.start:m.end])
        number = re.match(r"[0-9,]+(?:\.[0-9]+)?", span).group()
        assert Decimal(number.replace(",", "")) == m.value
        assert (m.unit == "%") == m.is_percent
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


# --- against the seed documents ----------------------------------------------------


def test_seed_headings_are_recognised():
    levels = {
        name: [p[0] for p in map(parse_heading_number, text.splitlines()) if p]
        for name, text in seed_texts().items()
    }
    # 建宁县: 一、 with (一)–(七), 1. items, then 二、 三、 with (一)–(四).
    assert levels["001"].count(1) == 3
    assert levels["001"].count(2) == 11
    # 天镇县 mixes 1、 items and (1) sub-items.
    assert levels["002"].count(1) == 3 and levels["002"].count(4) > 0
    # 赣州市 numbers its 18 tasks consecutively across sections.
    tasks = [p[1] for p in map(parse_heading_number, seed_texts()["003"].splitlines()) if p and p[0] == 3]
    assert tasks == list(range(1, 19))


def test_seed_typo_and_stated_rates():
    text = seed_texts()["004"]
    assert [y for y, _, _ in find_year_typos(text)] == [2025]
    percents = {m.value for m in find_numbers(text) if m.is_percent}
    assert {Decimal("99.15"), Decimal("99.5")} <= percents


def test_seed_normalisation_leaves_no_ascii_marks_in_chinese():
    for text in seed_texts().values():
        normal = normalize_text(text)
        assert normalize_text(normal) == normal
        assert not re.search(r"[\u4e00-\u9fff][,:;()!?]|[,:;()!?][\u4e00-\u9fff]", normal)


@given(st.text(alphabet="ab\n中", max_size=30), st.data())
def test_line_column_counts_lines_and_characters(text, data):
    from drafter.text import line_column

    offset = data.draw(st.integers(0, len(text)))
    line, column = line_column(text, offset)
    lines = text[:offset].split("\n")
    assert (line, column) == (len(lines), len(lines[-1]) + 1)
    assert line_column("甲\n乙丙", 3) == (2, 2)


@given(st.integers(0, 99999))
def test_cn_digits_reads_back_digit_by_digit(n):
    from drafter.text import cn_digits

    assert cn_digits(2025) == "二〇二五" and cn_digits(0) == "〇"
    assert parse_cn_numeral(cn_digits(n)) == n if n >= 10 else len(cn_digits(n)) == 1
