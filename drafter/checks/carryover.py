"""Carry-over from last year's form: plans not yet followed up, and reused values still flagged 待核."""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level
from drafter.form.review import MARKER, flagged_values
from drafter.form.roundtrip import source_lines

FAMILY = "结转"
RULES = {
    "plan-follow-up": "上年计划的落实情况待填",
    "unreviewed": "沿用上年、尚未核对的内容",
}

SHOWN_PLAN_CHARS = 30


def check(ctx: CheckContext) -> None:
    _follow_up(ctx)
    _unreviewed(ctx)


def _follow_up(ctx: CheckContext) -> None:
    for i, entry in enumerate(ctx.report.plan_follow_up):
        missing = [name for name, value in (("落实情况", entry.result), ("状态", entry.status)) if not value]
        if not missing:
            continue
        plan = entry.plan if len(entry.plan) <= SHOWN_PLAN_CHARS else entry.plan[:SHOWN_PLAN_CHARS] + "…"
        ctx.add(Level.WARNING, "plan-follow-up", f"上年计划“{plan}”：待填{'和'.join(missing)}",
                ("上年计划落实", i, missing[0]))


def _unreviewed(ctx: CheckContext) -> None:
    if MARKER not in ctx.form.text:   # no flag anywhere: the round-trip tree is not needed
        return
    for loc, comment in flagged_values(ctx.form.data, source_lines(ctx.form.text)):
        note = "；".join(part for part in comment.split("；") if MARKER in part)
        ctx.add(Level.WARNING, "unreviewed", f"{note}。核对或修改后删去这条注释", loc)
