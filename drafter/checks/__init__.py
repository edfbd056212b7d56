"""Run every check family on a loaded form and collect the findings.

Families are modules with a `RULES` table (rule id → Chinese name) and a
`check(ctx)` function. All findings come in one wave, errors first: a form with schema
problems is checked for content too, on what validates without the values at fault
(`LoadedForm.partial`); only a form that cannot be read at all stops at its schema.
`RULE_TABLE` lists every rule with its family for `drafter check --rules`.
"""

from __future__ import annotations

from drafter.checks import (carryover, characters, completeness, consistency, fonts, layout, publication, references,
                            schema, sources, staleness, targets, typography)
from drafter.checks.base import CheckContext, CheckOptions, Finding, Level
from drafter.form.load import LoadedForm

FAMILIES = (references, completeness, consistency, staleness, typography, layout, targets, carryover, sources, fonts,
            publication)

#: (family name, rule id, rule name) in family order.
RULE_TABLE: tuple[tuple[str, str, str], ...] = tuple(
    (family.FAMILY, rule, name) for family in (schema, characters, *FAMILIES) for rule, name in family.RULES.items()
)
ALL_RULES: dict[str, str] = {rule: name for _family, rule, name in RULE_TABLE}

_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.HINT: 2}


def run_checks(form: LoadedForm, disabled: frozenset[str] = frozenset(),
               options: CheckOptions | None = None) -> list[Finding]:
    ctx = CheckContext(form, options=options or CheckOptions())
    schema.check(ctx)
    characters.check(ctx)
    if ctx.report is not None:
        off = set(disabled) | set(ctx.report.settings.disabled_rules)
        for family in FAMILIES:
            family.check(ctx)
        ctx.findings = [f for f in ctx.findings if f.rule not in off or f.rule == "schema"]
    return sorted(ctx.findings, key=lambda f: (_ORDER[f.level], f.line, f.column))


__all__ = ["ALL_RULES", "RULE_TABLE", "CheckOptions", "Finding", "Level", "run_checks"]
