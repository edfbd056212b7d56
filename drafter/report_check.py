"""`drafter check`: load forms, run the checks, print findings, choose the exit code.

Several forms or a folder run as a batch (`drafter.batch`): progress bar, summary table."""

from __future__ import annotations

import json
from pathlib import Path

import click

from drafter.checks import Finding, Level, run_checks
from drafter.errors import EXIT_FINDINGS, EXIT_OK
from drafter.yamlio import load_form


def check_one(path: Path, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings of one form; an unreadable form raises DrafterError."""
    return run_checks(load_form(path), disabled)


def summary(findings: list[Finding]) -> str:
    counts = {level: sum(1 for f in findings if f.level is level) for level in Level}
    return "，".join(f"{level.value} {n}" for level, n in counts.items())


def format_finding(finding: Finding) -> str:
    path = f" {finding.path}" if finding.path else ""
    return f"{finding.where()}: {finding.level.value} [{finding.rule}]{path}：{finding.message}"


def check_files(paths: list[Path], fmt: str, disabled: frozenset[str], quiet: bool, jobs: int = 1) -> int:
    """Check forms (folders expand to their forms) and print the result; the exit code.

    One form: 0, 1 with errors, 2 unreadable. Several forms or a folder: findings of
    each, then a summary table; 1 when any form has errors or cannot be read.
    """
    from drafter.batch import CheckJob, collect_forms, is_batch, report, run_jobs

    batch = is_batch(paths)
    outcomes = run_jobs(collect_forms(paths), CheckJob(disabled, quiet), jobs, "检查表单")
    if fmt != "json":
        return report(outcomes, table=batch)
    click.echo(json.dumps([o.data for o in outcomes] if batch else outcomes[0].data, ensure_ascii=False, indent=2))
    if batch:
        return EXIT_FINDINGS if any(o.failed for o in outcomes) else EXIT_OK
    return outcomes[0].code
