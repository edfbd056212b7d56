"""`drafter check --fix`: write the typography family's safe fixes back into the form.

The fixes are made in the ruamel round-trip tree, each text keeping its scalar style
(plain, quoted, block), and the tree is dumped with the source's null spellings, so
comments, key order and layout survive. Before the form is replaced, its exact bytes are
copied to `FILE.bak`; an existing .bak is never overwritten without `force` (it may be
the only copy of the original). Both files are written atomically.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import ScalarString

from drafter.checks.texts import text_fields
from drafter.checks.typography import Change, fix_text
from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.fileio import write_atomic
from drafter.yamlio import Loc, dump_yaml, field_path, load_form


@dataclass
class FixedField:
    path: str                   # Chinese field path, e.g. 主要举措和成效.章节[2].内容
    changes: dict[str, Change]  # rule id → what changed


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def fix_form(path: Path, *, force: bool = False) -> list[FixedField]:
    """Apply the safe fixes to the form at `path` in place; return what was fixed (nothing
    written when there is nothing to fix)."""
    form = load_form(path)
    if form.report is None:
        raise DrafterError("表单有结构错误，请先按 drafter check 的提示修正，再使用 --fix",
                           file=str(path), exit_code=EXIT_FINDINGS)
    fixed: list[FixedField] = []
    for field in text_fields(form.report):
        parent, key = _parent(form.data, field.loc)
        if parent is None or not isinstance(parent[key], str):
            continue
        original = parent[key]
        new, changes = fix_text(str(original), field.prefix)
        if new == original:
            continue
        parent[key] = type(original)(new) if isinstance(original, ScalarString) else new
        _keep_comment_gap(parent, key, len(original) - len(new))
        fixed.append(FixedField(field_path(field.loc), changes))
    if not fixed:
        return fixed
    raw = path.read_bytes()
    backup = backup_path(path)
    if backup.exists() and not force:
        raise DrafterError(f"备份文件 {backup.name} 已存在：请先确认并删除它，或加 --force 覆盖备份",
                           file=str(path), exit_code=EXIT_FINDINGS)
    write_atomic(backup, raw)
    text = dump_yaml(form.data, source=form.text)
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    write_atomic(path, bom + text.encode(form.encoding))
    return fixed


def _keep_comment_gap(parent: Any, key: Any, shorter_by: int) -> None:
    """Move the end-of-line comment after a shortened value left with it, so the gap between
    value and comment stays as written (ruamel otherwise keeps the comment's column)."""
    if shorter_by <= 0:
        return
    if isinstance(parent, CommentedMap):
        entry, slot, line = parent.ca.items.get(key), 2, parent.lc.value(key)[0]
    else:
        entry, slot, line = parent.ca.items.get(key), 0, parent.lc.item(key)[0]
    token = entry[slot] if entry and len(entry) > slot else None
    mark = getattr(token, "start_mark", None)
    if mark is not None and mark.line == line:
        mark.column = max(mark.column - shorter_by, 0)


def _parent(data: Any, loc: Loc) -> tuple[Any, Any]:
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None, None
    try:
        node[loc[-1]]
    except (KeyError, IndexError, TypeError):
        return None, None
    return node, loc[-1]
