"""WordprocessingML building blocks: elements, paragraph/run properties, text runs.

Thin, fast helpers over lxml that emit children in schema order, so the Word writer
builds its parts without python-docx proxies.
"""

from __future__ import annotations

from lxml import etree

from drafter.form.unsafe_chars import strip_unsafe

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    return f"{{{W_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, **attrs: object) -> etree._Element:
    """Append a w:`tag` child with w: attributes."""
    element = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        element.set(w(key), str(value))
    return element


class Indent:
    """An indent in characters of `char` twips, written in twips only: Word would prefer
    *Chars attributes and measure them in its own character unit, LibreOffice the twips,
    and the line breaks must be the same in both."""

    def __init__(self, char: float, *, left: float = 0, right: float = 0,
                 first_line: float = 0, hanging: float = 0):
        self.char = char
        self.sides = (("left", left), ("right", right))
        self.first = ("hanging", hanging) if hanging else ("firstLine", first_line)

    def write(self, props: etree._Element) -> None:
        ind = sub(props, "ind")
        for name, chars in (*self.sides, self.first):
            ind.set(w(name), str(round(chars * self.char)))


def ppr(parent: etree._Element, *, style: str | None = None, keep_next: bool | None = None,
        widow_control: bool | None = None, border: tuple[str, float, float] | None = None,
        auto_space: bool | None = None, snap_to_grid: bool | None = None,
        before: int | None = None, after: int | None = None, line: int | None = None,
        exact: bool = True, indent: Indent | None = None, jc: str | None = None,
        outline: int | None = None) -> etree._Element:
    """A w:pPr; None leaves a property inherited. `border` is a bottom rule
    (colour, width in pt, distance in pt); spacing and line are twips."""
    props = sub(parent, "pPr")
    if style:
        sub(props, "pStyle", val=style)
    if keep_next is not None:
        sub(props, "keepNext", val=int(keep_next))
    if widow_control is not None:
        sub(props, "widowControl", val=int(widow_control))
    if border is not None:
        color, width_pt, space_pt = border
        sub(sub(props, "pBdr"), "bottom", val="single",
            sz=max(2, min(96, round(width_pt * 8))), space=max(0, min(31, round(space_pt))),
            color=color)
    if auto_space is not None:
        sub(props, "autoSpaceDE", val=int(auto_space))
        sub(props, "autoSpaceDN", val=int(auto_space))
    if snap_to_grid is not None:
        sub(props, "snapToGrid", val=int(snap_to_grid))
    if before is not None or after is not None or line is not None:
        spacing = sub(props, "spacing")
        if before is not None:
            spacing.set(w("before"), str(before))
        if after is not None:
            spacing.set(w("after"), str(after))
        if line is not None:
            spacing.set(w("line"), str(line))
            spacing.set(w("lineRule"), "exact" if exact else "auto")
    if indent is not None:
        indent.write(props)
    if jc:
        sub(props, "jc", val=jc)
    if outline is not None:
        sub(props, "outlineLvl", val=outline)
    return props


def rpr(parent: etree._Element, *, char_style: str | None = None,
        fonts: tuple[str, str] | None = None, hint: bool = False, bold: bool | None = None,
        color: str | None = None, spacing: int | None = None, scale: int | None = None,
        size: float | None = None,
        highlight: str | None = None, lang: bool = False) -> etree._Element:
    """A w:rPr. `fonts` is (latin, east-asian); `hint` makes ambiguous characters
    (“” — …) use the east-asian font; `spacing` is twips added to every character,
    `scale` the characters' width in %."""
    props = sub(parent, "rPr")
    if char_style:
        sub(props, "rStyle", val=char_style)
    if fonts or hint:
        rfonts = sub(props, "rFonts")
        if fonts:
            latin, east_asian = fonts
            for attr, value in (("ascii", latin), ("eastAsia", east_asian),
                                ("hAnsi", latin), ("cs", latin)):
                rfonts.set(w(attr), value)
        if hint:
            rfonts.set(w("hint"), "eastAsia")
    if bold is not None:
        sub(props, "b", val=int(bold))
        sub(props, "bCs", val=int(bold))
    if color:
        sub(props, "color", val=color)
    if spacing is not None:
        sub(props, "spacing", val=spacing)
    if scale is not None:
        sub(props, "w", val=scale)
    if size is not None:
        half_points = round(size * 2)
        sub(props, "sz", val=half_points)
        sub(props, "szCs", val=half_points)
    if highlight:
        sub(props, "highlight", val=highlight)
    if lang:
        sub(props, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    return props


def text_run(p: etree._Element, text: str, **props: object) -> etree._Element:
    """Append a w:r with the east-asian font hint, `props` for `rpr`, and `text`
    (tabs and newlines become w:tab / w:br; characters XML cannot hold are dropped)."""
    r = sub(p, "r")
    rpr(r, hint=True, **props)
    for i, line in enumerate(strip_unsafe(text).split("\n")):
        if i:
            sub(r, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                sub(r, "tab")
            if piece:
                t = sub(r, "t")
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(XML_SPACE, "preserve")
    return r
