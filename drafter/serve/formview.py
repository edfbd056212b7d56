"""What the form page shows: the form's round-trip tree laid out as the report reads.

`build_view` walks the YAML tree (not the validated model, so that a form with a wrong value
still opens and shows the finding beside that value) and returns plain objects for the
templates: 基本信息, 导语, the parts with their sections, items and sub-items, 结束语, 附件,
数据 and 上年数据 by group (unit and meaning from the figures table, rates computed by the
renderer's own figure namespaces, and where each figure came from by its 数据来源), 上年计划落实 and 检查设置. Labels are the form's own keys,
help texts the model's field descriptions. Every field and every container has an anchor id
derived from its location; `place_findings` puts each check finding at the deepest anchor of
its location.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from drafter import api
from drafter.checks import Finding
from drafter.model import Report
from drafter.model.figures import GROUPS
from drafter.model.outline import AREAS, FIRST_RESPONSIBLE, Outline, outline_for_year
from drafter.model.report import DEFAULT_PART_TITLES, Level, ListStyle, PartKey, Status
from drafter.form.load import field_path
from drafter.form.messages import model_at
from drafter.form.roundtrip import KeptNull, Loc
from drafter.serve.collection import number
from drafter.serve.editing import CHOICE, CUSTOM, FLAG, LINES, OPTIONAL_PARTS, PARAGRAPHS, field_kind

_UNSAFE_ID = re.compile(r"[^\w]")
PRIVATE_HELP = "勾选后只留在报送稿中，网站公开版不含这部分（编号自动接续）"


def anchor_id(loc: Loc) -> str:
    """The HTML id of the field or container at `loc`: f-数据-行政复议-受理."""
    return "f-" + "-".join(_UNSAFE_ID.sub("_", str(step)) for step in loc) if loc else "f-top"


def loc_json(loc: Loc) -> str:
    return json.dumps(list(loc), ensure_ascii=False)


@dataclass
class Field:
    loc: Loc
    label: str
    kind: str
    value: Any
    help: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    placeholder: str = ""
    picker: bool = False       # narrative text: offer 插入数据
    rows: int = 3
    items: list["ContentItem"] = field(default_factory=list)   # kind RICH: the elements of a 内容 list

    @property
    def id(self) -> str:
        return anchor_id(self.loc)

    @property
    def loc_json(self) -> str:
        return loc_json(self.loc)

    @property
    def path(self) -> str:
        """The field path the preview's blocks name as their source (主要举措和成效.章节[2].内容)."""
        return field_path(self.loc)


#: A 内容 list holding tables or 不公开 paragraphs: each element is edited on its own.
RICH = "rich"


class _InList:
    """An element of a list in the form (its `loc` ends with its index): its anchor, its
    position and the list's location as the page's buttons send it."""

    loc: Loc

    @property
    def id(self) -> str:
        return anchor_id(self.loc)

    @property
    def index(self) -> int:
        return int(self.loc[-1])

    @property
    def list_json(self) -> str:
        return loc_json(self.loc[:-1])


@dataclass
class ContentItem(_InList):
    """One element of a rich 内容 list: a paragraph, a 不公开 paragraph, or a table."""

    loc: Loc                      # (..., "内容", i)
    kind: str                     # "paragraph" | "marked" | "table"
    fields: list[Field]           # the paragraph (and its 不公开 box)
    rows: list[list[Field]] = field(default_factory=list)   # a table's cells
    count: int = 0


@dataclass
class Entry(_InList):
    """A section, item, sub-item or custom figure: one element of a list the user can reorder."""

    loc: Loc                   # of the element: (..., "章节", 2)
    number: str                # as the report numbers it: （三）, 2., （1）
    heading: str
    fields: list[Field]
    children: list["Entry"] = field(default_factory=list)
    child_list: Loc | None = None   # where this entry's children live (…, "条目")
    child_name: str = ""            # 条目 / 子项
    count: int = 0                  # length of the list this entry is in


@dataclass
class PartView:
    key: str
    title: str
    present: bool
    optional: bool
    fields: list[Field]
    sections: list[Entry]

    @property
    def id(self) -> str:
        return anchor_id((self.key,))

    @property
    def list_json(self) -> str:
        return loc_json((self.key, "章节"))


@dataclass
class FigureRow:
    field: Field | None          # None for a rate
    key: str
    unit: str
    meaning: str
    rate_text: str = ""          # computed rate as printed, or why it cannot be computed
    rate_id: str = ""
    sources: list[list[str]] = field(default_factory=list)   # where 数据来源 says it came from, in parts


@dataclass
class GroupView:
    root: str
    key: str
    meaning: str
    rows: list[FigureRow]
    filled: int
    total: int

    @property
    def id(self) -> str:
        return anchor_id((self.root, self.key))


@dataclass
class FiguresView:
    root: str                     # 数据 / 上年数据
    present: bool
    groups: list[GroupView]
    custom: list[Entry]
    sourced: int = 0              # figures with a recorded 数据来源
    custom_sources: dict[str, list[list[str]]] = field(default_factory=dict)   # 名称 → where it came from

    @property
    def id(self) -> str:
        return anchor_id((self.root,))

    @property
    def custom_json(self) -> str:
        return loc_json((self.root, CUSTOM))


@dataclass
class RuleChoice:
    rule: str
    family: str
    name: str
    off: bool


@dataclass
class FormView:
    title: str
    meta: list[Field]
    intro: Field
    parts: list[PartView]
    closing: Field
    attachments: Field | None          # names only, one a line
    attachment_entries: list[Entry]    # when some attachments have their own 内容
    figures: list[FiguresView]
    follow_up: list[Entry]
    rules: list[RuleChoice]
    rules_loc: str
    deadlines: list[Field]
    anchors: set[str]


# ---------------------------------------------------------------- reading the tree


def value_at(data: Any, loc: Loc) -> Any:
    node = data
    for step in loc:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return None if isinstance(node, KeptNull) else node


def shown(kind: str, value: Any) -> Any:
    """A YAML value as the browser control shows it."""
    if value is None:
        return False if kind == FLAG else ""
    if kind == FLAG:
        return value is True
    if kind in (PARAGRAPHS, LINES) and isinstance(value, list):
        return "\n".join("" if v is None else str(v) for v in value)
    if isinstance(value, (dict, list)):
        return ""   # a wrong shape: the schema finding beside the field says what is expected
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def description(loc: Loc) -> str:
    model = model_at(Report, loc[:-1])
    if model is None:
        return ""
    for name, info in model.model_fields.items():
        if (info.alias or name) == loc[-1]:
            return info.description or ""
    return ""


def default_of(loc: Loc) -> Any:
    """The model's default for the field at `loc` (None when it has none)."""
    model = model_at(Report, loc[:-1])
    if model is None:
        return None
    for name, info in model.model_fields.items():
        if (info.alias or name) == loc[-1] and not info.is_required():
            default = info.get_default(call_default_factory=False)
            return getattr(default, "value", default)
    return None


class _Builder:
    def __init__(self, form: Any) -> None:
        data = form.data
        self.data = data if isinstance(data, dict) else {}
        self.form = form
        self.anchors: set[str] = set()
        year = value_at(self.data, ("基本信息", "年度"))
        outline = value_at(self.data, ("基本信息", "纲要版本"))
        try:
            self.outline = Outline(str(outline)) if outline else outline_for_year(int(year))
        except (ValueError, TypeError):
            self.outline = Outline.V2021
        self.year = year if isinstance(year, int) and not isinstance(year, bool) else None

    def field(self, loc: Loc, label: str | None = None, *, options: list[tuple[str, str]] | None = None,
              placeholder: str = "", picker: bool = False, rows: int = 3, help: str | None = None) -> Field:
        kind = field_kind(loc)
        self.anchors.add(anchor_id(loc))
        value = value_at(self.data, loc)
        if kind == PARAGRAPHS and isinstance(value, list) and any(isinstance(v, dict) for v in value):
            return self.rich(loc, value, label, picker)
        if value is None and kind == CHOICE:
            value = default_of(loc)   # what the report uses when the key is left out
        if help is None:
            help = description(loc)
            if kind == PARAGRAPHS:   # the YAML wording (string or list) means lines here
                help = help.replace("，一段写成字符串，多段写成列表", "").rstrip("。") + "。每行一段"
                help += "；数字用“插入数据”引用，预览中显示数值。" if picker else "。"
        return Field(loc, label or str(loc[-1]), kind, shown(kind, value), help, options or [], placeholder, picker, rows)

    def container(self, loc: Loc) -> None:
        self.anchors.add(anchor_id(loc))

    def rich(self, loc: Loc, value: list, label: str | None, picker: bool) -> Field:
        """A 内容 list with tables or 不公开 paragraphs: paragraph by paragraph, tables cell by cell."""
        items = []
        for i, element in enumerate(value):
            at = (*loc, i)
            self.container(at)
            if isinstance(element, dict) and "表格" in element:
                rows = element.get("表格") if isinstance(element.get("表格"), list) else []
                header = rows[0] if rows and isinstance(rows[0], list) else []
                cells = []
                for r, row in enumerate(rows):
                    if not isinstance(row, list):
                        continue
                    cells.append([self.field((*at, "表格", r, c), label=_cell_label(header, r, c), help="")
                                  for c in range(len(row))])
                items.append(ContentItem(at, "table", [], cells, len(value)))
            elif isinstance(element, dict):
                text = self.field((*at, "段落"), label=f"第{i + 1}段", picker=picker, help="")
                private = self.field((*at, "不公开"), help="")
                items.append(ContentItem(at, "marked", [text, private], count=len(value)))
            else:
                items.append(ContentItem(at, "paragraph", [self.field(at, label=f"第{i + 1}段", picker=picker, help="")],
                                         count=len(value)))
        help = "这一栏有表格或标为不公开的段落，按段编辑；表格逐格填写。"
        return Field(loc, label or str(loc[-1]), RICH, "", help, items=items)

    # ------------------------------------------------------------ parts

    def meta(self) -> list[Field]:
        base = ("基本信息",)
        self.container(base)
        levels = [(level.value, level.value) for level in Level]
        return [
            self.field((*base, "地区"), placeholder="如 示例县"),
            self.field((*base, "年度"), placeholder="如 2024"),
            self.field((*base, "层级"), options=levels),
            self.field((*base, "报告机关"), placeholder="如 示例县人民政府"),
            self.field((*base, "主送机关"), rows=2, help="每行一个机关；" + description((*base, "主送机关"))),
            self.field((*base, "落款"), rows=2, help="每行一个机关，联合行文时写多行"),
            self.field((*base, "成文日期")),
            self.field((*base, "标题"), placeholder=self._default_title()),
            self.field((*base, "标题样式"), options=[("关于", "关于……的报告"), ("年度报告", "……年度报告")]),
            self.field((*base, "纲要版本"), options=[("", "按年度确定")] + [(o.value, o.value) for o in Outline]),
            self.field((*base, "发文字号")),
            self.field((*base, "发文机关标志")),
            self.field((*base, "附注")),
        ]

    def _default_title(self) -> str:
        return f"关于{self.year or '……'}年法治政府建设情况的报告"

    def parts(self) -> list[PartView]:
        views = []
        for key in PartKey:
            part = value_at(self.data, (key.value,))
            present = isinstance(part, dict)
            title = DEFAULT_PART_TITLES[key].format(年度=self.year or "本", 下一年度=(self.year + 1) if self.year else "下")
            views.append(self.part(key.value, title, part if present else {}, present))
        return views

    def part(self, key: str, default_title: str, part: dict, present: bool) -> PartView:
        base = (key,)
        self.container(base)
        if not present:
            return PartView(key, default_title, False, key in OPTIONAL_PARTS, [], [])
        styles = [(s.value, s.value) for s in ListStyle]
        fields = [
            self.field((*base, "标题"), placeholder=default_title, help="不填时用默认标题"),
            self.field((*base, "内容"), picker=True, rows=3),
            self.field((*base, "章节写法"), options=styles),
        ]
        sections = part.get("章节")
        entries = [self.section(key, (*base, "章节", i), s, len(sections))
                   for i, s in enumerate(sections)] if isinstance(sections, list) else []
        title = value_at(self.data, (*base, "标题")) or default_title
        return PartView(key, str(title), True, key in OPTIONAL_PARTS, fields, entries)

    def section(self, part: str, loc: Loc, section: Any, count: int) -> Entry:
        self.container(loc)
        styles = [(s.value, s.value) for s in ListStyle]
        section = section if isinstance(section, dict) else {}
        fields = []
        area = section.get("纲要领域")
        if part == PartKey.MEASURES.value:
            areas = [("", "（自定义章节，不对应纲要领域）"), (FIRST_RESPONSIBLE, "第一责任人履职")]
            areas += [(k, f"{k}：{t}") for k, t in AREAS[self.outline].items()]
            fields.append(self.field((*loc, "纲要领域"), options=areas))
        area_heading = AREAS[self.outline].get(str(area), "") if area else ""
        fields += [
            self.field((*loc, "标题"), placeholder=area_heading or "自定义章节必填",
                       help="不填时用纲要领域的标准标题" if part == PartKey.MEASURES.value else "本节标题"),
            self.field((*loc, "内容"), picker=True),
            self.field((*loc, "条目写法"), options=styles),
        ]
        if part == PartKey.MEASURES.value:
            fields.append(self.field((*loc, "不涉及"), help="勾选表示本单位不涉及该领域：本节不出现在报告中，检查也不再要求写到它"))
        fields.append(self.field((*loc, "不公开"), help=PRIVATE_HELP))
        items = section.get("条目")
        children = [self.item((*loc, "条目", i), item, len(items))
                    for i, item in enumerate(items)] if isinstance(items, list) else []
        heading = section.get("标题") or area_heading or "（未命名章节）"
        return Entry(loc, f"（{_cn(loc[-1] + 1)}）", str(heading), fields, children, (*loc, "条目"), "条目", count)

    def item(self, loc: Loc, item: Any, count: int) -> Entry:
        self.container(loc)
        item = item if isinstance(item, dict) else {}
        styles = [(s.value, s.value) for s in ListStyle]
        fields = [
            self.field((*loc, "小标题")),
            self.field((*loc, "内容"), picker=True),
            self.field((*loc, "子项写法"), options=styles),
            self.field((*loc, "不公开"), help=PRIVATE_HELP),
        ]
        subs = item.get("子项")
        children = [self.sub_item((*loc, "子项", i), sub, len(subs))
                    for i, sub in enumerate(subs)] if isinstance(subs, list) else []
        heading = item.get("小标题") or _first_words(item.get("内容")) or "（新条目）"
        return Entry(loc, f"{loc[-1] + 1}.", str(heading), fields, children, (*loc, "子项"), "子项", count)

    def sub_item(self, loc: Loc, sub: Any, count: int) -> Entry:
        self.container(loc)
        sub = sub if isinstance(sub, dict) else {}
        fields = [self.field((*loc, "小标题")), self.field((*loc, "内容"), picker=True, rows=2),
                  self.field((*loc, "不公开"), help=PRIVATE_HELP)]
        heading = sub.get("小标题") or _first_words(sub.get("内容")) or "（新子项）"
        return Entry(loc, f"（{loc[-1] + 1}）", str(heading), fields, [], None, "", count)

    # ------------------------------------------------------------ figures

    def figures(self, root: str) -> FiguresView:
        self.container((root,))
        present = isinstance(value_at(self.data, (root,)), dict)
        spaces = self._namespaces()
        sources = source_texts(self.form) if root == "数据" and self.form is not None else {}
        groups = []
        for group in GROUPS:
            self.container((root, group.key))
            rows, filled = [], 0
            for spec in group.figures:
                f = self.field((root, group.key, spec.key), help=spec.meaning)
                filled += f.value != ""
                rows.append(FigureRow(f, spec.key, spec.unit, spec.meaning,
                                      sources=sources.get(f"{group.key}.{spec.key}", [])))
            for rate in group.rates:
                rows.append(FigureRow(None, rate.key, "%", rate.meaning, rate_text(spaces, root, group.key, rate.key),
                                      anchor_id(("rate", root, group.key, rate.key))))
            groups.append(GroupView(root, group.key, group.meaning, rows, filled, len(group.figures)))
        custom = value_at(self.data, (root, CUSTOM))
        self.container((root, CUSTOM))
        entries = []
        if isinstance(custom, list):
            for i, _entry in enumerate(custom):
                loc = (root, CUSTOM, i)
                self.container(loc)
                fields = [self.field((*loc, "名称")), self.field((*loc, "数值")),
                          self.field((*loc, "单位")), self.field((*loc, "说明"))]
                name = value_at(self.data, (*loc, "名称")) or "（新数据）"
                entries.append(Entry(loc, f"{i + 1}.", str(name), fields, count=len(custom)))
        custom_sources = {name.partition(".")[2]: lines for name, lines in sources.items()
                          if name.startswith(f"{CUSTOM}.")}
        return FiguresView(root, present, groups, entries, len(sources), custom_sources)

    def _namespaces(self):
        if self.form is None or self.form.report is None:
            return None
        if not hasattr(self, "_spaces"):
            self._spaces = api.figure_values(self.form)
        return self._spaces

    # ------------------------------------------------------------ the rest

    def attachments(self) -> tuple[Field | None, list[Entry]]:
        value = value_at(self.data, ("附件",))
        if not (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
            return self.field(("附件",), rows=2, help="每行一个附件名称，不写编号、书名号和句末标点"), []
        self.container(("附件",))
        entries = []
        for i, element in enumerate(value):
            loc = ("附件", i)
            self.container(loc)
            if isinstance(element, dict):
                fields = [self.field((*loc, "名称")), self.field((*loc, "内容"), picker=True)]
                name = element.get("名称") or "（未命名附件）"
            else:
                fields = [self.field(loc, label="名称", help="附件名称，不写编号、书名号和句末标点")]
                name = element or "（未命名附件）"
            entries.append(Entry(loc, f"附件{i + 1}", str(name), fields, count=len(value)))
        return None, entries

    def follow_up(self) -> list[Entry]:
        entries = value_at(self.data, ("上年计划落实",))
        if not isinstance(entries, list):
            return []
        out = []
        statuses = [("", "（未填）")] + [(s.value, s.value) for s in Status]
        for i, _ in enumerate(entries):
            loc = ("上年计划落实", i)
            self.container(loc)
            fields = [self.field((*loc, "落实情况"), rows=2), self.field((*loc, "状态"), options=statuses)]
            plan = value_at(self.data, (*loc, "上年计划")) or ""
            out.append(Entry(loc, f"{i + 1}.", str(plan), fields, count=len(entries)))
        return out

    def rules(self) -> list[RuleChoice]:
        from drafter.checks import RULE_TABLE

        self.container(("检查设置",))
        self.anchors.add(anchor_id(("检查设置", "关闭规则")))
        off = value_at(self.data, ("检查设置", "关闭规则"))
        off = {str(r) for r in off} if isinstance(off, list) else set()
        return [RuleChoice(rule, family, name, rule in off) for family, rule, name in RULE_TABLE if rule != "schema"]

    def deadlines(self) -> list[Field]:
        from drafter.model.report import DEFAULT_DEADLINES

        return [self.field(("检查设置", "报送截止", level.value), label=f"{level.value}",
                           placeholder=DEFAULT_DEADLINES[level], help=f"月-日，不填时为 {DEFAULT_DEADLINES[level]}")
                for level in Level]


def source_texts(form: Any) -> dict[str, list[list[str]]]:
    """组.指标 → one line per 数据来源 entry, in parts: 示例县公安局 | 统计表.xlsx［统计表］D61 |
    截至 2024-12-31 | 填报 120 (the page keeps each part on one line)."""
    out: dict[str, list[list[str]]] = {}
    for name, lines in api.figure_sources(form).items():
        for line in lines:
            where = line.file + (f"［{line.sheet}］" if line.sheet else "") + line.cell
            parts = [line.unit or "（未填来源单位）", where]
            if line.as_of:
                parts.append(f"截至 {line.as_of.isoformat()}")
            parts.append(f"填报 {number(line.value)}")
            out.setdefault(name, []).append(parts)
    return out


def _cell_label(header: list, row: int, column: int) -> str:
    """A table cell's label: its column's heading (the heading row itself: 表头 n)."""
    if row == 0 or column >= len(header) or not str(header[column] or "").strip():
        return f"表头{column + 1}" if row == 0 else f"第{row + 1}行第{column + 1}格"
    return f"{header[column]}（第{row + 1}行）"


def rate_text(spaces: Any, root: str, group: str, rate: str) -> str:
    """A computed rate as the report prints it, or why it is not there yet."""
    if spaces is None:
        return "表单有错误，改正后计算"
    value = spaces[group][rate]
    if root == "上年数据":
        value = value.last
        if value is None:
            return "待填"
    if value.missing:
        return "待填" if value.missing_marker().startswith("待填") else "分母为 0，无法计算"
    return value.text()


def _cn(number: int) -> str:
    from drafter.text.numerals import cn_numeral

    return cn_numeral(number)


def _first_words(text: Any, width: int = 18) -> str:
    if isinstance(text, list):
        text = next((t for t in text if t), "")
    if not isinstance(text, str):
        return ""
    text = text.strip()
    return text if len(text) <= width else text[:width] + "……"


def build_view(form: Any) -> FormView:
    """The form page of a loaded form (its round-trip tree; rates when it validated)."""
    b = _Builder(form)
    meta = b.meta()
    intro = b.field(("导语",), picker=True, rows=4)
    parts = b.parts()
    closing = b.field(("结束语",), placeholder="特此报告。")
    attachments, attachment_entries = b.attachments()
    figures = [b.figures("数据"), b.figures("上年数据")]
    follow_up = b.follow_up()
    rules = b.rules()
    deadlines = b.deadlines()
    region = value_at(b.data, ("基本信息", "地区")) or ""
    title = f"{region}{b.year or ''}年法治政府建设情况报告" if region or b.year else "法治政府建设情况报告"
    return FormView(title, meta, intro, parts, closing, attachments, attachment_entries, figures, follow_up, rules,
                    loc_json(("检查设置", "关闭规则")), deadlines, b.anchors)


# ---------------------------------------------------------------- findings


@dataclass
class PlacedFinding:
    finding: Finding
    anchor: str

    @property
    def level(self) -> str:
        return self.finding.level.value

    @property
    def css(self) -> str:
        return {"错误": "error", "警告": "warning"}.get(self.level, "hint")

    @property
    def text(self) -> str:
        """The message as `drafter check` words it, less what only the command line can do: the
        page offers 已核对 instead of deleting a comment, and downloads a draft by itself."""
        text = self.finding.message
        for cli, page in BROWSER_WORDING:
            text = text.replace(cli, page)
        return text

    @property
    def path(self) -> str:
        return self.finding.path or field_path(self.finding.loc)


#: (command-line wording, browser wording) of check messages.
BROWSER_WORDING = (("。核对或修改后删去这条注释", "。核对无误点“已核对”；改写后自动消除"),
                   ("（--draft 可先出草稿）", "（现在下载的是草稿）"),
                   ("（drafter check --fix 可自动修正）", ""),
                   ("加一节“纲要领域: 领域名”并填 不涉及: true", "点“＋ 添加章节”，选择该纲要领域并勾选“不涉及”"),
                   ("；确不涉及的，写 不涉及: true", "；确不涉及的，勾选本节的“不涉及”"),
                   ("标为 不公开: true", "勾选“不公开”"),
                   ("加一节“纲要领域: 第一责任人履职”", "添加一节，纲要领域选“第一责任人履职”"))


def place_findings(findings: list[Finding], anchors: set[str]) -> list[PlacedFinding]:
    """Each finding with the anchor of the deepest field or container its location reaches."""
    placed = []
    for finding in findings:
        loc = tuple(finding.loc)
        anchor = "f-top"
        for depth in range(len(loc), 0, -1):
            candidate = anchor_id(loc[:depth])
            if candidate in anchors:
                anchor = candidate
                break
        placed.append(PlacedFinding(finding, anchor))
    return placed


def by_anchor(placed: list[PlacedFinding]) -> dict[str, list[PlacedFinding]]:
    out: dict[str, list[PlacedFinding]] = {}
    for item in placed:
        out.setdefault(item.anchor, []).append(item)
    return out


def picker_groups(form: Any) -> list[dict[str, Any]]:
    """The figures the 插入数据 picker offers, by group, with their current values."""
    spaces = api.figure_values(form) if form.report is not None else None
    report = form.report
    groups = []
    for group in GROUPS:
        items = []
        for spec in group.figures:
            items.append({"key": spec.key, "unit": spec.unit, "meaning": spec.meaning,
                          "value": _current(spaces, group.key, spec.key), "amount": spec.unit == "元"})
        for rate in group.rates:
            items.append({"key": rate.key, "unit": "%", "meaning": rate.meaning,
                          "value": _current(spaces, group.key, rate.key), "amount": False})
        groups.append({"key": group.key, "meaning": group.meaning, "items": items})
    if report is not None and report.figures.custom:
        items = [{"key": c.name, "unit": c.unit, "meaning": c.note, "value": _current(spaces, CUSTOM, c.name),
                  "amount": c.unit == "元"} for c in report.figures.custom]
        groups.append({"key": CUSTOM, "meaning": "自定义数据", "items": items})
    return groups


def _current(spaces: Any, group: str, key: str) -> str:
    if spaces is None:
        return ""
    try:
        value = spaces[group][key]
    except KeyError:
        return ""
    return "待填" if value.missing else value.text() + ("" if value.kind == "rate" else value.unit)


__all__ = ["FormView", "Field", "Entry", "ContentItem", "anchor_id", "build_view", "by_anchor", "picker_groups",
           "place_findings", "rate_text"]
