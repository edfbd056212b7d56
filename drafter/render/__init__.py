"""Report → document tree: the layout template walks the report, form text goes through the sandbox.

`lay_out` is the whole renderer: it builds the figure namespaces, runs the layout
template (`builder`), renders every form text in the sandbox (`sandbox`,
`figures_context`) and returns the draft `Layout`, whose `drafter.doctree.Document`
the writers take. Values the text needs but the form leaves null (and a null 成文日期)
are MISSING runs in it. `render_report` gives the document of a draft or, refusing with
`MissingFigures` (listing all of them) or the first text that cannot be rendered, of the
final document: one layout decides both, and `drafter check` decides with the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.doctree import Document, DocumentInfo, Kind
from drafter.model.report import Report
from drafter.render.builder import DocumentBuilder, run_layout
from drafter.render.errors import MissingFigures, MissingItem, RenderError
from drafter.render.sandbox import TextRenderer
from drafter.text import NumberFormat


@dataclass
class Layout:
    """One run of the layout template over a report, as a draft: the document tree (values
    the text lacks are MISSING runs; a text whose placeholders cannot be rendered is shown
    as written), what a final document would still need (`missing`), and why texts could
    not be rendered (`failures`, in document order). `drafter check` builds one to decide
    whether render can make the final document; render reuses it (`render_report(layout=…)`)
    instead of laying the report out again, when it was built with the same settings."""

    document: Document
    missing: list[MissingItem]
    failures: list[RenderError]
    numbers: NumberFormat
    templates_dir: Path | None
    public: bool

    def fits(self, numbers: NumberFormat, templates_dir: Path | None, public: bool) -> bool:
        """Whether this is the layout `render_report` would build with these settings."""
        return (self.numbers, self.templates_dir, self.public) == (numbers, templates_dir, public)


def lay_out(report: Report, numbers: NumberFormat | None = None, templates_dir: Path | None = None,
            public: bool = False) -> Layout:
    """The draft layout of a validated report (`public`: see `render_report`). Raises
    RenderError only for what no draft can show: a broken layout template, a text over
    the size or time limits."""
    numbers = numbers or NumberFormat()
    texts = TextRenderer(report, numbers, tolerant=True)
    info = DocumentInfo(title=report.meta.display_title(), author=report.meta.issuer, created=report.meta.date,
                        year=report.meta.year)
    document = run_layout(DocumentBuilder(texts, Document(info=info)), report, templates_dir, public)
    document.adjustments = [(loc, change.describe()) for loc, change in texts.adjusted.items()]
    return Layout(document, list(texts.missing.values()), texts.failures, numbers, templates_dir, public)


def render_report(report: Report, *, draft: bool = False, templates_dir: Path | None = None,
                  numbers: NumberFormat | None = None, public: bool = False,
                  addressee: bool = True, layout: Layout | None = None) -> Document:
    """The document tree of a validated report.

    A `public` copy (the government website's) leaves out every 章节, 条目, 子项 and
    paragraph marked 不公开 (the numbering closes up); `addressee=False` leaves out the
    主送机关 (a style profile's 公开版.保留主送机关 decides it for the public copy).

    Decimals and rounding of rates and decimal figures come from `numbers` (a style
    profile's 数字 section gives it: `profile.numbers.format()`), else 2 places 四舍五入.
    `layout` is the report's draft layout when the caller has it (`drafter check` built
    it); it is used when it fits these settings, and is not changed. Raises MissingFigures
    unless `draft`, RenderError for a text or a layout template that cannot be rendered.
    """
    numbers = numbers or NumberFormat()
    reused = layout is not None and layout.fits(numbers, templates_dir, public)
    if not reused:
        layout = lay_out(report, numbers, templates_dir, public)
    if layout.failures and not draft:
        raise layout.failures[0]
    if layout.missing and not draft:
        raise MissingFigures(list(layout.missing))
    document = layout.document.copy() if reused else layout.document   # the caller's layout stays as it was
    if not addressee:
        document.blocks = [b for b in document.blocks if b.kind is not Kind.ADDRESSEE]
    return document


__all__ = ["Layout", "MissingFigures", "MissingItem", "NumberFormat", "RenderError", "lay_out", "render_report"]
