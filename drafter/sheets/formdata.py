"""Reading only 表单版本, 基本信息 and 数据 of many forms quickly (drafter aggregate).

A province adds up thousands of forms; parsing each whole form with the round-trip
parser takes ~80 ms. Here the file is read by the one bounded reader (drafter.fileio), its
top-level blocks are found by their column-0 keys, and the two blocks needed are read by a
strict line grammar that covers what drafter writes and what people type in these blocks
(`键: 数字`, `键: null`, comments, 自定义 entries of plain Chinese text). Any line outside
that grammar sends the block to the YAML parser (drafter.yamlio.parse_yaml), and any
problem there or in validation sends the whole file to `load_form`, so every error is
reported exactly as `drafter check` reports it. The result is validated by the same
pydantic models (Meta, Figures) after the same migration (drafter.migrate).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.errors import DrafterError
from drafter.form.files import read_text
from drafter.form.migrate import migrate
from drafter.model.figures import Figures
from drafter.model.report import Meta
from drafter.form.load import LoadedForm, load_form, parse_yaml

BLOCKS = ("表单版本", "基本信息", "数据")
SHOWN_ERRORS = 3

_TOP_KEY = re.compile(r"([^\s#'\"\-?\[\]{},&*!|>%@`:][^:#]*?):(?:[ ]|$)")
_KEY = r"[^\s#'\"\-?\[\]{},&*!|>%@`:][^:#]*?"
_LINE = re.compile(rf"(?P<indent> *)(?P<dash>- )?(?P<key>{_KEY}):(?: +(?P<value>[^#]*?))?(?: +#.*)?")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_NULLS = {"", "null", "Null", "NULL", "~"}
#: plain text YAML reads back as the same string: starts with a CJK character or a full-width
#: mark, no “: ” or “ #”, no trailing colon
_TEXT = re.compile(r"[\u3400-\u9fff\u3001-\u303f\uff01-\uff5e“”‘’《》][^#]*")


class _Unsure(Exception):
    """The strict grammar does not cover this block: use the YAML parser."""


@dataclass
class UnitFigures:
    """One unit's form as aggregation needs it."""

    path: Path
    meta: Meta
    figures: Any                          # drafter.model.figures.Figures
    present: set[tuple[str, str]]         # (group, figure) keys written in the form, null or not
    notes: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.meta.region


class UnitFailure(Exception):
    """A unit form that cannot be used; the message is Chinese and names the file."""


def read_unit(path: Path) -> UnitFigures:
    text, _encoding = read_text(path)
    try:
        blocks = _blocks(text)
        data = {key: _parse_block(key, block, path) for key, block in blocks.items()}
    except (_Unsure, DrafterError):
        return _full(path)
    notes: list[str] = []
    plain = migrate(data, notes)
    try:
        meta = Meta.model_validate(plain.get("基本信息"))
        figures = Figures.model_validate(plain["数据"]) if "数据" in plain else Figures()
    except ValidationError:
        return _full(path)
    return UnitFigures(path, meta, figures, _present(plain.get("数据")), notes)


def _full(path: Path) -> UnitFigures:
    """The whole form through load_form: what it reports is the reason a form is not used."""
    from drafter.form.plain import plain

    form: LoadedForm = load_form(path)
    if form.report is None:
        shown = "；".join(f"第 {p.line} 行：{p.message}" for p in form.problems[:SHOWN_ERRORS])
        more = f" 等 {len(form.problems)} 处" if len(form.problems) > SHOWN_ERRORS else ""
        raise UnitFailure(f"{path}：表单有错误（{shown}{more}），请先用 drafter check 检查")
    raw = plain(form.data).get("数据")
    return UnitFigures(path, form.report.meta, form.report.figures, _present(raw), list(form.notes))


def _present(figures: Any) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    if isinstance(figures, dict):
        for group, values in figures.items():
            if isinstance(values, dict):
                out.update((group, key) for key in values)
    return out


# ---------------------------------------------------------------- blocks


def _blocks(text: str) -> dict[str, list[str]]:
    """The lines of each needed top-level block, found by the keys written at column 0 (a “- ” at
    column 0 is an item of the list the key above holds, as YAML reads it)."""
    text = text.replace("\r\n", "\n")   # Windows line ends read as YAML reads them
    if "\t" in text or "\r" in text:
        raise _Unsure
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        if line and line[0] not in " #" and not (line.startswith("- ") or line == "-"):
            match = _TOP_KEY.match(line)
            if match is None:
                raise _Unsure       # a document marker, a list at the top, a quoted key …
            key = match.group(1).strip()
            if key in out:
                raise _Unsure       # duplicate key: the parser words the error
            current = out.setdefault(key, []) if key in BLOCKS else None
            if current is not None:
                current.append(line)
        elif current is not None:
            current.append(line)
    return out


def _parse_block(key: str, lines: list[str], path: Path) -> Any:
    try:
        if key == "表单版本":
            return _version(lines)
        if key == "数据":
            return _figures(lines)
        return _meta(lines)
    except _Unsure:
        block = parse_yaml("\n".join(lines) + "\n", str(path))
        from drafter.form.plain import plain

        return plain(block).get(key) if isinstance(block, dict) else None


def _content(lines: list[str]) -> list[re.Match[str]]:
    """The lines after the block's key, comments and blank lines left out, each matched by _LINE."""
    out = []
    for line in lines[1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.fullmatch(line.rstrip())
        if match is None:
            raise _Unsure
        out.append(match)
    return out


def _scalar_of(line: str) -> str:
    match = _LINE.fullmatch(line.rstrip())
    if match is None:
        raise _Unsure
    return (match.group("value") or "").strip()


def _version(lines: list[str]) -> Any:
    if len(_content(lines)) or not _INT.fullmatch(value := _scalar_of(lines[0])):
        raise _Unsure
    return int(value)


def _number(value: str) -> int | str | None:
    if value in _NULLS:
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        return value          # pydantic reads the decimal text exactly
    raise _Unsure


def _text(value: str) -> str:
    if not _TEXT.fullmatch(value) or ": " in value or value.endswith(":"):
        raise _Unsure
    return value


def _figures(lines: list[str]) -> dict[str, Any]:
    if _scalar_of(lines[0]):
        raise _Unsure
    data: dict[str, Any] = {}
    group_indent = figure_indent = None
    group: dict[str, Any] | None = None
    custom: list[dict[str, Any]] | None = None
    item: dict[str, Any] | None = None
    item_indent = None
    block_lists: list[list[dict[str, Any]]] = []   # 自定义 written with its items below: never empty
    for match in _content(lines):
        indent, key, value = len(match.group("indent")), match.group("key").strip(), (match.group("value") or "")
        dash = match.group("dash") is not None
        if group_indent is None:
            group_indent = indent
        if indent == group_indent and not dash:
            if key in data:
                raise _Unsure
            group, custom, item = None, None, None
            if key == "自定义":
                if value.strip() == "[]":
                    data[key] = []
                elif value.strip():
                    raise _Unsure
                else:
                    custom = data[key] = []
                    block_lists.append(custom)
            elif value.strip():
                raise _Unsure
            else:
                group = data.setdefault(key, {})
            continue
        if custom is not None:
            if dash:
                item = {}
                custom.append(item)
                item_indent = indent + 2
            elif item is None or indent != item_indent:
                raise _Unsure
            if key in item:
                raise _Unsure
            item[key] = _number(value.strip()) if key == "数值" else _text(value.strip())
            continue
        if group is None or dash or indent <= group_indent:
            raise _Unsure
        if figure_indent is None:
            figure_indent = indent
        if indent != figure_indent or key in group:
            raise _Unsure
        group[key] = _number(value.strip())
    if not data or any(value == {} for value in data.values()) or not all(block_lists):
        raise _Unsure   # an empty key is null to YAML: the parser and the model word it
    return data


_LIST_KEYS = ("主送机关", "落款")
_OUTLINE = re.compile(r'(20[0-9]{2}-20[0-9]{2})|"(20[0-9]{2}-20[0-9]{2})"')
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ITEM = re.compile(r"- ([^#]*?)(?: +#.*)?")
#: a quoted string without escapes: 'text' (no ' inside) or "text" (no " or \ inside)
_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\\\n]*)\"")


def _meta(lines: list[str]) -> dict[str, Any]:
    if _scalar_of(lines[0]):
        raise _Unsure
    data: dict[str, Any] = {}
    first_indent = None
    open_list: list[str] | None = None   # a list key written with its items below (“- 名称”)
    for line in lines[1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if stripped.startswith("- "):
            if open_list is None or indent < (first_indent or 0):
                raise _Unsure       # (a list may start at its key's own indent, as YAML allows)
            item = _ITEM.fullmatch(stripped)
            if item is None:
                raise _Unsure
            open_list.append(_text(item.group(1).strip()))
            continue
        match = _LINE.fullmatch(line.rstrip())
        if match is None or match.group("dash"):
            raise _Unsure
        key, value = match.group("key").strip(), (match.group("value") or "").strip()
        first_indent = indent if first_indent is None else first_indent
        if indent != first_indent or key in data:
            raise _Unsure
        open_list = None
        if key == "年度":
            if not _INT.fullmatch(value):
                raise _Unsure
            data[key] = int(value)
        elif key in _LIST_KEYS:
            if value:
                data[key] = _flow_list(value)
            else:
                data[key] = open_list = []
        elif value in _NULLS:
            data[key] = None
        elif outline := _OUTLINE.fullmatch(value):
            data[key] = outline.group(1) or outline.group(2)
        elif quoted := _QUOTED.fullmatch(value):
            data[key] = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        elif _DATE.fullmatch(value):
            try:
                data[key] = dt.date.fromisoformat(value)
            except ValueError:
                raise _Unsure from None
        else:
            data[key] = _text(value)
    return data


def _flow_list(value: str) -> list[str]:
    """`[示例县人民政府, 中共示例县委]` of plain Chinese names; a block list goes to the parser."""
    if not (value.startswith("[") and value.endswith("]")):
        raise _Unsure
    inner = value[1:-1].strip()
    if not inner:
        return []
    items = [part.strip() for part in inner.split(",")]
    for item in items:
        if not _TEXT.fullmatch(item) or any(ch in item for ch in "[]{}\"'"):
            raise _Unsure
    return items
