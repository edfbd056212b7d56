"""Report → document tree: the layout template walks the report, form text goes through the sandbox.

`render_report` is the whole renderer: it builds the figure namespaces, runs the
layout template (`builder`), renders every form text in the sandbox (`sandbox`,
`figures_context`) and returns a `drafter.doctree.Document` for the writers. Values
the text needs but the form leaves null (and a null 成文日期) are MISSING runs in a
draft; otherwise the render is refused with `MissingFigures` listing all of them.
"""

from __future__ import annotations

from pathlib import Path

from drafter.doctree import Document, DocumentInfo, Kind
from drafter.model.report import Report
from drafter.render.builder import DocumentBuilder, run_layout
from drafter.render.errors import MissingFigures, MissingItem, RenderError
from drafter.render.sandbox import TextRenderer
from drafter.text import NumberFormat


def render_report(report: Report, *, draft: bool = False, templates_dir: Path | None = None,
                  numbers: NumberFormat | None = None, public: bool = False,
                  addressee: bool = True) -> Document:
    """The document tree of a validated report.

    A `public` copy (the government website's) leaves out every 章节, 条目, 子项 and
    paragraph marked 不公开 (the numbering closes up); `addressee=False` leaves out the
    主送机关 (a style profile's 公开版.保留主送机关 decides it for the public copy).

    Decimals and rounding of rates and decimal figures come from `numbers` (a style
    profile's 数字 section gives it: `profile.numbers.format()`), else 2 places 四舍五入.
    Raises MissingFigures unless `draft`, RenderError for a text or a layout template
    that cannot be rendered.
    """
    texts = TextRenderer(report, numbers or NumberFormat(), tolerant=draft)
    info = DocumentInfo(title=report.meta.display_title(), author=report.meta.issuer, created=report.meta.date,
                        year=report.meta.year)
    builder = DocumentBuilder(texts, Document(info=info))
    document = run_layout(builder, report, templates_dir, public)
    document.adjustments = [(loc, change.describe()) for loc, change in texts.adjusted.items()]
    if not addressee:
        document.blocks = [b for b in document.blocks if b.kind is not Kind.ADDRESSEE]
    if texts.missing and not draft:
        raise MissingFigures(list(texts.missing.values()))
    return document


def render_draft(report: Report, numbers: NumberFormat | None = None) -> tuple[Document, list[MissingItem]]:
    """The draft document tree and what a final document would still need: the one rule
    `drafter check` uses to say whether `render` can make the final document."""
    texts = TextRenderer(report, numbers or NumberFormat(), tolerant=True)
    info = DocumentInfo(title=report.meta.display_title(), author=report.meta.issuer, created=report.meta.date,
                        year=report.meta.year)
    document = run_layout(DocumentBuilder(texts, Document(info=info)), report)
    return document, list(texts.missing.values())


__all__ = ["MissingFigures", "MissingItem", "NumberFormat", "RenderError", "render_draft", "render_report"]
