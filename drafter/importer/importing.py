"""`drafter import` as a whole: last year's file → a form text, and what to tell the user.

`import_report` runs the steps (read, clean, parse, map, optionally extract figures,
write the form text) without touching the disk beyond reading the source; the CLI
checks the target, writes the text atomically and prints `summary_lines`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from drafter.importer import outline_of, read_outline
from drafter.importer.cleaning import Cleaning
from drafter.importer.errors import ImportFailure
from drafter.importer.extraction import Extraction, extract_figures
from drafter.importer.formtext import FormText, form_text
from drafter.importer.mapping import Mapped, map_document
from drafter.importer.outline import Outline
from drafter.limits import MAX_INPUT_BYTES, MAX_YAML_LINES
from drafter.model.report import PartKey
from drafter.text import format_cn_date


@dataclass
class ImportResult:
    """Everything one import produced."""

    source: Path
    target: Path
    outline: Outline
    cleaning: list[Cleaning]
    mapped: Mapped
    extractions: list[Extraction] | None    # None without --extract-figures
    form: FormText


def default_target(source: Path) -> Path:
    """Where the form goes when no -o is given: next to the source, with .yaml."""
    return source.with_suffix(".yaml")


def import_report(source: Path, target: Path, *, year: int | None = None, region: str | None = None,
                  figures: bool = False, force_report: bool = False, today: date | None = None,
                  data: bytes | None = None) -> ImportResult:
    """Import `source` (or, given `data`, those bytes named `source`) into a form meant to be
    saved as `target`. Raises ImportFailure."""
    outline, cleaning = read_outline(source) if data is None else outline_of(data, source)
    hints = [note.original for note in cleaning if note.removed]
    mapped = map_document(outline.document(), year=year, region=region, force_report=force_report, hints=hints)
    extractions = extract_figures(mapped.report) if figures else None
    text = form_text(mapped, source=source, cleaning=cleaning, today=today or date.today(), target=target)
    size = len(text.text.encode("utf-8"))
    if size > MAX_INPUT_BYTES:        # a form drafter check would refuse: say so now, write nothing
        raise ImportFailure(f"“{source.name}”导入后的表单有 {size // 1024} KB，超过表单上限 {MAX_INPUT_BYTES // 1024} KB，"
                            "不像是一份年度报告。请确认选对了文件，或把报告拆开后分别导入。")
    lines = text.text.count("\n") + 1
    if lines > MAX_YAML_LINES:        # the same for the line limit of every YAML file
        raise ImportFailure(f"“{source.name}”导入后的表单有 {lines} 行，超过表单上限 {MAX_YAML_LINES} 行，"
                            "不像是一份年度报告。请确认选对了文件，或把报告拆开后分别导入。")
    return ImportResult(source, target, outline, cleaning, mapped, extractions, text)


def summary_lines(result: ImportResult) -> list[str]:
    """What the terminal shows after an import (Chinese)."""
    report, outline, mapped = result.mapped.report, result.outline, result.mapped
    meta = report.meta
    checked = "（推断，请核对）"
    lines = [f"已导入：{result.source} → {result.target}"]
    if meta.title:
        lines.append(f"  标题：{meta.title}")
    elif outline.title:
        lines.append(f"  标题：{outline.title}（与自动生成的标题相同）")
    else:
        lines.append(f"  标题：原文没有标题，将自动生成“{meta.display_title()}”")
    facts = [f"年度 {'待填' if '年度' in mapped.missing else meta.year}",
             f"地区 {'待填' if '地区' in mapped.missing else meta.region}", f"层级 {meta.level.value}"]
    lines.append("  " + "，".join(facts) + (checked if {"年度", "地区", "层级"} & set(mapped.guesses) else ""))
    for name, why in mapped.missing.items():
        hint = {"年度": "，可加 --year 2024 重新导入", "地区": "，可加 --region 示例县 重新导入"}.get(name, "")
        lines.append(f"  注意：{name}写为待填（{why}），请在表单中填写{hint}；drafter check 会提示这一项")
    lines.append("  主送机关：" + ("、".join(meta.addressees) if meta.addressees else "原文没有"))
    if outline.intro:
        lines.append(f"  导语：{len(outline.intro)} 段")
    lines.append("  各部分：")
    for part in mapped.parts:
        target = f"并入{part.key.value}，作为其中一节" if part.merged else part.key.value
        counts = f"{part.sections} 节" + (f"，{part.items} 条" if part.items else "") if part.sections else "不分节"
        lines.append(f"    {part.heading} → {target}（{part.reason}）：{counts}")
    for key, part in report.parts():
        if key is not PartKey.OTHER and part.is_empty() and not part.title:
            lines.append(f"    原文没有“{key.value}”，表单中留空待补写")
    sections = [section for _, part in report.parts() for section in part.sections]
    items = sum(len(section.items) for section in sections)
    lines.append(f"  共 {len(sections)} 节、{items} 条；纲要领域识别 {len(mapped.areas)} 节"
                 + (f"（{'、'.join(area for _, area in mapped.areas)}）" if mapped.areas else ""))
    if outline.closing:
        lines.append(f"  结束语：{outline.closing}")
    if outline.signatures:
        lines.append("  落款：" + "、".join(meta.signatures))
    elif "落款" in mapped.missing:
        lines.append("  落款：原文没有，待填")
    else:
        lines.append(f"  落款：原文没有，已按地区填为“{'、'.join(meta.signatures)}”，请核对")
    lines.append("  成文日期：" + (format_cn_date(meta.date) if meta.date else "原文没有，定稿时填写"))
    omitted = [note for note in result.cleaning if note.omitted]
    cleaned = [note for note in result.cleaning if not note.omitted]
    if omitted:
        kinds = sorted({note.kind.value for note in omitted})
        lines.append(f"  未导入：{'、'.join(kinds)}共 {len(omitted)} 处（详见表单开头的注释）")
    if cleaned:
        removed = sum(1 for note in cleaned if note.removed)
        lines.append(f"  清理：删除网页残留和页码 {removed} 处，合并断行 {len(cleaned) - removed} 处（详见表单开头的注释）")
    lines += [f"  注意：{warning}" for warning in mapped.warnings]
    if result.extractions is not None:
        lines += _extraction_lines(result)
    lines.append(f"下一步：核对表单中注有“请核对”的内容，然后运行 drafter check {result.target}")
    return lines


def _extraction_lines(result: ImportResult) -> list[str]:
    done = [e for e in result.extractions or [] if not e.kept]
    kept = [e for e in result.extractions or [] if e.kept]
    lines = [f"  提取数据：{len(done)} 处数字改为占位符" + (f"，{len(kept)} 处保留原文" if kept else "")]
    for extraction in done:
        lines.append(f"    {_where(result, extraction)}“{extraction.phrase}” → {{{{ {extraction.dotted} }}}}"
                     f" = {extraction.value}")
    for extraction in kept:
        lines.append(f"    {_where(result, extraction)}“{extraction.phrase}” 保留原文：{extraction.kept}")
    if not result.extractions:
        lines.append("    正文中没有识别到常见的数据表述")
    return lines


def _where(result: ImportResult, extraction: Extraction) -> str:
    line = result.form.lines.get(extraction.loc)
    return f"{result.target.name}:{line}  " if line else ""

