"""数据来源: the ledger drafter collect keeps agrees with 数据.

- every custom figure a source names exists in 数据.自定义 (standard names are checked by
  the schema);
- each figure's value in 数据 equals what its sources add up to: a figure changed by hand
  after the collection, or a source entry edited, is shown with the units it came from.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from drafter.checks.base import CheckContext, Level
from drafter.model.figures import figure_value
from drafter.model.report import CUSTOM_PREFIX

FAMILY = "数据来源"
RULES = {
    "source-figure": "数据来源中的自定义数据不存在",
    "source-total": "数据与数据来源的合计不符",
}
ROOT = "数据来源"


def check(ctx: CheckContext) -> None:
    report = ctx.report
    if not report.sources:
        return
    custom = {c.name: (i, c.value) for i, c in enumerate(report.figures.custom)}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    units: dict[str, list[str]] = defaultdict(list)
    first: dict[str, tuple] = {}
    for index, entry in enumerate(report.sources):
        for name, value in entry.values.items():
            group, _dot, figure = name.partition(".")
            if group == CUSTOM_PREFIX and figure not in custom:
                ctx.add(Level.ERROR, "source-figure", f"{ROOT}中的“{name}”在 数据.自定义 中没有，请核对名称",
                        (ROOT, index, "数值", name))
                continue
            totals[name] += value
            units[name].append(f"{entry.unit or '未填来源单位'} {value}")
            first.setdefault(name, (ROOT, index, "数值", name))
    for name, total in totals.items():
        group, _dot, figure = name.partition(".")
        if group == CUSTOM_PREFIX:
            index, value = custom[figure]
            loc = ("数据", "自定义", index, "数值")
        else:
            value = figure_value(report.figures, group, figure)
            loc = ("数据", group, figure)
        if value is None or Decimal(value) != total:
            shown = "待填" if value is None else str(value)
            ctx.add(Level.WARNING, "source-total",
                    f"{name} 为 {shown}，数据来源合计为 {total}（{'、'.join(units[name][:5])}"
                    f"{'等' if len(units[name]) > 5 else ''}）；请核对，或重新运行 drafter collect",
                    loc if value is not None else first[name])
