"""Run every check family on a loaded form and collect the findings.

Families are modules with a `RULES` table (rule id → Chinese name) and a
`check(ctx)` function. Schema findings come first; the other families only run on a
form that validated.
Invisible characters are reported whether or not it did.
"""

from __future__ import annotations

from drafter.checks import characters, completeness, references, schema
from drafter.checks.base import CheckContext, Finding, Level
from drafter.yamlio import LoadedForm

FAMILIES = (references, completeness)

ALL_RULES: dict[str, str] = {**schema.RULES, **characters.RULES}
for _family in FAMILIES:
    ALL_RULES.update(_family.RULES)

_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.HINT: 2}


def run_checks(form: LoadedForm, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    ctx = CheckContext(form)
    schema.check(ctx)
    characters.check(ctx)
    if form.report is not None:
        off = set(disabled) | set(form.report.settings.disabled_rules)
        for family in FAMILIES:
            family.check(ctx)
        ctx.findings = [f for f in ctx.findings if f.rule not in off or f.rule == "schema"]
    return sorted(ctx.findings, key=lambda f: (_ORDER[f.level], f.line, f.column))


__all__ = ["ALL_RULES", "Finding", "Level", "run_checks"]
