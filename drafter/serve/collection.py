"""数据收集 in the browser form: what the page needs around `drafter sheet` and `drafter collect`.

The rules are the CLI's (`drafter.api` through `backend`: `units_from_text`, `sheet_workbook`, `unit_workbooks`,
`collect`, `figure_sources`, `sources_table`); this module only turns a request into their
arguments and their results into what the pages show: the units typed into the page or
uploaded as a units file, the filled workbooks uploaded (checked for name, type and size as
the import upload is, then read from memory by the bounded workbook reader — nothing is
written to disk), and the result of a collection figure by
figure with the cells each value comes from. The uploads of the last collection stay with
the open form (`Pending`) until the official confirms 填入, so that a confirmation runs the
same collection again on exactly the form text the result was shown for.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from drafter.serve import backend
from drafter.errors import DrafterError

WORKBOOK_SUFFIX = ".xlsx"
UNITS_SUFFIXES = (".txt",)
#: Filled workbooks one upload takes (a county has a few dozen reporting units).
MAX_WORKBOOKS = 200
#: How the workbooks for several units are made: one workbook with a sheet per unit, or one
#: workbook per unit (downloaded as a zip) — `drafter sheet --units` with -o 文件.xlsx or -o 文件夹.
ONE_WORKBOOK, PER_UNIT = "一份", "每单位一份"


class UploadRefused(DrafterError):
    """An upload the page refuses before anything is read from it; `status` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def upload_name(filename: str) -> str:
    return Path(filename.replace("\\", "/")).name


def read_upload(upload: Any, limit: int) -> bytes:
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(f"上传的文件“{upload_name(upload.filename)}”太大（上限 {limit // 1024 // 1024} MB）。", 413)
    return data


def workbook_uploads(files: list[Any], limit: int) -> list[tuple[str, bytes]]:
    """The filled workbooks of a request (name, bytes): .xlsx only, each within `limit`."""
    chosen = [f for f in files if f is not None and f.filename]
    if not chosen:
        raise UploadRefused("请选择各单位填好的统计表（.xlsx 文件，可一次选择多份）。", 400)
    if len(chosen) > MAX_WORKBOOKS:
        raise UploadRefused(f"一次最多上传 {MAX_WORKBOOKS} 份统计表，请分批上传。", 400)
    uploads = []
    for upload in chosen:
        name = upload_name(upload.filename)
        suffix = Path(name).suffix.lower()
        if suffix != WORKBOOK_SUFFIX:
            hint = ("请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再上传。"
                    if suffix in (".xls", ".et", ".ods", ".xlsb", ".csv") else "")
            raise UploadRefused(f"只能上传统计表（.xlsx 文件），“{name}”不是。{hint}", 415)
        uploads.append((name, read_upload(upload, limit)))
    return uploads


def requested_units(typed: str, upload: Any, limit: int) -> list | None:
    """The units typed into the page (one a line) or in an uploaded units file; None for neither."""
    if upload is not None and upload.filename:
        name = upload_name(upload.filename)
        if Path(name).suffix.lower() not in UNITS_SUFFIXES:
            raise UploadRefused(f"单位文件应为文本文件（.txt，每行一个单位），“{name}”不是。", 415)
        if typed.strip():
            raise UploadRefused("单位名单和单位文件只能用一种：请清空名单，或不选单位文件。", 400)
        return backend.units_from_text(read_upload(upload, limit), name)
    if typed.strip():
        return backend.units_from_text(typed.replace("\r\n", "\n"), "单位名单")
    return None


def unit_line(unit: Any) -> str:
    """What a unit is asked for, as `drafter sheet` prints it."""
    return f"{unit.name}：填报 {'、'.join(g.key for g in unit.groups)}" + ("（按单位名单）" if unit.explicit else "")


# ---------------------------------------------------------------- pending collections

#: Bytes of uploaded workbooks kept for 填入 across all open forms; beyond it the results
#: shown longest ago lapse (their page says to upload again).
MAX_HELD_BYTES = 64 * 1024 * 1024


@dataclass
class Pending:
    """The uploads of the collection last shown, and the form text it was computed on."""

    uploads: list[tuple[str, bytes]]
    text: str
    id: str = field(default_factory=lambda: secrets.token_urlsafe(9))

    @property
    def size(self) -> int:
        return sum(len(data) for _name, data in self.uploads)


def hold(editing: Any, pending: Pending, open_forms: list[Any], limit: int | None = None) -> None:
    """Keep `pending` with `editing` for 填入, letting the other forms' oldest results lapse
    while all kept uploads together are over `limit` (`open_forms` from least to most recently used)."""
    limit = MAX_HELD_BYTES if limit is None else limit
    editing.collection = pending
    others = [e for e in open_forms if e is not editing and e.collection is not None]
    total = pending.size + sum(e.collection.size for e in others)
    for other in others:
        if total <= limit:
            break
        total -= other.collection.size
        other.collection = None


# ---------------------------------------------------------------- what the result page shows


def number(value: Any) -> str:
    """A figure as the page shows it: 120, 35.5 (no rounding: what the unit wrote)."""
    if value is None:
        return "待填"
    exact = Decimal(str(value))
    return str(int(exact)) if exact == exact.to_integral_value() else format(exact.normalize(), "f")


@dataclass
class CellView:
    unit: str
    where: str       # 统计表.xlsx［统计表］D12
    as_of: str
    value: str


@dataclass
class FilledView:
    figure: str
    before: str
    after: str
    status: str      # 新填 / 更新 / 相同
    cells: list[CellView]
    kept: list[str]


def filled_rows(result: Any) -> list[FilledView]:
    rows = []
    for filled in result.filled:
        cells = [CellView(c.unit or "（未填来源单位）", c.where(), c.as_of.isoformat() if c.as_of else "",
                          number(c.value)) for c in filled.cells]
        rows.append(FilledView(filled.figure, number(filled.before), number(filled.after), filled.status, cells,
                               filled.kept))
    order = {"更新": 0, "新填": 1, "相同": 2}
    return sorted(rows, key=lambda r: order[r.status])
