"""`drafter render FORM --sources -o 来源.xlsx|.md|.csv`: the 数据来源表 for the office's check.

One row for every figure the text uses (through its placeholders), and for every source
the 数据来源 ledger records for it: the value in 数据, its unit, the unit that reported
it, the workbook, sheet and cell, the cut-off date, and where the text uses it. A rate the text
uses is listed with its recomputed value and the counts it comes from (which get their own
rows); `| 同比` and `| 上年` add last year's value. The table is internal: it is a separate
file, never part of the rendered report.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from drafter.checks.texts import parse_placeholders
from drafter.model.figures import GROUPS_BY_KEY, figure_value, rate_value
from drafter.model.report import Report
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.sheets.tables import Table
from drafter.text import format_decimal
from drafter.form.load import field_path

HEADER = ["指标", "数值", "单位", "来源单位", "来源数值", "文件", "工作表", "单元格", "截至日期", "正文位置", "备注"]
NO_SOURCE = "未记录来源"
SHOWN_PLACES = 3


def _custom(report: Report, name: str):
    return next((c for c in report.figures.custom if c.name == name), None)


def used_figures(report: Report) -> dict[str, dict[str, Any]]:
    """组.指标 → {"places": [field paths], "filters": set, "rate": bool} in order of first use."""
    used: dict[str, dict[str, Any]] = {}
    for loc, refs in parse_placeholders(report):
        if not isinstance(refs, list):
            continue
        for ref in refs:
            if not ref.name:
                continue
            entry = used.setdefault(ref.dotted, {"places": [], "filters": set()})
            path = field_path(loc)
            if path not in entry["places"]:
                entry["places"].append(path)
            entry["filters"].update(ref.filters)
    return used


def sources_table(report: Report) -> Table:
    ledger: dict[str, list[tuple[Any, Decimal]]] = defaultdict(list)
    for entry in report.sources:
        for name, value in entry.values.items():
            ledger[name].append((entry, value))
    rows: list[list[Any]] = []
    listed: set[str] = set()
    used = used_figures(report)

    def figure_rows(name: str, places: list[str], filters: set[str], note: str = "") -> None:
        if name in listed:
            return
        listed.add(name)
        group, _dot, key = name.partition(".")
        if group == CUSTOM_GROUP:
            custom = _custom(report, key)
            value, unit = (custom.value, custom.unit) if custom else (None, "")
            last = _custom_last(report, key)
        else:
            spec = GROUPS_BY_KEY[group].figure(key)
            value, unit = figure_value(report.figures, group, key), spec.unit
            last = figure_value(report.last_figures, group, key) if report.last_figures is not None else None
        notes = [note] if note else []
        if filters & {"同比", "上年"}:
            notes.append(f"上年数值 {'待填' if last is None else last}（{'、'.join(sorted(filters & {'同比', '上年'}))}）")
        shown_places = "；".join(places[:SHOWN_PLACES]) + ("等" if len(places) > SHOWN_PLACES else "")
        base = [name, "待填" if value is None else value, unit]
        entries = ledger.get(name)
        if not entries:
            rows.append([*base, "", "", "", "", "", "", shown_places, "；".join([*notes, NO_SOURCE])])
            return
        for entry, source_value in entries:
            rows.append([*base, entry.unit, source_value, entry.file, entry.sheet, entry.cells.get(name, ""),
                         entry.as_of.isoformat() if entry.as_of else "", shown_places, "；".join(notes)])

    for name, info in used.items():
        group, _dot, key = name.partition(".")
        spec = GROUPS_BY_KEY.get(group)
        rate = spec.rate(key) if spec is not None else None
        if rate is None:
            figure_rows(name, info["places"], info["filters"])
            continue
        value = rate_value(report.figures, group, key)
        counts = [*rate.numerator, *rate.denominator]
        rows.append([name, "待填" if value is None else format_decimal(value), "%", "", "", "", "", "", "",
                     "；".join(info["places"][:SHOWN_PLACES]), f"比率，由 {rate.meaning} 计算"])
        for count in counts:
            figure_rows(f"{group}.{count}", info["places"], info["filters"], note=f"用于计算{key}")
    return Table("数据来源表", HEADER, rows, [26, 12, 8, 22, 10, 30, 16, 8, 12, 40, 36],
                 note=f"{report.meta.region}{report.meta.year}年报告正文引用的数据及其来源（内部核对用，不印入报告）")


def _custom_last(report: Report, name: str) -> Any:
    if report.last_figures is None:
        return None
    return next((c.value for c in report.last_figures.custom if c.name == name), None)
