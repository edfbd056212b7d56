"""Report → document tree: the layout template walks the report, form text goes through the sandbox.

`render_report` is the whole renderer: it builds the figure namespaces, runs the
layout template (`builder`), renders every form text in the sandbox (`sandbox`,
`figures_context`) and returns a `drafter.doctree.Document` for the writers. Values
the text needs but the form leaves null (and a null 成文日期) are MISSING runs in a
draft; otherwise the render is refused with `MissingFigures` listing all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drafter.doctree import Document, DocumentInfo
from drafter.model.report import Report
from drafter.render.builder import DocumentBuilder, run_layout
from drafter.render.errors import MissingFigures, MissingItem, RenderError
from drafter.render.figures_context import NumberFormat
from drafter.render.sandbox import TextRenderer

if TYPE_CHECKING:
    from drafter.writers.style import StyleProfile


def render_report(report: Report, *, draft: bool = False, templates_dir: Path | None = None,
                  style: StyleProfile | None = None, numbers: NumberFormat | None = None) -> Document:
    """The document tree of a validated report.

    Decimals and rounding of rates and decimal figures come from `numbers`, else from
    the style profile's 数字 section, else 2 places 四舍五入. Raises MissingFigures
    unless `draft`, RenderError for a text or a layout template that cannot be rendered.
    """
    texts = TextRenderer(report, numbers or number_format(style), tolerant=draft)
    info = DocumentInfo(title=report.meta.display_title(), author=report.meta.issuer, created=report.meta.date,
                        year=report.meta.year)
    builder = DocumentBuilder(texts, Document(info=info))
    document = run_layout(builder, report, templates_dir)
    document.adjustments = [(loc, change.describe()) for loc, change in texts.adjusted.items()]
    if texts.missing and not draft:
        raise MissingFigures(list(texts.missing.values()))
    return document


def render_draft(report: Report, *, style: StyleProfile | None = None) -> tuple[Document, list[MissingItem]]:
    """The draft document tree and what a final document would still need: the one rule
    `drafter check` uses to say whether `render` can make the final document."""
    texts = TextRenderer(report, number_format(style), tolerant=True)
    info = DocumentInfo(title=report.meta.display_title(), author=report.meta.issuer, created=report.meta.date,
                        year=report.meta.year)
    document = run_layout(DocumentBuilder(texts, Document(info=info)), report)
    return document, list(texts.missing.values())


#: 舍入方式 of the style profile → rounding of drafter.text.
ROUNDING_NAMES = {"四舍五入": "half_up", "截断": "down", "四舍六入五成双": "half_even"}


def number_format(style: StyleProfile | None) -> NumberFormat:
    """The number format of a style profile's 数字 section (the default without a profile)."""
    if style is None:
        return NumberFormat()
    return NumberFormat(style.numbers.places, ROUNDING_NAMES[style.numbers.rounding])


__all__ = ["MissingFigures", "MissingItem", "NumberFormat", "RenderError", "render_draft", "render_report"]
