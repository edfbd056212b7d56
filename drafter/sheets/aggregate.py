"""`drafter aggregate`: a city's or province's figures from its subordinate units' forms.

Each unit form is read by drafter.sheets.formdata (基本信息 and 数据 only, migrated to the
current 表单版本; the outline does not change the figures). A form that cannot be used —
unreadable, invalid, of another year than most, a second form of the same unit — is left
out with a Chinese message naming it; the rest are still added up.

Every standard figure, flow or stock, is the sum of the units that filled it; rates are
never added or averaged: they are recomputed from the summed counts (the totals are a
Figures model, so `rate_value` does it as for any form). Custom figures are matched by
name (a name given with different units is not added across them). For every figure the
units still 待填 (written as null) and missing (not in their form) are listed. The result
is a 数据 block to paste into the city's form, or the city's own form with the totals
written in (round-trip, drafter.sheets.writeback), plus a per-unit table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.form.blank import FormWriter, scalar
from drafter.model.figures import GROUPS, Figures, figure_value, rate_value
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.form.review import MARKER
from drafter.edits.rollover import FIGURES, SOURCES
from drafter.sheets.formdata import UnitFailure, UnitFigures, read_unit
from drafter.sheets.tables import Table
from drafter.sheets.writeback import FigureEdit, SourceEntry, plan_figures
from drafter.text import format_decimal
from drafter.form.load import LoadedForm

#: the 来源单位 under which a total is recorded in 数据来源
AGGREGATE_SOURCE = "下级单位汇总"
PENDING, MISSING = "待填", "缺项"
SHOWN_UNITS = 5


@dataclass
class CustomTotal:
    name: str
    unit: str
    note: str
    values: dict[str, Decimal | None] = field(default_factory=dict)   # unit → value (None: 待填)
    other_units: list[str] = field(default_factory=list)              # units that gave it in another 单位


@dataclass
class Aggregate:
    year: int | None
    units: list[UnitFigures] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    totals: dict[str, int | Decimal | None] = field(default_factory=dict)     # 组.指标 → sum (None: nobody filled it)
    pending: dict[str, list[str]] = field(default_factory=dict)               # 组.指标 → units 待填
    missing: dict[str, list[str]] = field(default_factory=dict)               # 组.指标 → units without it
    custom: dict[str, CustomTotal] = field(default_factory=dict)
    figures: Any = None                                                       # Figures of the totals

    def unit_names(self) -> list[str]:
        return [u.unit for u in self.units]

    def custom_total(self, name: str) -> Decimal | None:
        values = [v for v in self.custom[name].values.values() if v is not None]
        return sum(values, Decimal(0)) if values else None


def aggregate(paths: list[Path]) -> Aggregate:
    loaded: list[UnitFigures] = []
    failures: list[str] = []
    for path in paths:
        try:
            loaded.append(read_unit(path))
        except UnitFailure as exc:
            failures.append(str(exc))
        except DrafterError as exc:
            failures.append(f"{exc.location() or path}：{exc.message}")
    result = Aggregate(None, failures=failures)
    if not loaded:
        return result
    years = Counter(u.meta.year for u in loaded)
    result.year = years.most_common(1)[0][0]
    seen: dict[str, Path] = {}
    for unit in loaded:
        if unit.meta.year != result.year:
            result.failures.append(f"{unit.path}：年度为 {unit.meta.year}，与多数单位（{result.year}）不同，未计入")
        elif unit.unit in seen:
            result.failures.append(f"{unit.path}：与 {seen[unit.unit]} 是同一单位（地区均为“{unit.unit}”），未重复计入")
        else:
            seen[unit.unit] = unit.path
            result.units.append(unit)
            result.notes += [f"{unit.path}：{note}" for note in unit.notes]
    outlines = Counter(u.meta.outline.value for u in result.units)
    if len(outlines) > 1:
        shown = "、".join(f"《{o}》{n} 份" for o, n in outlines.items())
        result.notes.append(f"各单位按不同纲要填写（{shown}）；数据项与纲要无关，照常汇总")
    _sum(result)
    return result


def _sum(result: Aggregate) -> None:
    data: dict[str, Any] = {}
    for group in GROUPS:
        values: dict[str, Any] = {}
        for spec in group.figures:
            name = f"{group.key}.{spec.key}"
            total: int | Decimal | None = None
            pending, missing = [], []
            for unit in result.units:
                value = figure_value(unit.figures, group.key, spec.key)
                if value is None:
                    (pending if (group.key, spec.key) in unit.present else missing).append(unit.unit)
                else:
                    total = value if total is None else total + value
            result.totals[name] = total
            if pending:
                result.pending[name] = pending
            if missing:
                result.missing[name] = missing
            values[spec.key] = total
        data[group.key] = values
    for unit in result.units:
        for custom in unit.figures.custom:
            entry = result.custom.setdefault(custom.name, CustomTotal(custom.name, custom.unit, custom.note))
            if custom.unit != entry.unit:
                entry.other_units.append(f"{unit.unit}（{custom.unit or '无单位'}）")
                continue
            entry.values[unit.unit] = custom.value
    for entry in result.custom.values():
        if entry.other_units:
            result.notes.append(f"自定义数据“{entry.name}”的单位不一致：以“{entry.unit}”汇总，"
                                f"未计入 {'、'.join(entry.other_units)}")
    data[CUSTOM_GROUP] = [{"名称": e.name, "数值": result.custom_total(e.name), "单位": e.unit, "说明": e.note}
                          for e in result.custom.values()]
    result.figures = Figures.model_validate(data)


def custom_state(result: Aggregate, name: str, unit: str) -> Decimal | str:
    """A unit's value of a custom figure, or 待填 / 缺项."""
    values = result.custom[name].values
    if unit not in values:
        return MISSING
    value = values[unit]
    return PENDING if value is None else value


def unit_value(unit: UnitFigures, group: str, key: str) -> int | Decimal | str:
    value = figure_value(unit.figures, group, key)
    if value is not None:
        return value
    return PENDING if (group, key) in unit.present else MISSING


def pending_note(units: list[str]) -> str:
    shown = "、".join(units[:SHOWN_UNITS])
    return f"{len(units)} 个单位待填（{shown}{'等' if len(units) > SHOWN_UNITS else ''}）"


def pending_by_figure(result: Aggregate) -> dict[str, list[str]]:
    """组.指标 (自定义.名称) → the units that left it 待填."""
    out = dict(result.pending)
    for name, entry in result.custom.items():
        units = [u for u, v in entry.values.items() if v is None]
        if units:
            out[f"{CUSTOM_GROUP}.{name}"] = units
    return out


def totals_for_writing(result: Aggregate) -> dict[str, int | Decimal]:
    """组.指标 → total of every figure some unit filled, custom ones included."""
    out: dict[str, int | Decimal] = {n: v for n, v in result.totals.items() if v is not None}
    for name in result.custom:
        total = result.custom_total(name)
        if total is not None:
            out[f"{CUSTOM_GROUP}.{name}"] = total
    return out


def summary_lines(result: Aggregate) -> list[str]:
    lines = [f"已汇总 {len(result.units)} 个单位的表单（{result.year} 年度）"]
    pending = pending_by_figure(result)
    if pending:
        lines.append(f"{len(pending)} 项数据有单位待填，合计只含已填的单位（YAML 输出中标注“待核”）：")
        ordered = sorted(pending, key=lambda n: -len(pending[n]))
        lines += [f"  · {name}：{pending_note(pending[name])}" for name in ordered[:10]]
        if len(ordered) > 10:
            lines.append(f"  · 另有 {len(ordered) - 10} 项，见汇总表（-o 汇总.xlsx）")
    return lines


# ---------------------------------------------------------------- outputs

WIDE_MD_UNITS = 20
MD_GAP_ROWS = 500


def tables(result: Aggregate, fmt: str) -> list[Table]:
    """The per-unit table (figures × units, with totals and recomputed rates), the 待填/缺项 list
    and the forms left out. A Markdown table shows each unit's column only for a few units."""
    wide = fmt != "md" or len(result.units) <= WIDE_MD_UNITS
    units = result.units if wide else []
    header = ["组", "指标", "单位", "合计", "待填单位数", "缺项单位数", *(u.unit for u in units)]
    rows: list[list[Any]] = []
    for group in GROUPS:
        for spec in group.figures:
            name = f"{group.key}.{spec.key}"
            total = result.totals[name]
            rows.append([group.key, spec.key, spec.unit, PENDING if total is None else total,
                         len(result.pending.get(name, ())), len(result.missing.get(name, ())),
                         *(unit_value(u, group.key, spec.key) for u in units)])
        for rate in group.rates:
            counts = [f"{group.key}.{key}" for key in (*rate.numerator, *rate.denominator)]
            pending = {u for name in counts for u in result.pending.get(name, ())}
            missing = {u for name in counts for u in result.missing.get(name, ())}
            rows.append([group.key, rate.key, "%", _rate(result.figures, group.key, rate.key), len(pending),
                         len(missing), *(_rate(u.figures, group.key, rate.key) for u in units)])
    for name, entry in result.custom.items():
        total = result.custom_total(name)
        states = [custom_state(result, name, u.unit) for u in result.units]
        rows.append([CUSTOM_GROUP, name, entry.unit, PENDING if total is None else total,
                     states.count(PENDING), states.count(MISSING), *(states if wide else [])])
    note = (f"{len(result.units)} 个单位，{result.year} 年度；比率由合计数重新计算（有单位待填其中一项时，"
            "比率与报告中算出的一致，但不完整）；"
            f"“{PENDING}”为表单中未填，“{MISSING}”为表单中没有这一项")
    main = Table("汇总", header, rows, [14, 20, 8, 12, 10, 10, *([12] * len(units))], note)
    if not wide:
        main.note += f"；单位较多（{len(result.units)} 个），各单位的数值见 .xlsx 或 .csv 输出"
    missing_rows = []
    for unit in result.units:
        for group in GROUPS:
            for spec in group.figures:
                state = unit_value(unit, group.key, spec.key)
                if state in (PENDING, MISSING):
                    missing_rows.append([unit.unit, str(unit.path), group.key, spec.key, state])
        for name in result.custom:
            state = custom_state(result, name, unit.unit)
            if state in (PENDING, MISSING):
                missing_rows.append([unit.unit, str(unit.path), CUSTOM_GROUP, name, state])
    gaps = Table("待填和缺项", ["单位", "文件", "组", "指标", "状态"], missing_rows, [20, 40, 14, 20, 8])
    if fmt == "md" and len(missing_rows) > MD_GAP_ROWS:
        gaps.note = f"共 {len(missing_rows)} 行，这里列出前 {MD_GAP_ROWS} 行；全部见 .xlsx 输出"
        gaps.rows = missing_rows[:MD_GAP_ROWS]
    failed = Table("未计入", ["原因"], [[f] for f in result.failures], [100])
    return [main, gaps, failed]


def _rate(figures: Any, group: str, key: str) -> str:
    value = rate_value(figures, group, key)
    return "—" if value is None else format_decimal(value)


def data_block(result: Aggregate, table_file: str | None) -> str:
    """YAML with 数据 (the totals; figures some unit left 待填 flagged 待核) and its 数据来源 entry."""
    writer = FormWriter()
    writer.comment(0, f"由 drafter aggregate 汇总 {len(result.units)} 个单位的表单生成（{result.year} 年度）。"
                      "把“数据”和“数据来源”复制到本级表单，或用 drafter aggregate --into 本级表单.yaml 直接写入。")
    if result.failures:
        writer.comment(0, f"未计入 {len(result.failures)} 份表单，原因见汇总表或屏幕输出。")
    writer.comment(0, "比率（办结率、出庭应诉率等）由这些合计数计算，不用填写。")
    writer.key(0, FIGURES)
    pending = pending_by_figure(result)
    for group in GROUPS:
        writer.key(2, group.key, note=group.meaning)
        for spec in group.figures:
            name = f"{group.key}.{spec.key}"
            note = f"{MARKER}：{pending_note(pending[name])}，合计只含已填的单位" if name in pending else ""
            writer.key(4, spec.key, result.totals[name], note=note)
    if result.custom:
        writer.key(2, CUSTOM_GROUP)
        for name, entry in result.custom.items():
            total = result.custom_total(name)
            key = f"{CUSTOM_GROUP}.{name}"
            writer.key(4, "- 名称", name)
            writer.key(6, "数值", total,
                       note=f"{MARKER}：{pending_note(pending[key])}，合计只含已填的单位" if key in pending else "")
            writer.key(6, "单位", entry.unit, blank=True)
            if entry.note:
                writer.key(6, "说明", entry.note)
    values = totals_for_writing(result)
    if values:
        writer.blank()
        writer.key(0, SOURCES)
        writer.key(2, "- 来源单位", AGGREGATE_SOURCE)
        writer.key(4, "文件", aggregate_file_note(result, table_file))
        writer.key(4, "数值")
        for name, value in values.items():
            writer.key(6, scalar(name), value)  # a key YAML reads back as the same text
    return "\n".join(writer.lines) + "\n"


def aggregate_file_note(result: Aggregate, table_file: str | None) -> str:
    return f"{len(result.units)} 个单位的表单" + (f"，明细见 {table_file}" if table_file else "")


def write_into(city: LoadedForm, result: Aggregate, table_file: str | None) -> tuple[FigureEdit, list[str]]:
    """The edit writing the totals into the city's form, and the conflicts with values it already holds.

    A value the city's form got from an earlier aggregation (its 数据来源 says so) is updated
    without a conflict; one typed by hand is a conflict."""
    report = city.report
    earlier: dict[str, Decimal] = {}
    for entry in report.sources:
        if entry.unit == AGGREGATE_SOURCE:
            earlier.update(entry.values)
    conflicts = []
    values = totals_for_writing(result)
    custom_names = {c.name for c in report.figures.custom}
    for name, value in values.items():
        group, _dot, key = name.partition(".")
        if group == CUSTOM_GROUP:
            current = next((c.value for c in report.figures.custom if c.name == key), None)
        else:
            current = figure_value(report.figures, group, key)
        if current is not None and Decimal(current) != Decimal(value) and earlier.get(name) != Decimal(current):
            conflicts.append(f"{name}：本级表单中已填 {current}，汇总为 {value}")
    added = [entry for name, entry in result.custom.items()
             if name not in custom_names and f"{CUSTOM_GROUP}.{name}" in values]
    entries = [SourceEntry(AGGREGATE_SOURCE, aggregate_file_note(result, table_file), "", None, dict(values))]
    edit = plan_figures(city, values, entries, {name: {AGGREGATE_SOURCE} for name in values},
                        new_custom=[(e.name, values[f"{CUSTOM_GROUP}.{e.name}"], e.unit, e.note) for e in added])
    return edit, conflicts
