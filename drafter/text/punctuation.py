"""Normalising Chinese text: full-width punctuation in Chinese context, ASCII digits and
letters, no stray spaces between Chinese characters. Every function keeps offsets valid
or says otherwise."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.text.chars import CHINESE_CLASS, CJK_RE, LazyPattern, SP, SPACES, is_chinese, is_cjk


#: Marks that end a sentence in Chinese text (a colon only introduces what follows).
SENTENCE_MARKS = "。；！？"

_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = ",:;!?"
OPEN_PARENS = ("(", "（")
CLOSE_PARENS = (")", "）")
_QUOTES = (('"', "“", "”"), ("'", "‘", "’"))
_PUNCT_TRIGGER = LazyPattern("[" + re.escape("".join(_WIDE) + "." + "".join(q for q, _o, _c in _QUOTES)) + "]")


def nearest(chars: Sequence[str], i: int, step: int) -> str | None:
    """The nearest non-space character from position i in direction step."""
    j = i + step
    while 0 <= j < len(chars) and chars[j] in SPACES:
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
        elif c in OPEN_PARENS:
            stack.append(i)
        elif c in CLOSE_PARENS:
            if not stack:
                units.append(((i,), False))
                continue
            a = stack.pop()
            if chars[a] == "(" or c == ")":
                forced = chars[a] == "（" or c == "）" or CJK_RE.search(line, a + 1, i) is not None
                units.append(((a, i), forced))
    units.extend(((i,), False) for i in stack)
    return sorted((u for u in units if any(chars[i] in _WIDE for i in u[0])), key=lambda u: u[0][0])


def _full_stops(chars: list[str]) -> None:
    """An ASCII full stop closing a Chinese sentence becomes 。: right after a Chinese
    character ("成效.现将", "建设.2、"), or after a percentage or a closing bracket that
    runs into Chinese ("增长15%.现将"). Decimals, list numbers ("1.加强"), "...", file
    names and Latin text ("示例.docx", "www.gov.cn") keep their point."""
    for i, c in enumerate(chars):
        if c != "." or (i + 1 < len(chars) and chars[i + 1] == ".") or (i and chars[i - 1] == "."):
            continue
        before = chars[i - 1] if i else None
        after = nearest(chars, i, 1)
        if after is not None and after.isascii() and after.isalpha():
            continue
        if (is_chinese(before) and before not in "（《“‘【〔") or (
                before in ("%", ")", "）") and is_chinese(after)):
            chars[i] = "。"


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
                if forced or is_chinese(nearest(chars, indices[0], -1)) or is_chinese(
                    nearest(chars, indices[-1], 1)
                ):
                    for i in indices:
                        chars[i] = _WIDE.get(chars[i], chars[i])
                    changed = True
        # A full stop turned into 。 is Chinese context as well.
        before = chars.count("。")
        _full_stops(chars)
        changed = changed or chars.count("。") != before
    return "".join(chars)


def to_fullwidth_punct(text: str) -> str:
    """Use full-width punctuation where ASCII marks sit in Chinese text.

    , : ; ! ? become ，：；！？ when the nearest non-space character on either side
    is Chinese; . becomes 。 where it closes a Chinese sentence (see `_full_stops`); a pair of ( ) becomes （） when it encloses an ideograph or touches
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
#: Any character the conversion changes (most texts have none; `translate` is slow on long ones).
_FULLWIDTH_ANY_RE = LazyPattern("[０-９Ａ-Ｚａ-ｚ．％]")


def fullwidth_digits_to_ascii(text: str) -> str:
    """０-９ Ａ-Ｚ ａ-ｚ → ASCII; ． between digits → "."; ％ after a digit → "%".

    Every replacement is one character for one, so offsets stay valid."""
    if _FULLWIDTH_ANY_RE.search(text) is None:
        return text
    text = text.translate(_FULLWIDTH_ALNUM)
    text = _FULLWIDTH_POINT_RE.sub(".", text)
    return _FULLWIDTH_PERCENT_RE.sub("%", text)


_CJK_SPACE_RE = LazyPattern(f"(?<={CHINESE_CLASS}){SP}+(?={CHINESE_CLASS})")


def strip_cjk_spaces(text: str) -> str:
    """Remove spaces (ASCII, tab, U+3000, nbsp) between Chinese characters or
    Chinese punctuation; spaces next to Latin letters or digits stay. A single full-width
    space between two Chinese characters is written on purpose ("乡村振兴　法治同行")
    and stays."""
    return _CJK_SPACE_RE.sub(lambda m: m.group() if m.group() == "\u3000" and _between_ideographs(text, m)
                             else "", text)


def _between_ideographs(text: str, m: re.Match[str]) -> bool:
    """Whether a space run stands between two Chinese characters (not punctuation)."""
    return is_cjk(text[m.start() - 1]) and is_cjk(text[m.end()])


@dataclass(frozen=True)
class Normalisation:
    """What `normalize_text` changed in one text: (count, first example before → after) per kind."""

    digits: tuple[int, str] | None
    punctuation: tuple[int, str] | None
    spaces: tuple[int, str] | None

    def __bool__(self) -> bool:
        return bool(self.digits or self.punctuation or self.spaces)

    def describe(self) -> str:
        parts = []
        if self.digits:
            parts.append(f"全角数字或字母改为半角 {self.digits[0]} 处（{self.digits[1]}）")
        if self.punctuation:
            parts.append(f"英文标点改为中文标点 {self.punctuation[0]} 处（{self.punctuation[1]}）")
        if self.spaces:
            parts.append(f"删去汉字间的空格 {self.spaces[0]} 处（{self.spaces[1]}；要保留空格请写全角空格“　”）")
        return "；".join(parts)


def _changed(before: str, after: str) -> tuple[int, str] | None:
    if before == after:
        return None
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    _tag, i1, i2, j1, j2 = edits[0]
    a, b = max(0, i1 - 4), max(0, j1 - 4)
    return len(edits), f"“{before[a:i2 + 4]}”改为“{after[b:j2 + 4]}”"


def normalisation(text: str) -> Normalisation:
    """Each change `normalize_text` makes to `text`, so that render can report them all."""
    digits = fullwidth_digits_to_ascii(text)
    punct = to_fullwidth_punct(digits)
    spaces = strip_cjk_spaces(punct)
    return Normalisation(_changed(text, digits), _changed(digits, punct), _changed(punct, spaces))


def normalize_text(text: str) -> str:
    """What generated output gets: ASCII digits/letters, then full-width
    punctuation in Chinese context, then no spaces inside Chinese text."""
    return strip_cjk_spaces(to_fullwidth_punct(fullwidth_digits_to_ascii(text)))
