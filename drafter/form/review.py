"""The 待核 review marker: which reused text must be checked, flagging it, finding the flags.

A value is flagged by a YAML comment containing “待核”, either at the end of the line where
the value starts or as a full-line comment directly above its key or list item. rollover
writes the first form (the second only for block scalars `|`/`>`, whose first line holds
no ordinary comment); `drafter check` reports every value still flagged until the user
deletes the comment (the browser form does so when the value is edited or marked
已核对, `unflag`). A reused paragraph needs review when its literal text holds a
number, a year or a date; `{{ }}` placeholders need none, they take the new figures.
A data table (`表格`, rows written one per line as `[…]`) is flagged once, on its 表格 key,
so that its rows stay one line each: a comment cannot follow a cell inside `[ … ]`.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.form.placeholders import literal_parts
from drafter.form.roundtrip import (
    Loc,
    add_comment_above,
    add_eol_comment,
    comment_above,
    eol_comment,
    is_block,
    iter_leaves,
    key_position,
    parent,
    remove_eol_comment,
    set_eol_comment,
)
from drafter.text import find_dates, find_numbers, find_year_typos, find_years

MARKER = "待核"
SHOWN_MENTIONS = 3
TABLE_KEY = "表格"


def table_of(loc: Loc) -> Loc | None:
    """The location of the 表格 key holding the cell at `loc` (…, 表格, row, column), or None."""
    if TABLE_KEY in loc[:-2]:
        return loc[:loc.index(TABLE_KEY) + 1]
    return None


def literal_mentions(text: str) -> list[str]:
    """The numbers, years and dates written literally in `text` (outside placeholders), in order."""
    mentions: list[str] = []
    for part in literal_parts(text):
        spans = [(m.start, m.end) for m in find_dates(part)]
        spans += [(start, end + 1 if part[end:end + 1] == "年" else end) for _, start, end in find_years(part)]
        spans += [(start, end) for _, start, end in find_year_typos(part)]
        spans += [(m.start, m.end) for m in find_numbers(part)]
        spans.sort(key=lambda span: (span[0], -span[1]))
        reach = -1
        for start, end in spans:
            if end <= reach:
                continue  # inside a date already listed
            mentions.append(part[start:end])
            reach = end
    return mentions


def mentions_note(mentions: list[str]) -> str:
    """待核：含 2023年、15件、80% 等 5 处"""
    shown = "、".join(mentions[:SHOWN_MENTIONS])
    more = f" 等 {len(mentions)} 处" if len(mentions) > SHOWN_MENTIONS else ""
    return f"{MARKER}：含 {shown}{more}"


def marker(data: Any, loc: Loc, lines: list[str]) -> str | None:
    """The 待核 comment flagging the value at `loc`, or None. `lines` are the source the tree was read from."""
    container, key = parent(data, loc)
    for text in (eol_comment(container, key), comment_above(lines, container, key)):
        if text and MARKER in text:
            return text
    return None


def flag(data: Any, loc: Loc, note: str) -> None:
    """Flag the value at `loc` with the comment `note` (which contains 待核)."""
    container, key = parent(data, loc)
    if isinstance(container, CommentedSeq) and container.fa.flow_style():
        container.fa.set_block_style()  # a comment cannot follow an item inside [ … ]
    if not is_block(container[key]):
        add_eol_comment(container, key, note)
        return
    if isinstance(container, CommentedMap) and next(iter(container)) == key and len(loc) >= 2 \
            and isinstance(loc[-2], int):
        container, key = parent(data, loc[:-1])  # above “- 内容: |”, not between “-” and the key
    add_comment_above(container, key, note, key_position(container, key)[1] or 0)


def unflag(data: Any, loc: Loc) -> bool:
    """Take 待核 off the value at `loc` (and off the items of a list there): the parts of its
    end-of-line comment that say 待核 are dropped, the rest of the comment is kept. True when
    a flag was removed. A flag written above a block scalar (`|`) stays: editors remove it."""
    container, key = parent(data, loc)
    removed = False
    value = container[key]
    if isinstance(value, CommentedSeq):
        removed = any([unflag(data, (*loc, i)) for i in range(len(value)) if not isinstance(value[i], CommentedMap)])
    text = None if is_block(value) else eol_comment(container, key)
    if text and MARKER in text:
        kept = "；".join(part for part in text.split("；") if MARKER not in part)
        if kept:
            set_eol_comment(container, key, kept)
        else:
            remove_eol_comment(container, key)
        removed = True
    return removed


def flagged_values(data: Any, lines: list[str]) -> list[tuple[Loc, str]]:
    """(location, comment) of every scalar value in the form still flagged 待核, and of every
    table flagged on its 表格 key (once, at the table)."""
    out = []
    tables: set[Loc] = set()
    for loc, _container, _key in iter_leaves(data):
        table = table_of(loc)
        if table is not None and table not in tables:
            tables.add(table)
            if text := marker(data, table, lines):
                out.append((table, text))
        if text := marker(data, loc, lines):
            out.append((loc, text))
    return out
