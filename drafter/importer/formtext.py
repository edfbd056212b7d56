"""Writing an imported report as a form: the YAML text `drafter import` saves.

The layout is that of `drafter new` (same writer, same 数据 section with every
standard figure): a `yaml-language-server` modeline, a header saying where the form
came from and what cleaning removed, then the form with a note on every value that
was inferred rather than read, and 上年数据 when `--extract-figures` took a data
table's last-year column. Text fields are one scalar per paragraph; several
paragraphs make a list. `FormText.lines` records the line of every text field, so
the CLI can point at the placeholders that `--extract-figures` put in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from drafter.form.blank import FormWriter, figures_section, scalar, schema_reference
from drafter.importer.cleaning import Cleaning
from drafter.importer.mapping import Mapped
from drafter.model.figures import GROUPS, Figures, figure_value
from drafter.model.report import DEFAULT_PART_TITLES, FORM_VERSION, Item, ListStyle, Paragraphs, Part, PartKey, \
    Report, Section, SubItem, Table, TextLoc as Loc

_MAX_NOTES = 30            # cleaning notes listed one by one in the header
_NOTE_WIDTH = 36           # characters of removed text shown per note
_CHECK = "请核对"
PENDING = "待填"


@dataclass
class FormText:
    """The YAML text of an imported form and the line of each of its text fields."""

    text: str
    lines: dict[Loc, int] = field(default_factory=dict)


def form_text(mapped: Mapped, *, source: Path, cleaning: list[Cleaning], today: date,
              target: Path | None = None) -> FormText:
    """The form for `mapped.report`, with a header naming `source` and the `cleaning` done."""
    writer = _Writer()
    report = mapped.report
    writer.header(report, source, cleaning, mapped.warnings, today, target, mapped.missing)
    writer.meta(report, mapped.guesses, mapped.missing)
    writer.texts((0, "导语"), 0, report.intro, ("导语",), blank=True)
    writer.blank()
    present = dict(report.parts())
    for key in PartKey:
        if key in present:
            writer.part(report, key, present[key])
        elif key is PartKey.FIRST_RESPONSIBLE:
            writer.comment(0, "原文没有单列“第一责任人履职”部分。报告须写明党政主要负责人履行推进法治建设第一责任人职责情况：")
            writer.comment(0, "可在此补写这一部分，或在“主要举措和成效”中加一节“纲要领域: 第一责任人履职”。")
    writer.key(0, "结束语", report.closing, "" if report.closing else "原文没有结束语；需要时填写 特此报告。",
               blank=True)
    if report.attachments:
        writer.attachments(report.attachments)
    writer.blank()
    figures_section(writer, report.figures)
    if report.last_figures is not None:
        _last_figures_section(writer, report.last_figures)
    return FormText(writer.text(), writer.locations)


def _last_figures_section(writer: FormWriter, figures: Figures) -> None:
    """上年数据 as `--extract-figures` took it from a data table's last-year column: only the
    figures found, which is what the 同比 and 上年 of the table's placeholders read."""
    writer.key(0, "上年数据", None, f"上年度数字，由原文数据表的上年列提取，{_CHECK}")
    for group in GROUPS:
        values = [(spec.key, figure_value(figures, group.key, spec.key)) for spec in group.figures]
        values = [(key, value) for key, value in values if value is not None]
        if values:
            writer.key(2, group.key)
            writer.lines += [f"    {key}: {scalar(value)}" for key, value in values]


class _Writer(FormWriter):
    """`FormWriter` that also writes the report's tree and remembers where each text went."""

    def __init__(self) -> None:
        super().__init__()
        self.locations: dict[Loc, int] = {}

    # --- header and 基本信息 ----------------------------------------------

    def header(self, report: Report, source: Path, cleaning: list[Cleaning], warnings: list[str], today: date,
               target: Path | None, missing: dict[str, str] | None = None) -> None:
        meta = report.meta
        missing = missing or {}
        region = "" if "地区" in missing else meta.region
        year = "" if "年度" in missing else f"{meta.year}年"
        self.lines.append(f"# yaml-language-server: $schema={schema_reference(target)}")
        self.comment(0, f"{region}{year}法治政府建设情况报告 · 表单"
                        f"（由 drafter import 于 {today.isoformat()} 从“{source.name}”导入）")
        self.comment(0, "正文保留了原文的文字；编号（一、（一）1.（1）和“一是、二是”）由程序生成，不要写进正文和标题。")
        self.comment(0, f"注有“{_CHECK}”的内容是从原文推断的。核对后运行 drafter check 检查本文件。")
        for name, why in missing.items():
            self.comment(0, f"{PENDING}：{name}（{why}）")
        omitted = [note for note in cleaning if note.omitted]
        cleaned = [note for note in cleaning if not note.omitted]
        if omitted:
            self.comment(0, f"原文中有 {len(omitted)} 处内容没有导入（{_count_kinds(omitted)}）：")
            for note in omitted[:_MAX_NOTES]:
                where = f"第 {note.line} 段 " if note.line else ""
                self.comment(0, f"  {where}{note.kind.value}：{_note_text(note)}")
            if len(omitted) > _MAX_NOTES:
                self.comment(0, f"  ……另有 {len(omitted) - _MAX_NOTES} 处")
        if cleaned:
            self.comment(0, f"导入时清理了原文中的 {len(cleaned)} 处网页残留、页码和断行（{_count_kinds(cleaned)}）：")
            unit = "段" if source.suffix.lower() == ".docx" else "行"      # a .docx has paragraphs, not lines
            for note in cleaned[:_MAX_NOTES]:
                self.comment(0, f"  第 {note.line} {unit} {note.kind.value}：{_note_text(note)}")
            if len(cleaned) > _MAX_NOTES:
                self.comment(0, f"  ……另有 {len(cleaned) - _MAX_NOTES} 处")
        for warning in warnings:
            self.comment(0, f"注意：{warning}")
        self.key(0, "表单版本", FORM_VERSION, "由 drafter 维护，请勿修改")
        self.blank()

    def meta(self, report: Report, guesses: dict[str, str], missing: dict[str, str] | None = None) -> None:
        meta = report.meta
        missing = missing or {}

        def note(name: str, hint: str = "") -> str:
            if name in missing:
                return f"{PENDING}：{missing[name]}，{_CHECK}"
            return f"{guesses[name]}，{_CHECK}" if name in guesses else hint

        def value(name: str, known):
            return None if name in missing else known

        self.key(0, "基本信息")
        self.key(2, "年度", value("年度", meta.year), note("年度", "报告年度") + ("（如 2024）" if "年度" in missing else ""))
        self.key(2, "地区", value("地区", meta.region), note("地区", "地区或单位简称")
                 + ("（如 示例县、示例市司法局）" if "地区" in missing else ""))
        self.key(2, "层级", meta.level.value, note("层级") + "：省 / 市 / 县 / 区 / 乡镇 / 部门")
        self.key(2, "报告机关", value("报告机关", meta.issuer), note("报告机关", "报告机关全称"))
        self.organs("主送机关", meta.addressees, "" if meta.addressees else "原文没有主送机关；需要时逐行填写")
        self.organs("落款", [] if "落款" in missing else meta.signatures, note("落款"))
        self.key(2, "成文日期", meta.date,
                 "" if meta.date else "原文没有成文日期；定稿时填写，如 2025-02-08")
        if meta.title:
            self.key(2, "标题", meta.title, "原文标题")
        elif meta.title_style == "年度报告":
            self.key(2, "标题样式", meta.title_style, f"原文标题与自动生成的标题相同：{meta.display_title()}")
        else:
            self.key(2, "标题", None, f"不填时自动生成：{meta.display_title()}")
        for key, value in (("发文字号", meta.doc_number), ("发文机关标志", meta.doc_mark), ("附注", meta.note)):
            if value:
                self.key(2, key, value)
        self.blank()

    def organs(self, key: str, organs: list[str], note: str) -> None:
        if not organs:
            self.lines.append(f"  {key}: []" + (f"  # {note}" if note else ""))
            return
        self.key(2, key, None, note)
        for organ in organs:
            self.item(4, organ)

    # --- the tree ------------------------------------------------------------

    def part(self, report: Report, key: PartKey, part: Part) -> None:
        loc: Loc = (key.value,)
        self.key(0, key.value)
        default = DEFAULT_PART_TITLES[key].format(年度=report.meta.year, 下一年度=report.meta.year + 1)
        if part.is_empty() and not part.title:
            self.comment(2, "原文没有这一部分，请补写")
        if part.title:
            self.text_key((2, "标题"), part.title, (*loc, "标题"), f"原文标题；不填时为：{default}")
        self.texts((2, "内容"), 2, part.text, (*loc, "内容"), blank=part.is_empty() and not part.title)
        if part.style is ListStyle.INLINE:
            self.key(2, "章节写法", part.style.value, "各节连成一段：一是……二是……")
        if part.sections:
            self.key(2, "章节")
            for index, section in enumerate(part.sections):
                self.section(section, (*loc, "章节", index))
        self.blank()

    def section(self, section: Section, loc: Loc) -> None:
        entry = _Entry(4)
        if section.area:
            self.key(*entry.key("纲要领域"), section.area, f"按标题识别，{_CHECK}；不是该领域时删去本行")
        if section.title:
            self.text_key(entry.key("标题"), section.title, (*loc, "标题"))
        self.texts(entry.key("内容") if section.text or not entry.started else (0, ""), entry.inner,
                   section.text, (*loc, "内容"), blank=True)
        if section.style is ListStyle.INLINE:
            self.key(*entry.key("条目写法"), section.style.value, "本节条目连成一段：一是……二是……")
        if section.items:
            self.key(*entry.key("条目"))
            for index, item in enumerate(section.items):
                self.item_entry(item, (*loc, "条目", index))

    def item_entry(self, item: Item, loc: Loc) -> None:
        entry = _Entry(8)
        if item.title:
            self.text_key(entry.key("小标题"), item.title, (*loc, "小标题"))
        self.texts(entry.key("内容") if item.text or not entry.started else (0, ""), entry.inner,
                   item.text, (*loc, "内容"), blank=True)
        if item.style is ListStyle.INLINE:
            self.key(*entry.key("子项写法"), item.style.value, "子项连成一段：一是……二是……")
        if item.children:
            self.key(*entry.key("子项"))
            for index, child in enumerate(item.children):
                self.sub_item(child, (*loc, "子项", index))

    def sub_item(self, child: SubItem, loc: Loc) -> None:
        entry = _Entry(12)
        if child.title:
            self.text_key(entry.key("小标题"), child.title, (*loc, "小标题"))
        self.texts(entry.key("内容") if child.text or not entry.started else (0, ""), entry.inner,
                   child.text, (*loc, "内容"), blank=True)

    # --- text fields ---------------------------------------------------------

    def text_key(self, at: tuple[int, str], text: str, loc: Loc, note: str = "") -> None:
        self.key(*at, text, note)
        self.locations[loc] = len(self.lines)

    def texts(self, at: tuple[int, str], inner: int, value: Paragraphs, loc: Loc, *, blank: bool = False) -> None:
        """A text field at `at` (indent, key): one paragraph as a scalar, several as a list
        indented below `inner`; nothing when there is no text, unless `blank` (and a key)."""
        if not at[1]:
            return
        if isinstance(value, list) and (len(value) > 1 or any(isinstance(p, Table) for p in value)):
            self.key(*at)
            for index, paragraph in enumerate(value):
                if isinstance(paragraph, Table):
                    self.table(inner + 2, paragraph, (*loc, index))
                else:
                    self.item(inner + 2, paragraph)
                self.locations[(*loc, index)] = len(self.lines)
        elif value:
            self.text_key(at, value if isinstance(value, str) else value[0], loc if isinstance(value, str) else (*loc, 0))
        elif blank:
            self.key(*at, "", blank=True)


    def table(self, indent: int, table: Table, loc: Loc) -> None:
        """A table entry of a text field: `- 表格:` and one flow list per row (each cell's line recorded)."""
        self.lines.append(f"{' ' * indent}- 表格:  # 原文中的表格，第一行是表头；每行一个方括号，各格用逗号隔开")
        for r, row in enumerate(table.rows):
            self.lines.append(f"{' ' * (indent + 4)}- " + json.dumps(row, ensure_ascii=False))
            for c in range(len(row)):
                self.locations[(*loc, "表格", r, c)] = len(self.lines)

    def attachments(self, entries: list) -> None:
        self.key(0, "附件", None, "附件名称，按顺序；有正文的附件写成 名称/内容")
        for index, entry in enumerate(entries):
            if isinstance(entry, str):
                self.item(2, entry)
                continue
            self.lines.append(f"  - 名称: {scalar(entry.name)}")
            self.texts((4, "内容"), 4, entry.text, ("附件", index, "内容"))


class _Entry:
    """The keys of one list entry: the first carries the entry's "- ", the others line up after it."""

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.inner = indent + 2
        self.started = False

    def key(self, name: str) -> tuple[int, str]:
        if self.started:
            return self.inner, name
        self.started = True
        return self.indent, f"- {name}"


def _count_kinds(cleaning: list[Cleaning]) -> str:
    counts: dict[str, int] = {}
    for note in cleaning:
        counts[note.kind.value] = counts.get(note.kind.value, 0) + 1
    return "，".join(f"{kind} {count} 处" for kind, count in counts.items())


def _note_text(note: Cleaning) -> str:
    """One line saying what a cleaning note removed or joined."""
    if note.removed:
        text = " ".join(note.original.split())
        return text if len(text) <= _NOTE_WIDTH else text[:_NOTE_WIDTH] + "…"
    before, _, after = note.original.partition("\n")
    return f"“…{before[-12:]}”与“{after[:12]}…”接为一段"
