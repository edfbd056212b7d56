"""Cleaning raw lines: page furniture, indentation, punctuation, broken lines."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.importer.cleaning import Cleaning, CleaningKind, clean_lines

BODY = "2024年，示例县持续推进依法行政，各项工作取得新进展。"


def _clean(lines):
    notes: list[Cleaning] = []
    return clean_lines(lines, notes), notes


def test_furniture_lines_are_removed_and_reported():
    lines = [
        "您现在的位置：首页 > 政务公开 > 示例县司法局",
        "首页 > 信息公开 > 法治政府",
        "来源：示例县司法局  发布时间：2024-02-01 10:20  浏览次数：321  字号：大 中 小",
        "2024-03-20 阅读次数:1234",
        "【字体：大 中 小】",
        BODY,
        "【打印本页】【关闭窗口】",
        "分享到：微信 微博 QQ空间",
        "上一篇：示例县召开专题会议",
        "|",
        "扫一扫在手机上查看当前页面",
    ]
    cleaned, notes = _clean(lines)
    assert cleaned == [BODY]
    assert [(note.kind, note.line) for note in notes] == [
        (CleaningKind.LOCATION, 1),
        (CleaningKind.LOCATION, 2),
        (CleaningKind.PAGE_INFO, 3),
        (CleaningKind.PAGE_INFO, 4),
        (CleaningKind.PAGE_INFO, 5),
        (CleaningKind.TOOLS, 7),
        (CleaningKind.TOOLS, 8),
        (CleaningKind.TOOLS, 9),
        (CleaningKind.BAR, 10),
        (CleaningKind.QR_CODE, 11),
    ]
    assert notes[3].original == "2024-03-20 阅读次数:1234"
    assert all(note.removed for note in notes)


def test_related_links_and_everything_after_them_are_removed():
    cleaned, notes = _clean([BODY, "相关文章", "示例县召开普法工作会议", "示例县开展执法培训"])
    assert cleaned == [BODY]
    assert [note.kind for note in notes] == [CleaningKind.RELATED] * 3
    assert [note.original for note in notes][1:] == ["示例县召开普法工作会议", "示例县开展执法培训"]


def test_glued_furniture_is_cut_from_the_end_of_a_line():
    cleaned, notes = _clean(["示例县人民政府扫一扫在手机上查看当前页面", "工作取得新进展。 |"])
    assert cleaned == ["示例县人民政府", "工作取得新进展。"]
    assert [(note.kind, note.original) for note in notes] == [
        (CleaningKind.QR_CODE, "扫一扫在手机上查看当前页面"),
        (CleaningKind.BAR, "|"),
    ]


def test_body_text_mentioning_furniture_words_is_kept():
    lines = ["来源：县财政预算安排，共计50万元。", "资金来源：县级财政。", "扫一扫在手机上查看当前页面的功能已上线。"]
    assert _clean(lines) == (lines, [])


def test_indentation_and_blank_lines_are_dropped():
    lines = ["    一、主要举措", "", "\u3000\u3000示例县推进依法行政。", "\t\xa0 \xa0示例县开展执法培训。  ", "\u200b"]
    assert clean_lines(lines) == ["一、主要举措", "示例县推进依法行政。", "示例县开展执法培训。"]


def _clean_one(line: str) -> str:
    return clean_lines([line])[0]


def test_ascii_punctuation_inside_chinese_text_becomes_full_width():
    assert _clean_one("2024年,示例县(简称示例)完成:一是培训;二是评查?对!") == \
        "2024年，示例县（简称示例）完成：一是培训；二是评查？对！"
    assert _clean_one("(一)依法行政") == "（一）依法行政"
    assert _clean_one("纲要(2021-2025年)") == "纲要（2021-2025年）"
    assert _clean_one("上线APP,对接") == "上线APP，对接"


def test_ascii_punctuation_outside_chinese_text_is_kept():
    assert _clean_one("会议于10:30开始") == "会议于10:30开始"
    assert _clean_one("APP (v2.1) ok, fine") == "APP (v2.1) ok, fine"
    assert _clean_one("共计1,000件") == "共计1,000件"


def test_a_word_broken_across_lines_is_joined():
    lines = ["2.推进数字政府建设。一是上线运行“示例通”政", "务服务平台，全年办件1200件。", "3.强化执法监督。"]
    cleaned, notes = _clean(lines)
    assert cleaned == ["2.推进数字政府建设。一是上线运行“示例通”政务服务平台，全年办件1200件。", "3.强化执法监督。"]
    assert notes == [Cleaning(CleaningKind.JOINED, lines[0] + "\n" + lines[1], 2)]
    assert not notes[0].removed


def test_a_long_line_broken_without_any_sentence_mark_is_joined():
    first = "示例县围绕法治政府建设示范创建目标持续完善依法行政制度体系并组织全县行政执法人员参加"
    assert clean_lines([first, "专题培训。"]) == [first + "专题培训。"]


def test_lines_that_start_something_new_are_not_joined():
    unfinished = "示例县持续推进依法行政。全年组织专题培训"
    for following in [
        "（二）强化行政执法监督",
        "2.完善行政复议机制。",
        "二是健全执法监督机制。",
        "示例县人民政府",
        "中共示例县委 示例县人民政府",
        "2025年1月20日",
        "特此报告。",
        "（此件公开发布）",
        "附件：示例县行政执法事项清单",
        "示例县2025年法治政府建设工作要点",
    ]:
        assert clean_lines([unfinished, following]) == [unfinished, following], following


def test_finished_or_short_lines_are_not_joined():
    assert clean_lines(["示例县2024年法治政府建设情况报告", "示例市人民政府："]) == \
        ["示例县2024年法治政府建设情况报告", "示例市人民政府："]
    assert clean_lines(["一、主要举措和成效", "示例县推进依法行政。"]) == ["一、主要举措和成效", "示例县推进依法行政。"]
    assert clean_lines(["示例县推进依法行政。", "全年办件1200件。"]) == ["示例县推进依法行政。", "全年办件1200件。"]
    assert clean_lines(["示例县推进依法行政。“一网通办”。”", "全年办件。"]) == \
        ["示例县推进依法行政。“一网通办”。”", "全年办件。"]


def test_table_rows_are_never_joined():
    rows = ["指标\t数值\t说明。备注说明未完", "行政复议\t12件\t较上年增加"]
    assert clean_lines(rows) == rows


# --- properties --------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff]")
_FRAGMENTS = [
    "您现在的位置：", "首页 > ", "来源：", "发布时间：2024-01-02", "阅读次数：12", "字号：大 中 小",
    "扫一扫在手机上查看当前页面", "相关文章", "打印本页", "关闭窗口", "分享到：", "微信", "|", "｜",
    "示例县", "依法行政", "一、", "（二）", "3.", "一是", "二是", "。", "，", ",", ":", "(", ")", " ",
    "\u3000", "\t", "\xa0", "2025年1月20日", "特此报告。", "人民政府", "附件：", "报告",
]
_LINE = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join))


def _han(text: str) -> list[str]:
    return _HAN.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=20))
def test_cleaning_never_loses_chinese_text_it_does_not_report(lines):
    notes: list[Cleaning] = []
    cleaned = clean_lines(lines, notes)
    removed = "".join(note.original for note in notes if note.removed)
    assert Counter(_han("".join(cleaned))) + Counter(_han(removed)) == Counter(_han("".join(lines)))
    kept = iter(_han("".join(lines)))
    assert all(char in kept for char in _han("".join(cleaned)))     # in input order


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=20))
def test_cleaned_lines_are_trimmed_and_clean_again_unchanged(lines):
    cleaned = clean_lines(lines)
    assert all(line and line == line.strip(" \t\u3000\xa0") for line in cleaned)
    assert clean_lines(cleaned) == cleaned
