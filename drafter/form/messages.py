"""Pydantic's validation errors in Chinese: the one translator, for forms, targets files and style profiles.

`explain(error, root)` says what is wrong with one value (without where: the caller adds
file:line:column or the key path), naming an unknown key's likely intent ("did you mean",
`drafter.text.closest`) from the model's Chinese aliases.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.limits import quoted
from drafter.text import closest

Loc = tuple[str | int, ...]


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _unwrap(annotation: Any) -> Any:
    """The model or list-item type behind Optional/Annotated/list annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found = _unwrap(arg)
                if found is not None:
                    return found
        return None
    if origin is list:
        return ("list", _unwrap(typing.get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that a (by-alias) location points into."""
    current: Any = root
    for key in loc:
        if isinstance(current, tuple) and current[0] == "list":
            if not isinstance(key, int):
                return None
            current = current[1]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        by_alias = {(f.alias or name): f for name, f in current.model_fields.items()}
        if key not in by_alias:
            return None
        current = _unwrap(by_alias[key].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _suggest(word: str, options: list[str]) -> str:
    close = closest(word, options)
    return f"，你是不是想写“{close}”？" if close else f"。可用的键：{'、'.join(options)}"


def describe_value(value: Any) -> str:
    """A value as a message quotes it: “文字”, 一组“键: 值”, 一个列表, 空值, 23."""
    if isinstance(value, str):
        return f"“{quoted(value)}”"
    if isinstance(value, (dict, CommentedMap)):
        return "一组“键: 值”"
    if isinstance(value, (list, CommentedSeq)):
        return "一个列表"
    if value is None:
        return "空值"
    if isinstance(value, float) and value != value:
        return "非数（.nan）"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "无穷大" if value > 0 else "负无穷大"
    return quoted(str(value))


_TYPE_NAMES = {"int": "整数", "decimal": "数字", "float": "数字", "string": "文字", "bool": "true 或 false",
               "list": "列表（每项以“- ”开头）", "dict": "一组“键: 值”", "model": "一组“键: 值”", "date": "日期（如 2025-02-08）"}


def explain(error: dict[str, Any], root: type[BaseModel]) -> str:
    """A Chinese explanation of one pydantic error."""
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc: Loc = tuple(error["loc"])
    if kind == "missing":
        return f"缺少必填项“{loc[-1]}”"
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        options = allowed_keys(parent) if parent else []
        return f"未知的键“{quoted(str(loc[-1]))}”" + (_suggest(str(loc[-1]), options) if options else "")
    if kind in ("int_parsing", "int_type", "int_from_float", "decimal_parsing", "decimal_type", "float_parsing"):
        wanted = "整数" if kind.startswith("int") else "数字"
        message = f"应为{wanted}，实为{describe_value(value)}"
        if isinstance(value, str):
            digits = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[^\d\s.]+\s*", value)
            if digits:
                return message + f"。单位不用写，请只填 {digits.group(1)}"
        if isinstance(value, bool):
            return message
        return message + ("（不能有小数）" if kind == "int_from_float" else "")
    if kind == "finite_number":
        return f"应为一个有限的数字，实为{describe_value(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        if loc and loc[-1] == "年度":
            return f"年度应为四位数年份（如 2024），实为 {value}"
        if kind == "greater_than":
            return f"应大于 {_number(ctx.get('gt'))}，实为 {value}"
        limit = ctx.get("ge")
        return "不能为负数" if limit == 0 else f"不能小于 {_number(limit)}，实为 {value}"
    if kind in ("less_than_equal", "less_than"):
        if loc and loc[-1] == "年度":
            return f"年度应为四位数年份（如 2024），实为 {value}"
        if kind == "less_than":
            return f"应小于 {_number(ctx.get('lt'))}，实为 {value}"
        return f"不能大于 {_number(ctx.get('le'))}，实为 {value}"
    if kind == "enum":
        return f"应为以下之一：{ctx.get('expected', '').replace(' or ', '、').replace(chr(39), '')}；实为{describe_value(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"日期格式应为 2025-02-08，实为{describe_value(value)}"
    if kind in ("string_too_short", "too_short"):
        return "不能为空"
    if kind == "too_long":
        return f"项数过多（最多 {ctx.get('max_length')} 项，实有 {ctx.get('actual_length')} 项）"
    if kind == "string_too_long":
        return f"太长（上限 {ctx.get('max_length')}）"
    if kind == "string_pattern_mismatch":
        return f"取值不对，实为{describe_value(value)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_unicode":
        return "含有无法编码的字符（孤立代理项，如 \\ud800），请删除"
    if kind.endswith("_type"):
        wanted = _TYPE_NAMES.get(kind[: -len("_type")], kind)
        return f"应为{wanted}，实为{describe_value(value)}"
    if kind == "bool_parsing":
        return f"应为 true 或 false，实为{describe_value(value)}"
    return error["msg"]
