"""Run the check families on a loaded form and collect the findings.

Families are modules with a `RULES` table (rule id → Chinese name) and a
`check(ctx)` function. All findings come in one wave, errors first: a form with schema
problems is checked for content too, on what validates without the values at fault
(`LoadedForm.partial`); only a form that cannot be read at all stops at its schema.
`RULE_TABLE` lists every rule with its family for `drafter check --rules`.

`FAMILIES` says which families can report an error. Only an error stops `drafter
render`, so a render without `--annotate` runs (and imports) only those and keeps only
their errors (`run_checks(…, blocking_only=True)`); `tests/test_lazy_imports.py` holds
each family to its word.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import ModuleType
from typing import Any

from drafter.checks import characters, schema
from drafter.checks.base import CheckContext, CheckOptions, Finding, Level
from drafter.form.load import LoadedForm

#: (module, can it report an error?) of the families after schema and characters, in order.
FAMILIES: tuple[tuple[str, bool], ...] = (
    ("references", True), ("completeness", True), ("consistency", True), ("staleness", True),
    ("typography", False), ("layout", False), ("targets", False), ("carryover", False), ("sources", True), ("fonts", False),
    ("publication", True),
)

_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.HINT: 2}


def family(name: str) -> ModuleType:
    return import_module(f"drafter.checks.{name}")


@lru_cache(maxsize=1)
def _rule_table() -> tuple[tuple[str, str, str], ...]:
    modules = (schema, characters, *(family(name) for name, _blocking in FAMILIES))
    return tuple((module.FAMILY, rule, name) for module in modules for rule, name in module.RULES.items())


@lru_cache(maxsize=1)
def _all_rules() -> dict[str, str]:
    return {rule: rule_name for _family, rule, rule_name in _rule_table()}


def __getattr__(name: str) -> Any:
    """`RULE_TABLE` — (family name, rule id, rule name) in family order — and `ALL_RULES`
    (rule id → name) are built on first use: they import every family."""
    if name == "RULE_TABLE":
        return _rule_table()
    if name == "ALL_RULES":
        return _all_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_checks(form: LoadedForm, disabled: frozenset[str] = frozenset(),
               options: CheckOptions | None = None, *, blocking_only: bool = False) -> list[Finding]:
    """The findings of every family, errors first then by position; with `blocking_only`,
    only the errors, of the families that can report one (all a render needs to decide)."""
    return check_form(form, disabled, options, blocking_only=blocking_only).findings


def check_form(form: LoadedForm, disabled: frozenset[str] = frozenset(),
               options: CheckOptions | None = None, *, blocking_only: bool = False) -> CheckContext:
    """`run_checks`, keeping what the checks built on the way: the context's `findings`
    (sorted as `run_checks` returns them) and its `draft` layout, which render reuses."""
    ctx = CheckContext(form, options=options or CheckOptions(), errors_only=blocking_only)
    schema.check(ctx)
    characters.check(ctx)
    if ctx.report is not None:
        off = set(disabled) | set(ctx.report.settings.disabled_rules)
        for name, blocking in FAMILIES:
            if blocking or not blocking_only:
                family(name).check(ctx)
        ctx.findings = [f for f in ctx.findings if f.rule not in off or f.rule == "schema"]
    ctx.findings.sort(key=lambda f: (_ORDER[f.level], f.line, f.column))
    return ctx


__all__ = ["ALL_RULES", "RULE_TABLE", "CheckOptions", "Finding", "Level", "check_form", "run_checks"]
