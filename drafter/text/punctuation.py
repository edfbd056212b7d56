"""Normalising Chinese text: full-width punctuation in Chinese context, ASCII digits and
letters, no stray spaces between Chinese characters. Every function keeps offsets valid
or says otherwise."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.text.chars import CHINESE_CLASS, CJK_RE, LazyPattern, SP, SPACES, is_chinese, is_cjk


_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = ",:;!?"
OPEN_PARENS = ("(", "（")
CLOSE_PARENS = (")", "）")
_QUOTES = (('"', "“", "”"), ("'", "‘", "’"))
_PUNCT_TRIGGER = LazyPattern("[" + re.escape("".join(_WIDE) + "".join(q for q, _o, _c in _QUOTES)) + "]")


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
    Chinese punctuation; spaces next to Latin letters or digits stay."""
    return _CJK_SPACE_RE.sub("", text)


def normalize_text(text: str) -> str:
    """What generated output gets: ASCII digits/letters, then full-width
    punctuation in Chinese context, then no spaces inside Chinese text."""
    return strip_cjk_spaces(to_fullwidth_punct(fullwidth_digits_to_ascii(text)))
