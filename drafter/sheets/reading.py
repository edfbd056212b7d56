"""Reading filled collection workbooks safely: the bounded reader for .xlsx input.

Before openpyxl sees a file: it is read by the one bounded reader (drafter.limits, the
.docx/spreadsheet size limit), its first bytes must be an .xlsx (zip) package — a
password-protected workbook (an encrypted OLE container), an old .xls, .xlsb, OpenDocument or
Word file is refused with a Chinese message saying what to do — and the package's member
count, inflated sizes and compression ratios are checked against the same limits as a .docx
(zip bombs); rows and columns of a sheet are limited too. The workbook is then
opened in openpyxl's read-only mode with cached formula results (data_only), and each
worksheet's XML is streamed once more to find formulas, hidden rows and merged cells,
which read-only mode does not report. Rows are located by the header (组 / 指标 / 数值 …),
so moved columns still read. Nothing here judges the values: drafter.sheets.collect does.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.limits import (OLE_MAGIC, ZIP_MAGIC, MAX_WORKBOOK_BYTES, ZIP_RATIO_FLOOR, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_ZIP_MEMBER_BYTES,
                            MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZipRefused, open_zip, read_bounded, size_text,
                            too_large)
from drafter.sheets.workbook import HEADER, META_SHEET, META_UNIT_PREFIX, PROGRAM
from drafter.cells import restore

HEADER_SEARCH_ROWS = 20

_REQUIRED = ("组", "指标", "数值")


@dataclass(frozen=True)
class Cell:
    """A cell as read: its value (the cached result for a formula), where it is, and how it was written."""

    coordinate: str
    value: Any
    formula: bool = False

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Row:
    number: int
    group: Cell
    figure: Cell
    value: Cell
    unit: Cell | None
    as_of: Cell | None


@dataclass
class Sheet:
    title: str
    unit: str                      # the unit the hidden sheet names for this sheet ("" when none)
    rows: list[Row]
    hidden_rows: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)   # merged ranges that touch the figures
    hidden: bool = False


@dataclass
class Workbook:
    path: Path
    meta: dict[str, Any]           # the hidden sheet's keys; empty for a workbook drafter did not make
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def _fail(path: Path, message: str) -> DrafterError:
    return DrafterError(message, file=str(path), exit_code=EXIT_UNREADABLE)


def read_package(path: Path, data: bytes | None = None) -> bytes:
    """The bytes of an .xlsx package, read by the bounded reader and checked before any parsing:
    its kind (password-protected, .xls, .xlsb, .ods and Word files are refused with what to do)
    and, from the zip directory, its members' number and inflated sizes (zip bombs).
    `data`: the bytes of an uploaded workbook named `path` (nothing is read from disk); the
    same size limit applies."""
    if data is None:
        data = read_bounded(path, MAX_WORKBOOK_BYTES, "工作簿")
    elif len(data) > MAX_WORKBOOK_BYTES:
        raise too_large(str(path), "工作簿", len(data), MAX_WORKBOOK_BYTES)
    head = data[: 1024 * 1024]
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            raise _fail(path, "工作簿设置了打开密码（已加密），drafter 无法读取。请在 Excel/WPS 中打开，"
                              "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再运行")
        raise _fail(path, "这是旧版 Excel 工作簿（.xls）或其他旧版 Office 文件，请在 Excel/WPS 中“另存为”"
                          " Excel 工作簿（.xlsx）后再运行")
    if not head.startswith(ZIP_MAGIC):
        raise _fail(path, "不是 Excel 工作簿（.xlsx）：请用 drafter sheet 生成的统计表，或在 Excel/WPS 中另存为 .xlsx")
    inflated = (f"工作簿解压后过大或压缩比异常（每个部件上限 {size_text(MAX_ZIP_MEMBER_BYTES)}，"
                 f"合计上限 {size_text(MAX_ZIP_TOTAL_BYTES)}），可能是恶意构造的文件，拒绝读取")
    try:
        with open_zip(data) as package:
            members = package.infolist()
    except ZipRefused as refused:
        if refused.reason == "encrypted":
            raise _fail(path, "工作簿已加密，drafter 无法读取。请取消密码后另存为 .xlsx 再运行") from None
        if refused.reason == "members":
            raise _fail(path, inflated) from None
        raise _fail(path, "工作簿已损坏，无法打开（不是完整的 .xlsx 文件）") from None
    names = {m.filename for m in members}
    bomb = next((m for m in members if m.file_size > MAX_ZIP_MEMBER_BYTES
                 or (m.file_size > ZIP_RATIO_FLOOR and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1))), None)
    if bomb is not None or sum(m.file_size for m in members) > MAX_ZIP_TOTAL_BYTES:
        raise _fail(path, inflated)
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            raise _fail(path, "这是二进制工作簿（.xlsb），请在 Excel 中另存为 Excel 工作簿（.xlsx）")
        if "word/document.xml" in names:
            raise _fail(path, "这是 Word 文档，不是 Excel 工作簿")
        if "content.xml" in names:
            raise _fail(path, "这是 OpenDocument 表格（.ods），请另存为 Excel 工作簿（.xlsx）")
        raise _fail(path, "不是 Excel 工作簿（.xlsx）")
    return data


#: An uploaded workbook: its file name and bytes (the browser form; never written to disk).
Upload = tuple[str, bytes]


def read_workbook(source: Path | Upload) -> Workbook:
    """The figures rows of every sheet with a header; DrafterError when the file cannot be read.
    `source` is a file, or an upload (name, bytes) that is read from memory only."""
    if isinstance(source, tuple):
        name, upload = source
        path = Path(Path(name.replace("\\", "/")).name or "统计表.xlsx")
        data = read_package(path, upload)
    else:
        path = source
        data = read_package(path)
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns in English about what it skips or cannot read (a date out of range becomes
        # an error value, unknown extensions): the cells themselves are judged in Chinese later
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken package
            raise _fail(path, "工作簿已损坏或格式不对，无法读取；请在 Excel/WPS 中打开并另存为 .xlsx 后再运行") from None
        try:
            return _read(path, wb)
        finally:
            wb.close()


def _read(path: Path, wb: Any) -> Workbook:
    meta = _meta(wb)
    result = Workbook(path, meta, [])
    if not meta:
        result.notes.append(f"{path.name}：不是 drafter sheet 生成的统计表（没有说明表），按表头读取")
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        structure = _scan(path, wb, ws)
        sheet = _rows(path, ws, structure)
        if sheet is None:
            result.notes.append(f"{path.name}［{ws.title}］：没有“组、指标、数值”表头，未读取")
            continue
        sheet.unit = str(meta.get(f"{META_UNIT_PREFIX}{ws.title}") or "")
        sheet.hidden = ws.sheet_state != "visible"
        if sheet.hidden:
            result.notes.append(f"{path.name}［{ws.title}］：这张工作表被隐藏，已照常读取")
        if sheet.hidden_rows:
            shown = "、".join(str(r) for r in sheet.hidden_rows[:10])
            result.notes.append(f"{path.name}［{ws.title}］：第 {shown} 行被隐藏"
                                f"{'等' if len(sheet.hidden_rows) > 10 else ''}，已照常读取，请确认其中的数字")
        result.sheets.append(sheet)
    if not result.sheets:
        raise _fail(path, "工作簿中没有统计表（找不到“组、指标、数值”表头）；请用 drafter sheet 生成的统计表")
    return result


def _meta(wb: Any) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        return {}
    ws = wb[META_SHEET]
    meta: dict[str, Any] = {}
    for index, row in enumerate(ws.iter_rows(max_col=2, values_only=True)):
        if index > 2 * MAX_SHEET_ROWS:
            break
        if row and isinstance(row[0], str):
            meta[restore(row[0])] = restore(row[1]) if len(row) > 1 else None
    if not str(meta.get("生成程序", "")).startswith(PROGRAM):
        return {}
    return meta


@dataclass
class _Structure:
    formulas: set[str] = field(default_factory=set)
    hidden_rows: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _scan(path: Path, wb: Any, ws: Any) -> _Structure:
    """Formulas, hidden rows and merged ranges, from the worksheet's XML (streamed, bounded)."""
    found = _Structure()
    rows = 0
    try:
        with wb._archive.open(ws._worksheet_path) as source:   # read-only mode keeps the package open
            for _event, element in iterparse(source, events=("end",)):
                tag = _local(element.tag)
                if tag == "c":
                    if any(_local(child.tag) == "f" for child in element):
                        found.formulas.add(element.get("r", ""))
                elif tag == "row":
                    rows += 1
                    if rows > MAX_SHEET_ROWS:
                        raise _fail(path, f"工作表“{ws.title}”行数过多（上限 {MAX_SHEET_ROWS} 行），请确认选对了文件")
                    if element.get("hidden") in ("1", "true"):
                        found.hidden_rows.append(int(element.get("r", rows)))
                    element.clear()
                elif tag == "mergeCell":
                    found.merged.append(element.get("ref", ""))
                elif tag == "sheetData":
                    element.clear()
    except (ParseError, KeyError, OSError, zipfile.BadZipFile, ValueError):
        raise _fail(path, f"工作表“{ws.title}”已损坏，无法读取") from None
    return found


def _text(value: Any) -> str:
    return restore(value).strip() if isinstance(value, str) else ("" if value is None else str(value))


def _rows(path: Path, ws: Any, structure: _Structure) -> Sheet | None:
    from openpyxl.utils import get_column_letter

    columns: dict[str, int] | None = None
    rows: list[Row] = []
    sheet = Sheet(ws.title, "", rows, structure.hidden_rows)
    try:
        iterator = ws.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True)
        for number, values in enumerate(iterator, 1):
            if number > MAX_SHEET_ROWS:
                raise _fail(path, f"工作表“{ws.title}”行数过多（上限 {MAX_SHEET_ROWS} 行），请确认选对了文件")
            if columns is None:
                if number > HEADER_SEARCH_ROWS:
                    return None
                labels = [_text(v) for v in values]
                if all(name in labels for name in _REQUIRED):
                    columns = {name: labels.index(name) for name in HEADER if name in labels}
                    header_row = number
                continue

            def cell(name: str) -> Cell | None:
                index = columns.get(name)
                if index is None:
                    return None
                ref = f"{get_column_letter(index + 1)}{number}"
                value = values[index] if index < len(values) else None
                return Cell(ref, value, ref in structure.formulas)

            group, figure, value = cell("组"), cell("指标"), cell("数值")
            if group.empty and figure.empty and value.empty:
                continue
            rows.append(Row(number, group, figure, value, cell("来源单位"), cell("截至日期")))
    except DrafterError:
        raise
    except Exception:  # noqa: BLE001 - a malformed cell deep in the XML
        raise _fail(path, f"工作表“{ws.title}”已损坏，无法读取") from None
    if columns is None:
        return None
    sheet.merged = [ref for ref in structure.merged if _touches(ref, header_row, columns)]
    return sheet


def _touches(ref: str, header_row: int, columns: dict[str, int]) -> bool:
    """Whether a merged range covers any cell of the figures (below the header, in a read column)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return False
    wanted = {index + 1 for index in columns.values()}
    return (max_row or 0) > header_row and any((min_col or 0) <= c <= (max_col or 0) for c in wanted)
