"""`drafter check`: load forms (and last year's form, a targets file), apply `--fix`, run the
checks, print findings, choose the exit code; `--rules` prints the table of rules.

Several forms or a folder run as a batch (`drafter.cli.batch`): progress bar, summary table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click

from drafter.text import display_width, pad
from drafter import api
from drafter.checks import ALL_RULES, RULE_TABLE, CheckOptions, Finding, Level
from drafter.cli.batch import PASSED, UNREADABLE, Outcome, failed_result, internal_outcome, report, run_jobs
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.cli.forms import collect_forms, is_batch


def check_one(path: Path, disabled: frozenset[str] = frozenset(), options: CheckOptions | None = None) -> list[Finding]:
    """Findings of one form; an unreadable form raises DrafterError."""
    options = options or CheckOptions()
    return api.check(api.load_form(path), disabled=disabled, previous=options.previous,
                     targets=options.targets, public=options.public).findings


@lru_cache(maxsize=4)
def load_options(previous: Path | None, targets: Path | None, public: bool = False) -> CheckOptions:
    """Last year's form and the targets file; either unreadable raises DrafterError (exit 2).
    Read once per process (a batch checks every form against the same ones). `public` adds
    the publication review."""
    return CheckOptions(previous=api.load_form(previous) if previous else None,
                        targets=api.load_targets(targets) if targets else None, public=public)


def unknown_rules(rules: frozenset[str]) -> list[str]:
    return sorted(r for r in rules if r not in ALL_RULES)


def rules_table() -> str:
    """The rules as a Chinese table: 编号, 类别, 名称, and which ones --fix corrects."""
    from drafter.checks.typography import FIXABLE

    rows = [("规则编号", "类别", "名称")] + [(rule, family, name + ("（可自动修正）" if rule in FIXABLE else ""))
                                          for family, rule, name in RULE_TABLE]
    widths = [max(display_width(row[i]) for row in rows) for i in range(2)]
    lines = [f"{pad(r, widths[0])}  {pad(f, widths[1])}  {n}" for r, f, n in rows]
    lines.append("")
    lines.append("关闭规则：在表单“检查设置.关闭规则”中列出规则编号，或运行 drafter check --disable 规则编号。")
    lines.append("标有“可自动修正”的规则，运行 drafter check --fix 表单.yaml 即可修正（先备份为 表单.yaml.bak）。")
    return "\n".join(lines)


def fix_files(paths: list[Path], force: bool, err: bool) -> tuple[int, list[Path]]:
    """Apply --fix to each form and print what was fixed. Returns the worst exit code of the
    failures and the forms still worth checking (not the unreadable ones)."""
    worst = EXIT_OK
    readable = []
    for path in paths:
        try:
            fixed = api.fix_file(path, force=force)
        except DrafterError as exc:
            click.echo(f"{exc}", err=True)
            worst = max(worst, exc.exit_code)
            if exc.exit_code != EXIT_UNREADABLE:
                readable.append(path)
            continue
        readable.append(path)
        if not fixed:
            click.echo(f"{path}：没有可自动修正的问题", err=err)
            continue
        total = sum(change.count for field in fixed for change in field.changes.values())
        click.echo(f"{path}：已自动修正 {total} 处（原文件备份为 {api.backup_path(path).name}）", err=err)
        for field in fixed:
            parts = "，".join(f"{ALL_RULES[rule]} {change.count} 处" for rule, change in field.changes.items())
            click.echo(f"  {field.path}：{parts}", err=err)
    return worst, readable


def summary(findings: list[Finding]) -> str:
    counts = {level: sum(1 for f in findings if f.level is level) for level in Level}
    return "，".join(f"{level.value} {n}" for level, n in counts.items())


def verdict_of(findings: list[Finding]) -> str:
    """What `drafter render` will do with the form: the same rule (no errors) decides both."""
    errors = [f for f in findings if f.level is Level.ERROR]
    if not errors:
        return "可以生成文档"
    if all(f.rule == "missing-figure" for f in errors):
        return f"还有 {len(errors)} 项待填，填好后才能生成正式文档；--draft 可先出草稿"
    return "有错误，需修改后才能生成正式文档；--draft 可先出草稿"


@dataclass(frozen=True)
class CheckJob:
    """`drafter check` of one form (a batch job, run in worker processes too): its findings as
    printed lines and its JSON entry."""

    disabled: frozenset[str] = frozenset()
    quiet: bool = False
    previous: Path | None = None    # last year's form (--previous)
    targets: Path | None = None     # targets file (--targets)
    public: bool = False            # the publication review (--public)
    hints: bool = False             # list the hints too (else only their count)

    def __call__(self, path: Path) -> Outcome:
        try:
            findings = check_one(path, self.disabled, load_options(self.previous, self.targets, self.public))
        except DrafterError as exc:
            return Outcome(path, exc.exit_code, UNREADABLE, messages=((str(exc), True),),
                           data={"文件": str(path), "无法读取": str(exc)})
        except Exception:  # noqa: BLE001 - one form's crash must not stop the batch
            return internal_outcome(path)
        errors = sum(1 for f in findings if f.level is Level.ERROR)
        warnings = sum(1 for f in findings if f.level is Level.WARNING)
        shown = [f for f in findings if not (self.quiet and f.level is Level.HINT)]
        listed = [f for f in shown if self.hints or f.level is not Level.HINT]
        folded = len(shown) - len(listed)
        tail = ((f"另有 {folded} 条提示未列出（加 --hints 列出）", False),) if folded else ()
        lines = (tuple((f.format(), False) for f in listed) + tail
                 + ((f"{path}：{summary(findings)}（{verdict_of(findings)}）", False),))
        return Outcome(path, EXIT_FINDINGS if errors else EXIT_OK, failed_result(findings) if errors else PASSED,
                       errors, warnings, lines, {"文件": str(path), "问题": [f.as_dict() for f in shown]})


def check_files(paths: list[Path], fmt: str, disabled: frozenset[str], quiet: bool,
                previous: Path | None = None, targets: Path | None = None, jobs: int = 1,
                public: bool = False, hints: bool = False) -> int:
    """Check forms (folders expand to their forms) and print the result; the exit code.

    One form: 0, 1 with errors, 2 unreadable. Several forms or a folder: findings of
    each, then a summary table; 1 when any form has errors or cannot be read.
    """
    batch = is_batch(paths)
    outcomes = run_jobs(collect_forms(paths), CheckJob(disabled, quiet, previous, targets, public,
                                                       hints or fmt == "json"),
                        jobs, "检查表单")
    if fmt != "json":
        return report(outcomes, table=batch)
    click.echo(json.dumps([o.data for o in outcomes] if batch else outcomes[0].data, ensure_ascii=False, indent=2))
    if batch:
        return EXIT_FINDINGS if any(o.failed for o in outcomes) else EXIT_OK
    return outcomes[0].code
