"""Writing tables for people to read or check: .xlsx (one sheet per table), .md and .csv.

Used by the aggregation's per-unit table and the 数据来源表. Every text cell of a
spreadsheet (.xlsx, .csv) goes through drafter.cells.safe_cell; a .csv is
written with a BOM so Excel reads the Chinese, and holds the first table only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.cells import safe_cell

FORMATS = {".xlsx": "xlsx", ".md": "md", ".csv": "csv"}


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)   # xlsx column widths, in characters
    note: str = ""                                      # a line under the title (md) / above the header (xlsx)


def table_format(suffix: str) -> str:
    fmt = FORMATS.get(suffix.lower())
    if fmt is None:
        raise DrafterError(f"表格只能保存为 {'、'.join(FORMATS)} 文件（收到“{suffix or '无扩展名'}”）",
                           exit_code=EXIT_UNREADABLE)
    return fmt


def render_tables(tables: list[Table], fmt: str) -> bytes:
    if fmt == "xlsx":
        return _xlsx(tables)
    if fmt == "csv":
        return _csv(tables[0])
    return _markdown(tables).encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return safe_cell(value)


def _xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        for index, width in enumerate(table.widths):
            from openpyxl.utils import get_column_letter

            ws.column_dimensions[get_column_letter(index + 1)].width = width
        if table.note:
            ws.append([safe_cell(table.note)])
        header = []
        for name in table.header:
            cell = WriteOnlyCell(ws, value=safe_cell(name))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        ws.freeze_panes = f"A{3 if table.note else 2}"
        for row in table.rows:
            ws.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    return str(value)


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow([safe_cell(_text(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _md_cell(value: Any) -> str:
    return _text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(tables: list[Table]) -> str:
    out: list[str] = []
    for table in tables:
        out += [f"## {table.title}", ""]
        if table.note:
            out += [table.note, ""]
        if not table.rows:
            out += ["（无）", ""]
            continue
        out.append("| " + " | ".join(_md_cell(h) for h in table.header) + " |")
        out.append("|" + "|".join("---" for _ in table.header) + "|")
        out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)
