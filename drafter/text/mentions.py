"""Quantities written in running text (受理行政复议案件23件, 99.16%, 1.5万元), found with their
unit, while years, dates, document numbers, times and item numbers are passed over."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from drafter.limits import MAX_NUMBER_DIGITS
from drafter.text.chars import LazyPattern, SP, SPACES
from drafter.text.dates import MAX_YEAR, MIN_YEAR, YEAR_SEPARATOR, find_dates, find_year_typos, find_years
from drafter.text.numbering import HEADING_RES
from drafter.text.punctuation import CLOSE_PARENS, OPEN_PARENS, fullwidth_digits_to_ascii, nearest


MEASURE_WORDS = (
    "个百分点", "百分点", "平方公里", "平方米", "人次", "场次", "件次", "户次", "批次",
    "车次", "学时", "课时", "小时", "个月", "公里", "元", "件", "人", "次", "个", "项",
    "起", "家", "场", "份", "册", "名", "条", "部", "所", "支", "批", "期", "类", "处",
    "户", "天", "年", "周", "篇", "本", "套", "台", "辆", "座", "宗", "卷", "张", "间",
    "倍", "亩", "吨", "分", "位", "例", "轮", "种",
)

_NUMBER_RE = LazyPattern(
    r"(?<![0-9.A-Za-z])(?P<int>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?P<frac>\.[0-9]+)?"
    rf"(?P<pct>{SP}*%)?"
)
_UNIT_RE = LazyPattern(
    rf"{SP}*(?P<unit>[余多]?[万亿]?[余多]?"
    rf"(?:{'|'.join(sorted(MEASURE_WORDS, key=len, reverse=True))})?)"
)
_DOC_NUMBER_RE = LazyPattern(rf"[〔\[【(（［]{SP}*[0-9]{{4}}{SP}*[〕\]】)）］]{SP}*第?[0-9]+{SP}*号")
# "纲要(2015-2020)": a year range even without 年 (checked against MIN_YEAR..MAX_YEAR).
_BARE_YEAR_RANGE_RE = LazyPattern(
    rf"(?<![0-9.])(?P<first>[0-9]{{4}}){SP}*{YEAR_SEPARATOR}{SP}*(?P<second>[0-9]{{4}})(?![0-9])"
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
    for level, pattern in HEADING_RES:
        if level >= 3:
            spans += [m.span("num") for m in pattern.finditer(probe)]
    return spans


def _is_quantity(probe: str, m: re.Match[str], excluded: list[tuple[int, int]]) -> bool:
    start, end = m.span("int")
    if m.group("frac"):
        end = m.end("frac")
    if any(a < end and start < b for a, b in excluded):
        return False
    if end - start > MAX_NUMBER_DIGITS + MAX_NUMBER_DIGITS // 3:   # digits and thousands separators
        return False                                     # a digit string, not a quantity a report states
    before = probe[start - 1] if start else ""
    after = probe[end] if end < len(probe) else ""
    if after.isascii() and after.isalpha():              # 5G, 3D
        return False
    if after in (".", "．") or nearest(probe, start, -1) == "第":
        return False                                     # inline 2. item, 第3批
    if before in OPEN_PARENS and after in CLOSE_PARENS:
        return False                                     # inline （2） item
    following = probe[end:].lstrip(SPACES)[:1]
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
