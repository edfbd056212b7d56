"""Schema findings: what pydantic rejected, already located and explained by drafter.form.load."""

from __future__ import annotations

from drafter.checks.base import CheckContext, Finding, Level
from drafter.form.load import field_path

FAMILY = "结构"
RULES = {"schema": "表单结构与取值"}


def check(ctx: CheckContext) -> None:
    for problem in ctx.form.problems:
        ctx.findings.append(Finding(Level.ERROR, "schema", problem.message, field_path(problem.loc),
                                    ctx.form.name, problem.line, problem.column, tuple(problem.loc)))
