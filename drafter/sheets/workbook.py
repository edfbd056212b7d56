"""`drafter sheet`: the collection workbook (统计表) made from a form and the figures table.

Layout, shared with the reader (drafter.sheets.reading): a title row, a line of
instructions, then the header 组 / 指标 / 单位 / 数值 / 说明 / 来源单位 / 截至日期 and one row
per figure (the form's own keys, custom figures under 自定义). Rates are not asked for.
Each indicator's meaning is its 说明 and a comment on its 指标 cell. Only 数值, 来源单位
and 截至日期 are unlocked, each with data validation (whole numbers ≥ 0, decimals ≥ 0 where
the unit needs them, dates); everything else is protected. A very hidden sheet records the
program, the 表单版本, the figures table's fingerprint, the form's year and region and the
unit of each sheet, so a workbook made from an older table is recognised.

With units (drafter.sheets.units) there is one sheet per unit, or one workbook per unit,
each asking only the groups that unit reports. 数值 is never pre-filled (the units answer; a
value that differs from the form is a conflict at collection); 来源单位 is the unit's name.
Every text written goes through drafter.cells.safe_cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from drafter import __version__
from drafter.model.figures import GROUPS, GroupSpec, fingerprint
from drafter.model.report import FORM_VERSION, Report
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.sheets.units import Unit
from drafter.cells import safe_cell

HEADER = ("组", "指标", "单位", "数值", "说明", "来源单位", "截至日期")
HEADER_ROW = 3
META_SHEET = "drafter"
#: keys of the hidden sheet
META_PROGRAM, META_VERSION, META_FINGERPRINT = "生成程序", "表单版本", "指标表"
META_YEAR, META_REGION, META_CREATED = "年度", "地区", "生成时间"
META_UNIT_PREFIX = "工作表："
PROGRAM = "drafter"
INSTRUCTIONS = ("填写说明：只在“数值”列填写数字（不填单位，不写文字）；比率由程序计算，不用填写；"
                "数据暂时没有的留空。来源单位、截至日期可按实际修改。灰色单元格受保护，请勿增删行列。")
MAX_AMOUNT = Decimal("1e12")
SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\：]")


@dataclass(frozen=True)
class FigureRow:
    group: str
    figure: str
    unit: str
    meaning: str
    decimal: bool       # decimals allowed
    custom: bool

    @property
    def name(self) -> str:
        return f"{self.group}.{self.figure}"


def figure_rows(report: Report, groups: tuple[GroupSpec, ...] | None = None) -> list[FigureRow]:
    """The rows of a sheet: every figure of `groups` (all by default), then the form's custom figures."""
    rows = [FigureRow(g.key, f.key, f.unit, f.meaning, f.decimal, False)
            for g in (groups if groups is not None else GROUPS) for f in g.figures]
    rows += [FigureRow(CUSTOM_GROUP, c.name, c.unit, c.note or "自定义数据", True, True)
             for c in report.figures.custom]
    return rows


def sheet_title(name: str, used: set[str]) -> str:
    """A worksheet name Excel accepts (≤ 31 characters, no []:*?/\\), unique among `used`."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "统计表"
    title, n = base[:SHEET_TITLE_MAX], 2
    while title in used or title == META_SHEET:
        suffix = f"({n})"
        title, n = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


WORKBOOK_SUFFIX = ".xlsx"
#: characters Windows does not allow in a file name (sheet_title has removed Excel's own)
_FILE_UNSAFE = re.compile(r'[<>|"\x00-\x1f]')


def workbook_file_name(form_stem: str) -> str:
    """The collection workbook's file name for the form named `form_stem`: 示例县…报告-统计表.xlsx."""
    return f"{form_stem}-统计表{WORKBOOK_SUFFIX}"


def unit_file_names(region: str, year: int, unit_names: list[str]) -> list[str]:
    """The file names of one workbook per unit: 示例县2024年统计表-示例县公安局.xlsx (distinct)."""
    used: set[str] = set()
    names = [_FILE_UNSAFE.sub("_", sheet_title(name, used)) for name in unit_names]
    return [f"{region}{year}年统计表-{name}{WORKBOOK_SUFFIX}" for name in names]


def build_workbook(report: Report, units: list[Unit] | None = None) -> bytes:
    """The collection workbook: one sheet for the form, or one per unit. 数值 is left empty: the units fill it."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    sheet_units: list[tuple[str, str]] = []
    if units is None:
        title = sheet_title("统计表", used)
        _fill_sheet(wb.create_sheet(title), report, figure_rows(report), unit="")
        sheet_units.append((title, ""))
    else:
        for unit in units:
            title = sheet_title(unit.name, used)
            _fill_sheet(wb.create_sheet(title), report, figure_rows(report, unit.groups), unit=unit.name)
            sheet_units.append((title, unit.name))
    _meta_sheet(wb, report, sheet_units)
    wb.properties.creator = PROGRAM
    wb.properties.title = safe_cell(_title(report))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _title(report: Report, unit: str = "") -> str:
    meta = report.meta
    return f"{meta.region}{meta.year}年法治政府建设统计表" + (f"（填报单位：{unit}）" if unit else "")


def _fill_sheet(ws: Any, report: Report, rows: list[FigureRow], unit: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    locked_fill = PatternFill("solid", fgColor="EDEDED")
    bold = Font(bold=True)
    open_cell = Protection(locked=False)
    ws.append([safe_cell(_title(report, unit))])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([INSTRUCTIONS])
    ws["A2"].alignment = Alignment(wrap_text=False)
    ws.append(list(HEADER))
    for cell in ws[HEADER_ROW]:
        cell.font = bold
        cell.fill = locked_fill
    whole = _validation(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"),
                        "应填非负整数", "请填写 0 或正整数（不写单位和文字）")
    amount = _validation(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
                         "应填非负数", "请填写 0 或正数，可有小数（不写单位和文字）")
    limit = f"{int(MAX_AMOUNT)}"
    custom = _validation(DataValidation(type="decimal", operator="between", formula1=f"-{limit}", formula2=limit),
                         "应填数字", "请填写数字（不写单位和文字）")
    dates = _validation(DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                                       formula2="DATE(2100,12,31)"), "应填日期", "请填写日期，如 2024-12-31")
    names = _validation(DataValidation(type="textLength", operator="lessThanOrEqual", formula1="60"),
                        "单位名称过长", "请填写填报单位名称（60 字以内）")
    for dv in (whole, amount, custom, dates, names):
        ws.add_data_validation(dv)
    as_of = dt.date(report.meta.year, 12, 31)
    for row in rows:
        ws.append([safe_cell(row.group), safe_cell(row.figure), safe_cell(row.unit), None,
                   safe_cell(row.meaning), safe_cell(unit) or None, as_of])
        r = ws.max_row
        for column in ("A", "B", "C", "E"):
            ws[f"{column}{r}"].fill = locked_fill
        ws[f"B{r}"].comment = Comment(f"{row.meaning}（单位：{row.unit or '—'}）", PROGRAM, width=260, height=80)
        number = ws[f"D{r}"]
        number.protection = open_cell
        number.number_format = "0" if not row.decimal else "General"
        (custom if row.custom else amount if row.decimal else whole).add(number)
        source = ws[f"F{r}"]
        source.protection = open_cell
        names.add(source)
        date = ws[f"G{r}"]
        date.protection = open_cell
        date.number_format = "yyyy-mm-dd"
        dates.add(date)
    for column, width in zip("ABCDEFG", (14, 20, 8, 14, 44, 22, 13)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"   # printed: the header on every page, one page wide
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # widening a column is allowed
    ws.protection.formatRows = False


def _validation(dv: Any, title: str, message: str) -> Any:
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = title
    dv.error = message
    dv.showInputMessage = True
    dv.promptTitle = title
    dv.prompt = message
    return dv


def _meta_sheet(wb: Any, report: Report, sheet_units: list[tuple[str, str]]) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows: list[tuple[str, Any]] = [
        (META_PROGRAM, f"{PROGRAM} {__version__}"),
        (META_VERSION, FORM_VERSION),
        (META_FINGERPRINT, fingerprint()),
        (META_YEAR, report.meta.year),
        (META_REGION, report.meta.region),
        (META_CREATED, dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")),
    ]
    rows += [(f"{META_UNIT_PREFIX}{title}", unit) for title, unit in sheet_units]
    for key, value in rows:
        ws.append([safe_cell(key), safe_cell(value)])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
