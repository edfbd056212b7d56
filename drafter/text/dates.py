"""Dates and years in Chinese text: 2025年2月8日, 2025-02-08, 二〇二五年二月八日 (also with ○),
years before 年/年度 and ranges (2021-2025年), and the 2025度 typo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from drafter.text.chars import LazyPattern, SP, SPACES
from drafter.text.numerals import YEAR_ZEROS, parse_cn_numeral, parse_positional
from drafter.text.punctuation import fullwidth_digits_to_ascii


MIN_YEAR = 1949
MAX_YEAR = 2100

_DATE_ARABIC_RE = LazyPattern(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){SP}*年{SP}*(?P<m>[0-9]{{1,2}}){SP}*月"
    rf"{SP}*(?P<d>[0-9]{{1,2}}){SP}*[日号]"
)
_DATE_SEPARATED_RE = LazyPattern(
    r"(?<![0-9.])(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9]|\.[0-9])"
)
_DATE_HAN_RE = LazyPattern(
    rf"(?P<y>[{YEAR_ZEROS}一二三四五六七八九]{{4}}){SP}*年{SP}*"
    rf"(?P<m>[一二三四五六七八九十]{{1,2}}){SP}*月{SP}*(?P<d>[一二三四五六七八九十]{{1,3}}){SP}*[日号]"
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
        month, day = parse_positional(mo), parse_positional(d)
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
    probe = fullwidth_digits_to_ascii(s).strip(SPACES + "\n\r")
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


YEAR_SEPARATOR = "(?:-|–|—{1,2}|－|~|～|至)"
# A 4-digit year followed by 年 (年度), or a range 2021-2025年 / 2023—2025年.
YEAR_RE = LazyPattern(
    rf"(?<![0-9.])(?P<first>[0-9]{{4}})(?:{SP}*{YEAR_SEPARATOR}{SP}*(?P<second>[0-9]{{4}}))?{SP}*年"
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
