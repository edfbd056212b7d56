"""`drafter render`: form → checks → document tree → writer → file, written atomically.

Refuses a form with errors (printed as `drafter check` prints them), refuses a final
document while figures are 待填 (each listed at file:line:column, with a pointer to
--draft), never replaces an existing file without --force, and writes through a
temporary file so a failed render leaves any old output whole.
"""

from __future__ import annotations

import io
from pathlib import Path

import click

from drafter.checks import Level, characters, run_checks
from drafter.doctree import Role
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.fileio import check_output, write_atomic
from drafter.render import MissingFigures, RenderError, render_report
from drafter.report_check import format_finding
from drafter.writers import WRITERS, write_document
from drafter.writers.style import StyleError, load_style
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
                style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False) -> int:
    """Render one form to one file; returns the exit code (errors the user can fix raise DrafterError)."""
    fmt = output_format(fmt, output)
    target = output if output is not None else form_path.with_suffix(WRITERS[fmt].suffix)
    form = load_form(form_path)
    errors = [f for f in run_checks(form) if f.level is Level.ERROR and f.rule != characters.RULE]
    if errors:
        for finding in errors:
            click.echo(format_finding(finding), err=True)
        click.echo(f"{form_path}：表单有 {len(errors)} 处错误，请修改后再生成文档（drafter check 可列出全部问题）", err=True)
        return EXIT_FINDINGS
    check_output(target, force=force, inputs=(form_path,))
    _warn_removed(form)
    style = _style(style_path)
    try:
        document = render_report(form.report, draft=draft, templates_dir=templates_dir, style=style)
    except MissingFigures as exc:
        _print_missing(form, exc)
        return EXIT_FINDINGS
    except RenderError as exc:
        raise _located(form, exc) from None
    buffer = io.BytesIO()
    write_document(document, fmt, buffer, style)
    write_atomic(target, buffer.getvalue())
    click.echo(f"已生成：{target}")
    marks = sum(1 for block in document.blocks for run in block.runs if run.role is Role.MISSING)
    if draft and marks:
        click.echo(f"这是草稿：有 {marks} 处以“【待填：…】”标出，填齐后去掉 --draft 再生成正式文档。")
    return EXIT_OK


def _warn_removed(form: LoadedForm) -> None:
    for removal in form.removed:
        line, column = locate(form.data, removal.loc)
        click.echo(f"{form.name}:{line}:{column}: 警告 {field_path(removal.loc)}：{removal.describe()}，已删除", err=True)


def _style(path: Path | None):
    try:
        return load_style(path)
    except StyleError as exc:
        raise DrafterError(str(exc), exit_code=EXIT_UNREADABLE) from None


def _located(form: LoadedForm, exc: RenderError) -> DrafterError:
    if not exc.loc:
        return exc
    line, column = locate(form.data, exc.loc)
    return DrafterError(exc.message, file=form.name, line=line, column=column, exit_code=exc.exit_code)


def _print_missing(form: LoadedForm, exc: MissingFigures) -> None:
    click.echo(f"{form.name}：{exc.message}：", err=True)
    for item in exc.items:
        line, column = locate(form.data, item.loc)
        click.echo(f"{form.name}:{line}:{column}: {item.describe()}", err=True)
    click.echo("填齐后再生成；如需先出一份草稿，请加 --draft，待填处会以“【待填：…】”标出（Word 中黄色底色）。", err=True)

