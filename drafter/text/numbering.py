"""Numbering of a Chinese official document: the GB/T 9704 heading numbers (一、 （一） 1. （1）),
一是-style run-in ordinals, and recognising every way real reports write them (一． (一) 1、 …).

The one place that decides what counts as a typed number: the importer (headings of last
year's report), the checks (手写编号, 编号样式混用) and the renderer (which writes them) agree
because they all ask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.limits import MAX_NUMBERED_ITEMS
from drafter.text.chars import LazyPattern, SP, SPACES
from drafter.text.numerals import CN_NUMERAL_CHARS, check_int, cn_numeral, parse_positional
from drafter.text.punctuation import SENTENCE_MARKS, fullwidth_digits_to_ascii


_HEADING_LEVELS = (1, 2, 3, 4)
_MAX_ARABIC_HEADING = MAX_NUMBERED_ITEMS

_LEAD = f"^{SP}*"
HEADING_RES = (
    # 三，存在的不足: a comma typed for 、, only before a short heading-like rest of the line
    (1, LazyPattern(rf"{_LEAD}(?P<num>[{CN_NUMERAL_CHARS}]+)(?:[、．.]|[，,](?=[^，,。；\n]{{2,30}}$))", re.M)),
    # 一) and 1) without their opening bracket, as many web copies have them
    (2, LazyPattern(rf"{_LEAD}[(（]?{SP}*(?P<num>[{CN_NUMERAL_CHARS}]+){SP}*[)）]", re.M)),
    # "1.5亿元" is a number, not heading 1: the dot must not be followed by a digit.
    (3, LazyPattern(rf"{_LEAD}(?P<num>[0-9]{{1,3}})[.、．](?![0-9])", re.M)),
    (4, LazyPattern(rf"{_LEAD}[(（]?{SP}*(?P<num>[0-9]{{1,3}}){SP}*[)）]", re.M)),
)


def heading_number(level: int, n: int) -> str:
    """The GB/T 9704 number of the n-th heading of `level` (1–4): 一、 （一） 1. （1）.

    Levels 1–2 take n in 1..9999, levels 3–4 in 1..999."""
    check_int(level)
    check_int(n)
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


@dataclass(frozen=True)
class HeadingNumber:
    """A heading number at the start of a line: its level (1 一、 2 （一） 3 1. 4 （1）), its value,
    the number as written (`label`, e.g. "一．" or "(1)") and the text after it (`rest`)."""

    level: int
    number: int
    label: str
    rest: str


def parse_heading(line: str) -> HeadingNumber | None:
    """Recognise a heading number at the start of `line`.

    Accepts 一、 一． 一. 一，(before a short heading) / (一) （一） 一) / 1. 1、 1． / (1) （1） 1),
    full-width digits and spaces around the number; "1.5亿元" and "2023年" are not headings.
    """
    probe = fullwidth_digits_to_ascii(line)  # same length, so indices carry over
    for level, pattern in HEADING_RES:
        m = pattern.match(probe)
        if not m:
            continue
        num = m.group("num")
        n = int(num) if level >= 3 else parse_positional(num)
        if n is None or n < 1:
            return None
        start = len(line) - len(line.lstrip(SPACES))
        return HeadingNumber(level, n, line[start:m.end()], line[m.end():].lstrip(SPACES))
    return None


def parse_heading_number(line: str) -> tuple[int, int, str] | None:
    """`parse_heading` as (level, n, rest), or None."""
    found = parse_heading(line)
    return None if found is None else (found.level, found.number, found.rest)


#: Marks after which a 一是-style ordinal starts a new item (a sentence end, or a colon).
ORDINAL_AFTER = SENTENCE_MARKS + "："
_ORDINAL_RE = LazyPattern(rf"(?:^|(?<=[{ORDINAL_AFTER}])){SP}*(?P<num>[一二三四五六七八九十]{{1,3}})是")


@dataclass(frozen=True)
class Ordinal:
    """A 一是-style ordinal in text: its value, and text[start:end] is the ordinal as written ("二是")."""

    number: int
    start: int
    end: int


def find_ordinals(text: str) -> list[Ordinal]:
    """Every 一是/二是… at the start of `text` or right after a sentence end (。；：！？), in order."""
    found = []
    for m in _ORDINAL_RE.finditer(text):
        n = parse_positional(m.group("num"))
        if n:
            found.append(Ordinal(n, m.start("num"), m.end()))
    return found


def leading_ordinal(text: str) -> Ordinal | None:
    """The 一是-style ordinal `text` starts with (after spaces), if any."""
    found = find_ordinals(text[:16])
    return found[0] if found and not text[:found[0].start].strip(SPACES) else None
