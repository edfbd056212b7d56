"""`drafter rollover`: this year's form made from last year's.

Works on the round-trip tree of last year's form, so everything that need not change is
written back byte for byte (comments, key order, quoting, nulls). What changes: 年度 + 1;
成文日期 cleared; years in literal titles; 纲要版本 (2020 → 2021 maps the sections onto
the new outline); 数据 moves to 上年数据 and this year's figures become null, except
stock figures, which are carried over and flagged; 数据来源 (last year's provenance) is
dropped; 上年计划落实 is built from last year's 下一年度工作安排. Everything reused that may
be stale is flagged 待核 (drafter.form.review).
The result is the new text plus Chinese notes for the user; writing it is the caller's.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.form.migrate import migrate
from drafter.model.figures import GROUPS_BY_KEY
from drafter.model.outline import AREAS, FIRST_RESPONSIBLE, Outline, area_title, outline_for_year
from drafter.model.report import MAX_YEAR, PartKey, Report, iter_texts, paragraphs
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.form.review import MARKER, flag, literal_mentions, marker, mentions_note, table_of
from drafter.form.roundtrip import (
    KeptNull,
    Loc,
    append_start_comment,
    delete_key,
    eol_comment,
    insert_after,
    is_null,
    keep_nulls,
    replace_key,
    replace_value,
    set_eol_comment,
    set_value,
    source_lines,
)
from drafter.text import find_years
from drafter.form.load import LoadedForm, dump_yaml, parse_yaml

META = "基本信息"
FIGURES = "数据"
LAST_FIGURES = "上年数据"
FOLLOW_UP = "上年计划落实"
SOURCES = "数据来源"
# The flags name no year, so one left unreviewed stays true when the form is rolled over again.
STOCK_NOTE = f"{MARKER}：沿用上年数值"
YEAR_NOTE = f"{MARKER}：标题中的年份已随年度更新"
PLAN_NOTE = f"{MARKER}：沿用上年的工作安排，请改写为新一年的安排"
SHORTCOMING_NOTE = f"{MARKER}：沿用上年的存在的不足，请按本年情况改写或确认"
STATUS_HINT = "已完成 / 推进中 / 未启动"
HEADER_START = "由 drafter rollover 根据"
_SENTENCE_END = "。！？"
#: A table heading that is only a year: 2024年, 2024年度.
_YEAR_HEADING = re.compile(r"(\d{4})(年度?)")


@dataclass
class Rollover:
    """The new form's text, and what the user is told about it."""

    text: str
    old_year: int
    new_year: int
    notes: list[str] = field(default_factory=list)


def default_output(last: Path, old_year: int, new_year: int) -> Path:
    """Last year's file name with the year replaced (示例县2023年….yaml → 示例县2024年….yaml), else with it appended."""
    year = re.compile(rf"(?<!\d){old_year}(?!\d)")
    if year.search(last.stem):
        return last.with_name(year.sub(str(new_year), last.stem) + last.suffix)
    return last.with_name(f"{last.stem}-{new_year}{last.suffix}")


def bump_years(text: str, old_year: int) -> str:
    """Years of the report (old_year) and of its plans (old_year + 1) moved on by one."""
    out = text
    for year, start, end in reversed(find_years(text)):
        if year in (old_year, old_year + 1):
            out = out[:start] + str(year + 1) + out[end:]
    return out


def first_sentence(text: str) -> str:
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            return text[: i + 1]
    return text


def plan_entries(report: Report) -> list[str]:
    """One line per plan in 下一年度工作安排: a section's title (+ first sentence), or each of its items'."""
    part = report.plans
    entries: list[str] = []
    for section in part.sections:
        if section.not_applicable:
            continue
        items = [item for item in section.items if item.title or paragraphs(item.text)]
        if items:
            entries += [_plan_line(item.title, paragraphs(item.text)) for item in items]
        else:
            entries.append(_plan_line(report.section_title(section), paragraphs(section.text)))
    if not any(entries):
        entries = [first_sentence(p) for p in paragraphs(part.text)]
    return [entry for entry in entries if entry]


def _plan_line(title: str | None, texts: list[str]) -> str:
    head = (title or "").strip().rstrip("。；;：:，,")
    sentence = first_sentence(texts[0]) if texts else ""
    return f"{head}：{sentence}" if head and sentence else head or sentence


def roll_over(form: LoadedForm) -> Rollover:
    """Last year's valid form → this year's text and notes. LAST is not touched."""
    if form.report is None:
        raise ValueError("roll_over needs a form that validated")
    if form.report.meta.year >= MAX_YEAR:
        raise DrafterError(f"年度 {form.report.meta.year} 已是表单允许的最后一年，无法再滚动到下一年",
                           file=form.name, exit_code=EXIT_FINDINGS)
    return _Rollover(form).run()


class _Rollover:
    def __init__(self, form: LoadedForm) -> None:
        self.form = form
        self.report: Report = form.report
        self.lines = source_lines(form.text)
        self.data = parse_yaml(form.text, form.name)
        keep_nulls(self.data, self.lines)
        migrate(self.data)  # the same steps load_form applied to the report; notes are in form.notes
        self.old = self.report.meta.year
        self.new = self.old + 1
        self.notes: list[str] = list(form.notes)
        self.handled: set[Loc] = set()
        self.unreviewed = 0  # values flagged last year and still flagged

    def run(self) -> Rollover:
        self.notes.append(f"年度：{self.old} → {self.new}")
        self.meta()
        self.outline()
        self.part_titles()
        self.table_headings()
        self.texts()
        self.figures()
        self.sources()
        self.follow_up()
        if self.unreviewed:
            self.notes.append(f"另有 {self.unreviewed} 处上年已标注“{MARKER}”、尚未核对，标注保留")
        self.default_comments(self.data)
        self.header()
        text = dump_yaml(self.data)
        if "\r\n" in self.form.text:
            text = text.replace("\n", "\r\n")
        return Rollover(text, self.old, self.new, self.notes)

    def default_comments(self, node: Any) -> None:
        """Comments naming a default that depends on the year ("不填时为：2024年…") move on too."""
        if isinstance(node, CommentedMap):
            children = list(node.values())
        elif isinstance(node, CommentedSeq):
            children = list(node)
        else:
            return
        for tokens in getattr(node, "ca", None).items.values() if hasattr(node, "ca") else ():
            for token in tokens or ():
                if token is not None and hasattr(token, "value") and "不填时" in token.value:
                    token.value = bump_years(token.value, self.old)
        for child in children:
            self.default_comments(child)

    # ------------------------------------------------------------ helpers

    def flag(self, loc: Loc, note: str) -> bool:
        """Flag unless already flagged; True when a new flag was written."""
        self.handled.add(loc)
        if marker(self.data, loc, self.lines):
            self.unreviewed += 1
            return False
        flag(self.data, loc, note)
        return True

    def assign(self, loc: Loc, value: Any) -> None:
        container = self.data
        for step in loc[:-1]:
            container = container[step]
        set_value(container, loc[-1], value, self.lines)

    # ------------------------------------------------------------ steps

    def meta(self) -> None:
        meta = self.data[META]
        self.assign((META, "年度"), self.new)
        if "成文日期" in meta and not is_null(meta["成文日期"]):
            self.assign((META, "成文日期"), None)
            self.notes.append("成文日期：已清空，定稿时填写")
        title = self.report.meta.title
        if title:
            self.title((META, "标题"), title, "标题")
        if self.report.meta.doc_number and self.flag((META, "发文字号"), f"{MARKER}：上年的发文字号，请改为本年文号"):
            self.notes.append(f"发文字号：沿用上年的“{self.report.meta.doc_number}”，已标注“{MARKER}”，请改为本年文号")

    def title(self, loc: Loc, title: str, what: str) -> None:
        """A literal title: its years move on with the report, flagged; other numbers are flagged."""
        bumped = bump_years(title, self.old)
        if bumped != title:
            self.assign(loc, bumped)
            self.flag(loc, YEAR_NOTE)
            self.notes.append(f"{what}：“{title}”改为“{bumped}”（{MARKER}）")
        elif literal_mentions(title):
            self.flag(loc, mentions_note(literal_mentions(title)))

    def part_titles(self) -> None:
        for key, part in self.report.parts():
            if part.title:
                self.title((key.value, "标题"), part.title, f"{key.value}的标题")

    def outline(self) -> None:
        old_outline = self.report.meta.outline
        new_outline = outline_for_year(self.new)
        meta = self.data[META]
        if "纲要版本" in meta and not is_null(meta["纲要版本"]) and meta["纲要版本"] != new_outline.value:
            self.assign((META, "纲要版本"), new_outline.value)
        if old_outline is new_outline:
            return
        self.notes.append(f"纲要版本：{self.new} 年适用《{new_outline.value}》纲要（上年为《{old_outline.value}》）")
        mapped: list[str] = []
        used: set[str] = set()
        for key, part in self.report.parts():
            for si, section in enumerate(part.sections):
                area = section.area
                if not area or area == FIRST_RESPONSIBLE:
                    continue
                used.add(area)
                loc = (key.value, "章节", si)
                if area in AREAS[new_outline]:
                    mapped.append(area)
                    self._renew_title_hint(loc, old_outline, new_outline, area)
                else:
                    self._to_custom(loc, section.title, area, old_outline, new_outline)
        if mapped:
            self.notes.append(f"按领域对应到新纲要的章节 {len(mapped)} 个（{'、'.join(mapped)}），"
                              "未填标题的章节改用新纲要的标准标题")
        added = [a for a in AREAS[new_outline] if a not in used]
        if added:
            self.notes.append(f"新纲要中上年没有的领域：{'、'.join(added)}；如需填写，"
                              "请在主要举措和成效中添加章节（纲要领域: 领域名）")

    def _renew_title_hint(self, loc: Loc, old: Outline, new: Outline, area: str) -> None:
        """Update the hint `drafter new` writes next to 纲要领域, when it is still the generated one."""
        section = self._node(loc)
        if eol_comment(section, "纲要领域") == f"标题默认为：{area_title(old, area)}":
            set_eol_comment(section, "纲要领域", f"标题默认为：{area_title(new, area)}")

    def _to_custom(self, loc: Loc, title: str | None, area: str, old: Outline, new: Outline) -> None:
        section = self._node(loc)
        kept = title or area_title(old, area) or area
        replace_key(section, "纲要领域", "标题", kept)
        self.flag((*loc, "标题"), f"{MARKER}：原纲要领域“{area}”在《{new.value}》纲要中没有对应领域，已改为自定义章节")
        self.notes.append(f"“{area}”在《{new.value}》纲要中没有对应领域：已改为自定义章节，"
                          f"标题保留为“{kept}”（{MARKER}）")

    def _node(self, loc: Loc) -> Any:
        node = self.data
        for step in loc:
            node = node[step]
        return node

    def table_headings(self) -> None:
        """A data table's year columns move on with its figures: when every column headed by a
        year of the report (2024年, 2024年度, or the year before) holds only placeholders, which
        take this year's figures (or last year's, `| 上年`), the headings move on by one year. A
        table with a column of typed numbers keeps its headings and is flagged with them."""
        tables = dict.fromkeys(table for loc, _ in iter_texts(self.report) if (table := table_of(loc)))
        for table in tables:
            rows = self._node(table)
            if not rows or not isinstance(rows[0], list):
                continue
            years: dict[int, tuple[str, str]] = {}   # column → (heading, moved on)
            for c, heading in enumerate(rows[0]):
                match = _YEAR_HEADING.fullmatch(str(heading).strip())
                if match and int(match.group(1)) in (self.old - 1, self.old):
                    years[c] = (str(heading), f"{int(match.group(1)) + 1}{match.group(2)}")
            if not years or not all(self._placeholders_only(rows, c) for c in years):
                continue
            for c, (_old, new) in years.items():
                self.handled.add((*table, 0, c))
                self.assign((*table, 0, c), new)
            self.notes.append("表格：表头的年份随数据更新，" + "、".join(
                f"“{old}”改为“{new}”" for old, new in years.values()))

    @staticmethod
    def _placeholders_only(rows: list, c: int) -> bool:
        column = [str(row[c]) for row in rows[1:] if isinstance(row, list) and c < len(row) and str(row[c]).strip()]
        return bool(column) and all("{{" in cell and not literal_mentions(cell) for cell in column)

    def texts(self) -> None:
        plans, shortcomings = PartKey.PLANS.value, PartKey.SHORTCOMINGS.value
        flagged = carried_plans = carried_shortcomings = 0
        tables: dict[Loc, list[str]] = {}     # 表格 key → the mentions of all its cells
        for loc, text in iter_texts(self.report):
            if loc[0] == FOLLOW_UP or loc in self.handled or not text.strip():
                continue
            table = table_of(loc)
            if loc[0] == plans and loc[1:] != ("标题",):
                if table not in self.handled:
                    carried_plans += self.flag(table or loc, PLAN_NOTE)
            elif loc[0] == shortcomings and loc[1:] != ("标题",):
                # Must be new each year: every carried paragraph waits for review, digits or not.
                if table not in self.handled:
                    carried_shortcomings += self.flag(table or loc, SHORTCOMING_NOTE)
            elif table is not None:
                tables.setdefault(table, []).extend(literal_mentions(text))
            elif literal_mentions(text):
                flagged += self.flag(loc, mentions_note(literal_mentions(text)))
        flagged_tables = sum(self.flag(table, mentions_note(mentions)) for table, mentions in tables.items()
                             if mentions)
        if flagged:
            self.notes.append(f"正文：{flagged} 段含数字、年份或日期，已标注“{MARKER}”，请逐段核对")
        if carried_shortcomings:
            self.notes.append(f"存在的不足和原因：沿用上年的 {carried_shortcomings} 段，已标注“{MARKER}”，"
                              "请按本年情况改写或确认")
        if flagged_tables:
            self.notes.append(f"表格：{flagged_tables} 个表格含数字或年份，已在表格处标注“{MARKER}”，请逐格核对")
        if carried_plans:
            self.notes.append(f"下一年度工作安排：沿用上年的 {carried_plans} 段，已标注“{MARKER}”，"
                              f"请改写为 {self.new + 1} 年的安排")

    def figures(self) -> None:
        figures = self.data.get(FIGURES)
        last = CommentedMap()
        cleared = carried = 0
        if isinstance(figures, CommentedMap):
            for group_key, group in figures.items():
                if group_key == CUSTOM_GROUP:
                    cleared += self._custom(group, last)
                    continue
                if not isinstance(group, CommentedMap):
                    continue
                spec = GROUPS_BY_KEY[group_key]
                copied = CommentedMap()
                for name, value in group.items():
                    if is_null(value):
                        continue
                    copied[name] = copy.deepcopy(value)
                    if spec.figure(name).stock:
                        self.flag((FIGURES, group_key, name), STOCK_NOTE)
                        carried += 1
                    else:
                        self.assign((FIGURES, group_key, name), KeptNull())
                        cleared += 1
                if copied:
                    last[group_key] = copied
        self._place(LAST_FIGURES, last, FIGURES,
                    f"{LAST_FIGURES}：上一年度的数据，由 drafter rollover 从上年表单复制，用于同比，一般不需修改")
        if not cleared + carried:
            self.notes.append(f"数据：上年表单没有填写数据，“{LAST_FIGURES}”为空")
            return
        self.notes.append(f"数据：上年 {cleared + carried} 项数值已移入“{LAST_FIGURES}”；本年数据待填"
                          + (f"，其中 {carried} 项存量指标沿用上年数值（{MARKER}）" if carried else ""))

    def sources(self) -> None:
        """Last year's 数据来源 describes last year's figures: the new year starts without it."""
        if SOURCES in self.data:
            delete_key(self.data, SOURCES)
            self.notes.append(f"{SOURCES}：上年的来源记录已删除，本年用 drafter collect 重新记录")

    def _custom(self, entries: Any, last: CommentedMap) -> int:
        if not isinstance(entries, CommentedSeq):
            return 0
        copied = CommentedSeq()
        for i, entry in enumerate(entries):
            if not isinstance(entry, CommentedMap) or is_null(entry.get("数值")):
                continue
            copied.append(CommentedMap((k, copy.deepcopy(v)) for k, v in entry.items()))
            self.assign((FIGURES, CUSTOM_GROUP, i, "数值"), KeptNull())
        if copied:
            last[CUSTOM_GROUP] = copied
        return len(copied)

    def follow_up(self) -> None:
        entries = CommentedSeq()
        for plan in plan_entries(self.report):
            entry = CommentedMap()
            entry["上年计划"] = plan
            entry["落实情况"] = KeptNull()
            entry["状态"] = KeptNull()
            entries.append(entry)
        self._place(FOLLOW_UP, entries, LAST_FIGURES,
                    f"{FOLLOW_UP}：上年报告中工作安排的落实情况，逐项填写落实情况，状态填 {STATUS_HINT}")
        if entries:
            self.notes.append(f"{FOLLOW_UP}：按上年的工作安排生成 {len(entries)} 项，请填写落实情况和状态")
        else:
            self.notes.append(f"{FOLLOW_UP}：上年的下一年度工作安排没有内容，未生成清单")

    def _place(self, key: str, value: Any, after: str, explanation: str) -> None:
        """Set a top-level key: its value replaced where it is, or inserted after `after`."""
        if key in self.data:
            replace_value(self.data, key, value)
        else:
            insert_after(self.data, after, key, value, explanation)

    def header(self) -> None:
        text = (f"{HEADER_START}“{Path(self.form.name).name}”（{self.old} 年）生成。"
                "沿用上年、需要核对的内容已用注释标出，核对或修改后删去该注释。")
        tokens = (self.data.ca.comment or [None, None])[1] or []
        for token in tokens:
            if token.value.startswith(f"# {HEADER_START}"):
                token.value = f"# {text}\n"
                return
        append_start_comment(self.data, text)
