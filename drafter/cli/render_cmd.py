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
PUBLIC_FORMAT = "html"


def default_target(form_path: Path, fmt: str, public: bool = False) -> Path:
    """Beside the form, same name (示例县2024（公开版）.html for the public copy)."""
    suffix = api.suffix(fmt)
    if public:
        return form_path.with_name(f"{form_path.stem}（公开版）{suffix}")
    return form_path.with_suffix(suffix)


def output_format(fmt: str | None, output: Path | None, public: bool = False) -> str:
    """The format asked for, else the one the output's suffix names, else docx (html for
    the public copy)."""
    if fmt is not None:
        return fmt
    if output is None:
        return PUBLIC_FORMAT if public else DEFAULT_FORMAT
    suffix = output.suffix.lower()
    names = api.formats()
    for name in names:
        if suffix == api.suffix(name) or (name == "html" and suffix == ".htm"):
            return name
    raise DrafterError(f"无法从文件名“{output.name}”判断输出格式，请用 --format 指定（{'、'.join(names)}）",
                       exit_code=EXIT_UNREADABLE)


def render_file(form_path: Path, output: Path | None, fmt: str | None, *, draft: bool = False,
                style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False,
                annotate: bool = False, public: bool = False) -> int:
    """Render one form to one file; returns the exit code (errors the user can fix raise DrafterError)."""
    fmt = output_format(fmt, output, public)
    target = output if output is not None else default_target(form_path, fmt, public)
    form = api.load_form(form_path)
    findings = api.check(form, public=public, blocking_only=not annotate).findings   # warnings only matter as comments
    return render_form(form, findings, target, fmt, style_path, draft=draft,
                       templates_dir=templates_dir, force=force, annotate=annotate, public=public)


def render_form(form: LoadedForm, findings: list[Finding], target: Path, fmt: str, style_path: Path | None, *,
                draft: bool = False, templates_dir: Path | None = None, force: bool = False,
                echo: Callable[..., None] = click.echo, annotate: bool = False, public: bool = False) -> int:
    """Render a loaded and checked form to `target`; returns the exit code.

    `echo(message, err=…)` receives every message (the batch collects them instead of
    printing). With `annotate`, the warnings and hints of the checks become Word comments.
    A `public` copy (findings from the publication review) leaves out what is marked 不公开.
    """
    if public and draft:
        raise DrafterError("公开版不能是草稿：请填齐数据后再生成公开版（去掉 --draft）", exit_code=EXIT_UNREADABLE)
    try:
        api.refuse_errors(form, findings)
        api.check_target(target, force=force, inputs=_inputs(form, style_path, templates_dir))
        for line in api.removal_warnings(form):
            echo(line, err=True)
        result = api.render(form, fmt, draft=draft, annotate=annotate, style=style_path,
                            templates_dir=templates_dir, findings=findings, public=public)
    except Refused as exc:
        for line in exc.lines:
            echo(line, err=True)
        return exc.exit_code
    for line in result.warnings:
        echo(line, err=True)
    api.save(target, result.data, force=force, inputs=_inputs(form, style_path, templates_dir))
    echo(f"已生成{'公开版' if public else ''}：{target}")
    for line in result.notes:
        echo(line)
    if draft and result.marks:
        echo(f"这是草稿：有 {result.marks} 处以“【待填：…】”标出，填齐后去掉 --draft 再生成正式文档。")
    return EXIT_OK


def _inputs(form: LoadedForm, style_path: Path | None, templates_dir: Path | None) -> tuple[Path, ...]:
    """Everything a render reads, which its output may not be: the form, the style profile, the templates."""
    from drafter.paths import TEMPLATES_DIR

    return (form.path, *((style_path,) if style_path else ()), templates_dir or TEMPLATES_DIR)


def load_style_profile(path: Path | None) -> object:
    """The style profile at `path` (the default one when None); a bad profile is a DrafterError."""
    return api.style_profile(path)
