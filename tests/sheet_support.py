"""Helpers for the Excel tests: make a collection workbook, fill it as a unit would, and
rewrite a cell's XML (formulas with a cached result, which openpyxl cannot write)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COUNTY = SAMPLES / "示例县2024年法治政府建设报告.yaml"


def rows_by_name(ws: Any) -> dict[str, int]:
    """组.指标 → row number of a drafter sheet."""
    out = {}
    for row in ws.iter_rows(min_row=4):
        if row[0].value and row[1].value:
            out[f"{row[0].value}.{row[1].value}"] = row[0].row
    return out


def fill(path: Path, values: dict[str, Any], *, sheet: str | None = None, target: Path | None = None,
         unit: str | None = None, edit=None) -> Path:
    """Put `values` (组.指标 → cell value) into the 数值 column; returns the saved workbook."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = rows_by_name(ws)
    for name, value in values.items():
        ws[f"D{rows[name]}"] = value
        if unit is not None:
            ws[f"F{rows[name]}"] = unit
    if edit is not None:
        edit(ws, rows)
    target = target or path
    wb.save(target)
    return target


def cell_of(path: Path, name: str, sheet: str | None = None) -> str:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return f"D{rows_by_name(ws)[name]}"


def set_formula(path: Path, cell: str, formula: str, cached: str | None) -> None:
    """Make `cell` of the first sheet a formula, with or without a saved result."""
    tmp = path.with_suffix(".tmp.xlsx")
    shutil.move(path, tmp)
    with zipfile.ZipFile(tmp) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                value = f"<v>{cached}</v>" if cached is not None else ""
                text, count = re.subn(rf'<c r="{cell}"([^>]*?)(/>|>.*?</c>)',
                                      rf'<c r="{cell}"\1><f>{formula}</f>{value}</c>', text, count=1)
                assert count == 1
                data = text.encode("utf-8")
            out.writestr(item, data)
    tmp.unlink()
