"""`drafter sheet`, `drafter collect`, `drafter aggregate` and `drafter render --sources`:
options → `drafter.api` → files and the lines to print.

Each function returns an Outcome (exit code, lines for standard output and for standard
error); main.py prints it. Files are written through `api.save` (no overwrite without
--force, never onto an input, atomic), and only after everything has been checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter import api
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError

WORKBOOK_SUFFIX = ".xlsx"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    code: int
    lines: list[str] = field(default_factory=list)        # for standard output
    errors: list[str] = field(default_factory=list)       # for standard error


def sheet_targets(form_path: Path, output: Path | None, unit_names: list[str] | None, region: str,
                  year: int) -> list[Path]:
    """One workbook, or (units, and an output that is a folder) one workbook per unit in that folder."""
    if output is None:
        return [form_path.with_name(api.sheet_file_name(form_path.stem))]
    if unit_names is not None and (output.is_dir() or not output.suffix):
        if not output.exists():
            raise DrafterError(f"输出文件夹不存在：{output}", exit_code=EXIT_UNREADABLE)
        return [output / name for name in api.unit_sheet_file_names(region, year, unit_names)]
    if output.suffix.lower() != WORKBOOK_SUFFIX:
        raise DrafterError(f"统计表应保存为 .xlsx 文件：{output}", exit_code=EXIT_UNREADABLE)
    return [output]


def make_sheets(form_path: Path, output: Path | None, units_path: Path | None, force: bool) -> Outcome:
    form = api.valid_report(api.load_form(form_path))
    units = api.read_units(units_path) if units_path is not None else None
    meta = form.report.meta
    targets = sheet_targets(form_path, output, [u.name for u in units] if units else None, meta.region, meta.year)
    inputs = (form_path,) + ((units_path,) if units_path else ())
    for target in targets:
        api.check_target(target, force=force, inputs=inputs)
    outcome = Outcome(EXIT_OK)
    if units is not None and len(targets) > 1:
        for unit, target in zip(units, targets):
            api.save(target, api.sheet_workbook(form, [unit]), force=force, inputs=inputs)
            outcome.lines.append(f"已生成：{target}（{unit.name}，{_asked(unit)}）")
    else:
        api.save(targets[0], api.sheet_workbook(form, units), force=force, inputs=inputs)
        what = f"{len(units)} 个单位各一张工作表" if units else "一张工作表"
        outcome.lines.append(f"已生成统计表：{targets[0]}（{what}）")
        outcome.lines += [f"  · {unit.name}：{_asked(unit)}" for unit in units or []]
    outcome.lines.append("下一步：把统计表发给各单位填写“数值”列，收回后运行 "
                         f"drafter collect {form_path} 统计表.xlsx…")
    return outcome


def _asked(unit) -> str:
    return f"填报 {'、'.join(g.key for g in unit.groups)}" + ("（按单位文件）" if unit.explicit else "")


def collect_workbooks(paths: list[Path]) -> list[Path]:
    """The workbooks named: files as given, folders expanded to their .xlsx files (by name; a dangling
    link, link loop or FIFO named .xlsx is kept, so that reading it reports why it cannot be read)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() == WORKBOOK_SUFFIX and not p.is_dir()
                            and not p.name.startswith("~$"))
            if not inside:
                raise DrafterError(f"文件夹中没有统计表（.xlsx 文件）：{path}", exit_code=EXIT_UNREADABLE)
            found += inside
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def collect_into(form_path: Path, workbook_paths: list[Path], output: Path | None, force: bool) -> Outcome:
    form = api.valid_report(api.load_form(form_path))
    workbooks = collect_workbooks(workbook_paths)
    target = output or form_path.with_name(f"{form_path.stem}-汇入{form_path.suffix}")
    inputs = (form_path, *workbooks)
    api.check_target(target, force=force, inputs=inputs)
    result = api.collect(form, workbooks, force=force)
    outcome = Outcome(EXIT_OK, lines=[f"  · {note}" for note in result.notes])
    if result.problems:
        outcome.errors += [str(p) for p in result.problems]
        outcome.errors.append(f"统计表有 {len(result.problems)} 处问题，请改正后重新运行；表单未改动，也没有写入任何文件")
        outcome.code = EXIT_UNREADABLE if result.unreadable else EXIT_FINDINGS
        return outcome
    if result.conflicts and not force:
        outcome.errors.append(f"有 {len(result.conflicts)} 处冲突：")
        outcome.errors += [f"  · {c}" for c in result.conflicts]
        outcome.errors.append("请核对后改正统计表；确认以统计表为准时加 --force（同一单位填报两次时以后列出的统计表为准）。"
                              "没有写入任何文件")
        outcome.code = EXIT_FINDINGS
        return outcome
    api.save(target, result.text, force=force, inputs=inputs)
    outcome.lines += [f"  · 冲突（已按 --force 处理）：{c}" for c in result.conflicts]
    outcome.lines.insert(0, f"已写入：{target}（{form_path} 未改动）")
    outcome.lines.append(f"从 {len(workbooks)} 份统计表读取：新填 {result.new} 项，更新 {result.changed} 项，"
                         f"与表单相同 {result.same} 项；来源已记入“数据来源”")
    if result.still_missing:
        outcome.lines.append(f"仍有 {result.still_missing} 项标准指标待填；drafter check {target} 会列出")
    return outcome


def aggregate_forms(form_paths: list[Path], outputs: list[Path], into: Path | None, force: bool) -> Outcome:
    from drafter.cli.forms import collect_forms
    from drafter.sheets.aggregate import summary_lines

    paths = collect_forms(form_paths)
    yaml_out = [o for o in outputs if o.suffix.lower() in YAML_SUFFIXES]
    table_out = [(o, api.table_format(o.suffix)) for o in outputs if o.suffix.lower() not in YAML_SUFFIXES]
    if len(yaml_out) > 1:
        raise DrafterError("只能有一个 .yaml 输出（数据块，或与 --into 同用时的本级表单）", exit_code=EXIT_UNREADABLE)
    if into is not None and not yaml_out:
        raise DrafterError("--into 需要用 -o 指定写入后的本级表单（.yaml），原表单不会被改动", exit_code=EXIT_UNREADABLE)
    inputs = tuple(paths) + ((into,) if into else ())
    for target in outputs:
        api.check_target(target, force=force, inputs=inputs)
    city = api.valid_report(api.load_form(into)) if into is not None else None
    result = api.aggregate(paths)
    outcome = Outcome(EXIT_OK)
    outcome.errors += [f"未计入：{failure}" for failure in result.failures]
    if not result.units:
        outcome.errors.append("没有可汇总的表单")
        outcome.code = EXIT_FINDINGS
        return outcome
    outcome.lines += summary_lines(result)
    outcome.lines += [f"  · {note}" for note in result.notes]
    table_name = table_out[0][0].name if table_out else None
    files: list[tuple[Path, str | bytes]] = []
    if yaml_out:
        if city is not None:
            text, conflicts = api.aggregate_into(city, result, table_name)
            if conflicts and not force:
                outcome.errors.append(f"本级表单中有 {len(conflicts)} 项数据与汇总结果不同：")
                outcome.errors += [f"  · {c}" for c in conflicts]
                outcome.errors.append("确认以汇总结果为准时加 --force。没有写入任何文件")
                outcome.code = EXIT_FINDINGS
                return outcome
            outcome.lines += [f"  · 已按 --force 以汇总结果为准：{c}" for c in conflicts]
        else:
            text = api.aggregate_block(result, table_name)
        files.append((yaml_out[0], text))
    files += [(target, api.aggregate_table(result, fmt)) for target, fmt in table_out]
    for target, data in files:
        api.save(target, data, force=force, inputs=inputs)
        outcome.lines.append(f"已写入：{target}")
    if not outputs:
        outcome.lines.append("（未写入文件：用 -o 汇总.yaml 得到数据块，-o 汇总.xlsx / .md / .csv 得到各单位明细表）")
    if result.failures:
        outcome.errors.append(f"有 {len(result.failures)} 份表单未计入（见上），其余 {len(result.units)} 份已汇总")
        outcome.code = EXIT_FINDINGS
    return outcome


def sources_file(form_path: Path, output: Path | None, force: bool) -> Outcome:
    """`drafter render FORM --sources`: the 数据来源表 as .xlsx, .md or .csv (never the report itself)."""
    target = output or form_path.with_name(api.sources_file_name(form_path.stem))
    fmt = api.table_format(target.suffix)
    api.check_target(target, force=force, inputs=(form_path,))
    result = api.sources_table(api.load_form(form_path), fmt)
    api.save(target, result.data, force=force, inputs=(form_path,))
    lines = [f"已生成数据来源表：{target}（正文引用的数据 {result.figures} 项，内部核对用，不印入报告）"]
    if result.unsourced:
        lines.append(f"其中 {result.unsourced} 项没有记录来源（不是由 drafter collect 从统计表读入的）")
    return Outcome(EXIT_OK, lines)
