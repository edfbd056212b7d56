"""What Word shows but does not store as text: styles and automatic numbering of a .docx.

`Styles` reads `styles.xml`: each paragraph style's outline level, heading level
(标题 1 / Heading 1 …, by name or outline level, inherited through `basedOn`), whether
it is a title or table-of-contents style, and the list it is linked to (`numPr`).

`Numbering` reads `numbering.xml` (`abstractNum` levels with `start`, `numFmt`,
`lvlText`, `lvlRestart`, `isLgl`, `pStyle`; `num` instances with `lvlOverride` /
`startOverride`; `numStyleLink`) and, fed the paragraphs in document order, computes
the number each one displays ("一、" "（二）" "3." …), counting and restarting the way
Word does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from drafter.text import cn_digits, cn_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_LEVELS = 9
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*(?:\d|heading|标题)?$", re.IGNORECASE)


def attr(element: etree._Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(W + name)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- styles -------------------------------------------------------------------

@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None          # 0-based outline level; 9 = body text
    num_id: str | None = None
    ilvl: int | None = None


@dataclass
class StyleView:
    """A paragraph style with everything it inherits resolved."""

    heading: int = 0                    # 1–9, 0 for body text
    title: bool = False
    toc: bool = False
    num_id: str | None = None
    ilvl: int | None = None
    style_id: str | None = None


class Styles:
    """The paragraph styles of a document."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self._cache: dict[str | None, StyleView] = {}
        self.default: str | None = None
        if root is None:
            return
        for element in root.iterfind(f"{W}style"):
            if element.get(W + "type", "paragraph") != "paragraph":
                continue
            style_id = element.get(W + "styleId") or ""
            style = _Style(name=(attr(element.find(f"{W}name")) or "").strip())
            style.based_on = attr(element.find(f"{W}basedOn"))
            ppr = element.find(f"{W}pPr")
            if ppr is not None:
                style.outline = _int(attr(ppr.find(f"{W}outlineLvl")))
                num_pr = ppr.find(f"{W}numPr")
                if num_pr is not None:
                    style.num_id = attr(num_pr.find(f"{W}numId"))
                    style.ilvl = _int(attr(num_pr.find(f"{W}ilvl")))
            self._styles[style_id] = style
            if element.get(W + "default") in ("1", "true"):
                self.default = style_id

    def view(self, style_id: str | None) -> StyleView:
        """The resolved style `style_id` (the default paragraph style when None)."""
        if style_id is not None and style_id not in self._styles and re.fullmatch(r"(?i)toc\d", style_id):
            return StyleView(toc=True, style_id=style_id)     # Word's built-in "toc 1" used but not stored
        style_id = style_id if style_id in self._styles else self.default
        if style_id in self._cache:
            return self._cache[style_id]
        view = StyleView(style_id=style_id)
        seen: set[str] = set()
        current = style_id
        heading_known = num_known = False
        while current in self._styles and current not in seen:
            seen.add(current)
            style = self._styles[current]
            name = style.name.lower()
            if not heading_known:
                if match := _HEADING_NAME.match(name):
                    view.heading, heading_known = int(match.group(1)), True
                elif name in _TITLE_NAMES:
                    view.title = heading_known = True
                elif _TOC_NAME.match(name):
                    view.toc = heading_known = True
                elif style.outline is not None:
                    view.heading, heading_known = (style.outline + 1 if style.outline < 9 else 0), True
            if not num_known and style.num_id is not None:
                view.num_id, view.ilvl, num_known = style.num_id, style.ilvl, True
            current = style.based_on
        self._cache[style_id] = view
        return view

    def num_id_of(self, style_id: str) -> str | None:
        """The list a (numbering) style points to, for `numStyleLink`."""
        return self.view(style_id).num_id if style_id in self._styles else None


# --- numbering ----------------------------------------------------------------

@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None          # lvlRestart: None = after any higher level, 0 = never
    legal: bool = False                 # isLgl: all levels shown as decimal
    style: str | None = None            # pStyle linked to this level


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)        # startOverride per level
    levels: dict[int, _Level] = field(default_factory=dict)     # full lvl overrides
    used: bool = False


_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(value: int, fmt: str) -> str:
    """`value` displayed in Word's number format `fmt`."""
    if value < 0:
        value = 0
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "koreanCounting", "ideographLegalTraditional"):
        return cn_numeral(value) if 1 <= value <= 9999 else str(value)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return cn_digits(value)
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL[int(d)] for d in str(value))
    if fmt in ("ideographTraditional", "ideographZodiac"):
        cycle = _HEAVENLY_STEMS if fmt == "ideographTraditional" else _EARTHLY_BRANCHES
        return cycle[(value - 1) % len(cycle)] if value else ""
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[value - 1] if 1 <= value <= len(_CIRCLED) else str(value)
    if fmt == "decimalFullWidth":
        return str(value).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        if value > 26 * 4:                  # Word repeats the letter (AAAA…): past that, digits
            return str(value)
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value else ""
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


def _roman(value: int) -> str:
    if not 1 <= value < 4000:
        return str(value)
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _level(element: etree._Element) -> _Level:
    level = _Level()
    level.start = _int(attr(element.find(f"{W}start")), 1) or 0
    level.fmt = attr(element.find(f"{W}numFmt")) or "decimal"
    text = element.find(f"{W}lvlText")
    level.text = attr(text) or "" if text is not None else ""
    restart = element.find(f"{W}lvlRestart")
    level.restart = _int(attr(restart)) if restart is not None else None
    legal = element.find(f"{W}isLgl")
    level.legal = legal is not None and attr(legal) not in ("0", "false")
    level.style = attr(element.find(f"{W}pStyle"))
    return level


class Numbering:
    """The lists of a document and the numbers its paragraphs display, in order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._links: dict[str, str] = {}           # abstractNum id → numStyleLink style id
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._styles = styles
        if root is None:
            return
        for element in root.iterfind(f"{W}abstractNum"):
            abstract_id = element.get(W + "abstractNumId") or ""
            levels = {}
            for lvl in element.iterfind(f"{W}lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0) or 0
                if 0 <= ilvl < _MAX_LEVELS:
                    levels[ilvl] = _level(lvl)
            self._abstract[abstract_id] = levels
            link = attr(element.find(f"{W}numStyleLink"))
            if link:
                self._links[abstract_id] = link
        for element in root.iterfind(f"{W}num"):
            num = _Num(attr(element.find(f"{W}abstractNumId")) or "")
            for override in element.iterfind(f"{W}lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0) or 0
                start = override.find(f"{W}startOverride")
                if start is not None:
                    num.starts[ilvl] = _int(attr(start), 1) or 0
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    num.levels[ilvl] = _level(lvl)
            self._nums[element.get(W + "numId") or ""] = num

    def _levels(self, num: _Num) -> dict[int, _Level]:
        abstract, seen = num.abstract, set()
        while abstract in self._links and abstract not in seen:    # numStyleLink → the style's list
            seen.add(abstract)
            linked = self._nums.get(self._styles.num_id_of(self._links[abstract]) or "")
            if linked is None:
                break
            abstract = linked.abstract
        return {**self._abstract.get(abstract, {}), **num.levels}

    def level_of_style(self, num_id: str, style_id: str | None) -> int:
        """The level of list `num_id` linked to paragraph style `style_id` (0 when none is)."""
        num = self._nums.get(num_id)
        if num is None or style_id is None:
            return 0
        for ilvl, level in self._levels(num).items():
            if level.style == style_id:
                return ilvl
        return 0

    def label(self, num_id: str | None, ilvl: int) -> str:
        """The number the next paragraph of list `num_id` at level `ilvl` displays ("" for none)."""
        num = self._nums.get(num_id or "")
        if num is None or num_id == "0":
            return ""
        ilvl = min(max(ilvl, 0), _MAX_LEVELS - 1)
        levels = self._levels(num)
        level = levels.get(ilvl)
        if level is None:
            return ""
        key = f"num:{num_id}" if num.starts or num.levels else f"abstract:{num.abstract}"
        counters = self._counters.setdefault(key, [None] * _MAX_LEVELS)
        if not num.used:
            num.used = True
            for overridden, start in num.starts.items():
                if 0 <= overridden < _MAX_LEVELS:
                    counters[overridden] = start - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart and ilvl <= restart - 1):
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""

        def shown(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if not 0 <= index <= ilvl:
                return ""
            other = levels.get(index, _Level())
            value = counters[index] if counters[index] is not None else other.start
            return format_number(value, "decimal" if level.legal and index < ilvl else other.fmt)

        return _normalise(re.sub(r"%([1-9])", shown, level.text), level.fmt)


def _normalise(label: str, fmt: str) -> str:
    """A bare number gets the mark Word users expect after it: 一 → 一、, 3 → 3."""
    label = label.strip(" \t\u3000")
    if re.fullmatch(r"[一二三四五六七八九十百千]+", label):
        return label + "、"
    if re.fullmatch(r"\d{1,3}", label):
        return label + "."
    return label
