"""How a paragraph breaks into lines on the GB/T 9704 grid, and the 孤字 it leaves.

Owns the model of the printed line that the Word writer and `drafter check` share:
every character advances by its font width plus the paragraph's character spacing
(full-width characters one em, the Latin font's digits and letters their Times New Roman
widths, half an em for a digit); lines are filled greedily; 、。，． may hang past the
right margin as Word (“允许标点溢出边界”) and LibreOffice (hanging punctuation) both
let them; other closing marks never start a line and opening marks never end one
(避头尾), so the character before them moves down too; a run of Latin letters and
digits (2024, 96.23%) is never split.

A 孤字 is a last line holding a single character, with or without the punctuation
after it ("况", "难。"). `condensation` finds the smallest extra tightening of the
character spacing (in twips, up to a bound) that pulls such a character back onto the
line above in both word processors; `LineModel.lines` tells what the page will show.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

#: Times New Roman / Liberation Serif advance widths (1/1000 em) of printable ASCII.
_LATIN_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
     500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
     921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
     556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
     333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
     500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541),
))

#: Marks that may hang past the right margin instead of starting the next line.
HANGING = frozenset("、。，．")
#: Marks that never start a line (the character before them moves down with them).
NO_LINE_START = frozenset("；：！？）》」』”’〕】〗…·%‰℃,.;:!?)]}")
#: Marks that never end a line (they move down to the word they open).
NO_LINE_END = frozenset("（《「『“‘〔【〖([{")
#: What does not count as a character of a 孤字 line.
PUNCTUATION = HANGING | NO_LINE_START | NO_LINE_END | frozenset("—-/ 　")


@lru_cache(maxsize=8192)
def em_width(ch: str) -> float:
    """Advance of `ch` in em of the font size: 1 for full-width (CJK, full-width and
    ambiguous punctuation, set in the east-asian font), the Latin font's width otherwise."""
    if ch in _LATIN_WIDTHS:
        return _LATIN_WIDTHS[ch] / 1000
    if unicodedata.combining(ch):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def _latin_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%")


def _may_break(text: str, i: int) -> bool:
    """Whether a line may end before text[i]."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or after in HANGING or before in NO_LINE_END:
        return False
    return not (_latin_word(before) and _latin_word(after))


#: The two word processors whose line breaking is modelled. Word (with 自动调整中西文间距
#: off, as the writer sets it) adds nothing between Chinese and Latin text and hangs
#: 、。，． after any character; LibreOffice ignores that setting and always adds 0.2 em
#: between an ideograph and Latin text (not at a line end), and hangs punctuation only
#: after Chinese text (after "100%" the mark moves down with the number).
WORD, LIBREOFFICE = "word", "libreoffice"
ENGINES = (WORD, LIBREOFFICE)
_LATIN_GAP = {WORD: 0.0, LIBREOFFICE: 0.2}
#: Twips of tolerance at a line end: LibreOffice rounds the 98 % character widths down a little.
_RESERVE = {WORD: 0.01, LIBREOFFICE: 4}


@dataclass(frozen=True)
class LineModel:
    """One paragraph format: font size, character spacing and the room on each line (twips)."""

    size_pt: float
    spacing: int          # twips added to every character (negative: condensed)
    width: int            # text area width
    first_indent: int     # first-line indent
    engine: str = WORD
    scale: int = 100      # character width in % (w:w)

    def advances(self, text: str) -> list[float]:
        size = self.size_pt * 20 * self.scale / 100
        return [size * em_width(ch) + self.spacing for ch in text]

    def gaps(self, text: str) -> list[float]:
        """gaps[i]: space the engine adds between text[i] and text[i + 1] on one line."""
        gap = self.size_pt * 20 * _LATIN_GAP[self.engine]
        result = [0.0] * len(text)
        if gap:
            for i in range(len(text) - 1):
                before, after = text[i], text[i + 1]
                if (_ideograph(before) and _latin(after)) or (_latin(before) and _ideograph(after)):
                    result[i] = gap
        return result

    def lines(self, text: str) -> list[str]:
        return list(_break(self, text))

    def tightened(self, extra: int) -> "LineModel":
        return LineModel(self.size_pt, self.spacing - extra, self.width, self.first_indent, self.engine,
                         self.scale)


@lru_cache(maxsize=8192)
def _ideograph(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) == "W" and unicodedata.category(ch) == "Lo"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=4096)
def _break(model: LineModel, text: str) -> tuple[str, ...]:
    advances, gaps = model.advances(text), model.gaps(text)
    hang_after_latin = model.engine == WORD
    lines: list[str] = []
    start, n = 0, len(text)
    while start < n:
        room = model.width - (model.first_indent if not lines else 0) + _RESERVE[model.engine]
        x, end = 0.0, start
        while end < n and x + (gaps[end - 1] if end > start else 0) + advances[end] <= room:
            x += (gaps[end - 1] if end > start else 0) + advances[end]
            end += 1
        if end >= n:
            lines.append(text[start:])
            break
        if end == start:
            end = start + 1
        elif text[end] in HANGING and (hang_after_latin or not text[end - 1].isascii()):
            end += 1
            while end < n and (text[end] in NO_LINE_START or text[end] in HANGING):
                end += 1        # marks after a hanging mark cannot start the next line either
        else:
            cut = end
            while cut > start + 1 and not _may_break(text, cut):
                cut -= 1
            end = cut if _may_break(text, cut) else end
        lines.append(text[start:end])
        start = end
    return tuple(lines)


def is_orphan(line: str) -> bool:
    """A last line with a single character (and only punctuation besides)."""
    return sum(1 for ch in line if ch not in PUNCTUATION) <= 1


def orphan(lines: list[str]) -> str | None:
    """The 孤字 line of a paragraph of several lines, or None."""
    return lines[-1] if len(lines) > 1 and is_orphan(lines[-1]) else None


def condensation(text: str, models: Sequence[LineModel], max_extra: int) -> int | None:
    """The smallest extra condensation in twips (0: none needed) after which `text`
    ends without a 孤字 under every model; None when `max_extra` twips are not enough."""
    for extra in range(max_extra + 1):
        if all(orphan(model.tightened(extra).lines(text)) is None for model in models):
            return extra
    return None
