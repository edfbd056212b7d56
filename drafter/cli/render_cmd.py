"""`drafter render`: form → `drafter.api.render` → file, written atomically.

Refuses a form with errors (printed as `drafter check` prints them), refuses a final
document while figures are 待填 (each listed at file:line:column, with a pointer to
--draft), never replaces an existing file without --force, and writes through a
temporary file so a failed render leaves any old output whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from drafter import api
from drafter.checks import Finding
from drafter.errors import EXIT_OK, EXIT_UNREADABLE, DrafterError, Refused
from drafter.form.load import LoadedForm

DEFAULT_FORMAT = "docx"


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's suffix names, else docx."""
    if fmt is not None:
        return fmt
    if output is None:
        return DEFAULT_FORMAT
    suffix = output.suffix.lower()
    names = api.formats()
    for name in names:
        if suffix == api.suffix(name) or (name == "html" and suffix == ".htm"):
            return name
    raise DrafterError(f"无法从文件名“{output.name}”判断输出格式，请用 --format 指定（{'、'.join(names)}）",
                       exit_code=EXIT_UNREADABLE)


def render_file(form_path: Path, output: Path | None, fmt: str | None, *, draft: bool = False,
                style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False,
                annotate: bool = False) -> int:
    """Render one form to one file; returns the exit code (errors the user can fix raise DrafterError)."""
    fmt = output_format(fmt, output)
    target = output if output is not None else form_path.with_suffix(api.suffix(fmt))
    form = api.load_form(form_path)
    findings = api.check(form, blocking_only=not annotate).findings   # warnings only matter as comments
    return render_form(form, findings, target, fmt, style_path, draft=draft,
                       templates_dir=templates_dir, force=force, annotate=annotate)


def render_form(form: LoadedForm, findings: list[Finding], target: Path, fmt: str, style_path: Path | None, *,
                draft: bool = False, templates_dir: Path | None = None, force: bool = False,
                echo: Callable[..., None] = click.echo, annotate: bool = False) -> int:
    """Render a loaded and checked form to `target`; returns the exit code.

    `echo(message, err=…)` receives every message (the batch collects them instead of
    printing). With `annotate`, the warnings and hints of the checks become Word comments.
    """
    try:
        api.refuse_errors(form, findings)
        api.check_target(target, force=force, inputs=(form.path,))
        for line in api.removal_warnings(form):
            echo(line, err=True)
        result = api.render(form, fmt, draft=draft, annotate=annotate, style=style_path,
                            templates_dir=templates_dir, findings=findings)
    except Refused as exc:
        for line in exc.lines:
            echo(line, err=True)
        return exc.exit_code
    for line in result.warnings:
        echo(line, err=True)
    for line in result.notes:
        echo(line)
    api.save(target, result.data, force=force, inputs=(form.path,))
    echo(f"已生成：{target}")
    if draft and result.marks:
        echo(f"这是草稿：有 {result.marks} 处以“【待填：…】”标出，填齐后去掉 --draft 再生成正式文档。")
    return EXIT_OK


def load_style_profile(path: Path | None) -> object:
    """The style profile at `path` (the default one when None); a bad profile is a DrafterError."""
    return api.style_profile(path)
