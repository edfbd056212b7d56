"""Writing a FormDiff as a terminal table, CSV, JSON or Markdown.

The terminal table aligns its columns by display width: wide and full-width characters
(Chinese) take two terminal columns. Counts are written as they are, decimals and rates
rounded to two places (四舍五入); a missing value is an empty cell (null in JSON).
By default only figures filled in at least one of the two forms are listed.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from drafter.cells import safe_row
from drafter.diff.compare import FigureRow, FormDiff, SectionRef
from drafter.text import display_width, format_decimal, pad

HEADERS = ("组", "指标", "单位", "上年", "本年", "变化", "变化率")
PLACES = 2


def _number(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value, PLACES)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format_decimal(value, PLACES)
    return text if text.startswith("-") or text == "0" else "+" + text


def _cells(row: FigureRow) -> list[str]:
    """Display cells: rates with %, their change in 个百分点."""
    if row.rate:
        return [row.group, row.name, row.unit, _number(row.before) + ("%" if row.before is not None else ""),
                _number(row.after) + ("%" if row.after is not None else ""),
                _signed(row.change) + ("个百分点" if row.change is not None else ""), ""]
    rate = row.change_rate
    return [row.group, row.name, row.unit, _number(row.before), _number(row.after), _signed(row.change),
            _signed(rate) + ("%" if rate is not None else "")]


def _rows(diff: FormDiff, all_rows: bool) -> list[FigureRow]:
    return [row for row in diff.figures if all_rows or row.filled]


def _section_line(ref: SectionRef) -> str:
    return f"{ref.part}：{ref.title}" + (f"（纲要领域：{ref.area}）" if ref.area else "")


def _heading(diff: FormDiff) -> str:
    return f"{diff.before_year} 年（{diff.before_name}）→ {diff.after_year} 年（{diff.after_name}）"


def _reuse_line(diff: FormDiff) -> str:
    return f"与上年完全相同的段落：{len(diff.reused)} 段（本年共 {diff.paragraphs} 段）"


def as_table(diff: FormDiff, all_rows: bool = False) -> str:
    rows = [_cells(row) for row in _rows(diff, all_rows)]
    right = (False, False, False, True, True, True, True)
    widths = [max(display_width(cell) for cell in column) for column in zip(HEADERS, *rows)]
    out = [f"数据对比：{_heading(diff)}", ""]
    for cells in (HEADERS, *rows):
        out.append("  ".join(pad(c, w, r) for c, w, r in zip(cells, widths, right)).rstrip())
        if cells is HEADERS:
            out.append("  ".join("-" * w for w in widths))
    if not rows:
        out.append("（两份表单都没有填写数据）")
    hidden = len(diff.figures) - len(rows)
    if hidden:
        out.append(f"另有 {hidden} 项两年都未填写（加 --all 显示）")
    out += ["", "章节变化："]
    out += [f"  新增  {_section_line(ref)}" for ref in diff.added]
    out += [f"  删除  {_section_line(ref)}" for ref in diff.removed]
    if not diff.added and not diff.removed:
        out.append("  （没有新增或删除的章节）")
    out += ["", _reuse_line(diff)]
    out += [f"  {path}" for path in diff.reused]
    return "\n".join(out) + "\n"


def _kind(row: FigureRow) -> str:
    return "比率" if row.rate else "自定义" if row.custom else "数量"


class _SafeWriter:
    """A csv writer whose cells cannot start a formula (drafter.cells)."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Any) -> None:
        self.writer.writerow(safe_row(row))


def as_csv(diff: FormDiff, all_rows: bool = False) -> str:
    """One table: figures, then section changes and the paragraph counts, told apart by 类别."""
    stream = io.StringIO()
    writer = _SafeWriter(csv.writer(stream, lineterminator="\n"))
    writer.writerow(("类别", *HEADERS))
    for row in _rows(diff, all_rows):
        writer.writerow((_kind(row), row.group, row.name, row.unit, _number(row.before), _number(row.after),
                         _number(row.change), _number(row.change_rate)))
    for label, refs in (("新增章节", diff.added), ("删除章节", diff.removed)):
        for ref in refs:
            writer.writerow((label, ref.part, ref.title, "", "", "", "", ""))
    writer.writerow(("段落", "", "本年段落", "段", "", diff.paragraphs, "", ""))
    writer.writerow(("段落", "", "与上年相同", "段", "", len(diff.reused), "", ""))
    return stream.getvalue()


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    rounded = Decimal(format_decimal(value, PLACES))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def as_json(diff: FormDiff, all_rows: bool = False) -> str:
    def section(ref: SectionRef) -> dict[str, Any]:
        return {"部分": ref.part, "标题": ref.title, "纲要领域": ref.area}

    data = {
        "上年": {"文件": diff.before_name, "年度": diff.before_year},
        "本年": {"文件": diff.after_name, "年度": diff.after_year},
        "数据": [{"类别": _kind(row), "组": row.group, "指标": row.name, "单位": row.unit,
                  "上年": _json_number(row.before), "本年": _json_number(row.after),
                  "变化": _json_number(row.change), "变化率": _json_number(row.change_rate)}
                 for row in _rows(diff, all_rows)],
        "新增章节": [section(ref) for ref in diff.added],
        "删除章节": [section(ref) for ref in diff.removed],
        "段落": {"本年段落": diff.paragraphs, "与上年相同": len(diff.reused), "相同段落位置": diff.reused},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(diff: FormDiff, all_rows: bool = False) -> str:
    rows = [_cells(row) for row in _rows(diff, all_rows)]
    out = [f"## 数据对比：{_heading(diff)}", ""]
    if rows:
        out.append("| " + " | ".join(HEADERS) + " |")
        out.append("|---|---|---|--:|--:|--:|--:|")
        out += ["| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in rows]
    else:
        out.append("两份表单都没有填写数据。")
    out += ["", "## 章节变化", ""]
    out += [f"- 新增：{_md_cell(_section_line(ref))}" for ref in diff.added]
    out += [f"- 删除：{_md_cell(_section_line(ref))}" for ref in diff.removed]
    if not diff.added and not diff.removed:
        out.append("没有新增或删除的章节。")
    out += ["", "## 与上年相同的段落", "", _reuse_line(diff)]
    if diff.reused:
        out.append("")
        out += [f"- {path}" for path in diff.reused]
    return "\n".join(out) + "\n"


WRITERS = {"table": as_table, "csv": as_csv, "json": as_json, "md": as_markdown}


def format_diff(diff: FormDiff, fmt: str, all_rows: bool = False) -> str:
    return WRITERS[fmt](diff, all_rows)
