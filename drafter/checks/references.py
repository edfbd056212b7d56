"""Placeholders in text: syntax, and references to figures that do not exist."""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level
from drafter.form.placeholders import PlaceholderError, unknown_reference

FAMILY = "占位符"
RULES = {"placeholder": "占位符写法与引用的指标"}


def check(ctx: CheckContext) -> None:
    report = ctx.report
    custom = {c.name for c in report.figures.custom}
    for loc, refs in ctx.placeholders:
        if isinstance(refs, PlaceholderError):
            ctx.add(Level.ERROR, "placeholder", str(refs), loc)
            continue
        for ref in refs:
            problem = unknown_reference(ref, custom)
            if problem:
                ctx.add(Level.ERROR, "placeholder", f"{{{{ {ref.dotted} }}}}：{problem}", loc)
            elif "同比" in ref.filters and report.last_figures is None:
                ctx.add(Level.ERROR, "placeholder", f"{{{{ {ref.dotted} | 同比 }}}} 需要上年数据，请填写“上年数据”", loc)
