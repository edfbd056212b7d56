"""Writing collected or summed figures into a form's text by round-trip editing.

Only the figures that change are touched (drafter.form.roundtrip and `drafter.edits.values.edit_values` keep
every other line, the comments, the quoting and the null spellings): a value is replaced where
it is, a figure or group the form lacks is inserted in figures-table order, and the 数据来源 ledger is
updated in place — the figures collected again are taken out of the entries of the same
unit (and their cells), emptied entries dropped, the new entries appended. A stock figure's rollover flag
(“待核：沿用上年数值”) is dropped when a unit reports its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.model.figures import GROUPS_BY_KEY
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.edits.rollover import FIGURES, SOURCES, STOCK_NOTE
from drafter.form.roundtrip import KeptNull, eol_comment, insert_after, keep_nulls, remove_eol_comment, source_lines
from drafter.form.load import LoadedForm, dump_yaml, parse_yaml

SOURCES_NOTE = f"{SOURCES}：各项数据来自哪份统计表、哪个单位，由 drafter collect 记录；drafter render --sources 列出核对表"


@dataclass
class SourceEntry:
    """One 数据来源 entry: what one unit reported in one sheet."""

    unit: str
    file: str
    sheet: str
    as_of: Any                       # datetime.date or None
    values: dict[str, int | Decimal] = field(default_factory=dict)   # 组.指标 → value
    cells: dict[str, str] = field(default_factory=dict)              # 组.指标 → the cell it was read from


def yaml_number(value: int | Decimal | float) -> int | float:
    """A figure as YAML writes it: an int when whole, else a float of its decimal text."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if number == number.to_integral_value():
        return int(number)
    return float(number)


@dataclass
class FigureEdit:
    """A form edit in two steps: `structure` is the form's text with the structure edited (missing
    groups and figures inserted as null in table order, reported stocks' rollover flags dropped,
    new custom figures, the 数据来源 ledger); `changes` are the values to set in it (YAML
    location → value), which `api.edit_values` does. `crlf`: the form had Windows line ends."""

    name: str
    structure: str
    changes: dict[tuple[str | int, ...], Any]
    crlf: bool


def plan_figures(form: LoadedForm, values: dict[str, int | Decimal], entries: list[SourceEntry],
                 replaced_units: dict[str, set[str]],
                 new_custom: list[tuple[str, int | Decimal, str, str]] = ()) -> FigureEdit:
    """The edit that sets `values` (组.指标 → value) in 数据 and updates the 数据来源 ledger.

    `replaced_units` maps a figure name to the units whose earlier entries for it are superseded;
    `new_custom` (name, value, unit, note) are custom figures the form does not have yet, appended
    to 数据.自定义 (their values are not repeated in `values`).
    """
    lines = source_lines(form.text)
    data = parse_yaml(form.text, form.name)
    keep_nulls(data, lines)
    figures = _figures_map(data)
    custom_index = {c.name: i for i, c in enumerate(form.report.figures.custom)}
    added = {name for name, *_rest in new_custom}
    changes: dict[tuple[str | int, ...], Any] = {}
    for name, value in values.items():
        group, _dot, figure = name.partition(".")
        if group == CUSTOM_GROUP:
            if figure not in added:
                changes[(FIGURES, CUSTOM_GROUP, custom_index[figure], "数值")] = yaml_number(value)
            continue
        mapping = _group_map(figures, group)
        if figure not in mapping:
            _insert_ordered(mapping, figure, KeptNull(), _figure_order(group))
        elif eol_comment(mapping, figure) == STOCK_NOTE:
            remove_eol_comment(mapping, figure)
        changes[(FIGURES, group, figure)] = yaml_number(value)
    if new_custom:
        _append_custom(figures, new_custom)
    _ledger(data, entries, replaced_units)
    return FigureEdit(form.name, dump_yaml(data), changes, "\r\n" in form.text)


def _insert_ordered(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Insert after the last key that comes before `key` in `order` (at the front when none does)."""
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    position = 0
    for index, existing in enumerate(mapping):
        if rank.get(existing, len(order)) < mine:
            position = index + 1
    mapping.insert(position, key, value)


def _figure_order(group: str) -> list[str]:
    return [f.key for f in GROUPS_BY_KEY[group].figures]


def _figures_map(data: CommentedMap) -> CommentedMap:
    figures = data.get(FIGURES)
    if isinstance(figures, CommentedMap):
        return figures
    fresh = CommentedMap()
    if FIGURES in data:
        data[FIGURES] = fresh
    else:
        after = next((k for k in ("下一年度工作安排", "结束语", "附件") if k in data), None)
        insert_after(data, after, FIGURES, fresh, "数据：本年度数字（由 drafter collect 从统计表填入）")
    return fresh


def _group_map(figures: CommentedMap, group: str) -> CommentedMap:
    node = figures.get(group)
    if isinstance(node, CommentedMap):
        return node
    fresh = CommentedMap()
    if group in figures:
        figures[group] = fresh
    else:
        _insert_ordered(figures, group, fresh, list(GROUPS_BY_KEY) + [CUSTOM_GROUP])
    return fresh


def _append_custom(figures: CommentedMap, new_custom) -> None:
    entries = figures.get(CUSTOM_GROUP)
    if not isinstance(entries, CommentedSeq):
        entries = CommentedSeq()
        figures[CUSTOM_GROUP] = entries   # 自定义 comes last in 数据: appended at the end when new
    if entries.fa.flow_style():
        entries.fa.set_block_style()   # `自定义: []` as written by drafter new
    for name, value, unit, note in new_custom:
        entry = CommentedMap()
        entry["名称"] = name
        entry["数值"] = yaml_number(value)
        entry["单位"] = unit
        if note:
            entry["说明"] = note
        entries.append(entry)


def _ledger(data: CommentedMap, entries: list[SourceEntry], replaced_units: dict[str, set[str]]) -> None:
    ledger = data.get(SOURCES)
    if not isinstance(ledger, CommentedSeq):
        if not entries:
            return
        ledger = CommentedSeq()
        if SOURCES in data:
            data[SOURCES] = ledger
        else:
            after = next((k for k in ("上年数据", FIGURES) if k in data), None)
            insert_after(data, after, SOURCES, ledger, SOURCES_NOTE)
    for index in reversed(range(len(ledger))):
        entry = ledger[index]
        if not isinstance(entry, CommentedMap) or not isinstance(entry.get("数值"), CommentedMap):
            continue
        unit = str(entry.get("来源单位") or "")
        kept = entry["数值"]
        cells = entry.get("单元格") if isinstance(entry.get("单元格"), CommentedMap) else None
        for name in [n for n in kept if unit in replaced_units.get(str(n), ())]:
            del kept[name]
            if cells is not None and name in cells:
                del cells[name]
        if cells is not None and not cells:
            del entry["单元格"]
        if not kept:
            del ledger[index]
    for new in entries:
        node = CommentedMap()
        if new.unit:
            node["来源单位"] = new.unit
        node["文件"] = new.file
        if new.sheet:
            node["工作表"] = new.sheet
        if new.as_of is not None:
            node["截至日期"] = new.as_of
        node["数值"] = CommentedMap((name, yaml_number(value)) for name, value in new.values.items())
        if new.cells:
            node["单元格"] = CommentedMap((name, new.cells[name]) for name in new.values if name in new.cells)
        ledger.append(node)
