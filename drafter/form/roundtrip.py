"""Editing a round-trip YAML tree so that what is not edited is written back byte for byte.

ruamel keeps comments, key order and quoting, but writes every null as an empty value,
and keeps an end-of-line comment at its old column even when the value before it
changed length. This module owns the fixes: `KeptNull` remembers how a null was spelled
(`null`, `~` …) and is what new nulls are written as; `set_value` moves the comment with
the value; comments are added to a value's line, or above its key, without losing the
full-line comments ruamel keeps in the same token. Columns count characters, as ruamel
counts them.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

Loc = tuple[str | int, ...]

NULL_SPELLING = "null"
_NULL_WORD = re.compile(r"(?:null|Null|NULL|~)(?=\s|$)")
#: gap between a value and an end-of-line comment in forms drafter writes
COMMENT_GAP = 2


class KeptNull:
    """A null value written as `spelling` (null, Null, NULL or ~) rather than left empty."""

    __slots__ = ("spelling",)

    def __init__(self, spelling: str = NULL_SPELLING) -> None:
        self.spelling = spelling

    def __repr__(self) -> str:
        return f"KeptNull({self.spelling!r})"


class Representer(RoundTripRepresenter):
    """ruamel's round-trip representer, writing KeptNull with its spelling."""


def _represent_kept_null(representer: RoundTripRepresenter, value: KeptNull) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", value.spelling)


Representer.add_representer(KeptNull, _represent_kept_null)


def source_lines(text: str) -> list[str]:
    """The lines of a YAML text as ruamel numbers them: a break is \\r\\n, \\n or a lone \\r
    (old Mac files); NEL and the Unicode line separators are not."""
    return _LINE_BREAK.split(text)


_LINE_BREAK = re.compile("\r\n|[\r\n]")


def is_null(value: Any) -> bool:
    return value is None or isinstance(value, KeptNull)


def keep_nulls(node: Any, lines: list[str]) -> None:
    """Replace each null written out in the source (`key: null`) by a KeptNull of that spelling."""
    for container, key in _children(node):
        value = container[key]
        if value is None:
            line, col = _value_position(container, key)
            match = _NULL_WORD.match(lines[line], col) if line is not None and line < len(lines) else None
            if match:
                container[key] = KeptNull(match.group(0))
        else:
            keep_nulls(value, lines)


def _children(node: Any):
    if isinstance(node, CommentedMap):
        yield from ((node, key) for key in node)
    elif isinstance(node, CommentedSeq):
        yield from ((node, index) for index in range(len(node)))


def _value_position(container: Any, key: Any) -> tuple[int | None, int | None]:
    """0-based (line, column) where the value of `key` starts in the source, if known."""
    try:
        if isinstance(container, CommentedMap):
            line, col = container.lc.value(key)
        else:
            line, col = container.lc.item(key)
    except (KeyError, TypeError, AttributeError):
        return None, None
    return line, col


def key_position(container: Any, key: Any) -> tuple[int | None, int | None]:
    """0-based (line, column) of the key (or of the list item's “-”) in the source, if known."""
    try:
        if isinstance(container, CommentedMap):
            return tuple(container.lc.key(key))  # type: ignore[return-value]
        line, col = container.lc.item(key)
    except (KeyError, TypeError, AttributeError):
        return None, None
    return line, max(col - 2, 0)  # the value follows "- "


# ---------------------------------------------------------------- navigation


def parent(data: Any, loc: Loc) -> tuple[Any, str | int]:
    """The container holding the last step of `loc`, and that step."""
    node = data
    for step in loc[:-1]:
        node = node[step]
    return node, loc[-1]


def iter_leaves(node: Any, loc: Loc = ()):
    """(loc, container, key) of every scalar value in the tree, in document order."""
    for container, key in _children(node):
        value = container[key]
        if isinstance(value, (CommentedMap, CommentedSeq)):
            yield from iter_leaves(value, (*loc, key))
        else:
            yield (*loc, key), container, key


# ---------------------------------------------------------------- comments


def _comment_slot(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _eol_token(container: Any, key: Any) -> CommentToken | None:
    entry = container.ca.items.get(key)
    if not entry:
        return None
    token = entry[_comment_slot(container)]
    return token if isinstance(token, CommentToken) else None


def is_block(value: Any) -> bool:
    """Whether the value is a block scalar (| or >), whose own line holds no ordinary comment."""
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def eol_comment(container: Any, key: Any) -> str | None:
    """The end-of-line comment on the line where the value of `key` starts, without “#”."""
    value = container[key]
    if is_block(value):
        text = getattr(value, "comment", None)
        return text.strip().lstrip("#").strip() if text else None
    token = _eol_token(container, key)
    if token is None or not token.value.startswith("#"):
        return None
    return token.value.split("\n", 1)[0][1:].strip()


def add_eol_comment(container: Any, key: Any, text: str) -> None:
    """Put `text` in the end-of-line comment of the value, in front of any comment already there.

    Full-line comments that ruamel stores in the same token (the lines below) are kept.
    A new comment is written two spaces after the value.
    """
    token = _eol_token(container, key)
    if token is not None and token.value.startswith("#"):
        first, newline, rest = token.value.partition("\n")
        old = first[1:].strip()
        token.value = f"# {text}；{old}" if old else f"# {text}"
        token.value += newline + rest
        return
    # column 0 makes the emitter put one space; the leading space in the value adds the second
    fresh = " " * (COMMENT_GAP - 1) + f"# {text}"
    if token is not None:  # only the following full-line comments: keep them after ours
        token.value = fresh + token.value
        token.start_mark = CommentMark(0)
        return
    new = CommentToken(fresh + "\n", CommentMark(0))
    if isinstance(container, CommentedMap):
        entry = container.ca.items.setdefault(key, [None, None, None, None])
        entry[2] = new
    else:
        entry = container.ca.items.setdefault(key, [None, None, None, None])
        entry[0] = new


def set_eol_comment(container: Any, key: Any, text: str) -> None:
    """Replace the text of the value's end-of-line comment, keeping the full-line comments below it."""
    token = _eol_token(container, key)
    if token is None or not token.value.startswith("#"):
        add_eol_comment(container, key, text)
        return
    _first, newline, rest = token.value.partition("\n")
    token.value = f"# {text}{newline}{rest}"


def remove_eol_comment(container: Any, key: Any) -> None:
    """Drop the value's end-of-line comment, keeping the full-line comments ruamel stores after it."""
    token = _eol_token(container, key)
    if token is None or not token.value.startswith("#"):
        return
    _first, newline, rest = token.value.partition("\n")
    if rest:
        token.value = newline + rest
        token.start_mark = CommentMark(0)
    else:
        container.ca.items[key][_comment_slot(container)] = None


def add_comment_above(container: Any, key: Any, text: str, indent: int) -> None:
    """A full-line comment directly above the key (or list item)."""
    container.yaml_set_comment_before_after_key(key, before=text, indent=indent)


def comment_above(lines: list[str], container: Any, key: Any) -> str | None:
    """The full-line comment on the source line directly above the key or list item, without “#”.

    Only a comment that starts no further right than the key counts: a deeper line is the
    content of the block scalar before it, not a comment.
    """
    line, col = key_position(container, key)
    if line is None or line == 0 or col is None:
        return None
    above = lines[line - 1]
    stripped = above.lstrip(" ")
    if not stripped.startswith("#") or len(above) - len(stripped) > col:
        return None
    return stripped[1:].strip()


def append_start_comment(data: CommentedMap, text: str) -> None:
    """Add a full-line comment after the comments at the top of the file."""
    if data.ca.comment and data.ca.comment[1]:
        data.ca.comment[1].append(CommentToken(f"# {text}\n", CommentMark(0)))
    else:
        data.yaml_set_start_comment(text)


# ---------------------------------------------------------------- values


def written_width(value: Any) -> int:
    """Characters a scalar takes when written (what a following comment must clear)."""
    if value is None:
        return -1  # `key:` with nothing after, not even the space
    if isinstance(value, KeptNull):
        return len(value.spelling)
    if isinstance(value, bool):
        return len("true" if value else "false")
    if isinstance(value, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return len(value) + 2
    return len(str(value))


def set_value(container: Any, key: Any, value: Any, lines: list[str]) -> None:
    """Replace a scalar, moving its end-of-line comment so the gap before it stays the same.

    A new string keeps the quoting style of the old one.
    """
    old = container[key]
    if isinstance(value, str) and not isinstance(value, ScalarString) and isinstance(old, ScalarString):
        value = type(old)(value)
    token = _eol_token(container, key)
    line, col = _value_position(container, key)
    if token is not None and token.value.startswith("#") and line is not None and line < len(lines):
        source = lines[line]
        comment_col = token.start_mark.column
        old_width = len(source[col:comment_col].rstrip()) if old is not None else -1
        token.start_mark = CommentMark(max(comment_col + written_width(value) - old_width, 0))
    container[key] = value


def replace_key(mapping: CommentedMap, old: str, new: str, value: Any) -> None:
    """Put `new: value` where `old` was (dropping any other `new`).

    The end-of-line comment of `old` goes with it; the full-line comments below it, which
    ruamel stores in the same token, stay.
    """
    if new != old and new in mapping:
        del mapping[new]
        mapping.ca.items.pop(new, None)
    below = _below(_eol_token(mapping, old))
    position = list(mapping).index(old)
    del mapping[old]
    mapping.ca.items.pop(old, None)
    mapping.insert(position, new, value)
    _attach_below(mapping, new, below)


def replace_value(container: Any, key: Any, value: Any) -> None:
    """Replace a (collection) value; the comments that followed the old value follow the new one."""
    below = _detach_below(container, key)
    container[key] = value
    _attach_below(container, key, below)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Delete `key: value` with the full-line comments directly above it (those after the last blank
    line before it); the comments that followed its value now follow the value before it."""
    keys = list(mapping)
    index = keys.index(key)
    below = _detach_below(mapping, key)
    if index > 0:
        last, last_key = _last_scalar(mapping, keys[index - 1])
        token = _eol_token(last, last_key)
        if token is not None:
            first, _newline, rest = token.value.partition("\n")
            lines = rest.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            while lines and lines[-1].lstrip().startswith("#"):
                lines.pop()
            while lines and not lines[-1].strip():
                lines.pop()
            kept = "\n".join(lines) + ("\n" if lines else "")
            if first or kept:
                token.value = first + "\n" + kept
            else:
                last.ca.items[last_key][_comment_slot(last)] = None
    del mapping[key]
    mapping.ca.items.pop(key, None)
    if index > 0:
        _attach_below(mapping, keys[index - 1], below)


def insert_after(mapping: CommentedMap, after: str | None, key: str, value: Any, comment: str | None = None) -> None:
    """Insert `key: value` after the key `after` (at the end when absent), with a blank line and
    a full-line `comment` above it when one is given. Comments that followed `after`'s value now
    follow the new one."""
    keys = list(mapping)
    if after in keys:
        position = keys.index(after) + 1
        below = _detach_below(mapping, after)
    else:
        position, below = len(keys), ""
    mapping.insert(position, key, value)
    if comment is not None:
        mapping.yaml_set_comment_before_after_key(key, before="\n" + comment)
    _attach_below(mapping, key, below)


# ---------------------------------------------------------------- list items
#
# The blank lines and full-line comments between list items are stored by ruamel on the last
# scalar of the item before them. These edits keep them where they are in the text: moving
# or adding an item never pulls a blank line (or the comments above the next key) with it.


def append_item(seq: CommentedSeq, value: Any) -> None:
    """Add `value` at the end of the list; what followed the list still follows it, and the new
    item is separated from the one before as the items before it are separated."""
    if not len(seq):
        seq.append(value)
        return
    below = _detach_below(seq, len(seq) - 1)
    separator = _below(_eol_token(*_last_scalar(seq, len(seq) - 2))) if len(seq) > 1 else ""
    seq.append(value)
    _attach_below(seq, len(seq) - 2, separator)
    _attach_below(seq, len(seq) - 1, below)


def delete_item(seq: CommentedSeq, index: int) -> None:
    """Remove one item; what followed the last item still follows the list."""
    last = index == len(seq) - 1
    below = _detach_below(seq, index) if last else ""
    del seq[index]
    if last and len(seq):
        _detach_below(seq, len(seq) - 1)
        _attach_below(seq, len(seq) - 1, below)


def swap_items(seq: CommentedSeq, first: int, second: int) -> None:
    """Exchange two neighbouring items. Blank lines between items stay in place; the full-line
    comments directly above an item (no blank line between) move with it."""
    first, second = min(first, second), max(first, second)
    if second != first + 1:
        raise ValueError("only neighbouring items are swapped")
    before = _detach_below(seq, first - 1) if first > 0 else ""
    between = _detach_below(seq, first)
    after = _detach_below(seq, second)
    gap_before, above_first = _split_below(before)
    gap_between, above_second = _split_below(between)
    seq[first], seq[second] = seq[second], seq[first]
    if first > 0:
        _attach_below(seq, first - 1, gap_before + above_second)
    _attach_below(seq, first, gap_between + above_first)
    _attach_below(seq, second, after)


_TRAILING_COMMENTS = re.compile(r"(.*?)((?:[ \t]*#[^\n]*\n)*)", re.DOTALL)


def _split_below(text: str) -> tuple[str, str]:
    """(blank lines and comments that separate, comment lines directly above the next item)."""
    match = _TRAILING_COMMENTS.fullmatch(text)
    return (match.group(1), match.group(2)) if match else (text, "")


def _below(token: CommentToken | None) -> str:
    """The full-line comments (and blank lines) a token holds after its first line."""
    return token.value.partition("\n")[2] if token is not None else ""


def _last_scalar(container: Any, key: Any) -> tuple[Any, Any]:
    """The container and key of the last scalar in the value of `key` (itself when it is one)."""
    value = container[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        container, key = value, (next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1)
        value = container[key]
    return container, key


def _detach_below(container: Any, key: Any) -> str:
    """Remove and return the comments ruamel stored after the value of `key`, on its last scalar."""
    last, last_key = _last_scalar(container, key)
    token = _eol_token(last, last_key)
    below = _below(token)
    if below:
        first = token.value.partition("\n")[0]
        if first:
            token.value = first + "\n"
        else:
            last.ca.items[last_key][_comment_slot(last)] = None
    return below


def _attach_below(container: Any, key: Any, below: str) -> None:
    """Put full-line comments after the value of `key`."""
    if not below:
        return
    last, last_key = _last_scalar(container, key)
    token = _eol_token(last, last_key)
    if token is not None:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + below
        return
    entry = last.ca.items.setdefault(last_key, [None, None, None, None])
    entry[_comment_slot(last)] = CommentToken("\n" + below, CommentMark(0))
