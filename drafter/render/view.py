"""The report as the layout template walks it, and what is left out of the document.

Owns the one rule of what reaches the page: a part or a section prints only when it has
text (its own, or in its items); a title alone is not text, so no heading without text is
ever printed. Items and sub-items print when they have a title or text. A public copy
also leaves out what is marked 不公开 (the numbering closes up). `form_view` returns the
tree the template walks and every part and section it left out for want of text
(`FormView.omitted`), which `drafter check` reports (an empty required part is an error),
so render never surprises anyone. No Jinja here: `drafter check` imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.model.report import (Item, ListStyle, MarkedParagraph, Paragraphs, Part, PartKey, Report, Section,
                                  SubItem, Table, paragraphs)
from drafter.render.errors import Loc


@dataclass(frozen=True)
class Located:
    """A form text and where it is in the form."""

    text: str
    loc: Loc
    rows: tuple[tuple[str, ...], ...] = ()     # a table of the form (内容 entry `表格`): its rows

    def __bool__(self) -> bool:
        return bool(self.text or self.rows)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Node:
    """A part (level 1), section (2), item (3) or sub-item (4) of the report."""

    level: int
    title: Located | None
    text: tuple[Located, ...]
    children: tuple["Node", ...]
    inline: bool           # children are written as one 一是/二是 paragraph
    loc: Loc
    children_loc: Loc
    key: str = ""          # for parts: 主要举措和成效 …


@dataclass(frozen=True)
class Omission:
    """A part or section left out of the document because it has no text."""

    loc: Loc
    level: int             # 1 part, 2 section
    title: str
    part: PartKey
    area: str = ""         # the 纲要 area of a section keyed to one


@dataclass(frozen=True)
class FormView:
    """The report as the layout template walks it."""

    intro: tuple[Located, ...]
    parts: tuple[Node, ...]
    closing: Located
    omitted: tuple[Omission, ...] = ()

    def part(self, key: str) -> Node | None:
        """The part with this key (主要举措和成效 …), or None when it is absent or empty."""
        return next((p for p in self.parts if p.key == key), None)


def located_texts(value: Paragraphs, loc: Loc, public: bool = False) -> tuple[Located, ...]:
    """The non-empty paragraphs of a text field, each with its own location (in a public
    copy without the paragraphs marked 不公开)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (Located(value.strip(), loc),) if value.strip() else ()
    located = []
    for i, entry in enumerate(value):
        if isinstance(entry, Table):
            located.append(Located("", (*loc, i), tuple(tuple(row) for row in entry.rows)))
        elif isinstance(entry, MarkedParagraph):
            if not (public and entry.private) and entry.text.strip():
                located.append(Located(entry.text.strip(), (*loc, i, "段落")))
        elif entry and entry.strip():
            located.append(Located(entry.strip(), (*loc, i)))
    return tuple(located)


def _located_title(value: str | None, loc: Loc) -> Located | None:
    return Located(value.strip(), loc) if value and value.strip() else None


def _prints(node: Node) -> bool:
    """Whether a node reaches the page: parts and sections need text, items a title or text."""
    if node.level <= 2:
        return bool(node.text or node.children)
    return bool(node.title or node.text or node.children)


def _kept(node: Node, model: Section | Item | SubItem, public: bool) -> bool:
    """Whether a node stays: it prints, and in a public copy it is not a title whose whole
    body was marked 不公开."""
    if not _prints(node):
        return False
    if not public or node.text or node.children:
        return True
    below = getattr(model, "items", None) or getattr(model, "children", None)
    return not (paragraphs(model.text) or below)


def _sub_item(child: SubItem, loc: Loc, public: bool) -> Node:
    return Node(4, _located_title(child.title, (*loc, "小标题")), located_texts(child.text, (*loc, "内容"), public),
                (), False, loc, loc)


def _item(item: Item, loc: Loc, public: bool) -> Node:
    children = tuple(n for i, c in enumerate(item.children) if not (public and c.private)
                     and _kept(n := _sub_item(c, (*loc, "子项", i), public), c, public))
    return Node(3, _located_title(item.title, (*loc, "小标题")), located_texts(item.text, (*loc, "内容"), public),
                children, item.style is ListStyle.INLINE, loc, (*loc, "子项"))


def _section(report: Report, section: Section, loc: Loc, public: bool) -> Node:
    title_loc = (*loc, "标题") if section.title else (*loc, "纲要领域")
    items = tuple(n for i, it in enumerate(section.items) if not (public and it.private)
                  and _kept(n := _item(it, (*loc, "条目", i), public), it, public))
    return Node(2, _located_title(report.section_title(section), title_loc),
                located_texts(section.text, (*loc, "内容"), public),
                items, section.style is ListStyle.INLINE, loc, (*loc, "条目"))


def _part(report: Report, key: PartKey, part: Part, public: bool, omitted: list[Omission]) -> Node:
    loc: Loc = (key.value,)
    sections = []
    for i, s in enumerate(part.sections):
        if s.not_applicable or (public and s.private):
            continue
        node = _section(report, s, (*loc, "章节", i), public)
        if _kept(node, s, public):
            sections.append(node)
        elif not _prints(node):
            omitted.append(Omission(node.loc, 2, report.section_title(s), key, s.area or ""))
    return Node(1, Located(report.part_title(key, part), (*loc, "标题")),
                located_texts(part.text, (*loc, "内容"), public),
                tuple(sections), part.style is ListStyle.INLINE, loc, (*loc, "章节"), key.value)


def form_view(report: Report, public: bool = False) -> FormView:
    """The tree the layout template walks; a `public` copy leaves out what is marked 不公开
    (the numbering of what remains closes up, since the template numbers what it gets)."""
    omitted: list[Omission] = []
    parts = []
    for key, part in report.parts():
        if part.sections and all(s.not_applicable for s in part.sections) and not paragraphs(part.text):
            continue        # every section 不涉及: nothing to report, nothing to say
        before = len(omitted)
        node = _part(report, key, part, public, omitted)
        if _prints(node):
            parts.append(node)
        elif not public:
            del omitted[before:]      # the whole part goes: name the part, not its sections
            omitted.append(Omission((key.value,), 1, report.part_title(key, part), key))
    return FormView(located_texts(report.intro, ("导语",), public), tuple(parts),
                    Located(report.closing.strip(), ("结束语",)), tuple(omitted))


def covers_first_responsible(report: Report, view: FormView) -> bool:
    """Whether the printed report covers 第一责任人履职: its own part, or a printed section
    (or item) of 主要举措和成效 keyed to it or titled after it."""
    from drafter.model.outline import FIRST_RESPONSIBLE
    from drafter.model.report import FIRST_RESPONSIBLE_MARK

    if view.part(PartKey.FIRST_RESPONSIBLE.value) is not None:
        return True
    measures = view.part(PartKey.MEASURES.value)
    for node in measures.children if measures is not None else ():
        section = report.measures.sections[node.loc[-1]]
        titles = [node.title.text if node.title else "", *(c.title.text for c in node.children if c.title)]
        if section.area == FIRST_RESPONSIBLE or any(FIRST_RESPONSIBLE_MARK in t for t in titles):
            return True
    return False
