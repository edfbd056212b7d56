"""The form's text fields as the checks see them.

Each field comes with its YAML location, the part it belongs to, whether it is a heading,
which number the renderer will put in front of it (so typed numbers can be found), and
a copy with its `{{ … }}` placeholders masked: placeholders are not text, so no check
reads punctuation, spaces or numbers inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.model.report import ListStyle, Report, iter_texts
from drafter.form.placeholders import PlaceholderError, Reference, parse_text
from drafter.form.load import Loc

#: Stands in for each character of a placeholder in `TextField.masked`: neither Chinese,
#: nor a digit, nor punctuation.
MASK = "\ufffc"

PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
SENTENCE_END_RE = re.compile(r"[。；！？;!?\n]")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PLACEHOLDER_RE.finditer(text)] if "{" in text else []


def mask_placeholders(text: str) -> str:
    """`text` with every placeholder replaced by MASK characters of the same length."""
    if "{" not in text:
        return text
    return PLACEHOLDER_RE.sub(lambda m: MASK * len(m.group()), text)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence around `pos`: between 。；！？ or line breaks."""
    start = 0
    for m in SENTENCE_END_RE.finditer(text, 0, pos):
        start = m.end()
    end = SENTENCE_END_RE.search(text, pos)
    return start, end.start() if end else len(text)


@dataclass(frozen=True)
class TextField:
    """One text of the report as the checks see it: where it is, its text, and the same text with placeholders masked."""

    loc: Loc
    text: str
    part: str                     # 导语 / a part key / 结束语 / 上年计划落实 / 基本信息
    title: bool                   # a heading (标题, 小标题) rather than running text
    prefix: ListStyle | None      # the number the renderer puts in front of it, if any
    masked: str


def _prefixes(report: Report) -> dict[Loc, ListStyle]:
    """Locations of the texts that the renderer numbers, with the numbering style."""
    out: dict[Loc, ListStyle] = {}
    for key, part in report.parts():
        base: Loc = (key.value,)
        if part.title:
            out[(*base, "标题")] = ListStyle.NUMBERED
        for si, section in enumerate(part.sections):
            sloc = (*base, "章节", si)
            out[(*sloc, "标题")] = part.style
            for ii, item in enumerate(section.items):
                _numbered_lead(out, (*sloc, "条目", ii), item.title, item.text, section.style)
                for ci, child in enumerate(item.children):
                    _numbered_lead(out, (*sloc, "条目", ii, "子项", ci), child.title, child.text, item.style)
    return out


def _numbered_lead(out: dict[Loc, ListStyle], loc: Loc, title: str | None, text, style: ListStyle) -> None:
    """An item's number goes before its title, or before its first paragraph when it has none."""
    if title:
        out[(*loc, "小标题")] = style
    elif isinstance(text, str):
        out[(*loc, "内容")] = style
    elif isinstance(text, list) and text:
        out[(*loc, "内容", 0) if isinstance(text[0], str) else (*loc, "内容", 0, "段落")] = style


def text_fields(report: Report) -> list[TextField]:
    """Every text of the report (and the document title), in report order."""
    prefixes = _prefixes(report)
    pairs = list(iter_texts(report))
    if report.meta.title:
        pairs.insert(0, (("基本信息", "标题"), report.meta.title))
    out = []
    for loc, text in pairs:
        loc = tuple(loc)
        title = loc[-1] in ("标题", "小标题")
        out.append(TextField(loc, text, str(loc[0]), title, prefixes.get(loc), mask_placeholders(text)))
    return out


def parse_placeholders(report: Report) -> list[tuple[Loc, list[Reference] | PlaceholderError]]:
    """Each text's figure references, or the error that makes its placeholders unusable."""
    out: list[tuple[Loc, list[Reference] | PlaceholderError]] = []
    for loc, text in iter_texts(report):
        try:
            out.append((tuple(loc), parse_text(text)))
        except PlaceholderError as exc:
            out.append((tuple(loc), exc))
    return out


def referenced_figures(parsed: list[tuple[Loc, list[Reference] | PlaceholderError]]) -> set[tuple[str, str]]:
    """(group, name) of every figure or rate referred to (texts with broken placeholders skipped:
    the references family reports them)."""
    return {(r.group, r.name or "") for _loc, refs in parsed if isinstance(refs, list) for r in refs}
