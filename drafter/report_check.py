"""`drafter check`: load forms, run the checks, print findings, choose the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from drafter.checks import Finding, Level, run_checks
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError
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


def check_files(paths: list[Path], fmt: str, disabled: frozenset[str], quiet: bool) -> int:
    worst = EXIT_OK
    results = []
    for path in paths:
        try:
            findings = check_one(path, disabled)
        except DrafterError as exc:
            worst = max(worst, exc.exit_code)
            if fmt == "json":
                results.append({"文件": str(path), "无法读取": str(exc)})
            else:
                click.echo(f"{exc}", err=True)
            continue
        shown = [f for f in findings if not (quiet and f.level is Level.HINT)]
        if any(f.level is Level.ERROR for f in findings):
            worst = max(worst, EXIT_FINDINGS)
        if fmt == "json":
            results.append({"文件": str(path), "问题": [f.as_dict() for f in shown]})
            continue
        for finding in shown:
            click.echo(format_finding(finding))
        verdict = "有错误，需修改" if any(f.level is Level.ERROR for f in findings) else "可以生成文档"
        click.echo(f"{path}：{summary(findings)}（{verdict}）")
    if fmt == "json":
        click.echo(json.dumps(results if len(paths) > 1 else results[0], ensure_ascii=False, indent=2))
    return worst if worst != EXIT_UNREADABLE or fmt != "json" else EXIT_UNREADABLE
