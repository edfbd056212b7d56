"""The placeholder language of form text: `{{ 行政复议.受理 }}`, `{{ 行政应诉.出庭应诉率 }}`,
`{{ 行政复议.受理 | 同比 }}`, `{{ 自定义.名称 }}`.

Owns parsing a text field into its figure references (so `check` can report a reference
to a figure that does not exist, with its place) and the catalogue of names a text may
use. Text fields allow placeholders and filters only: statements (`{% … %}`) are
refused here before any rendering happens.

Jinja's parser is the authority, but it is imported only for texts the plain form
`{{ 组.指标 | 过滤器 }}` does not cover: that form is read by a regular expression, so
`drafter check` never pays for importing Jinja on a typical form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from drafter.limits import MAX_PLACEHOLDER_DEPTH
from drafter.model.figures import GROUPS_BY_KEY
from drafter.text import MAX_PLACES, closest

CUSTOM_GROUP = "自定义"

#: Filters a text field may use (the renderer implements them).
TEXT_FILTERS = ("同比", "万元", "小数", "上年")


@dataclass(frozen=True)
class Reference:
    """One placeholder of a text, `{{ 组.指标 | 过滤器 }}`: the group, the figure (or None) and the filters."""

    group: str
    name: str | None   # None when the text names only a group
    filters: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return f"{self.group}.{self.name}" if self.name else self.group


class PlaceholderError(ValueError):
    """A text field whose placeholders cannot be used; the message is Chinese."""


#: `{{ 组.指标 }}` with optional argument-less filters; names are checked further in plain_placeholders.
_PLAIN = re.compile(r"\{\{\s*([^\W\d]\w*)\s*\.\s*([^\W\d]\w*)\s*((?:\|\s*[^\W\d]\w*\s*)*)\}\}")
#: Names Jinja reads as constants or operators rather than variables.
_JINJA_WORDS = frozenset({"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if",
                          "else"})


def has_placeholders(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def literal_parts(text: str) -> list[str]:
    """The stretches of `text` outside placeholders (a final line break aside); the whole text when its
    placeholders do not parse."""
    if not has_placeholders(text):
        return [text]
    from jinja2 import TemplateSyntaxError, nodes

    if _nesting(text) > MAX_PLACEHOLDER_DEPTH:
        return [text]
    try:
        tree = _parser_env().parse(text)
    except (TemplateSyntaxError, RecursionError):
        return [text]
    return [node.data for node in tree.find_all(nodes.TemplateData)]


def _nesting(text: str) -> int:
    """The deepest nesting of ( and [ in `text` (Jinja's parser recurses once per level)."""
    depth = deepest = 0
    for char in text:
        if char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]" and depth:
            depth -= 1
    return deepest


def parse_text(text: str) -> list[Reference]:
    """Figure references in one text field. Raises PlaceholderError for anything else."""
    if not has_placeholders(text):
        return []
    if "{%" in text:
        raise PlaceholderError("正文中只能使用 {{ 指标 }} 形式的占位符，不能使用 {% … %} 语句")
    plain = _parse_plain(text)
    if plain is not None:
        return plain
    if _nesting(text) > MAX_PLACEHOLDER_DEPTH:
        raise PlaceholderError(f"占位符中的括号嵌套过深（超过 {MAX_PLACEHOLDER_DEPTH} 层），请检查括号是否成对")
    try:
        return _parse_jinja(text)
    except RecursionError:  # `not not not … x`, `- - - … 1`: nesting without brackets
        raise PlaceholderError("占位符过于复杂（嵌套过深），正文中只能写 {{ 组名.指标名 }} 加过滤器") from None


def plain_placeholders(text: str) -> list[tuple[int, int, Reference]] | None:
    """(start, end, reference) of each placeholder when the text uses only plain ones
    (`{{ 组.指标 | 过滤器 }}`, known filters without arguments, no other `{`); None otherwise."""
    found: list[tuple[int, int, Reference]] = []
    for match in _PLAIN.finditer(text):
        group, name, piped = match.groups()
        filters = tuple(f.strip() for f in piped.split("|")[1:])
        words = (group, name, *filters)
        if any(not w.isidentifier() or w.startswith("_") or w in _JINJA_WORDS for w in words) \
                or any(f not in TEXT_FILTERS for f in filters):
            return None
        found.append((match.start(), match.end(), Reference(group, name, filters)))
    if "{" in _PLAIN.sub("", text):
        return None
    return found


def _parse_plain(text: str) -> list[Reference] | None:
    found = plain_placeholders(text)
    return None if found is None else [ref for _start, _end, ref in found]


def _parse_jinja(text: str) -> list[Reference]:
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = _parser_env().parse(text)
    except TemplateSyntaxError as exc:
        raise PlaceholderError(f"占位符写法有误：{_syntax_message(exc)}") from None
    refs: list[Reference] = []
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            refs.append(_reference(node))
    return refs


@cache
def _parser_env() -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=False)


def _syntax_message(exc: Any) -> str:
    message = exc.message or ""
    if "unexpected end of template" in message or "unexpected '}'" in message:
        return "“{{”与“}}”没有配对"
    if "unexpected char" in message:
        return "占位符里有不能识别的字符（占位符中的点和括号须用英文半角）"
    return message


def _reference(node: Any) -> Reference:
    from jinja2 import nodes

    filters: list[str] = []
    while isinstance(node, nodes.Filter):
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            if node.name != "小数":
                raise PlaceholderError(f"过滤器“{node.name}”不接受参数")
            if not _one_integer(node):
                raise PlaceholderError(f"过滤器“小数”只接受一个 0 到 {MAX_PLACES} 的整数作为位数，"
                                       "例如 {{ 行政应诉.出庭应诉率 | 小数(1) }}")
        filters.append(node.name)
        node = node.node
    for name in filters:
        if name not in TEXT_FILTERS:
            raise PlaceholderError(f"未知的过滤器“{name}”，可用：{'、'.join(TEXT_FILTERS)}")
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return Reference(node.node.name, node.attr, tuple(reversed(filters)))
    if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and isinstance(node.arg, nodes.Const) \
            and isinstance(node.arg.value, str):
        return Reference(node.node.name, node.arg.value, tuple(reversed(filters)))
    if isinstance(node, nodes.Name):
        return Reference(node.name, None, tuple(reversed(filters)))
    raise PlaceholderError("占位符只能是“组名.指标名”，例如 {{ 行政复议.受理 }}，可加过滤器如 {{ 行政复议.受理 | 同比 }}")


def _one_integer(node: Any) -> bool:
    """`小数(1)`: one literal integer from 0 to MAX_PLACES, nothing computed, unpacked or named."""
    from jinja2 import nodes

    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) != 1:
        return False
    arg = node.args[0]
    return isinstance(arg, nodes.Const) and type(arg.value) is int and 0 <= arg.value <= MAX_PLACES


def unknown_reference(ref: Reference, custom_names: set[str]) -> str | None:
    """A Chinese explanation when `ref` names no figure, else None."""
    if ref.group == CUSTOM_GROUP:
        if ref.name in custom_names:
            return None
        return f"自定义数据中没有“{ref.name}”" + _did_you_mean(ref.name or "", sorted(custom_names))
    group = GROUPS_BY_KEY.get(ref.group)
    if group is None:
        return f"没有名为“{ref.group}”的数据组" + _did_you_mean(ref.group, [*GROUPS_BY_KEY, CUSTOM_GROUP])
    if ref.name is None:
        return f"“{ref.group}”是一组数据，请写到具体指标，例如 {{{{ {ref.group}.{group.figures[0].key} }}}}"
    if group.figure(ref.name) or group.rate(ref.name):
        return None
    names = [f.key for f in group.figures] + [r.key for r in group.rates]
    return f"“{ref.group}”中没有指标“{ref.name}”" + _did_you_mean(ref.name, names)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = closest(word, options)
    return f"，你是不是想写“{close}”？" if close else ""
