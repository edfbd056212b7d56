"""`drafter render`: form → checks → document tree → writer → file, written atomically.

Refuses a form with errors (printed as `drafter check` prints them), refuses a final
document while figures are 待填 (each listed at file:line:column, with a pointer to
--draft), never replaces an existing file without --force, and writes through a
temporary file so a failed render leaves any old output whole.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import click

from drafter.checks import Finding, Level, characters, run_checks
from drafter.doctree import Role
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.fileio import check_output, write_atomic
from drafter.render import MissingFigures, RenderError, render_report
from drafter.report_check import format_finding
from drafter.writers import WRITERS, write_document
from drafter.writers.style import StyleError, StyleProfile, load_style
from drafter.yamlio import LoadedForm, field_path, load_form, locate

DEFAULT_FORMAT = "docx"


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's suffix names, else docx."""
    if fmt is not None:
        return fmt
    if output is None:
        return DEFAULT_FORMAT
    suffix = output.suffix.lower()
    for name, writer in WRITERS.items():
        if suffix == writer.suffix or (name == "html" and suffix == ".htm"):
            return name
    raise DrafterError(f"无法从文件名“{output.name}”判断输出格式，请用 --format 指定（{'、'.join(WRITERS)}）",
                       exit_code=EXIT_UNREADABLE)


def render_file(form_path: Path, output: Path | None, fmt: str | None, *, draft: bool = False,
                style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False,
                annotate: bool = False) -> int:
    """Render one form to one file; returns the exit code (errors the user can fix raise DrafterError)."""
    fmt = output_format(fmt, output)
    target = output if output is not None else form_path.with_suffix(WRITERS[fmt].suffix)
    form = load_form(form_path)
    findings = run_checks(form, blocking_only=not annotate)   # warnings only matter as comments
    return render_form(form, findings, target, fmt, lambda: load_style_profile(style_path), draft=draft,
                       templates_dir=templates_dir, force=force, annotate=annotate)


def render_form(form: LoadedForm, findings: list[Finding], target: Path, fmt: str,
                style: Callable[[], StyleProfile], *, draft: bool = False, templates_dir: Path | None = None,
                force: bool = False, echo: Callable[..., None] = click.echo, annotate: bool = False) -> int:
    """Render a loaded and checked form to `target`; returns the exit code.

    `style` is called only once the form is known to be renderable; `echo(message,
    err=…)` receives every message (the batch collects them instead of printing).
    With `annotate`, the warnings and hints of the checks become Word comments.
    """
    errors = [f for f in findings if f.level is Level.ERROR and f.rule != characters.RULE]
    if errors:
        for finding in errors:
            echo(format_finding(finding), err=True)
        echo(f"{form.path}：表单有 {len(errors)} 处错误，请修改后再生成文档（drafter check 可列出全部问题）", err=True)
        return EXIT_FINDINGS
    check_output(target, force=force, inputs=(form.path,))
    _warn_removed(form, echo)
    profile = style()
    try:
        document = render_report(form.report, draft=draft, templates_dir=templates_dir, style=profile)
    except MissingFigures as exc:
        _print_missing(form, exc, echo)
        return EXIT_FINDINGS
    except RenderError as exc:
        raise _located(form, exc) from None
    if annotate:
        _annotate(document, findings, fmt, echo)
    buffer = io.BytesIO()
    write_document(document, fmt, buffer, profile)
    write_atomic(target, buffer.getvalue())
    echo(f"已生成：{target}")
    marks = sum(1 for block in document.blocks for run in block.runs if run.role is Role.MISSING)
    if draft and marks:
        echo(f"这是草稿：有 {marks} 处以“【待填：…】”标出，填齐后去掉 --draft 再生成正式文档。")
    return EXIT_OK


def _warn_removed(form: LoadedForm, echo: Callable[..., None]) -> None:
    """Invisible characters do not stop a render (the report no longer holds them): say where they were."""
    for removal in form.removed:
        line, column = locate(form.data, removal.loc)
        echo(f"{form.name}:{line}:{column}: 警告 {field_path(removal.loc)}：{removal.describe()}，已删除", err=True)


def _annotate(document, findings: list[Finding], fmt: str, echo: Callable[..., None]) -> None:
    from drafter.annotate import annotate

    if fmt != "docx":
        echo(f"提示：--annotate 只对 Word 文档有效，{fmt} 格式不加批注。", err=True)
        return
    placed, unplaced = annotate(document, findings)
    echo(f"已把 {placed + unplaced} 条检查意见加为 Word 批注（{placed} 条标在相关段落，{unplaced} 条标在标题处）。")


def load_style_profile(path: Path | None) -> StyleProfile:
    """The style profile at `path` (the default one when None); a bad profile is a DrafterError."""
    try:
        return load_style(path)
    except StyleError as exc:
        raise DrafterError(str(exc), exit_code=EXIT_UNREADABLE) from None


def _located(form: LoadedForm, exc: RenderError) -> DrafterError:
    if not exc.loc:
        return exc
    line, column = locate(form.data, exc.loc)
    return DrafterError(exc.message, file=form.name, line=line, column=column, exit_code=exc.exit_code)


def _print_missing(form: LoadedForm, exc: MissingFigures, echo: Callable[..., None]) -> None:
    echo(f"{form.name}：{exc.message}：", err=True)
    for item in exc.items:
        line, column = locate(form.data, item.loc)
        echo(f"{form.name}:{line}:{column}: {item.describe()}", err=True)
    echo("填齐后再生成；如需先出一份草稿，请加 --draft，待填处会以“【待填：…】”标出（Word 中黄色底色）。", err=True)

