"""`drafter render`: form → `drafter.api.render` → file, written atomically; several forms or
a folder as a batch (`RenderJob` run by `drafter.cli.batch`).

Refuses a form with errors (printed as `drafter check` prints them), refuses a final
document while figures are 待填 (each listed at file:line:column, with a pointer to
--draft), never replaces an existing file without --force, and writes through a
temporary file so a failed render leaves any old output whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from drafter import api
from drafter.errors import EXIT_OK, EXIT_UNREADABLE, DrafterError, Refused
from drafter.cli.forms import collect_forms

if TYPE_CHECKING:
    from drafter.cli.batch import Outcome

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
    checked = api.check(form, public=public, blocking_only=not annotate)   # warnings only matter as comments
    return render_form(form, checked, target, fmt, style_path, draft=draft,
                       templates_dir=templates_dir, force=force, annotate=annotate, public=public)


def render_form(form: api.LoadedForm, checked: api.CheckResult, target: Path, fmt: str, style_path: Path | None, *,
                draft: bool = False, templates_dir: Path | None = None, force: bool = False,
                echo: Callable[..., None] = click.echo, annotate: bool = False, public: bool = False) -> int:
    """Render a loaded and checked form to `target`; returns the exit code.

    `echo(message, err=…)` receives every message (the batch collects them instead of
    printing). With `annotate`, the warnings and hints of the checks become Word comments.
    A `public` copy (findings from the publication review) leaves out what is marked 不公开.
    """
    api.refuse_public_draft(public=public, draft=draft)
    try:
        api.refuse_errors(form, checked.findings, draft=draft)
        api.check_target(target, force=force, inputs=_inputs(form, style_path, templates_dir))
        for line in api.removal_warnings(form):
            echo(line, err=True)
        result = api.render(form, fmt, draft=draft, annotate=annotate, style=style_path,
                            templates_dir=templates_dir, checked=checked, public=public)
    except Refused as exc:
        for line in exc.lines:
            echo(line, err=True)
        return exc.exit_code
    for line in result.warnings + result.adjusted:
        echo(line, err=True)
    api.save(target, result.data, force=force, inputs=_inputs(form, style_path, templates_dir))
    echo(f"已生成{'公开版' if public else ''}：{target}")
    for line in result.notes:
        echo(line)
    if draft and result.marks:
        echo(f"这是草稿：有 {result.marks} 处以“【…】”标出（待填的数据和待改的错误，黄色底色），"
             "改好后去掉 --draft 再生成正式文档。")
    return EXIT_OK


def _inputs(form: api.LoadedForm, style_path: Path | None, templates_dir: Path | None) -> tuple[Path, ...]:
    """Everything a render reads, which its output may not be: the form, the style profile, the templates."""
    from drafter.paths import TEMPLATES_DIR

    return (form.path, *((style_path,) if style_path else ()), templates_dir or TEMPLATES_DIR)


@dataclass(frozen=True)
class RenderJob:
    """`drafter render` of one form to `out_dir` (or beside the form); a batch job, run in worker processes too."""

    fmt: str
    out_dir: Path | None = None
    draft: bool = False
    style_path: Path | None = None
    templates_dir: Path | None = None
    force: bool = False
    annotate: bool = False
    public: bool = False

    def target(self, path: Path) -> Path:
        name = default_target(path, self.fmt, self.public).name
        return (self.out_dir / name) if self.out_dir is not None else path.with_name(name)

    def __call__(self, path: Path) -> Outcome:
        # the batch runner is imported by batches only: a single render never loads it
        from drafter.cli.batch import FIGURES_MISSING, NOT_WRITTEN, RENDERED, UNREADABLE, Outcome, failed_result, \
            internal_outcome

        messages: list[tuple[str, bool]] = []
        errors = warnings = 0
        try:
            form = api.load_form(path)
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, UNREADABLE, messages=((str(exc), True),))
        except Exception:  # noqa: BLE001 - one form's crash must not stop the batch
            return internal_outcome(path)
        try:
            checked = api.check(form, public=self.public)
            errors, warnings = len(checked.errors), len(checked.warnings)
            code = render_form(form, checked, self.target(path), self.fmt, self.style_path,
                               draft=self.draft, templates_dir=self.templates_dir, force=self.force,
                               annotate=self.annotate, public=self.public,
                               echo=lambda message, err=False: messages.append((message, err)))
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, NOT_WRITTEN, errors, warnings, (*messages, (str(exc), True)))
        except Exception:  # noqa: BLE001
            return internal_outcome(path)
        result = RENDERED if code == EXIT_OK else failed_result(checked.findings) if errors else FIGURES_MISSING
        shown = tuple(m for m in messages if m[1])   # the table says 已生成; keep only the problems
        return Outcome(path, code, result, errors, warnings, shown)


def render_batch(paths: list[Path], out_dir: Path | None, fmt: str | None, *, jobs: int = 1, draft: bool = False,
                 style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False,
                 annotate: bool = False, public: bool = False) -> int:
    """`drafter render` of several forms or folders into `out_dir` (created if missing) or beside each form."""
    from drafter.cli.batch import report, run_jobs

    forms = collect_forms(paths)
    job = RenderJob(output_format(fmt, None, public), out_dir, draft, style_path, templates_dir, force, annotate,
                    public)
    _refuse_shared_targets(forms, job)
    api.style_profile(style_path)  # a broken profile stops the batch before it starts
    if out_dir is not None:
        _make_output_folder(out_dir)
    return report(run_jobs(forms, job, jobs, "生成文档"), table=True)


def _make_output_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise DrafterError(f"生成多份文档时 -o 应为文件夹，但 {out_dir} 是一个文件", exit_code=EXIT_UNREADABLE)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise DrafterError(f"无法建立输出文件夹 {out_dir}：没有写入上级文件夹的权限，请用 -o 指定别处",
                           exit_code=EXIT_UNREADABLE) from None
    except (FileExistsError, NotADirectoryError):
        raise DrafterError(f"无法建立输出文件夹 {out_dir}：路径中的某一级是文件而不是文件夹",
                           exit_code=EXIT_UNREADABLE) from None
    except OSError as exc:
        raise DrafterError(f"无法建立输出文件夹 {out_dir}：{exc.strerror or exc}", exit_code=EXIT_UNREADABLE) from None


def _refuse_shared_targets(forms: list[Path], job: RenderJob) -> None:
    seen: dict[Path, Path] = {}
    for form in forms:
        target = job.target(form)
        if target in seen:
            raise DrafterError(f"{seen[target]} 和 {form} 会生成同一个文件 {target}，请改名或分别生成",
                               exit_code=EXIT_UNREADABLE)
        seen[target] = form
