"""Targets: the report's figures against a superior's quantitative requirements (`--targets`).

Each rule that applies to the report's 层级 and 年度 is compared with 数据: an unmet rule
is a warning naming the figure, the requirement and its source; a rule whose figures are
still 待填 cannot be verified and is a hint. A denominator of 0 (no hearings, no
committees) leaves nothing to verify.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drafter.checks.base import CheckContext, Level
from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.model.figures import GROUPS_BY_KEY, figure_value
from drafter.text import format_decimal
from drafter.form.load import load_form

if TYPE_CHECKING:  # the model is only built when a targets file is read
    from drafter.model.targets import TargetRule, Targets

FAMILY = "上级指标"
RULES = {
    "target": "未达到上级指标要求",
    "target-unverified": "无法核实上级指标（数据待填）",
}


def load_targets(path: Path) -> Targets:
    """Read and validate a targets file; any problem raises DrafterError listing all of them."""
    from drafter.model.targets import Targets

    loaded = load_form(path, model=Targets)
    if loaded.problems:
        lines = [f"{path}:{p.line}:{p.column}: {'.'.join(map(str, p.loc))}：{p.message}" for p in loaded.problems]
        raise DrafterError("指标文件有错误：\n" + "\n".join(lines), exit_code=EXIT_UNREADABLE)
    return loaded.report


def check(ctx: CheckContext) -> None:
    targets = ctx.options.targets
    if targets is None:
        return
    meta = ctx.report.meta
    figures = ctx.report.figures
    for rule in targets.rules:
        if not rule.applies(meta.level, meta.year):
            continue
        group_key, _, name = rule.indicator.partition(".")
        loc = ("数据", group_key, name) if GROUPS_BY_KEY[group_key].figure(name) else ("数据", group_key)
        source = _source(targets.basis, rule)
        missing = [key for key in rule.inputs() if figure_value(figures, *key.split(".", 1)) is None]
        if missing:
            ctx.add(Level.HINT, "target-unverified",
                    f"无法核实：{_wanted(rule)}，但 {'、'.join(missing)} 待填。{source}", loc)
            continue
        actual = rule.actual(figures)
        if actual is None or rule.requirement.holds(actual, rule.value):
            continue
        ctx.add(Level.WARNING, "target",
                f"未达到上级要求：{_what(rule)} = {format_decimal(actual)}{rule.unit()}，"
                f"要求 {rule.requirement.value} {format_decimal(rule.value)}{rule.unit()}。{source}"
                "；如有原因，请在“存在的不足和原因”中说明", loc)


def _what(rule: TargetRule) -> str:
    return f"{rule.indicator} ÷ {rule.per}" if rule.per else rule.indicator


def _wanted(rule: TargetRule) -> str:
    return f"{_what(rule)} {rule.requirement.value} {format_decimal(rule.value)}{rule.unit()}"


def _source(basis: str, rule: TargetRule) -> str:
    where = f"{basis}{rule.article}" if rule.article else basis
    return f"依据：{where}" + (f"（{rule.note}）" if rule.note else "")
