"""Which files the forms named on a command line are: files as given, folders expanded.

Its own small module so that a command deciding whether it has one form or a batch
(`drafter render 表单.yaml` against `drafter render 表单/`) need not load the batch runner.
"""

from __future__ import annotations

from pathlib import Path

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.limits import MAX_BATCH_FILES

FORM_SUFFIXES = (".yaml", ".yml")


def is_batch(paths: list[Path]) -> bool:
    """Several forms, or a folder of them."""
    return len(paths) > 1 or any(p.is_dir() for p in paths)


def collect_forms(paths: list[Path]) -> list[Path]:
    """The forms named: files as given, folders expanded to their .yaml/.yml files (not subfolders), by name."""
    forms: list[Path] = []
    for path in paths:
        if path.is_dir():
            # everything named .yaml but a folder: a dangling link, a link loop or a FIFO is
            # listed in the summary as unreadable (with the reason) rather than skipped unseen
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in FORM_SUFFIXES and not p.is_dir())
            if not found:
                raise DrafterError(f"文件夹中没有表单（.yaml 文件）：{path}", exit_code=EXIT_UNREADABLE)
            forms += found
        else:
            forms.append(path)
    forms = list(dict.fromkeys(forms))
    if len(forms) > MAX_BATCH_FILES:
        raise DrafterError(f"表单过多（{len(forms)} 份，一次最多 {MAX_BATCH_FILES} 份），请分批处理", exit_code=EXIT_UNREADABLE)
    return forms
