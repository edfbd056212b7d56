"""Layout: a heading or paragraph that would end with a single character (孤字) on the page.

The report is laid out as `drafter render` lays it out (the draft document tree, the
GB/T 9704 style profile, the line model of `drafter.writers.linebreak` for Word and
LibreOffice). A 孤字 that the Word writer pulls back by condensing the paragraph's
character spacing within the profile's bound (正文.孤字最大紧缩) is no finding; one the
bound cannot pull back is named here, so that the writer shortens or rewrites a few words.
"""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level
from drafter.doctree import Kind
from drafter.form.load import parse_field_path

FAMILY = "版面"
RULES = {"orphan-char": "末行只剩一个字（孤字）"}


def check(ctx: CheckContext) -> None:
    from drafter.writers.layout import line_models, orphan_condensation, page_geometry
    from drafter.writers.linebreak import orphan
    from drafter.writers.style import load_style

    if ctx.draft is None:
        return
    style = load_style()        # the GB/T 9704 profile (check has no --style): from the cache, no validators built
    geo = page_geometry(style)
    body = style.body
    for block in ctx.draft.document.blocks:
        if block.kind not in (Kind.PARAGRAPH, Kind.HEADING, Kind.CLOSING) or not block.source:
            continue
        size = style.heading(block.level).size if block.kind is Kind.HEADING else body.size
        text = block.text
        if orphan_condensation(text, geo, size, body.first_line_indent_chars, body.orphan_condense_pt) is not None:
            continue
        last = next(orphan(m.lines(text)) for m in line_models(geo, size, body.first_line_indent_chars)
                    if orphan(m.lines(text)) is not None)
        what = "标题" if block.kind is Kind.HEADING else "这一段"
        ctx.add(Level.WARNING, "orphan-char",
                f"{what}“{_ellipsis(text)}”排版后末行只剩“{last}”一个字，紧缩字距（每字最多 "
                f"{body.orphan_condense_pt:g} 磅）也收不回上一行：请删减或改写几个字", parse_field_path(block.source))


def _ellipsis(text: str) -> str:
    return text if len(text) <= 16 else text[:8] + "…" + text[-6:]
