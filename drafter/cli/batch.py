"""Many forms in one command: the generic runner behind `drafter render forms/ -o out/` and
`drafter check a.yaml b.yaml`.

Owns running one job per form (the forms named, folders expanded by
`drafter.cli.forms.collect_forms`; in this process or, with
--jobs N, in N worker processes), the progress bar (on a terminal only, on stderr),
each form's messages after the bar, the summary table (文件, 结果, 错误, 警告) aligned
for Chinese text, and the batch's exit code: 0 when every form passed, 1 when any
failed. A job is any picklable callable from a form's path to its `Outcome` (the check
and render commands define theirs); a form that fails in any way (unreadable, invalid,
figures 待填, even an internal error) is reported in its row; it never stops the others.
This module knows nothing of checks or rendering.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from drafter.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK
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


def failed_result(findings: list[Any]) -> str:
    """The table's word for a form with errors: 数据待填 when all it lacks is figures (or the
    成文日期) for the final document, 有错误 otherwise; check and render say the same."""
    from drafter.checks import Level

    errors = [f for f in findings if f.level is Level.ERROR]
    return FIGURES_MISSING if errors and all(f.rule == "missing-figure" for f in errors) else HAS_ERRORS


def internal_outcome(path: Path) -> Outcome:
    """The outcome of a form whose job hit a bug of ours: the traceback goes to a log file."""
    from drafter.cli.crashlog import write_crash_log

    log = write_crash_log()
    return Outcome(path, EXIT_INTERNAL, INTERNAL,
                   messages=((f"{path}：内部错误，详细信息已写入 {log}，请把该文件发给维护人员。", True),))


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
