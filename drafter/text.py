"""Chinese text utilities shared by the renderer, the importer and the checks.

Owns:
- Chinese numerals (一百零一) and their parsing (两, 〇/零, 二〇二五);
- GB/T 9704 heading numbers (一、 （一） 1. （1）), 一是-style ordinals, and
  recognising every heading-number style real reports use;
- normalising Chinese text: full-width punctuation in Chinese context, ASCII
  digits and letters, no stray spaces between Chinese characters;
- number formatting: counts, Decimal 四舍五入, rates, 万元, 同比 phrases;
- Chinese dates, and finding years, dates and quantities in running text.

Everything here is a pure function of its arguments (stdlib only). Arithmetic
uses `Decimal` built from the decimal text of a number, never binary floats,
so 2.675 rounds to 2.68 as a person would expect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext


class LazyPattern:
    """A regular expression compiled when it is first used. Many patterns here carry CJK
    character classes, which take milliseconds each to compile; most commands use a few
    of them, and none should pay for all at start-up. Has the methods of `re.Pattern`."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self._source, self._flags, self._compiled = source, flags, None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return getattr(self._compiled, name)


# ---------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------

# Code point ranges of CJK ideographs.
_CJK_RANGES = (
    (0x3007, 0x3007),    # 〇 ideographic number zero
    (0x3400, 0x4DBF),    # Extension A
    (0x4E00, 0x9FFF),    # unified ideographs
    (0xF900, 0xFAFF),    # compatibility ideographs
    (0x20000, 0x323AF),  # Extensions B–H and the compatibility supplement
)

# Code point ranges of punctuation that belongs to Chinese text.
_CJK_PUNCT_RANGES = (
    (0x3001, 0x303F),    # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕…
    (0xFE10, 0xFE1F),    # vertical forms
    (0xFE30, 0xFE4F),    # CJK compatibility forms
    (0xFF01, 0xFF0F),    # ！＂＃＄％＆＇（）＊＋，－．／
    (0xFF1A, 0xFF20),    # ：；＜＝＞？＠
    (0xFF3B, 0xFF40),    # ［＼］＾＿｀
    (0xFF5B, 0xFF65),    # ｛｜｝～ and half-width CJK punctuation
    (0x2014, 0x2014),    # — (the Chinese dash is two of them)
    (0x2018, 0x2019),    # ‘ ’
    (0x201C, 0x201D),    # “ ”
    (0x2026, 0x2026),    # …
    (0x00B7, 0x00B7),    # · (separator in transliterated names)
)

# Spaces that may sit between Chinese characters in pasted or scraped text.
_SPACES = " \t\u3000\u00a0"
_SP = f"[{re.escape(_SPACES)}]"


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _char_class(*range_sets: tuple[tuple[int, int], ...]) -> str:
    """A regex character class matching every code point of the given ranges."""
    parts = []
    for ranges in range_sets:
        for lo, hi in ranges:
            parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return "[" + "".join(parts) + "]"


def is_cjk(ch: str) -> bool:
    """Whether the single character `ch` is a CJK ideograph (any extension, or 〇)."""
    return len(ch) == 1 and _in_ranges(ord(ch), _CJK_RANGES)


def _is_chinese(ch: str | None) -> bool:
    """Whether `ch` is Chinese context: an ideograph or Chinese punctuation."""
    return ch is not None and (is_cjk(ch) or _in_ranges(ord(ch), _CJK_PUNCT_RANGES))


_CHINESE_CLASS = _char_class(_CJK_RANGES, _CJK_PUNCT_RANGES)
_CJK_RE = LazyPattern(_char_class(_CJK_RANGES))

# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate(_CN_DIGITS)} | {"〇": 0}
_CN_NONZERO = "[一二两三四五六七八九]"
_CN_ZERO = "[零〇]"
_CN_POSITIONAL_RE = LazyPattern(
    rf"(?:(?P<k>{_CN_NONZERO})千)?"
    rf"(?:{_CN_ZERO}?(?P<h>{_CN_NONZERO})百)?"
    rf"(?:{_CN_ZERO}?(?P<t>{_CN_NONZERO})?(?P<ten>十))?"
    rf"(?:{_CN_ZERO}?(?P<o>{_CN_NONZERO}))?"
)
_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def _check_int(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"需要整数，收到 {n!r}")


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1..9999: 10→十, 11→十一, 101→一百零一, 110→一百一十."""
    _check_int(n)
    if not 1 <= n <= 9999:
        raise ValueError(f"中文数字只支持 1 到 9999，收到 {n}")
    parts: list[str] = []
    pending_zero = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            pending_zero = pending_zero or bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_CN_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if 10 <= n <= 19 else text


def _cn_value(ch: str) -> int:
    return 2 if ch == "两" else _CN_DIGIT_VALUE[ch]


def _parse_positional(s: str) -> int | None:
    """Value of a place-value numeral (一千零一十, 两百, 十二), or None."""
    m = _CN_POSITIONAL_RE.fullmatch(s)
    if not s or not m:
        return None
    k, h, t, ten, o = m.group("k", "h", "t", "ten", "o")
    value = sum(_cn_value(d) * place for d, place in ((k, 1000), (h, 100), (o, 1)) if d)
    if ten:
        value += (_cn_value(t) if t else 1) * 10
    return value


def parse_cn_numeral(s: str) -> int:
    """Inverse of `cn_numeral`; also reads 两 (两百), 〇 (一百〇一) and digit-by-digit
    forms used for years (二〇二五 → 2025). Raises ValueError otherwise."""
    text = s.strip()
    value = _parse_positional(text)
    if value is None and text and all(c in _CN_DIGIT_VALUE for c in text):
        value = int("".join(str(_CN_DIGIT_VALUE[c]) for c in text))
    if value is None:
        raise ValueError(f"无法识别的中文数字：{s!r}")
    return value


# ---------------------------------------------------------------------------
# Heading numbers (GB/T 9704-2012 §7.3.3: 一、 （一） 1. （1）)
# ---------------------------------------------------------------------------

_HEADING_LEVELS = (1, 2, 3, 4)
_MAX_ARABIC_HEADING = 999

_LEAD = f"^{_SP}*"
_HEADING_RES = (
    (1, LazyPattern(rf"{_LEAD}(?P<num>[{_CN_NUMERAL_CHARS}]+)、", re.M)),
    (2, LazyPattern(rf"{_LEAD}[(（]{_SP}*(?P<num>[{_CN_NUMERAL_CHARS}]+){_SP}*[)）]", re.M)),
    # "1.5亿元" is a number, not heading 1: the dot must not be followed by a digit.
    (3, LazyPattern(rf"{_LEAD}(?P<num>[0-9]{{1,3}})[.、．](?![0-9])", re.M)),
    (4, LazyPattern(rf"{_LEAD}[(（]{_SP}*(?P<num>[0-9]{{1,3}}){_SP}*[)）]", re.M)),
)


def heading_number(level: int, n: int) -> str:
    """The GB/T 9704 number of the n-th heading of `level` (1–4): 一、 （一） 1. （1）.

    Levels 1–2 take n in 1..9999, levels 3–4 in 1..999."""
    _check_int(level)
    _check_int(n)
    if level not in _HEADING_LEVELS:
        raise ValueError(f"标题层级只能是 1 到 4，收到 {level}")
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if not 1 <= n <= _MAX_ARABIC_HEADING:
        raise ValueError(f"第{level}级标题序号只支持 1 到 {_MAX_ARABIC_HEADING}，收到 {n}")
    return f"{n}." if level == 3 else f"（{n}）"


def inline_ordinal(n: int) -> str:
    """Run-in ordinal inside a paragraph: 一是, 二是, …"""
    return f"{cn_numeral(n)}是"


def parse_heading_number(line: str) -> tuple[int, int, str] | None:
    """Recognise a heading number at the start of `line`.

    Returns (level, n, rest) where rest is the text after the number with leading
    spaces removed, or None. Accepts 一、 / (一) （一） / 1. 1、 1． / (1) （1）,
    full-width digits and spaces around the number. "1.5亿元" and "2023年" are
    not headings.
    """
    probe = fullwidth_digits_to_ascii(line)  # same length, so indices carry over
    for level, pattern in _HEADING_RES:
        m = pattern.match(probe)
        if not m:
            continue
        num = m.group("num")
        n = int(num) if level >= 3 else _parse_positional(num)
        if n is None or n < 1:
            return None
        return level, n, line[m.end():].lstrip(_SPACES)
    return None


# ---------------------------------------------------------------------------
# Normalisation: punctuation, width, spaces
# ---------------------------------------------------------------------------

_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = ",:;!?"
_OPEN_PARENS = ("(", "（")
_CLOSE_PARENS = (")", "）")
_QUOTES = (('"', "“", "”"), ("'", "‘", "’"))
_PUNCT_TRIGGER = LazyPattern("[" + re.escape("".join(_WIDE) + "".join(q for q, _o, _c in _QUOTES)) + "]")


def _nearest(chars: Sequence[str], i: int, step: int) -> str | None:
    """The nearest non-space character from position i in direction step."""
    j = i + step
    while 0 <= j < len(chars) and chars[j] in _SPACES:
        j += step
    return chars[j] if 0 <= j < len(chars) else None


def _is_apostrophe(chars: list[str], i: int) -> bool:
    """An ASCII ' between two Latin letters (it's, don't) is not a quote."""
    return (
        0 < i < len(chars) - 1
        and chars[i - 1].isascii() and chars[i - 1].isalpha()
        and chars[i + 1].isascii() and chars[i + 1].isalpha()
    )


def _convert_quotes(chars: list[str]) -> None:
    """Pair ASCII quotes in order; curl a pair whose content has an ideograph."""
    for ascii_quote, opening, closing in _QUOTES:
        positions = [
            i for i, c in enumerate(chars)
            if c == ascii_quote and not (ascii_quote == "'" and _is_apostrophe(chars, i))
        ]
        for a, b in zip(positions[0::2], positions[1::2]):
            if any(is_cjk(c) for c in chars[a + 1:b]):
                chars[a], chars[b] = opening, closing


def _widening_units(chars: list[str]) -> list[tuple[tuple[int, ...], bool]]:
    """The ASCII marks of a line as units that widen together, in text order.

    A unit is (indices, forced): a single mark or unmatched paren, or a matched
    pair of parens (matched across both widths). A pair is forced to widen when
    it encloses an ideograph or one of its parens is already full-width; any
    unit widens when Chinese sits just outside it.
    """
    line = "".join(chars)
    units: list[tuple[tuple[int, ...], bool]] = []
    stack: list[int] = []
    for i, c in enumerate(chars):
        if c in _MARKS:
            units.append(((i,), False))
        elif c in _OPEN_PARENS:
            stack.append(i)
        elif c in _CLOSE_PARENS:
            if not stack:
                units.append(((i,), False))
                continue
            a = stack.pop()
            if chars[a] == "(" or c == ")":
                forced = chars[a] == "（" or c == "）" or _CJK_RE.search(line, a + 1, i) is not None
                units.append(((a, i), forced))
    units.extend(((i,), False) for i in stack)
    return sorted((u for u in units if any(chars[i] in _WIDE for i in u[0])), key=lambda u: u[0][0])


def _punct_line(line: str) -> str:
    if _PUNCT_TRIGGER.search(line) is None:
        return line  # nothing that could change
    chars = list(line)
    _convert_quotes(chars)
    units = _widening_units(chars)
    # A widened mark is Chinese context for its neighbours, so sweep both ways
    # until nothing changes; that fixpoint makes the function idempotent.
    changed = True
    while changed:
        changed = False
        for order in (units, units[::-1]):
            for indices, forced in order:
                if not any(chars[i] in _WIDE for i in indices):
                    continue
                if forced or _is_chinese(_nearest(chars, indices[0], -1)) or _is_chinese(
                    _nearest(chars, indices[-1], 1)
                ):
                    for i in indices:
                        chars[i] = _WIDE.get(chars[i], chars[i])
                    changed = True
    return "".join(chars)


def to_fullwidth_punct(text: str) -> str:
    """Use full-width punctuation where ASCII marks sit in Chinese text.

    , : ; ! ? become ，：；！？ when the nearest non-space character on either side
    is Chinese; a pair of ( ) becomes （） when it encloses an ideograph or touches
    Chinese outside; paired "…" / '…' become “…” / ‘…’ when the content has an
    ideograph. Numbers and Latin text ("1,234", "10:30", "(A)", "http://x.y")
    are left alone. Works line by line; only the marks change, never the length.
    """
    return "\n".join(_punct_line(line) for line in text.split("\n"))


_FULLWIDTH_ALNUM = str.maketrans(
    {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
_FULLWIDTH_POINT_RE = LazyPattern("(?<=[0-9])．(?=[0-9])")
_FULLWIDTH_PERCENT_RE = LazyPattern("(?<=[0-9])％")


def fullwidth_digits_to_ascii(text: str) -> str:
    """０-９ Ａ-Ｚ ａ-ｚ → ASCII; ． between digits → "."; ％ after a digit → "%".

    Every replacement is one character for one, so offsets stay valid."""
    text = text.translate(_FULLWIDTH_ALNUM)
    text = _FULLWIDTH_POINT_RE.sub(".", text)
    return _FULLWIDTH_PERCENT_RE.sub("%", text)


_CJK_SPACE_RE = LazyPattern(f"(?<={_CHINESE_CLASS}){_SP}+(?={_CHINESE_CLASS})")


def strip_cjk_spaces(text: str) -> str:
    """Remove spaces (ASCII, tab, U+3000, nbsp) between Chinese characters or
    Chinese punctuation; spaces next to Latin letters or digits stay."""
    return _CJK_SPACE_RE.sub("", text)


def normalize_text(text: str) -> str:
    """What generated output gets: ASCII digits/letters, then full-width
    punctuation in Chinese context, then no spaces inside Chinese text."""
    return strip_cjk_spaces(to_fullwidth_punct(fullwidth_digits_to_ascii(text)))


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_ROUNDINGS = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}
_DIVISION_PRECISION = 50

Number = int | float | Decimal | str


def _to_decimal(value: Number) -> Decimal:
    """Exact Decimal of a number; floats go through their shortest repr (2.675)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise TypeError(f"需要数字，收到 {value!r}")
    try:
        if isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str):
            result = Decimal(fullwidth_digits_to_ascii(value).strip())
        else:
            result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"不是有效的数字：{value!r}") from None
    if not result.is_finite():
        raise ValueError(f"不是有限的数字：{value!r}")
    return result


def _plain(d: Decimal) -> str:
    """Decimal as plain digits, no exponent, no trailing fractional zeros."""
    if d == 0:
        return "0"
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _rounding_mode(rounding: str) -> str:
    try:
        return _ROUNDINGS[rounding]
    except KeyError:
        raise ValueError(f"未知的舍入方式：{rounding!r}（可选：{'、'.join(_ROUNDINGS)}）") from None


def _round(d: Decimal, places: int, rounding: str) -> Decimal:
    _check_int(places)
    if places < 0:
        raise ValueError(f"小数位数不能为负数，收到 {places}")
    mode = _rounding_mode(rounding)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + places + 2)
        return d.quantize(Decimal(1).scaleb(-places), rounding=mode)


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _DIVISION_PRECISION
        return numerator / denominator


def format_count(value: Number) -> str:
    """A count in Arabic numerals without thousands separators: 26176.
    Integral floats and Decimals print as integers."""
    return _plain(_to_decimal(value))


def format_decimal(value: Number, places: int = 2, rounding: str = "half_up") -> str:
    """Round to `places` decimals (half_up = 四舍五入, down = 截断, half_even) and
    drop trailing zeros: 66.666… → "66.67", 12.50 → "12.5", 100.00 → "100"."""
    return _plain(_round(_to_decimal(value), places, rounding))


def format_rate(
    numerator: Number | None,
    denominator: Number | None,
    places: int = 2,
    rounding: str = "half_up",
) -> str | None:
    """numerator/denominator as a percentage number without the % sign
    (118/119 → "99.16"); None when the rate is undefined (a missing value or a
    zero denominator)."""
    if numerator is None or denominator is None:
        return None
    den = _to_decimal(denominator)
    if den == 0:
        return None
    return format_decimal(_divide(_to_decimal(numerator) * 100, den), places, rounding)


def format_wan(yuan: Number, places: int = 2, rounding: str = "half_up") -> str:
    """An amount in 元 expressed in 万元: 3525000 → "352.5"."""
    return format_decimal(_to_decimal(yuan).scaleb(-4), places, rounding)


def yoy_phrase(
    this: Number | None,
    last: Number | None,
    places: int = 2,
    rounding: str = "half_up",
) -> str:
    """同比 phrase: "同比增长12.5%", "同比下降28.61%" or "与上年持平" (also when the
    change rounds to 0). With last year 0 the change has no percentage:
    "上年为0，本年为5". The change is measured against |last|."""
    if this is None:
        raise ValueError("缺少本年数据，无法计算同比")
    if last is None:
        raise ValueError("缺少上年数据，无法计算同比")
    current, previous = _to_decimal(this), _to_decimal(last)
    if previous == 0:
        return "与上年持平" if current == 0 else f"上年为0，本年为{format_count(current)}"
    change = _divide((current - previous) * 100, abs(previous))
    magnitude = _round(abs(change), places, rounding)
    if magnitude == 0:
        return "与上年持平"
    verb = "增长" if change > 0 else "下降"
    return f"同比{verb}{_plain(magnitude)}%"


# ---------------------------------------------------------------------------
# Dates and years
# ---------------------------------------------------------------------------

MIN_YEAR = 1949
MAX_YEAR = 2100

_DATE_ARABIC_RE = LazyPattern(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){_SP}*年{_SP}*(?P<m>[0-9]{{1,2}}){_SP}*月"
    rf"{_SP}*(?P<d>[0-9]{{1,2}}){_SP}*[日号]"
)
_DATE_SEPARATED_RE = LazyPattern(
    r"(?<![0-9.])(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9]|\.[0-9])"
)
_DATE_HAN_RE = LazyPattern(
    r"(?P<y>[〇零一二三四五六七八九]{4})年"
    r"(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})[日号]"
)
_DATE_RES = (_DATE_ARABIC_RE, _DATE_SEPARATED_RE, _DATE_HAN_RE)


@dataclass(frozen=True)
class DateMention:
    """A full date found in text; text[start:end] is the date as written."""

    value: date
    start: int
    end: int


def _date_of(m: re.Match[str]) -> date | None:
    y, mo, d = m.group("y", "m", "d")
    try:
        if y.isdigit() and y.isascii():
            return date(int(y), int(mo), int(d))
        month, day = _parse_positional(mo), _parse_positional(d)
        if month is None or day is None:
            return None
        return date(parse_cn_numeral(y), month, day)
    except ValueError:
        return None


def format_cn_date(d: date) -> str:
    """2025年2月8日 (no leading zeros), the form of a 成文日期 in Arabic numerals."""
    if not isinstance(d, date):
        raise TypeError(f"需要日期，收到 {d!r}")
    return f"{d.year}年{d.month}月{d.day}日"


def parse_cn_date(s: str) -> date | None:
    """Read 2025年2月8日, 2025-02-08, 2025.2.8, 2025/2/8 (full-width digits too) or
    二〇二五年二月八日; None when `s` is not exactly one valid date."""
    probe = fullwidth_digits_to_ascii(s).strip(_SPACES + "\n\r")
    for pattern in _DATE_RES:
        m = pattern.fullmatch(probe)
        if m:
            return _date_of(m)
    return None


def find_dates(text: str) -> list[DateMention]:
    """Every valid full date (year, month and day) in `text`, in order."""
    probe = fullwidth_digits_to_ascii(text)
    found = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(probe):
            value = _date_of(m)
            if value is not None:
                found.append(DateMention(value, m.start(), m.end()))
    return sorted(found, key=lambda mention: mention.start)


_YEAR_SEPARATOR = "(?:-|–|—{1,2}|－|~|～|至)"
# A 4-digit year followed by 年 (年度), or a range 2021-2025年 / 2023—2025年.
YEAR_RE = LazyPattern(
    rf"(?<![0-9.])(?P<first>[0-9]{{4}})(?:{_SP}*{_YEAR_SEPARATOR}{_SP}*(?P<second>[0-9]{{4}}))?{_SP}*年"
)
# "2025度" for 2025年度; "2025度电" is electricity, not a year.
_YEAR_TYPO_RE = LazyPattern(r"(?<![0-9.])(?P<year>[0-9]{4})度(?!电)")


def find_years(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of each year 1949..2100 written before 年/年度, both
    ends of ranges like 2021-2025年; start:end spans the four digits."""
    found = []
    for m in YEAR_RE.finditer(fullwidth_digits_to_ascii(text)):
        for group in ("first", "second"):
            digits = m.group(group)
            if digits and MIN_YEAR <= int(digits) <= MAX_YEAR:
                found.append((int(digits), m.start(group), m.end(group)))
    return found


def find_year_typos(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of each "2025度" missing its 年; start:end spans "2025度"."""
    return [
        (int(m.group("year")), m.start(), m.end())
        for m in _YEAR_TYPO_RE.finditer(fullwidth_digits_to_ascii(text))
        if MIN_YEAR <= int(m.group("year")) <= MAX_YEAR
    ]


# ---------------------------------------------------------------------------
# Quantities in running text
# ---------------------------------------------------------------------------

MEASURE_WORDS = (
    "个百分点", "百分点", "平方公里", "平方米", "人次", "场次", "件次", "户次", "批次",
    "车次", "学时", "课时", "小时", "个月", "公里", "元", "件", "人", "次", "个", "项",
    "起", "家", "场", "份", "册", "名", "条", "部", "所", "支", "批", "期", "类", "处",
    "户", "天", "年", "周", "篇", "本", "套", "台", "辆", "座", "宗", "卷", "张", "间",
    "倍", "亩", "吨", "分", "位", "例", "轮", "种",
)

_NUMBER_RE = LazyPattern(
    r"(?<![0-9.A-Za-z])(?P<int>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?P<frac>\.[0-9]+)?"
    rf"(?P<pct>{_SP}*%)?"
)
_UNIT_RE = LazyPattern(
    rf"{_SP}*(?P<unit>[余多]?[万亿]?[余多]?"
    rf"(?:{'|'.join(sorted(MEASURE_WORDS, key=len, reverse=True))})?)"
)
_DOC_NUMBER_RE = LazyPattern(rf"[〔\[【(（［]{_SP}*[0-9]{{4}}{_SP}*[〕\]】)）］]{_SP}*第?[0-9]+{_SP}*号")
# "纲要(2015-2020)": a year range even without 年 (checked against MIN_YEAR..MAX_YEAR).
_BARE_YEAR_RANGE_RE = LazyPattern(
    rf"(?<![0-9.])(?P<first>[0-9]{{4}}){_SP}*{_YEAR_SEPARATOR}{_SP}*(?P<second>[0-9]{{4}})(?![0-9])"
)
_TIME_RE = LazyPattern(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])")


@dataclass(frozen=True)
class NumberMention:
    """A quantity in text: value, the unit written after it ("件", "余人次",
    "万元", "%" or ""), and text[start:end] covering number and unit."""

    value: Decimal
    unit: str
    start: int
    end: int
    is_percent: bool


def _not_quantities(probe: str) -> list[tuple[int, int]]:
    """Spans whose digits are years, dates, document numbers, times or heading numbers."""
    spans = [(start, end) for _, start, end in find_years(probe) + find_year_typos(probe)]
    spans += [
        m.span()
        for m in _BARE_YEAR_RANGE_RE.finditer(probe)
        if all(MIN_YEAR <= int(m.group(g)) <= MAX_YEAR for g in ("first", "second"))
    ]
    spans += [(m.start, m.end) for m in find_dates(probe)]
    for pattern in (_DOC_NUMBER_RE, _TIME_RE):
        spans += [m.span() for m in pattern.finditer(probe)]
    for level, pattern in _HEADING_RES:
        if level >= 3:
            spans += [m.span("num") for m in pattern.finditer(probe)]
    return spans


def _is_quantity(probe: str, m: re.Match[str], excluded: list[tuple[int, int]]) -> bool:
    start, end = m.span("int")
    if m.group("frac"):
        end = m.end("frac")
    if any(a < end and start < b for a, b in excluded):
        return False
    before = probe[start - 1] if start else ""
    after = probe[end] if end < len(probe) else ""
    if after.isascii() and after.isalpha():              # 5G, 3D
        return False
    if after in (".", "．") or _nearest(probe, start, -1) == "第":
        return False                                     # inline 2. item, 第3批
    if before in _OPEN_PARENS and after in _CLOSE_PARENS:
        return False                                     # inline （2） item
    following = probe[end:].lstrip(_SPACES)[:1]
    if following in ("月", "日"):                         # 1月, 23日: part of a date
        return False
    if following == "年" and len(m.group("int")) == 4 and not m.group("frac"):
        return False                                     # a year outside 1949..2100
    return True


def find_numbers(text: str) -> list[NumberMention]:
    """Quantities written in Arabic numerals, with their % sign or unit.

    Skipped: years (2024年, 2021-2025年, 2015-2020, 2025度), dates (2024年1月23日, 1月, 23日),
    document numbers (〔2024〕5号), times (10:30), heading and inline item numbers
    (1. （1）), ordinals (第3批) and digits glued to Latin letters (5G).
    Full-width digits are read as ASCII; offsets refer to `text`.
    """
    probe = fullwidth_digits_to_ascii(text)
    excluded = _not_quantities(probe)
    mentions = []
    for m in _NUMBER_RE.finditer(probe):
        if not _is_quantity(probe, m, excluded):
            continue
        value = Decimal(m.group("int").replace(",", "") + (m.group("frac") or ""))
        if m.group("pct"):
            mentions.append(NumberMention(value, "%", m.start(), m.end(), True))
            continue
        unit_match = _UNIT_RE.match(probe, m.end())
        unit = unit_match.group("unit")
        end = unit_match.end() if unit else m.end()
        mentions.append(NumberMention(value, unit, m.start(), end, False))
    return mentions


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` filled with spaces to `width` columns (on the left when `right`)."""
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill
