"""Edits made in the browser form, applied to the round-trip tree of the form's YAML.

A change names a location (`("数据", "行政复议", "受理")`, `("主要举措和成效", "章节", 2, "内容")`)
and carries what the browser sent: text typed into a field, a list (one line each), a
number, a date, a choice or a check box. `field_kind` says, from the location alone, which of
these a field is (the view draws the same kinds), `coerce` turns the browser's text into the
YAML value, and the edits go through `drafter.form.roundtrip` — values keep their quoting and the
gap before their comment, list items and keys are added, removed and moved without disturbing
the blank lines and comments around them — so that everything not edited is written back byte
for byte. Locations the form's model does not have are refused (`EditError`), so a request
cannot write arbitrary keys.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString, ScalarString

from drafter.errors import DrafterError
from drafter.model import Report
from drafter.form.messages import allowed_keys, model_at
from drafter.form.review import table_of, unflag
from drafter.form.roundtrip import (
    NULL_SPELLING,
    KeptNull,
    Loc,
    append_item,
    delete_item,
    delete_key,
    insert_after,
    keep_nulls,
    replace_value,
    set_value,
    swap_items,
)

#: Field kinds: how the browser shows a field and how its text becomes a YAML value.
TEXT, PARAGRAPHS, LINES, NUMBER, DATE, CHOICE, FLAG = "text", "paragraphs", "lines", "number", "date", "choice", "flag"
#: One paragraph of a 内容 list that also holds tables or 不公开 paragraphs (the lines typed are one paragraph).
PARAGRAPH = "paragraph"

FIGURE_ROOTS = ("数据", "上年数据")
CUSTOM = "自定义"
PART_KEYS = ("第一责任人履职", "主要举措和成效", "存在的不足和原因", "下一年度工作安排", "其他需要报告的情况")
OPTIONAL_PARTS = ("第一责任人履职", "其他需要报告的情况")
_STYLE_KEYS = ("章节写法", "条目写法", "子项写法")
_META_CHOICES = ("层级", "标题样式", "纲要版本")

#: What a new list item holds, by the key of the list.
#: Empty texts are written "" as in a blank form (`drafter new`).
NEW_ITEMS: dict[str, dict[str, Any]] = {
    "章节": {"标题": DoubleQuotedScalarString(""), "内容": DoubleQuotedScalarString("")},
    "条目": {"小标题": DoubleQuotedScalarString(""), "内容": DoubleQuotedScalarString("")},
    "子项": {"小标题": DoubleQuotedScalarString(""), "内容": DoubleQuotedScalarString("")},
    CUSTOM: {"名称": DoubleQuotedScalarString(""), "数值": KeptNull(NULL_SPELLING),
             "单位": DoubleQuotedScalarString("")},
}
#: A new paragraph in a 内容 list (one that holds tables or 不公开 paragraphs too).
NEW_PARAGRAPH = "内容"
#: The rows of a table in a 内容 list: a new row has as many empty cells as the heading row.
TABLE = "表格"


class EditError(DrafterError):
    """A change the form cannot take (a location it does not have): a bad request, not a user error."""


def field_kind(loc: Loc) -> str:
    """The kind of the field at `loc` (EditError when the form has no such field)."""
    if not loc:
        raise EditError(f"表单中没有这一项：{loc!r}")
    _check_known(loc)
    key = loc[-1]
    if isinstance(key, int):
        if len(loc) >= 2 and loc[-2] in ("内容", "导语"):
            return PARAGRAPH            # a paragraph of a 内容 (or 导语) list
        if len(loc) >= 4 and loc[-3] == "表格" and isinstance(loc[-2], int):
            return TEXT                 # a cell of a table
        if loc[:-1] == ("附件",):
            return TEXT                 # an attachment written as its name only
        raise EditError(f"表单中没有这一项：{loc!r}")
    if key == "段落":
        return PARAGRAPH
    if loc[0] in FIGURE_ROOTS:
        if len(loc) == 4 and loc[1] == CUSTOM:
            return NUMBER if key == "数值" else TEXT
        if len(loc) == 3 and loc[1] != CUSTOM:
            return NUMBER
        raise EditError(f"表单中没有这一项：{loc!r}")
    if loc[0] == "基本信息":
        if key == "年度":
            return NUMBER
        if key == "成文日期":
            return DATE
        if key in ("主送机关", "落款"):
            return LINES
        return CHOICE if key in _META_CHOICES else TEXT
    if loc in (("附件",), ("检查设置", "关闭规则")):
        return LINES
    if key in ("内容", "导语"):
        return PARAGRAPHS
    if key in _STYLE_KEYS or key in ("纲要领域", "状态"):
        return CHOICE
    if key in ("不涉及", "不公开"):
        return FLAG
    return TEXT


def _check_known(loc: Loc) -> None:
    """Refuse a location whose keys are not the model's (indices may be anything; they are
    checked against the tree when used)."""
    for depth, key in enumerate(loc):
        if isinstance(key, int):
            continue
        if key == "表格" and depth >= 2 and loc[depth - 2] == "内容" and isinstance(loc[depth - 1], int):
            continue                    # a table in a 内容 list: its rows and cells are indices
        model = model_at(Report, loc[:depth])
        if model is None and depth and loc[depth - 1] == "报送截止":
            from drafter.model.report import Level

            if key in {level.value for level in Level}:
                continue
        if model is None or key not in allowed_keys(model):
            raise EditError(f"表单中没有这一项：{'.'.join(str(k) for k in loc)}")


_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")


def coerce(kind: str, raw: str) -> Any:
    """The YAML value of what the browser sent for a field of `kind`.

    Text that is not what the field wants (“23件” in a number) is kept as text, so that the
    form's checks explain it in their own words beside the field.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if kind == PARAGRAPH:
        return "".join(line.strip() for line in raw.split("\n"))
    if kind in (PARAGRAPHS, LINES):
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        if kind == LINES:
            return lines
        return "" if not lines else lines[0] if len(lines) == 1 else lines
    if kind == FLAG:
        return raw.strip().lower() in ("true", "on", "1", "yes")
    text = raw.strip()
    if not text:
        return "" if kind == TEXT else None
    if kind == NUMBER:
        if _INTEGER.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text):
            return float(text)
    if kind == DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


# ---------------------------------------------------------------- applying changes


#: What `set_field` returns when it only replaced scalars in place: every line keeps its number.
IN_PLACE = "in place"


def set_field(data: CommentedMap, loc: Loc, value: Any, lines: list[str]) -> bool | str:
    """Put `value` at `loc` (adding the missing keys on the way, in the model's key order);
    False when the form already held it, IN_PLACE when only scalars were replaced."""
    found = _walk(data, loc[:-1])
    if not isinstance(found, tuple):
        container, key = found, loc[-1]
        if not isinstance(container, (CommentedMap, CommentedSeq)):
            raise EditError(f"表单中这一项不是一组内容：{loc!r}")
        if isinstance(container, CommentedSeq):
            if not isinstance(key, int) or not 0 <= key < len(container):
                raise EditError(f"表单中没有这一项：{loc!r}")
        elif key not in container:
            if _empty(value):
                return False
            _insert_key(container, loc, _node(value))
            return True
    else:  # a mapping on the way is missing (or null): add it with the value inside
        if _empty(value):
            return False
        container, depth = found
        nested: Any = value
        for step in reversed(loc[depth + 1:]):
            nested = {step: nested}
        _put(container, loc[: depth + 1], _node(nested))
        return True
    keep_nulls(container, lines)  # a null written out (`null`, `~`) has a width the comment after it keeps
    old = container[key]
    if value is None:
        if old is None or isinstance(old, KeptNull):
            return False
        value = KeptNull(NULL_SPELLING)
    if isinstance(value, list):
        return _set_list(container, key, value, lines)
    if isinstance(old, (CommentedMap, CommentedSeq)):
        replace_value(container, key, value)
        return True
    if type(old) is type(value) and old == value:
        return False
    if isinstance(old, ScalarString) and old == "" and isinstance(value, str):
        value = PlainScalarString(value)  # text typed into a blank form's "": plain (quoted only if it must be)
    set_value(container, key, value, lines)
    return IN_PLACE


def edit_field(data: CommentedMap, loc: Loc, value: Any, lines: list[str]) -> bool | str:
    """`set_field`, and a value the user changed is reviewed: its 待核 flag goes (a table's
    flag stays until the table is marked 已核对, one cell changed is not the table reviewed)."""
    result = set_field(data, loc, value, lines)
    if result and table_of(loc) is None:
        unflag(data, loc)
    return result


def as_parsed(node: Any) -> None:
    """Put back the plain None for every null that dumping turned into a KeptNull, so that the
    edited tree is what parsing its text gives (locations of nulls are taken at their keys)."""
    if isinstance(node, CommentedMap):
        keys = list(node)
    elif isinstance(node, CommentedSeq):
        keys = range(len(node))
    else:
        return
    for key in keys:
        value = node[key]
        if isinstance(value, KeptNull):
            node[key] = None
        else:
            as_parsed(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _walk(data: CommentedMap, loc: Loc) -> Any:
    """The container at `loc`, or (parent, depth) when the mapping at loc[depth] is missing or null."""
    node: Any = data
    for depth, key in enumerate(loc):
        if isinstance(node, CommentedSeq):
            if not isinstance(key, int) or not 0 <= key < len(node):
                raise EditError(f"表单中没有这一项：{loc!r}")
            node = node[key]
            continue
        if not isinstance(node, CommentedMap) or isinstance(key, int):
            raise EditError(f"表单中没有这一项：{loc!r}")
        if key not in node or node[key] is None or isinstance(node[key], KeptNull):
            return node, depth
        node = node[key]
    return node


def _put(mapping: CommentedMap, loc: Loc, value: Any) -> None:
    key = loc[-1]
    if key in mapping:
        replace_value(mapping, key, value)
    else:
        _insert_key(mapping, loc, value)


def _set_list(container: Any, key: Any, value: list[str], lines: list[str]) -> bool | str:
    old = container[key]
    if not isinstance(old, CommentedSeq):
        replace_value(container, key, _node(value))
        return True
    if list(old) == value:
        return False
    keep_nulls(old, lines)
    for index, text in enumerate(value[: len(old)]):
        if old[index] != text:
            set_value(old, index, text, lines)
    if len(old) == len(value):
        return IN_PLACE
    while len(old) > len(value):
        delete_item(old, len(old) - 1)
    for text in value[len(old):]:
        append_item(old, text)
    return True


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    return value


def _insert_key(mapping: CommentedMap, loc: Loc, value: Any) -> None:
    """Insert the last key of `loc` after the keys that come before it in the model."""
    model = model_at(Report, loc[:-1])
    order = allowed_keys(model) if model is not None else list(mapping)
    key = loc[-1]
    earlier = order[: order.index(key)] if key in order else order
    previous = next((k for k in reversed(list(mapping)) if k in earlier), None)
    if previous is None:
        mapping.insert(0, key, value)
    else:
        insert_after(mapping, previous, key, value)


# ---------------------------------------------------------------- list items and parts


def list_at(data: CommentedMap, loc: Loc) -> CommentedSeq:
    """The list at `loc` (a list of sections, items, sub-items, custom figures, or paragraphs)."""
    if loc[-1] not in NEW_ITEMS and loc[-1] not in (NEW_PARAGRAPH, TABLE):
        raise EditError(f"这一项不能添加或移动：{loc!r}")
    _check_known(loc)
    found = _walk(data, loc)
    if not isinstance(found, CommentedSeq):
        raise EditError(f"表单中没有这一列表：{loc!r}")
    return found


def add_item(data: CommentedMap, loc: Loc) -> int:
    """Append a new, empty item to the list at `loc`; its index."""
    _check_known(loc)
    if loc[-1] == TABLE:
        rows = list_at(data, loc)
        row = CommentedSeq(DoubleQuotedScalarString("") for _ in range(max(len(rows[0]) if rows else 1, 1)))
        row.fa.set_flow_style()   # as tables are written: - [项目, 数量]
        append_item(rows, row)
        return len(rows) - 1
    if loc[-1] not in NEW_ITEMS and loc[-1] != NEW_PARAGRAPH:
        raise EditError(f"这一项不能添加：{loc!r}")
    item = DoubleQuotedScalarString("") if loc[-1] == NEW_PARAGRAPH else _node(NEW_ITEMS[loc[-1]])
    found = _walk(data, loc)
    if isinstance(found, str) and found:   # one paragraph written as a string: now a list of two
        _put(_walk(data, loc[:-1]), loc, _node([str(found), item]))
        return 1
    if isinstance(found, CommentedSeq):
        append_item(found, item)
        return len(found) - 1
    if isinstance(found, tuple):
        container, depth = found
        nested: Any = [item]
        for step in reversed(loc[depth + 1:]):
            nested = {step: nested}
        _put(container, loc[: depth + 1], _node(nested))
    else:  # the key holds something else (an empty value): a list with the new item
        parent = _walk(data, loc[:-1])
        _put(parent, loc, _node([item]))
    return 0


def remove_item(data: CommentedMap, loc: Loc, index: int) -> None:
    seq = list_at(data, loc)
    if not 0 <= index < len(seq):
        raise EditError(f"没有第 {index + 1} 项")
    delete_item(seq, index)


def move_item(data: CommentedMap, loc: Loc, index: int, step: int) -> int:
    """Move an item up (step −1) or down (+1); its new index."""
    seq = list_at(data, loc)
    target = index + step
    if not (0 <= index < len(seq) and 0 <= target < len(seq)) or step not in (-1, 1):
        raise EditError("无法移动到这个位置")
    swap_items(seq, index, target)
    return target


def add_part(data: CommentedMap, key: str) -> None:
    """Add an optional part (第一责任人履职, 其他需要报告的情况) with an empty 内容."""
    if key not in OPTIONAL_PARTS:
        raise EditError(f"不能添加这一部分：{key}")
    if key in data and isinstance(data[key], CommentedMap):
        return
    if key in data:
        replace_value(data, key, _node({"内容": DoubleQuotedScalarString("")}))
    else:
        _insert_key(data, (key,), _node({"内容": DoubleQuotedScalarString("")}))


def remove_part(data: CommentedMap, key: str) -> None:
    if key not in OPTIONAL_PARTS:
        raise EditError(f"这一部分是报告必需的，不能删除：{key}")
    if key in data:
        delete_key(data, key)
