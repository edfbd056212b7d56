"""GB/T 9704 layout arithmetic shared by the writers, independent of any output format.

Owns: page geometry in twips (margins, the 22-line × 28-character grid), text widths
measured in full-width characters, the balanced line breaking of long titles, the
落款 indents (signature right 2 chars, date's first character 2 chars right of the
signature's first character) and the hanging indents of 附件说明.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from drafter.doctree import Run
from drafter.limits import MAX_BALANCED_TITLE_CHARS
from drafter.writers.linebreak import ENGINES, LineModel, condensation, em_width
from drafter.writers.style import StyleProfile

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


@dataclass(frozen=True)
class PageGeometry:
    """Page, margins and the document grid, all in twips (1/20 pt)."""

    page_width: int
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    line_pitch: int        # exact line spacing = docGrid linePitch
    char_pitch: float      # width of one grid character (text width ÷ characters a line)
    char_scale: int        # % width of body characters (w:w) so that they advance ≤ char_pitch
    char_spacing: int      # twips added to each body character (≥ 0: only when 100 % is narrow)
    body_size: float       # body font size in points

    @property
    def char_advance(self) -> float:
        """Twips one full-width body character advances: the unit of every indent in 字."""
        return self.body_size * TWIPS_PER_PT * self.char_scale / 100 + self.char_spacing

    @property
    def text_width(self) -> int:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> int:
        return self.page_height - self.margin_top - self.margin_bottom

    def chars(self, count: float) -> int:
        """Twips of `count` body characters (indents measured in 字)."""
        return round(count * self.char_advance)

    def lines(self, count: float) -> int:
        """Twips of `count` grid lines (blank lines measured in 行)."""
        return round(count * self.line_pitch)

    def line_height(self, size_pt: float) -> int:
        """Exact line height for a font size: the grid pitch, or a whole multiple of it."""
        return self.line_pitch * max(1, math.ceil(size_pt * TWIPS_PER_PT / self.line_pitch))

    def chars_per_line(self, size_pt: float) -> int:
        """Full-width characters of `size_pt` that fit one line of the text area."""
        return max(1, math.floor(self.text_width / (size_pt * TWIPS_PER_PT)))


def page_geometry(style: StyleProfile) -> PageGeometry:
    """The grid of GB/T 9704: the pitch is rounded down so that all lines/characters fit.

    The document grid only fixes the lines (Word and LibreOffice read a character grid's
    charSpace differently: LibreOffice set 27 characters a line); the 28 characters come
    from narrowing every body character to the grid's character pitch (character scale
    98 %, which both honour; negative letter spacing would do the same in Word, but
    LibreOffice then drops the punctuation it hangs past the margin of a justified line).
    """
    width, height = mm_to_twips(style.paper.width), mm_to_twips(style.paper.height)
    top, bottom = mm_to_twips(style.margins.top), mm_to_twips(style.margins.bottom)
    left, right = mm_to_twips(style.margins.left), mm_to_twips(style.margins.right)
    line_pitch = (height - top - bottom) // style.grid.lines_per_page
    body_pt = style.body.size
    pitch_pt = (width - left - right) / TWIPS_PER_PT / style.grid.chars_per_line
    char_pitch = pitch_pt * TWIPS_PER_PT
    body = body_pt * TWIPS_PER_PT
    scale = min(100, math.floor(100 * char_pitch / body))
    spacing = math.floor(char_pitch - body) if scale == 100 else 0
    return PageGeometry(width, height, top, bottom, left, right, line_pitch, char_pitch,
                        scale, spacing, body_pt)


# --- text width --------------------------------------------------------------------------


def char_width(ch: str) -> float:
    """1 for full-width (CJK, full-width and ambiguous punctuation), 0.5 for half-width."""
    if unicodedata.combining(ch):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def text_width(text: str) -> float:
    """Width of `text` in full-width characters (Arabic numerals count half)."""
    return sum(char_width(ch) for ch in text)


# --- body lines and 孤字 --------------------------------------------------------------------


def line_models(geo: PageGeometry, size_pt: float, first_indent_chars: float,
                spacing: int | None = None) -> tuple[LineModel, ...]:
    """The paragraph's line model in each word processor the document is laid out for."""
    spacing = geo.char_spacing if spacing is None else spacing
    return tuple(LineModel(size_pt, spacing, geo.text_width, geo.chars(first_indent_chars), engine,
                           geo.char_scale) for engine in ENGINES)


def orphan_condensation(text: str, geo: PageGeometry, size_pt: float, first_indent_chars: float,
                        max_extra_pt: float) -> int | None:
    """Twips to condense every character of a paragraph by so that it ends without a
    孤字 (0 when it already does); None when `max_extra_pt` a character is not enough."""
    return condensation(text, line_models(geo, size_pt, first_indent_chars),
                        round(max_extra_pt * TWIPS_PER_PT))


def advance_width(geo: PageGeometry, size_pt: float | None = None) -> Callable[[str], float]:
    """A text's printed width in full-width body characters (digits and letters at their
    Times New Roman widths), for aligning the 落款."""
    size = geo.body_size if size_pt is None else size_pt

    def measure(text: str) -> float:
        twips = sum(size * TWIPS_PER_PT * geo.char_scale / 100 * em_width(ch) + geo.char_spacing
                    for ch in text)
        return twips / geo.char_advance

    return measure


# --- title line breaking -----------------------------------------------------------------

_NO_LINE_START = set("，。、；：！？）》」』”’〕】…—·%‰,.;:!?)]}-/")
_NO_LINE_END = set("（《「『“‘〔【([{")
_DOC_TYPES = ("报告", "请示", "意见", "通知", "决定", "通报", "方案", "规划", "要点",
              "总结", "计划", "函", "批复", "纪要", "办法", "规定", "公告", "通告", "说明")
_FINAL_TYPE = re.compile(r"^的(?:" + "|".join(_DOC_TYPES) + r")$")
#: Words a title should not be broken inside (GB/T 9704 7.3.3: 词意完整).
_WORDS = (
    "人民政府", "人民代表大会", "常务委员会", "人大常委会", "委员会", "办公室", "司法局",
    "法治政府", "法治", "政府", "建设", "情况", "工作", "安排", "计划", "总结", "要点",
    "年度", "关于", "实施", "方案", "意见", "报告", "推进", "加强", "落实", "责任",
    "依法行政", "行政", "执法", "主要", "负责人", "履行", "第一", "进一步", "全面",
    "中共", "县委", "市委", "区委", "州委", "党委", "纲要", "规划",
)
_NATURAL, _AFTER_PUNCT, _BEFORE_CONNECTOR, _PLAIN, _IN_WORD = 0.0, 0.5, 1.0, 3.0, 20.0


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%")


def _break_penalties(text: str) -> list[float]:
    """penalty[i] of a line break before text[i] (i in 1..len-1); inf = never. Linear in len(text)."""
    n = len(text)
    penalties = [math.inf] * (n + 1)
    protected = set()
    for word in _WORDS:
        start = text.find(word)
        while start != -1:
            protected.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    for i in range(1, n):
        before, after = text[i - 1], text[i]
        if after in _NO_LINE_START or before in _NO_LINE_END or after.isspace():
            continue
        if _is_ascii_word(before) and _is_ascii_word(after):
            continue
        if (before.isdigit() and after in "年月日") or before + after == "年度":
            continue
        after_year = (before == "年" and i >= 2 and text[i - 2].isdigit()) or (
            text[i - 2:i] == "年度" and i >= 3 and text[i - 3].isdigit())
        if text[i - 2:i] == "关于" or (n - i <= 4 and _FINAL_TYPE.match(text[i:])) or after_year:
            penalties[i] = _NATURAL
        elif before in "、，；：":
            penalties[i] = _AFTER_PUNCT
        elif text.startswith(("关于", "和", "及", "与"), i) and i not in protected:
            penalties[i] = _BEFORE_CONNECTOR
        elif i in protected:
            penalties[i] = _IN_WORD
        else:
            penalties[i] = _PLAIN
    return penalties


#: More lines than the fewest possible that the balanced search tries before giving up.
_EXTRA_LINES = 3


@lru_cache(maxsize=64)
def split_title(text: str, max_width: float) -> tuple[str, ...]:
    """Break a title into the fewest lines of at most `max_width` characters, of nearly
    equal length, at natural breaks (after 关于/××年, before 的报告) where possible.

    Returns the title unchanged as one line when it fits, or when no break is allowed.
    Time is linear in the title's length: the balanced search looks only at breaks a
    line's width apart, and a title longer than MAX_BALANCED_TITLE_CHARS (no real title
    is) is filled line by line instead.
    """
    widths = [char_width(ch) for ch in text]
    total = sum(widths)
    if total <= max_width or len(text) < 2 or max_width <= 0:
        return (text,)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    penalties = _break_penalties(text)
    if len(text) > MAX_BALANCED_TITLE_CHARS:
        breaks = _greedy_breaks(prefix, penalties, max_width)
    else:
        fewest = math.ceil(total / max_width)
        breaks = None
        for lines in range(fewest, min(fewest + _EXTRA_LINES, len(text)) + 1):
            breaks = _best_breaks(prefix, penalties, lines, max_width)
            if breaks is not None:
                break
    if breaks is None:
        return (text,)
    cuts = [0, *breaks, len(text)]
    return tuple(text[a:b] for a, b in zip(cuts, cuts[1:]))


def title_lines(runs: Sequence[Run], max_width: float) -> list[list[Run]]:
    """The title's runs regrouped into the lines of `split_title` (a run that spans a
    line break is cut in two, keeping its role)."""
    lines = split_title("".join(run.text for run in runs), max_width)
    cuts = [sum(len(line) for line in lines[:i]) for i in range(1, len(lines))]
    result: list[list[Run]] = [[]]
    position = 0
    for run in runs:
        start, end = 0, len(run.text)
        for cut in (c - position for c in cuts if position < c <= position + end):
            result[-1].append(Run(run.text[start:cut], run.role))
            result.append([])
            start = cut
        if start < end:
            result[-1].append(Run(run.text[start:], run.role))
        position += end
    return result


def _best_breaks(prefix: list[float], penalties: list[float], lines: int,
                 max_width: float) -> list[int] | None:
    """Dynamic programme over break positions minimising imbalance² + break penalties.

    From each reachable end j of line k-1, only ends i up to one line's width further
    are tried, and only ends that leave the rest room on the remaining lines.
    """
    n = len(prefix) - 1
    total = prefix[n]
    mean = total / lines
    # cost[k][i]: best cost of putting text[:i] on k lines (the k-th ending at i).
    cost: list[dict[int, float]] = [dict() for _ in range(lines + 1)]
    back: list[dict[int, int]] = [dict() for _ in range(lines + 1)]
    cost[0][0] = 0.0
    for k in range(1, lines + 1):
        room_after = (lines - k) * max_width
        for j, previous in cost[k - 1].items():
            ends = [n] if k == lines else range(j + 1, n)
            for i in ends:
                width = prefix[i] - prefix[j]
                if width > max_width:
                    break
                if k < lines and (penalties[i] == math.inf or total - prefix[i] > room_after):
                    continue
                candidate = previous + (width - mean) ** 2 + (0.0 if k == lines else penalties[i])
                if candidate < cost[k].get(i, math.inf):
                    cost[k][i] = candidate
                    back[k][i] = j
    if n not in cost[lines]:
        return None
    breaks, i = [], n
    for k in range(lines, 1, -1):
        i = back[k][i]
        breaks.append(i)
    return breaks[::-1]


def _greedy_breaks(prefix: list[float], penalties: list[float], max_width: float) -> list[int] | None:
    """Fill each line as far as it goes, breaking at the cheapest allowed place in its
    last third (or anywhere in it); None when some stretch of a line's width has no
    allowed break."""
    n = len(prefix) - 1
    breaks, start = [], 0
    while prefix[n] - prefix[start] > max_width:
        end = start + 1
        while end < n and prefix[end + 1] - prefix[start] <= max_width:
            end += 1
        allowed = [i for i in range(start + 1, end + 1) if i < n and penalties[i] < math.inf]
        if not allowed:
            return None
        late = [i for i in allowed if prefix[i] - prefix[start] >= max_width * 2 / 3] or allowed
        best = min(late, key=lambda i: (penalties[i], -i))
        breaks.append(best)
        start = best
    return breaks


# --- 落款 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingIndents:
    """Right indents in characters of the signature lines and of the date line."""

    signature: float
    date: float


def closing_indents(signatures: Sequence[str], date: str | None,
                    right_indent: float = 2, date_shift: float = 2,
                    measure: Callable[[str], float] = text_width) -> ClosingIndents:
    """GB/T 9704 7.3.5.2 for documents without a seal.

    Signatures are right-aligned `right_indent` characters from the margin (stacked organs
    share the indent); the date is right-aligned so that its first character stands
    `date_shift` characters right of the first character of the longest signature. If that
    would push the date past the margin (date longer than the signature), the date gets
    `right_indent` and the signatures move left instead. `measure` gives a text's width in
    characters (the Word writer measures the printed advances: a digit is about half).
    """
    signature_width = max((measure(s) for s in signatures), default=0.0)
    date_width = measure(date) if date else 0.0
    date_right = right_indent + signature_width - date_width - date_shift
    if date_right >= 0:
        return ClosingIndents(right_indent, date_right)
    return ClosingIndents(right_indent + date_width + date_shift - signature_width, right_indent)


# --- 附件说明 ------------------------------------------------------------------------------

_ATTACHMENT_LABEL = re.compile(r"^(附件[：:]\s*)?(\d+[.．、]\s*)?")


@dataclass(frozen=True)
class HangingIndent:
    """Left indent and hanging first line, in characters."""

    left: float
    hanging: float


def attachment_indent(text: str, first: bool, indent: float = 2) -> HangingIndent:
    """GB/T 9704 7.3.6: "附件：1.名称" starts `indent` characters in; a long name wraps
    under its own first character, and later items ("2.名称", `first` False) put their
    number under the first item's number."""
    label = _ATTACHMENT_LABEL.match(text)
    label_width = text_width(label.group(1) or "") if first else text_width("附件：")
    number_width = text_width(label.group(2) or "")
    return HangingIndent(indent + label_width + number_width,
                         (label_width if first else 0) + number_width)
