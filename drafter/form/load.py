"""Loading a form: YAML text → plain values → validated report, with line numbers; and the
round-trip tree (comments and layout kept) for the commands that edit a form.

Owns the translation of parser and pydantic errors into Chinese messages located at
file:line:column with the Chinese field path (数据.行政复议.受理). Refuses YAML
anchors/aliases (the "billion laughs" attack) and oversized files before parsing.

A form is read with the C parser into plain values (`drafter.form.plain`); locations are
looked up in a node tree built only when a message needs one, and the round-trip tree only
when a command edits the form or looks at its comments. Text the C parser cannot vouch
for goes through the round-trip parser, whose values and messages are the reference.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from drafter.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DrafterError
from drafter.form.files import check_text_size, read_text
from drafter.form.messages import describe_value, explain
from drafter.form.plain import Positions, plain, plain_data
from drafter.form.roundtrip import Representer, keep_nulls, source_lines
from drafter.form.unsafe_chars import Removal, char_name, clean_tree
from drafter.limits import MAX_FLOW_DEPTH, MAX_NESTING_DEPTH, MAX_NUMBER_DIGITS, MAX_YAML_LINES, quoted
from drafter.text import line_column

Loc = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse_yaml(text: str, filename: str) -> Any:
    """Parse YAML text (round trip). Raises DrafterError with a located Chinese message."""
    _screen(text, filename)
    return _round_trip(text, filename)


def read_values(text: str, filename: str) -> Any:
    """The plain values of YAML text, as `plain(parse_yaml(…))` gives them, without building
    the round-trip tree when the C parser can read the text. Raises what parse_yaml raises."""
    _screen(text, filename)
    fast, values = plain_data(text)
    if fast and _within_limits(values):
        return values
    return plain(_round_trip(text, filename))   # the reference, and its located messages


def _screen(text: str, filename: str) -> None:
    """What is refused before parsing: tabs, anchors and aliases, brackets nested too deep."""
    if "\t" in text:
        line_no, col = line_column(text, text.index("\t"))
        raise DrafterError("含有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格", file=filename,
                           line=line_no, column=col, exit_code=EXIT_UNREADABLE)
    lines = text.count("\n") + 1
    if lines > MAX_YAML_LINES:
        raise DrafterError(f"文件有 {lines} 行，超过上限 {MAX_YAML_LINES} 行，不像是一份正常的表单或配置文件，请确认选对了文件",
                           file=filename, line=MAX_YAML_LINES + 1, exit_code=EXIT_UNREADABLE)
    if "&" in text or "*" in text:
        _refuse_aliases(text, filename)
    if text.count("[") + text.count("{") > MAX_FLOW_DEPTH:
        _refuse_deep_nesting(text, filename)


def _round_trip(text: str, filename: str) -> Any:
    try:
        data = _yaml().load(text)
    except DuplicateKeyError as exc:
        first = exc.context_mark.line + 1 if exc.context_mark else None
        second = exc.problem_mark.line + 1 if exc.problem_mark else None
        key = _quoted(exc.problem) or ""
        raise DrafterError(f"键{key}重复出现（第 {first} 行和第 {second} 行），请删除或合并其中一处",
                           file=filename, line=second, column=(exc.problem_mark.column + 1) if exc.problem_mark else None,
                           exit_code=EXIT_UNREADABLE) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DrafterError(_explain_yaml_error(exc), file=filename,
                           line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                           exit_code=EXIT_UNREADABLE) from None
    except ReaderError as exc:
        raise _unreadable_character(exc, text, filename) from None
    except RecursionError:
        raise DrafterError(_TOO_DEEP, file=filename, line=_deepest_line(text), exit_code=EXIT_UNREADABLE) from None
    except ValueError:  # a timestamp the calendar does not have (2024-02-30), or a number of 4,300+ digits
        raise _long_number(text, filename) or _impossible_date(text, filename) from None
    except TypeError:   # a mapping used as a key (`? : a:`): the parser cannot even build it
        raise DrafterError(_COMPLEX_KEY, file=filename, line=_complex_key_line(text), exit_code=EXIT_UNREADABLE) from None
    except YAMLError as exc:
        raise DrafterError(f"YAML 格式错误：{quoted(str(exc))}", file=filename, exit_code=EXIT_UNREADABLE) from None
    _check_tree(data, filename)
    return data


def _check_tree(data: Any, filename: str) -> None:
    """Refuse what the parser accepts but no form has: mappings and lists nested deeper than
    MAX_NESTING_DEPTH, numbers longer than MAX_NUMBER_DIGITS digits, and keys that are
    themselves lists or mappings (`? [a, b]`); each at its line and column."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            continue
        if depth > MAX_NESTING_DEPTH:
            raise DrafterError(_TOO_DEEP, file=filename, line=node.lc.line + 1, column=node.lc.col + 1,
                               exit_code=EXIT_UNREADABLE)
        is_map = isinstance(node, CommentedMap)
        for key, child in node.items() if is_map else enumerate(node):
            if is_map and isinstance(key, (list, dict, tuple)):
                line, column = _position(node, key, at_key=True)
                raise DrafterError(_COMPLEX_KEY, file=filename, line=line, column=column, exit_code=EXIT_UNREADABLE)
            if _huge(child) or (is_map and _huge(key)):
                line, column = _position(node, key, at_key=not _huge(child))
                raise DrafterError(f"数字过长（超过 {MAX_NUMBER_DIGITS} 位），不像是报告中的数据，请检查", file=filename,
                                   line=line, column=column, exit_code=EXIT_UNREADABLE)
            stack.append((child, depth + 1))


_COMPLEX_KEY = "键只能是一段文字，不能是列表或“键: 值”（? 开头的复杂键），请改为普通的“键: 值”"


def _complex_key_line(text: str) -> int | None:
    """The line of the first `?` complex key of the text, if there is one."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("?"):
            return number
    return None


def _within_limits(values: Any) -> bool:
    """Whether plain values pass `_check_tree` (else the round-trip parse says where they do not)."""
    stack: list[tuple[Any, int]] = [(values, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
            if any(isinstance(k, (list, dict, tuple)) or _huge(k) for k in node):
                return False
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_NESTING_DEPTH:
            return False
        for child in children:
            if _huge(child):
                return False
            stack.append((child, depth + 1))
    return True


def _huge(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _HUGE


_HUGE = 10 ** MAX_NUMBER_DIGITS


def _position(node: Any, key: Any, *, at_key: bool) -> tuple[int, int]:
    try:
        if isinstance(node, CommentedSeq):
            line, column = node.lc.item(key)
        else:
            line, column = node.lc.key(key) if at_key else node.lc.value(key)
    except (KeyError, TypeError, AttributeError):
        line, column = node.lc.line, node.lc.col
    return line + 1, column + 1


#: Python refuses to turn longer digit strings into integers (a ValueError inside the parser).
_INT_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_LONG_DIGITS = re.compile(r"(?<![\w.])[-+]?\d[\d_]{%d,}" % (_INT_DIGITS - 1))


def _long_number(text: str, filename: str) -> DrafterError | None:
    """The first over-long number in `text` (Python refuses to read integers of 4,300+ digits)."""
    match = _LONG_DIGITS.search(text)
    if match is None:
        return None
    line, column = line_column(text, match.start())
    return DrafterError(f"数字过长（{len(match.group(0))} 位，上限 {MAX_NUMBER_DIGITS} 位），不像是报告中的数据，请检查",
                        file=filename, line=line, column=column, exit_code=EXIT_UNREADABLE)


#: MAX_FLOW_DEPTH (drafter.limits): brackets nested deeper are refused before parsing (the parser
#: slows down quadratically and then overflows the stack on them; a real form nests a few levels).
_TOO_DEEP = "层次嵌套过深，不像是一份正常的表单或配置文件。请检查方括号、花括号是否成对"


def _deepest_line(text: str) -> int:
    """The line that nests deepest in block style: most indentation plus leading "- " / "? " markers."""
    def depth(line: str) -> int:
        body = line.lstrip(" ")
        markers = len(body) - len(body.lstrip("-? "))
        return len(line) - len(body) + markers
    lines = text.split("\n")
    return max(range(len(lines)), key=lambda i: depth(lines[i])) + 1


def _refuse_deep_nesting(text: str, filename: str) -> None:
    """Refuse [ and { nested deeper than MAX_FLOW_DEPTH outside quotes and comments."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        char = text[i]
        previous = text[i - 1] if i else "\n"
        if quote:
            if quote == '"' and char == "\\":
                i += 1
            elif char == quote and quote == "'" and text[i + 1:i + 2] == "'":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'" and previous in " \t\n[{,:-":
            quote = char
        elif char == "#" and previous in " \t\n":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                line, column = line_column(text, i)
                raise DrafterError(_TOO_DEEP, file=filename, line=line, column=column, exit_code=EXIT_UNREADABLE)
        elif char in "]}":
            depth = max(depth - 1, 0)
        i += 1


_TIMESTAMP = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2}))?")


def _impossible_date(text: str, filename: str) -> DrafterError:
    """The first date in `text` that YAML read as a timestamp but the calendar does not have."""
    import datetime as dt

    for match in _TIMESTAMP.finditer(text):
        try:
            dt.datetime(*(int(part) for part in match.groups() if part is not None))
        except ValueError:
            line, column = line_column(text, match.start())
            return DrafterError(f"日期“{match.group(0)}”不存在，请检查年、月、日（如 2025-02-08）", file=filename,
                                line=line, column=column, exit_code=EXIT_UNREADABLE)
    return DrafterError("表单中有不存在的日期，请检查年、月、日（如 2025-02-08）", file=filename, exit_code=EXIT_UNREADABLE)


def _unreadable_character(exc: ReaderError, text: str, filename: str) -> DrafterError:
    """A raw control character YAML refuses to read (written escaped, e.g. "\\x0b", it is only removed)."""
    line, column = line_column(text, exc.position)
    name = char_name(chr(exc.character)) if isinstance(exc.character, int) else "无法识别的字符"
    return DrafterError(f"含有不可见的字符 {name}（常见于从 Word 或 PDF 复制的文字），YAML 不能读取，请删除它",
                        file=filename, line=line, column=column, exit_code=EXIT_UNREADABLE)


def _quoted(problem: str | None) -> str | None:
    match = re.search(r'"([^"]+)"', problem or "")
    return f"“{match.group(1)}”" if match else None


def _refuse_aliases(text: str, filename: str) -> None:
    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    try:
        for event in YAML(typ="safe", pure=True).parse(io.StringIO(text)):
            anchored = isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor
            if isinstance(event, AliasEvent) or anchored:
                mark = event.start_mark
                raise DrafterError("不允许使用 YAML 锚点（&）和别名（*），请把内容直接写出来",
                                   file=filename, line=mark.line + 1, column=mark.column + 1,
                                   exit_code=EXIT_UNREADABLE)
    except YAMLError:
        return  # the real parse reports it with the full explanation


_YAML_PROBLEMS = (
    ("could not find expected ':'", "缺少冒号“:”，或者上一行的引号没有闭合"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”，多半是缩进不对，或值里的英文冒号后跟了空格（请给整段文字加引号）"),
    ("expected <block end>, but found", "缩进不一致：同一层的键必须左对齐"),
    ("did not find expected key", "缩进不一致或列表项“-”位置不对"),
    ("found character that cannot start any token", "含有不能出现在此处的字符（例如 @ ` 或 Tab），请给这段文字加引号"),
    ("found undefined alias", "不允许使用 YAML 别名（*）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found unexpected end of stream", "文件意外结束，可能有未闭合的引号或括号"),
    ("did not find expected '-' indicator", "列表项“-”的缩进不一致"),
    ("while parsing a flow", "方括号或花括号没有闭合"),
)


def _explain_yaml_error(exc: MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message in _YAML_PROBLEMS:
        if needle in text:
            return f"YAML 格式错误：{message}"
    return f"YAML 格式错误：{exc.problem or exc.context}"


def dump_yaml(data: Any, source: str | None = None) -> str:
    """YAML text of a round-trip tree. With the `source` text the tree was loaded from,
    each null keeps its spelling there (`null`, `~` or nothing), so an unchanged tree
    dumps back to the same text (the tree's nulls become `roundtrip.KeptNull`)."""
    if source is not None:
        keep_nulls(data, source_lines(source))
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


# ---------------------------------------------------------------- locations


def field_path(loc: Loc) -> str:
    """数据.行政复议.受理 / 主要举措和成效.章节[3].条目[1] (list positions counted from 1)."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key + 1}]"
        else:
            out += ("." if out else "") + str(key)
    return out


def parse_field_path(path: str) -> Loc:
    """The location `field_path` wrote: 主要举措和成效.章节[3].条目[1] → (…, "章节", 2, "条目", 0)."""
    loc: list[str | int] = []
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        loc.append(int(index) - 1 if index else key)
    return tuple(loc)


# ---------------------------------------------------------------- validation errors


@dataclass
class SchemaProblem:
    """One value of the form that the schema refuses: where it is and why, in Chinese."""

    loc: Loc
    message: str
    line: int
    column: int


def schema_problems(exc: ValidationError, positions: Positions, root: type[BaseModel]) -> list[SchemaProblem]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            line, col = positions.key_location(loc)
        elif error["type"] == "missing":
            line, col = positions.locate(loc[:-1], at_key=True)
        else:
            line, col = positions.locate(loc)
        out.append(SchemaProblem(loc, explain(error, root), line, col))
    return out


# ---------------------------------------------------------------- loading a form


@dataclass
class LoadedForm:
    """A form read from disk or given as text: its text, its values as read, and (when valid)
    the report. `positions()` says where a value is; `data`, the round-trip tree, is parsed
    on first use (only the commands that edit a form or read its comments need it)."""

    path: Path
    text: str
    encoding: str
    values: Any                    # plain dicts, lists and scalars (migrated to the current 表单版本)
    report: Any = None
    problems: list[SchemaProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what migrating an older 表单版本 changed
    removed: list[Removal] = field(default_factory=list)   # unsafe characters taken out of the report
    #: When the form has schema problems: the report without the values at fault, so that
    #: `drafter check` reports its content in the same run (never rendered).
    partial: Any = None
    #: The round-trip tree of the text when the caller has it already (the browser form's
    #: edited tree); otherwise parsed on first use of `data`.
    tree: Any = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def data(self) -> Any:
        """The round-trip tree of the text (comments, layout and line numbers kept)."""
        if self.tree is None:
            self.tree = parse_yaml(self.text, self.name)
        return self.tree

    def positions(self) -> Positions:
        """Where the values are in the text: keep it while looking up many locations (its
        node tree is built on the first lookup and lives as long as it)."""
        return Positions(self.text)

    def locate(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest node of `loc` there is (see `Positions`)."""
        return self.positions().locate(loc, at_key=at_key)


def load_form(path: Path, model: type[BaseModel] | None = None) -> LoadedForm:
    """Read and validate a form. Unreadable files raise DrafterError; schema problems are collected."""
    from drafter.model import Report

    text, encoding = read_text(path, what="表单" if model in (None, Report) else "文件")
    return load_form_text(text, path, model, encoding=encoding)


def load_form_text(text: str, path: Path, model: type[BaseModel] | None = None, *,
                   encoding: str = "utf-8") -> LoadedForm:
    """Validate a form given as text (`path` names it in messages; nothing is read from disk)."""
    check_text_size(text, str(path))
    return _validated(text, read_values(text, str(path)), path, model, encoding)


def form_from_tree(text: str, data: Any, path: Path, model: type[BaseModel] | None = None, *,
                   encoding: str = "utf-8") -> LoadedForm:
    """Validate the round-trip tree `data` of `text` (parsed from it, or edited so that every
    line kept its number: the browser form's value edits skip parsing the text again)."""
    from drafter.form.plain import plain

    check_text_size(text, str(path))
    return _validated(text, plain(data), path, model, encoding, tree=data)


def _validated(text: str, values: Any, path: Path, model: type[BaseModel] | None, encoding: str,
               tree: Any = None) -> LoadedForm:
    from drafter.form.migrate import migrate
    from drafter.model import Report

    model = model or Report
    form = LoadedForm(path, text, encoding, values, tree=tree)
    if values is None:
        raise DrafterError("文件是空的。可以用 drafter new 生成一份完整表单", file=str(path), line=1, column=1,
                           exit_code=EXIT_UNREADABLE)
    if not isinstance(values, dict):
        raise DrafterError(f"表单的最外层应为一组“键: 值”，实为{describe_value(values)}", file=str(path), line=1, column=1,
                           exit_code=EXIT_FINDINGS)
    try:
        migrated = migrate(values, form.notes)
    except DrafterError as exc:
        line, column = form.locate(("表单版本",))
        raise DrafterError(exc.message, file=str(path), line=line, column=column, exit_code=exc.exit_code) from None
    cleaned, form.removed = clean_tree(migrated)
    try:
        form.report = model.model_validate(cleaned)
    except ValidationError as exc:
        form.problems = schema_problems(exc, form.positions(), model)
        form.partial = _salvage(model, cleaned, exc)
    return form


def _salvage(model: type[BaseModel], plain: Any, exc: ValidationError, rounds: int = 4) -> Any:
    """The model validated without the values the errors point at (a wrong value falls back
    to its default); None when a required value is missing or nothing validates."""
    import copy

    data = copy.deepcopy(plain)
    for _ in range(rounds):
        for error in exc.errors():
            if error["type"] == "missing":
                return None
            choice = _first_choice(error)
            if choice is not None and _replace(data, error["loc"], choice):
                continue
            if not _drop(data, error["loc"]):
                return None
        try:
            return model.model_validate(data)
        except ValidationError as again:
            exc = again
    return None


def _first_choice(error: Any) -> str | None:
    """For a value outside a fixed set (层级: 镇), the set's first value: a stand-in that lets
    the rest of the form be checked."""
    if error["type"] not in ("enum", "literal_error"):
        return None
    found = re.search(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
    return found.group(1) if found else None


def _replace(data: Any, loc: tuple[Any, ...], value: Any) -> bool:
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        node[loc[-1]] = value
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Delete the deepest value along `loc` that exists in `data` (list items become None
    only at the end of a path, so positions stay); False when nothing can be dropped."""
    parents: list[tuple[Any, Any]] = []
    node = data
    for key in loc:
        if isinstance(node, dict) and key in node:
            parents.append((node, key))
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            parents.append((node, key))
            node = node[key]
        else:
            break
    if not parents:
        return False
    container, key = parents[-1]
    if isinstance(container, dict):
        del container[key]
    elif len(parents) > 1 and isinstance(parents[-2][0], dict):
        owner, owner_key = parents[-2]
        del owner[owner_key]
    else:
        return False
    return True

