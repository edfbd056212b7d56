"""Many forms in one command: `drafter render forms/ -o out/`, `drafter check a.yaml b.yaml`.

Owns running one job per form (the forms found by `drafter.form.files.collect_forms`; in this process or, with
--jobs N, in N worker processes), the progress bar (on a terminal only, on stderr),
each form's messages after the bar, the summary table (文件, 结果, 错误, 警告) aligned
for Chinese text, and the batch's exit code: 0 when every form passed, 1 when any
failed. A form that fails in any way (unreadable, invalid, figures 待填, even an
internal error) is reported in its row; it never stops the others.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from drafter.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.form.files import collect_forms
from drafter.text import display_width, pad


# Results shown in the summary table.
RENDERED = "已生成"
PASSED = "通过"
HAS_ERRORS = "有错误"
FIGURES_MISSING = "数据待填"
UNREADABLE = "无法读取"
NOT_WRITTEN = "未生成"
INTERNAL = "内部错误"


@dataclass(frozen=True)
class Outcome:
    """What happened to one form; `messages` are (text, to_stderr) in the order they arose."""

    path: Path
    code: int
    result: str
    errors: int = 0
    warnings: int = 0
    messages: tuple[tuple[str, bool], ...] = ()
    data: dict[str, Any] = field(default_factory=dict)   # the form's entry in `check --format json`

    @property
    def failed(self) -> bool:
        return self.code != EXIT_OK


# ---------------------------------------------------------------- the jobs (run in worker processes too)


def _counts(findings: list[Any]) -> tuple[int, int]:
    from drafter.checks import Level

    return (sum(1 for f in findings if f.level is Level.ERROR), sum(1 for f in findings if f.level is Level.WARNING))


def _internal(path: Path) -> Outcome:
    from drafter.cli.crashlog import write_crash_log

    log = write_crash_log()
    return Outcome(path, EXIT_INTERNAL, INTERNAL,
                   messages=((f"{path}：内部错误，详细信息已写入 {log}，请把该文件发给维护人员。", True),))


@dataclass(frozen=True)
class CheckJob:
    """`drafter check` of one form: its findings as printed lines and its JSON entry."""

    disabled: frozenset[str] = frozenset()
    quiet: bool = False
    previous: Path | None = None    # last year's form (--previous)
    targets: Path | None = None     # targets file (--targets)
    public: bool = False            # the publication review (--public)

    def __call__(self, path: Path) -> Outcome:
        from drafter.checks import Level
        from drafter.cli.check_cmd import check_one, load_options, summary

        try:
            findings = check_one(path, self.disabled, load_options(self.previous, self.targets, self.public))
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, UNREADABLE, messages=((str(exc), True),),
                           data={"文件": str(path), "无法读取": str(exc)})
        except Exception:  # noqa: BLE001 - one form's crash must not stop the batch
            return _internal(path)
        errors, warnings = _counts(findings)
        shown = [f for f in findings if not (self.quiet and f.level is Level.HINT)]
        verdict = "有错误，需修改" if errors else "可以生成文档"
        lines = tuple((f.format(), False) for f in shown) + ((f"{path}：{summary(findings)}（{verdict}）", False),)
        return Outcome(path, EXIT_FINDINGS if errors else EXIT_OK, HAS_ERRORS if errors else PASSED, errors, warnings,
                       lines, {"文件": str(path), "问题": [f.as_dict() for f in shown]})


@dataclass(frozen=True)
class RenderJob:
    """`drafter render` of one form to `out_dir` (or beside the form)."""

    fmt: str
    out_dir: Path | None = None
    draft: bool = False
    style_path: Path | None = None
    templates_dir: Path | None = None
    force: bool = False
    annotate: bool = False
    public: bool = False

    def target(self, path: Path) -> Path:
        from drafter.cli.render_cmd import default_target

        name = default_target(path, self.fmt, self.public).name
        return (self.out_dir / name) if self.out_dir is not None else path.with_name(name)

    def __call__(self, path: Path) -> Outcome:
        from drafter import api
        from drafter.cli.render_cmd import render_form

        messages: list[tuple[str, bool]] = []
        errors = warnings = 0
        try:
            form = api.load_form(path)
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, UNREADABLE, messages=((str(exc), True),))
        except Exception:  # noqa: BLE001
            return _internal(path)
        try:
            findings = api.check(form, public=self.public).findings
            errors, warnings = _counts(findings)
            code = render_form(form, findings, self.target(path), self.fmt, self.style_path,
                               draft=self.draft, templates_dir=self.templates_dir, force=self.force,
                               annotate=self.annotate, public=self.public,
                               echo=lambda message, err=False: messages.append((message, err)))
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, NOT_WRITTEN, errors, warnings, (*messages, (str(exc), True)))
        except Exception:  # noqa: BLE001
            return _internal(path)
        result = RENDERED if code == EXIT_OK else HAS_ERRORS if errors else FIGURES_MISSING
        shown = tuple(m for m in messages if m[1])   # the table says 已生成; keep only the problems
        return Outcome(path, code, result, errors, warnings, shown)


# ---------------------------------------------------------------- running and reporting


def run_jobs(forms: list[Path], job: Callable[[Path], Outcome], jobs: int = 1, label: str = "") -> list[Outcome]:
    """Run `job` on every form, in order of the forms; with jobs > 1 in that many processes."""
    outcomes: list[Outcome | None] = [None] * len(forms)
    with _progress(len(forms), label) as bar:
        for index, outcome in _outcomes(forms, job, jobs):
            outcomes[index] = outcome
            if bar is not None:
                bar.update(1)
    return [o for o in outcomes if o is not None]


def _outcomes(forms: list[Path], job: Callable[[Path], Outcome], jobs: int) -> Iterator[tuple[int, Outcome]]:
    if jobs <= 1 or len(forms) < 2:
        for index, form in enumerate(forms):
            yield index, job(form)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=min(jobs, len(forms))) as pool:
        futures = {pool.submit(job, form): index for index, form in enumerate(forms)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _progress(total: int, label: str) -> Any:
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean)."""
    from drafter.cli.terminal import raw_stderr

    if not sys.stderr.isatty():
        return nullcontext(None)
    return click.progressbar(length=total, label=label, file=raw_stderr(), show_pos=True, width=30)


def summary_table(outcomes: list[Outcome]) -> str:
    """The summary: one row per form (文件, 结果, 错误, 警告), columns aligned for Chinese text, and a total."""
    header = ("文件", "结果", "错误", "警告")
    rows = [(str(o.path), o.result, str(o.errors), str(o.warnings)) for o in outcomes]
    widths = [max(display_width(row[i]) for row in (header, *rows)) for i in range(4)]
    lines = []
    for row in (header, *rows):
        cells = [pad(row[0], widths[0]), pad(row[1], widths[1]),
                 pad(row[2], widths[2], right=True), pad(row[3], widths[3], right=True)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = sum(1 for o in outcomes if o.failed)
    lines.append(f"共 {len(outcomes)} 份：成功 {len(outcomes) - failed} 份，失败 {failed} 份")
    return "\n".join(lines)


def report(outcomes: list[Outcome], *, table: bool) -> int:
    """Print each form's messages (then the table); the exit code of the run."""
    for outcome in outcomes:
        for message, err in outcome.messages:
            click.echo(message, err=err)
    if not table:
        return outcomes[0].code
    click.echo(summary_table(outcomes))
    return EXIT_FINDINGS if any(o.failed for o in outcomes) else EXIT_OK


def render_batch(paths: list[Path], out_dir: Path | None, fmt: str | None, *, jobs: int = 1, draft: bool = False,
                 style_path: Path | None = None, templates_dir: Path | None = None, force: bool = False,
                 annotate: bool = False, public: bool = False) -> int:
    """`drafter render` of several forms or folders into `out_dir` (created if missing) or beside each form."""
    from drafter.cli.render_cmd import load_style_profile, output_format

    forms = collect_forms(paths)
    job = RenderJob(output_format(fmt, None, public), out_dir, draft, style_path, templates_dir, force, annotate,
                    public)
    _refuse_shared_targets(forms, job)
    load_style_profile(style_path)  # a broken profile stops the batch before it starts
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
