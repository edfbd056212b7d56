"""Characters of Chinese text: which code points are ideographs or Chinese punctuation, the
spaces pasted text carries between them, where an offset is (line and column), and how wide a
string is on a terminal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


class LazyPattern:
    """A regular expression compiled when it is first used. Many patterns of this package
    carry CJK character classes, which take milliseconds each to compile; a command uses
    a few of them and should not pay for all at start-up. Has the methods of `re.Pattern`."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self._source, self._flags, self._compiled = source, flags, None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return getattr(self._compiled, name)


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
SPACES = " \t\u3000\u00a0"
SP = f"[{re.escape(SPACES)}]"


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


def is_chinese(ch: str | None) -> bool:
    """Whether `ch` is Chinese context: an ideograph or Chinese punctuation."""
    return ch is not None and (is_cjk(ch) or _in_ranges(ord(ch), _CJK_PUNCT_RANGES))


CHINESE_CLASS = _char_class(_CJK_RANGES, _CJK_PUNCT_RANGES)
CJK_RE = LazyPattern(_char_class(_CJK_RANGES))


#: How alike a word must be to an option for "did you mean" (difflib ratio).
CLOSE_ENOUGH = 0.4


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like `word` ("did you mean"), or None when none is close enough."""
    import difflib  # only when a name is wrong

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=CLOSE_ENOUGH)
    return found[0] if found else None


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `text[offset]`, columns counted in characters."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` filled with spaces to `width` columns (on the left when `right`)."""
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill
