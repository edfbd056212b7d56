"""`drafter collect`: filled collection workbooks read back into a form's 数据.

Every cell is validated here, since openpyxl does not enforce data validation on reading:
text in a number cell, negative numbers, decimals where a count is wanted, formulas
without a saved result, merged cells, unknown indicators, dates that are not dates, a
part larger than its whole (the figures table's 其中 relations, within one unit's sheet
and again on the totals). Each problem names workbook, sheet and cell (D12); while any
stands nothing is written.

Figures of different units are added up (a county's 行政处罚 is the sum of its
departments'); the same unit giving one figure twice with different values, a unit
changing what it gave last time, or a figure already in the form that the sheets would
change, are conflicts: listed, and applied only with `force` (the workbook named last
wins). Provenance goes to the form's 数据来源 ledger (unit, workbook, sheet, 截至日期,
values and the cell of each), which is also what makes a second collection add late units instead of
replacing the earlier ones. The new text is planned by drafter.sheets.writeback and written by `api.collect`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.model.figures import GROUPS_BY_KEY, exceeded, figure_value, fingerprint
from drafter.model.report import FORM_VERSION, Report
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.sheets.reading import Cell, Row, Sheet, Upload, Workbook, read_workbook
from drafter.sheets.workbook import MAX_AMOUNT, META_FINGERPRINT, META_REGION, META_VERSION, META_YEAR
from drafter.edits.rollover import FIGURES, STOCK_NOTE
from drafter.form.roundtrip import eol_comment
from drafter.sheets.writeback import FigureEdit, SourceEntry, plan_figures
from drafter.cells import restore
from drafter.text import fullwidth_digits_to_ascii, parse_cn_date
from drafter.form.load import LoadedForm

MAX_PLACES = 6
OLD_TABLE_NOTE = "由较早版本的指标表生成，已按“组、指标”的名称逐行对应"
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@dataclass(frozen=True)
class Problem:
    """A cell (or a whole workbook) that cannot be taken."""

    workbook: str
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = self.workbook + (f"［{self.sheet}］" if self.sheet else "") + (f"{self.cell}" if self.cell else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class Contribution:
    figure: str            # 组.指标 or 自定义.名称
    value: Decimal
    unit: str
    as_of: dt.date | None
    workbook: str
    sheet: str
    cell: str

    def where(self) -> str:
        return f"{self.workbook}［{self.sheet}］{self.cell}"


@dataclass
class Filled:
    """One figure the sheets give: its value in the form now, the value it takes, and the
    cells it comes from (`kept`: units recorded by an earlier collection whose figures stay in the sum)."""

    figure: str
    before: Decimal | None
    after: Decimal
    cells: list[Contribution]
    kept: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.before is None:
            return "新填"
        return "相同" if self.before == self.after else "更新"


@dataclass
class Collected:
    """What a collection would do; `text` is the new form when nothing stands in the way."""

    problems: list[Problem] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: bool = False            # a workbook could not be read at all (exit 2)
    edit: FigureEdit | None = None      # the form edit, when nothing stands in the way
    text: str | None = None             # the new form's text (api.collect makes it from `edit`)
    new: int = 0
    changed: int = 0
    same: int = 0
    still_missing: int = 0
    filled: list[Filled] = field(default_factory=list)   # figure by figure, in the order of the sheets


def _source_name(source: Path | Upload) -> str:
    return Path(source[0].replace("\\", "/")).name if isinstance(source, tuple) else source.name


def collect(form: LoadedForm, paths: list[Path | Upload], *, force: bool = False) -> Collected:
    """`paths`: workbook files, or uploads (name, bytes) read from memory."""
    report: Report = form.report
    result = Collected()
    contributions: list[Contribution] = []
    asked: set[str] = set()   # the units the hidden sheets name
    for path in paths:
        try:
            workbook = read_workbook(path)
        except DrafterError as exc:
            result.problems.append(Problem(_source_name(path), "", "", exc.message))
            result.unreadable = True
            continue
        result.notes += workbook.notes
        if _check_meta(workbook, report, result):
            for sheet in workbook.sheets:
                asked.update([sheet.unit] if sheet.unit else [])
                contributions += _sheet(workbook, sheet, report, result)
    silent = sorted(asked - {c.unit for c in contributions})
    if silent:
        result.notes.append(f"这些单位的统计表没有填写任何数值：{'、'.join(silent)}")
    totals, entries, replaced = _combine(form, contributions, result, force)
    if result.problems or (result.conflicts and not force):
        return result
    if not contributions:
        result.problems.append(Problem("、".join(_source_name(p) for p in paths), "", "", "统计表中没有填写任何数值"))
        return result
    changes = {name: value for name, value in totals.items() if _current(report, name) != value}
    result.edit = plan_figures(form, changes, entries, replaced)
    result.still_missing = sum(1 for g in GROUPS_BY_KEY.values() for f in g.figures
                               if f"{g.key}.{f.key}" not in totals and figure_value(report.figures, g.key, f.key) is None)
    return result


# ---------------------------------------------------------------- workbook and cells


def _check_meta(workbook: Workbook, report: Report, result: Collected) -> bool:
    meta = workbook.meta
    if not meta:
        return True
    problems = []
    year = meta.get(META_YEAR)
    if isinstance(year, int) and year != report.meta.year:
        problems.append(f"这份统计表是 {year} 年的，表单是 {report.meta.year} 年的，请用本年的表单重新生成统计表")
    region = meta.get(META_REGION)
    if isinstance(region, str) and region and region != report.meta.region:
        problems.append(f"这份统计表是为“{region}”生成的，表单是“{report.meta.region}”的")
    version = meta.get(META_VERSION)
    if isinstance(version, int) and version > FORM_VERSION:
        problems.append(f"这份统计表由较新版本的 drafter 生成（表单版本 {version}），请升级 drafter")
    for message in problems:
        result.problems.append(Problem(workbook.name, "", "", message))
    if meta.get(META_FINGERPRINT) not in (None, fingerprint()):
        result.notes.append(f"{workbook.name}：{OLD_TABLE_NOTE}")
    return not problems


def _sheet(workbook: Workbook, sheet: Sheet, report: Report, result: Collected) -> list[Contribution]:
    out: list[Contribution] = []
    for ref in sheet.merged:
        result.problems.append(Problem(workbook.name, sheet.title, ref,
                                       "合并单元格：请取消合并，每一项数据填在自己的一行"))
    custom = {c.name for c in report.figures.custom}
    for row in sheet.rows:
        contribution = _row(workbook, sheet, row, custom, report.meta.year, result)
        if contribution is not None:
            out.append(contribution)
    _sheet_relations(out, result)
    return out


def _problem(result: Collected, workbook: Workbook, sheet: Sheet, cell: Cell, message: str) -> None:
    result.problems.append(Problem(workbook.name, sheet.title, cell.coordinate, message))


def _row(workbook: Workbook, sheet: Sheet, row: Row, custom: set[str], year: int,
         result: Collected) -> Contribution | None:
    group = _text(row.group.value)
    figure = _text(row.figure.value)
    spec = None
    if group == CUSTOM_GROUP:
        if figure not in custom:
            _problem(result, workbook, sheet, row.figure,
                     f"表单中没有自定义数据“{figure}”；请先在表单的 数据.自定义 中添加，或删去这一行")
            return None
    else:
        group_spec = GROUPS_BY_KEY.get(group)
        if group_spec is None:
            _problem(result, workbook, sheet, row.group, f"没有数据组“{group}”" if group else "“组”为空")
            return None
        spec = group_spec.figure(figure)
        if spec is None:
            _problem(result, workbook, sheet, row.figure, f"{group}中没有指标“{figure}”" if figure else "“指标”为空")
            return None
    if row.value.empty and not row.value.formula:
        return None
    value = _number(row.value, spec is None or spec.decimal, allow_negative=spec is None,
                    unit=spec.unit if spec else "", report=lambda m: _problem(result, workbook, sheet, row.value, m))
    if value is None:
        return None
    if row.value.formula:
        result.notes.append(f"{workbook.name}［{sheet.title}］{row.value.coordinate}：是公式，已读取保存的计算结果 {value}")
    as_of = _date(row.as_of, year, lambda m: _problem(result, workbook, sheet, row.as_of, m))
    unit = _text(row.unit.value) if row.unit is not None else ""
    return Contribution(f"{group}.{figure}", value, unit or sheet.unit, as_of, workbook.name, sheet.title,
                        row.value.coordinate)


def _text(value: Any) -> str:
    """A text cell as drafter wrote it (the formula guard taken off), stripped."""
    return restore(value).strip() if isinstance(value, str) else ("" if value is None else str(value))


def _number(cell: Cell, decimal: bool, *, allow_negative: bool, unit: str, report) -> Decimal | None:
    raw = cell.value
    if cell.formula and raw is None:
        report("是公式，但工作簿没有保存计算结果；请在 Excel/WPS 中打开并保存，或直接填写数字")
        return None
    if isinstance(raw, bool):
        report(f"“{'TRUE' if raw else 'FALSE'}”不是数字，请填写数字")
        return None
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        report("填的是日期或时间，应为数字（请把单元格格式改为“常规”后重新填写）")
        return None
    if isinstance(raw, (int, float)):
        if raw != raw or raw in (float("inf"), float("-inf")):
            report("不是有效的数字")
            return None
        value = Decimal(str(raw))
    else:
        text = fullwidth_digits_to_ascii(str(raw)).strip().replace("\u3000", "").replace(" ", "")
        if not _NUMBER.fullmatch(text):
            shown = str(raw).strip()
            report(f"“{shown[:20]}{'…' if len(shown) > 20 else ''}”不是数字：只填数字，不写单位和文字")
            return None
        value = Decimal(text.replace(",", ""))
    if value.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
        value = value.quantize(Decimal(1).scaleb(-MAX_PLACES))
    if value < 0 and not allow_negative:
        report(f"{value} 是负数，数据不能为负数")
        return None
    if abs(value) > MAX_AMOUNT:
        report(f"{value} 过大，请核对")
        return None
    if not decimal and value != value.to_integral_value():
        report(f"{value} 不是整数，应为整数{f'（单位：{unit}）' if unit else ''}")
        return None
    return value if decimal and value != value.to_integral_value() else Decimal(int(value))


def _date(cell: Cell | None, year: int, report) -> dt.date | None:
    if cell is None or cell.empty:
        return None
    raw = cell.value
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    else:
        text = str(raw).strip()
        try:
            day = dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
        except ValueError:
            day = parse_cn_date(text)
        if day is None:
            report(f"截至日期“{text[:20]}”不是日期，请写成 {year}-12-31")
            return None
    if day.year not in (year, year + 1):
        report(f"截至日期 {day.isoformat()} 不在 {year} 年度内（应为 {year} 年或次年年初）")
        return None
    return day


def _sheet_relations(contributions: list[Contribution], result: Collected) -> None:
    """A part larger than its whole within what one unit gave in one sheet."""
    by_unit: dict[str, dict[str, Contribution]] = defaultdict(dict)
    for c in contributions:
        by_unit[c.unit][c.figure] = c
    for unit_figures in by_unit.values():
        groups = {name.partition(".")[0] for name in unit_figures}
        for group in groups & set(GROUPS_BY_KEY):
            spec = GROUPS_BY_KEY[group]

            def value(key: str) -> Decimal | None:
                c = unit_figures.get(f"{group}.{key}")
                return c.value if c else None

            for _parts, known, whole, totals in exceeded(spec, value):
                first = unit_figures[f"{group}.{known[0][0]}"]
                result.problems.append(Problem(first.workbook, first.sheet, first.cell,
                                               _relation_text(group, known, whole, totals, unit_figures)))


def _relation_text(group: str, known, whole, totals, cells: dict[str, Contribution] | None = None) -> str:
    def named(key: str, v: Any) -> str:
        cell = cells.get(f"{group}.{key}") if cells else None
        return f"{key} {v}" + (f"（{cell.cell}）" if cell else "")

    parts = " + ".join(named(k, v) for k, v in known)
    wholes = " + ".join(named(k, v) for k, v in zip(whole, totals))
    total = sum(v for _k, v in known)
    return f"{group}：{parts}{f' = {total}' if len(known) > 1 else ''} 超过 {wholes}，部分不能大于总数"


# ---------------------------------------------------------------- combining


def _current(report: Report, name: str) -> Decimal | None:
    group, _dot, figure = name.partition(".")
    if group == CUSTOM_GROUP:
        value = next((c.value for c in report.figures.custom if c.name == figure), None)
    else:
        value = figure_value(report.figures, group, figure)
    return None if value is None else Decimal(value)


def _ledger(report: Report) -> dict[str, dict[str, Decimal]]:
    """figure → unit → the value the ledger (数据来源) holds for it."""
    out: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for entry in report.sources:
        for name, value in entry.values.items():
            out[name][entry.unit] = value
    return out


def carried_stocks(form: LoadedForm) -> set[str]:
    """组.指标 of the stock figures rollover carried over and flagged, not yet reviewed: a unit's
    figure replaces them without a conflict."""
    figures = form.data.get(FIGURES) if isinstance(form.data, dict) else None
    out: set[str] = set()
    if isinstance(figures, dict):
        for group, values in figures.items():
            if isinstance(values, dict):
                out.update(f"{group}.{key}" for key in values if eol_comment(values, key) == STOCK_NOTE)
    return out


def _combine(form: LoadedForm, contributions: list[Contribution], result: Collected,
             force: bool) -> tuple[dict[str, Decimal], list[SourceEntry], dict[str, set[str]]]:
    report: Report = form.report
    by_figure: dict[str, dict[str, Contribution]] = defaultdict(dict)
    for c in contributions:
        earlier = by_figure[c.figure].get(c.unit)
        if earlier is not None and earlier.value != c.value:
            who = f"“{c.unit}”" if c.unit else "（未填来源单位的）统计表"
            result.conflicts.append(f"{c.figure}：{who}在 {earlier.where()} 填 {earlier.value}，"
                                    f"在 {c.where()} 填 {c.value}" + ("（以后者为准）" if force else ""))
        by_figure[c.figure][c.unit] = c   # the workbook named last wins
    ledger = _ledger(report)
    carried = carried_stocks(form)
    totals: dict[str, Decimal] = {}
    for name, units in by_figure.items():
        old = ledger.get(name, {})
        for unit, c in units.items():
            if unit in old and old[unit] != c.value:
                result.conflicts.append(f"{name}：“{unit or '未填来源单位'}”上次填报 {old[unit]}，"
                                        f"本次 {c.where()} 为 {c.value}")
        total = sum((v for u, v in old.items() if u not in units), Decimal(0)) + sum(c.value for c in units.values())
        totals[name] = total
        current = _current(report, name)
        if current is None or current == total:
            continue
        if name in carried:
            result.notes.append(f"{name}：沿用上年的 {current} 已按统计表改为 {total}（“{STOCK_NOTE}”标注已删去）")
            continue
        additions_only = old and current == sum(old.values()) and all(u not in old for u in units)
        if not additions_only:
            result.conflicts.append(f"{name}：表单中已填 {current}，按统计表应为 {total}"
                                    + ("（已改为统计表的数值）" if force else ""))
    if not result.problems:  # a sheet's own part-whole errors would show again in the totals
        _total_relations(totals, by_figure, report, result)
    entries: dict[tuple[str, str, str, Any], SourceEntry] = {}
    for name, units in by_figure.items():
        for c in units.values():
            key = (c.unit, c.workbook, c.sheet, c.as_of)
            entry = entries.setdefault(key, SourceEntry(c.unit, c.workbook, c.sheet, c.as_of))
            entry.values[name] = c.value
            entry.cells[name] = c.cell
    for name, value in totals.items():
        if value == _current(report, name):
            result.same += 1
        elif _current(report, name) is None:
            result.new += 1
        else:
            result.changed += 1
    for name, units in by_figure.items():
        kept = sorted(u or "未填来源单位" for u in ledger.get(name, {}) if u not in units)
        result.filled.append(Filled(name, _current(report, name), totals[name], list(units.values()), kept))
    replaced = {name: set(units) for name, units in by_figure.items()}
    return totals, list(entries.values()), replaced


def _total_relations(totals: dict[str, Decimal], by_figure: dict[str, dict[str, Contribution]], report: Report,
                     result: Collected) -> None:
    """Parts larger than wholes once the sheets' totals meet the figures already in the form."""
    groups = {name.partition(".")[0] for name in totals} & set(GROUPS_BY_KEY)
    for group in groups:
        spec = GROUPS_BY_KEY[group]

        def value(key: str) -> Decimal | None:
            name = f"{group}.{key}"
            return totals[name] if name in totals else _current(report, name)

        for parts, known, whole, figures_totals in exceeded(spec, value):
            names = [f"{group}.{k}" for k in (*parts, *whole)]
            if not any(n in totals for n in names):
                continue
            cells = [c.where() for n in names for c in by_figure.get(n, {}).values()]
            held = [n.partition(".")[2] for n in names if n not in totals and _current(report, n) is not None]
            first = next(c for n in names for c in by_figure.get(n, {}).values())
            message = _relation_text(group, known, whole, figures_totals) + "（合计后）"
            if held:
                message += f"；{'、'.join(held)}是表单中原有的数值"
            message += f"；涉及 {'、'.join(cells[:6])}{'等' if len(cells) > 6 else ''}"
            result.problems.append(Problem(first.workbook, first.sheet, first.cell, message))
