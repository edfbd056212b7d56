"""`drafter check --fix`: write the typography family's safe fixes back into the form.

The fixes are made in the ruamel round-trip tree with `roundtrip.set_value` (each text
keeps its quoting style, an end-of-line comment keeps its gap), and the tree is dumped
with the source's null spellings, so comments, key order and layout survive. Before the form is replaced, its exact bytes are
copied to `FILE.bak`; an existing .bak is never overwritten without `force` (it may be
the only copy of the original). Both files are written atomically.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from drafter.checks.texts import text_fields
from drafter.checks.typography import Change, fix_text
from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.form.files import write_atomic
from drafter.form.load import LoadedForm, dump_yaml, field_path, load_form, parse_yaml
from drafter.form.roundtrip import parent, set_value, source_lines
from drafter.limits import MAX_INPUT_BYTES, read_bounded


@dataclass
class FixedField:
    path: str                   # Chinese field path, e.g. 主要举措和成效.章节[2].内容
    changes: dict[str, Change]  # rule id → what changed


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


@dataclass
class FixResult:
    """The fixed form's YAML text (the source text when nothing changed) and what was fixed."""

    text: str
    fixed: list[FixedField]


def fix_loaded(form: LoadedForm) -> FixResult:
    """The safe fixes applied to a loaded form's round-trip tree (the form itself is left as it was)."""
    if form.report is None:
        raise DrafterError("表单有结构错误，请先按 drafter check 的提示修正，再使用 --fix",
                           file=form.name, exit_code=EXIT_FINDINGS)
    data = parse_yaml(form.text, form.name)
    lines = source_lines(form.text)
    fixed: list[FixedField] = []
    for field in text_fields(form.report):
        try:
            container, key = parent(data, field.loc)
            original = container[key]
        except (KeyError, IndexError, TypeError):
            continue  # a default the form does not write out (结束语)
        if not isinstance(original, str):
            continue
        new, changes = fix_text(str(original), field.prefix)
        if new == original:
            continue
        set_value(container, key, new, lines)
        fixed.append(FixedField(field_path(field.loc), changes))
    return FixResult(dump_yaml(data, source=form.text) if fixed else form.text, fixed)


def fix_form(path: Path, *, force: bool = False) -> list[FixedField]:
    """Apply the safe fixes to the form at `path` in place; return what was fixed (nothing
    written when there is nothing to fix)."""
    form = load_form(path)
    result = fix_loaded(form)
    if not result.fixed:
        return result.fixed
    raw = read_bounded(path, MAX_INPUT_BYTES, "表单")
    backup = backup_path(path)
    if backup.exists() and not force:
        raise DrafterError(f"备份文件 {backup.name} 已存在：请先确认并删除它，或加 --force 覆盖备份",
                           file=str(path), exit_code=EXIT_FINDINGS)
    write_atomic(backup, raw, force=force)
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    # a linked form: fix the file it links to (the link stays a link)
    write_atomic(path.resolve(), bom + result.text.encode(form.encoding), force=True)
    return result.fixed
