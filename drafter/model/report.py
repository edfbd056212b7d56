"""The report form: meta data, the parts and their section tree, figures and checklist.

Attribute names are English; the Chinese aliases are the YAML keys. Structure follows
the national rules on what a report must contain (第一责任人履职, 主要举措和成效,
存在的不足和原因, 下一年度工作安排, 其他需要报告的情况) and GB/T 9704's four numbered
levels: a part is 一、, its sections （一）, their items 1., the items' sub-items （1）.
Numbering is never typed: the renderer generates it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from drafter.limits import MAX_NUMBERED_ITEMS
from drafter.model.defaults import made_by, new_dict, new_list
from drafter.model.figures import GROUPS_BY_KEY, Figures
from drafter.model.outline import ALL_AREA_KEYS, AREAS, FIRST_RESPONSIBLE, Outline, area_title, outline_for_year

FORM_VERSION = 1

#: A title containing this words reports on 第一责任人履职 whatever its section is called.
FIRST_RESPONSIBLE_MARK = "第一责任人"

MIN_YEAR, MAX_YEAR = 2000, 2100


class FormModel(BaseModel):
    """Base of every form model: unknown keys refused, Chinese aliases or English names accepted."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class Level(str, Enum):
    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    DISTRICT = "区"
    TOWNSHIP = "乡镇"
    DEPARTMENT = "部门"


class ListStyle(str, Enum):
    NUMBERED = "编号"   # children as numbered paragraphs: 1. / （1）
    INLINE = "一是"     # children run on in one paragraph: 一是……二是……


class MarkedParagraph(FormModel):
    """一段带标记的正文，写在段落列表中：`- 段落: ……` 加 `不公开: true`。"""

    text: str = Field(alias="段落", description="这一段的文字")
    private: bool = Field(False, alias="不公开",
                          description="true：这一段只留在报送稿中，公开版（drafter render --public）不含这一段")


MAX_TABLE_ROWS, MAX_TABLE_COLUMNS = 500, 30


class Table(FormModel):
    """正文中的简单表格（如统计数据表）：若干行，每行若干格，第一行是表头。"""

    rows: list[list[str]] = Field(alias="表格", min_length=1, max_length=MAX_TABLE_ROWS,
                                  description="表格的各行，每行是各格文字的列表；第一行为表头")

    @field_validator("rows")
    @classmethod
    def _cells(cls, value: list[list[str]]) -> list[list[str]]:
        if any(len(row) > MAX_TABLE_COLUMNS for row in value):
            raise ValueError(f"表格每行最多 {MAX_TABLE_COLUMNS} 格")
        if not any(cell.strip() for row in value for cell in row):
            raise ValueError("表格不能全是空格")
        return [[cell.strip() for cell in row] for row in value]


#: A text field: one paragraph as a string, or several as a list of paragraphs (strings, or
#: 段落/不公开 mappings for paragraphs the public copy leaves out) and tables.
Paragraphs = str | list[str | MarkedParagraph | Table] | None

PRIVATE_DESCRIPTION = "true：只留在报送稿中，公开版（drafter render --public）不含这部分，编号自动接续"


def paragraph_text(item: str | MarkedParagraph) -> str:
    return item if isinstance(item, str) else item.text


def paragraphs(value: Paragraphs) -> list[str]:
    """The non-empty text paragraphs of a text field (private ones included, tables left out)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    texts = (paragraph_text(item) for item in items if not isinstance(item, Table))
    return [text.strip() for text in texts if text and text.strip()]


def tables(value: Paragraphs) -> list[Table]:
    """The tables of a text field."""
    return [p for p in value if isinstance(p, Table)] if isinstance(value, list) else []


class SubItem(FormModel):
    """第四层（（1））。"""

    title: str | None = Field(None, alias="小标题", description="可选。以“。”结尾时与正文同段（段首小标题）")
    text: Paragraphs = Field(None, alias="内容", description="正文，一段写成字符串，多段写成列表")
    private: bool = Field(False, alias="不公开", description=PRIVATE_DESCRIPTION)


class Item(FormModel):
    """第三层（1.）。"""

    title: str | None = Field(None, alias="小标题", description="可选。以“。”结尾时与正文同段（段首小标题，加粗）")
    text: Paragraphs = Field(None, alias="内容", description="正文，一段写成字符串，多段写成列表")
    style: ListStyle = Field(ListStyle.NUMBERED, alias="子项写法", description="子项用编号（（1））还是“一是、二是”")
    children: list[SubItem] = Field(default_factory=new_list, alias="子项", max_length=MAX_NUMBERED_ITEMS,
                                    description="第四层子项")
    private: bool = Field(False, alias="不公开", description=PRIVATE_DESCRIPTION)


class Section(FormModel):
    """第二层（（一））：主要举措和成效中按纲要领域划分，或自定义标题。"""

    area: str | None = Field(None, alias="纲要领域", description="纲要任务领域，标题默认取该领域的标准表述")
    title: str | None = Field(None, alias="标题", description="不填时用纲要领域的标准标题；自定义章节必填")
    text: Paragraphs = Field(None, alias="内容", description="本节总述或正文")
    style: ListStyle = Field(ListStyle.NUMBERED, alias="条目写法", description="条目用编号（1.）还是“一是、二是”")
    items: list[Item] = Field(default_factory=new_list, alias="条目", max_length=MAX_NUMBERED_ITEMS,
                              description="第三层条目")
    not_applicable: bool = Field(False, alias="不涉及", description="本单位不涉及该领域时填 true，报告中不出现")
    private: bool = Field(False, alias="不公开", description=PRIVATE_DESCRIPTION)

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str | None) -> str | None:
        if value is not None and value not in ALL_AREA_KEYS:
            raise ValueError(f"未知的纲要领域“{value}”，可选：{'、'.join(ALL_AREA_KEYS)}")
        return value


class PartKey(str, Enum):
    FIRST_RESPONSIBLE = "第一责任人履职"
    MEASURES = "主要举措和成效"
    SHORTCOMINGS = "存在的不足和原因"
    PLANS = "下一年度工作安排"
    OTHER = "其他需要报告的情况"


DEFAULT_PART_TITLES: dict[PartKey, str] = {
    PartKey.FIRST_RESPONSIBLE: "党政主要负责人履行推进法治建设第一责任人职责情况",
    PartKey.MEASURES: "{年度}年法治政府建设主要举措和成效",
    PartKey.SHORTCOMINGS: "存在的不足和原因",
    PartKey.PLANS: "{下一年度}年法治政府建设工作安排",
    PartKey.OTHER: "其他需要报告的情况",
}


class Part(FormModel):
    """第一层（一、）：报告的一个组成部分。"""

    title: str | None = Field(None, alias="标题", description="不填时用默认标题")
    text: Paragraphs = Field(None, alias="内容", description="本部分引言或正文")
    style: ListStyle = Field(ListStyle.NUMBERED, alias="章节写法", description="章节用编号（（一））还是“一是、二是”")
    sections: list[Section] = Field(default_factory=new_list, alias="章节", description="第二层章节")

    def is_empty(self) -> bool:
        return not paragraphs(self.text) and not tables(self.text) \
            and not any(not s.not_applicable for s in self.sections)


class Attachment(FormModel):
    """一个带正文的附件：名称写进附件说明，内容另起一页，排在成文日期之后。"""

    name: str = Field(alias="名称", min_length=1, description="附件名称，不写编号、书名号和句末标点")
    text: Paragraphs = Field(None, alias="内容", description="附件正文（段落和表格）；不填时只在附件说明中列出名称")


class Status(str, Enum):
    DONE = "已完成"
    ONGOING = "推进中"
    NOT_STARTED = "未启动"


class PlanFollowUp(FormModel):
    """上年计划落实：上年报告“下一年度工作安排”中的一项。"""

    plan: str = Field(alias="上年计划", description="上年报告中的计划事项（由 rollover 生成）")
    result: str | None = Field(None, alias="落实情况", description="本年落实情况")
    status: Status | None = Field(None, alias="状态", description="已完成 / 推进中 / 未启动")


class Meta(FormModel):
    """基本信息。"""

    year: int = Field(alias="年度", ge=MIN_YEAR, le=MAX_YEAR, description="报告年度（四位数，如 2024）")
    region: str = Field(alias="地区", min_length=1, description="地区或单位简称，如 示例县")
    level: Level = Field(alias="层级", description="省 / 市 / 县 / 区 / 乡镇 / 部门")
    issuer: str = Field(alias="报告机关", min_length=1, description="报告机关全称，如 示例县人民政府")
    addressees: list[str] = Field(default_factory=new_list, alias="主送机关", description="主送机关，可为空列表")
    signatures: list[str] = Field(alias="落款", min_length=1, description="落款机关，联合行文时写多个")
    date: dt.date | None = Field(None, alias="成文日期", description="成文日期，如 2025-02-08；未定时留空")
    title: str | None = Field(None, alias="标题", description="不填时自动生成：关于{年度}年法治政府建设情况的报告")
    title_style: str = Field("关于", alias="标题样式", pattern="^(关于|年度报告)$",
                             description="自动标题的样式：关于（关于2024年法治政府建设情况的报告）或 年度报告（示例县2024年法治政府建设年度报告）")
    outline: Outline | None = Field(None, alias="纲要版本", description="2015-2020 或 2021-2025，不填时按年度确定")
    doc_number: str | None = Field(None, alias="发文字号", description="可选，如 示政〔2025〕3号；填写时生成版头")
    doc_mark: str | None = Field(None, alias="发文机关标志", description="可选，版头红字，不填时用报告机关加“文件”")
    note: str | None = Field(None, alias="附注", description="可选，如 此件公开发布")

    @field_validator("addressees", "signatures")
    @classmethod
    def _no_blank_organs(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("机关名称不能为空")
        return [v.strip() for v in value]

    @model_validator(mode="after")
    def _default_outline(self) -> "Meta":
        if self.outline is None:
            self.outline = outline_for_year(self.year)
        return self

    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.title_style == "年度报告":
            return f"{self.region}{self.year}年法治政府建设年度报告"
        return f"关于{self.year}年法治政府建设情况的报告"


#: 成文日期 must fall before this day (月-日) of the year after 年度: reports are public
#: before 1 April; many provinces want departments' reports by 1 March.
DEFAULT_DEADLINES: dict[Level, str] = {**{level: "04-01" for level in Level}, Level.DEPARTMENT: "03-01"}


class Settings(FormModel):
    """检查设置。"""

    disabled_rules: list[str] = Field(default_factory=new_list, alias="关闭规则",
                                      description="不需要的检查规则编号（drafter check --rules 列出全部规则）")
    deadlines: dict[Level, str] = Field(
        default_factory=new_dict, alias="报送截止",
        description="成文日期须早于次年的该日（月-日），按层级设置，如 {部门: \"03-01\"}；"
                    "未设置时：部门 03-01，其他层级 04-01")

    @field_validator("deadlines")
    @classmethod
    def _month_day(cls, value: dict[Level, str]) -> dict[Level, str]:
        for level, text in value.items():
            try:
                dt.date.fromisoformat(f"2000-{text}")  # a leap year accepts 02-29
            except ValueError:
                raise ValueError(f"{level.value}的报送截止“{text}”应写成 月-日，如 03-01") from None
        return value

    def deadline(self, level: Level, year: int) -> dt.date:
        """The first day after the deadline window for a report on `year` (a day in year + 1)."""
        month, day = (int(part) for part in self.deadlines.get(level, DEFAULT_DEADLINES[level]).split("-"))
        try:
            return dt.date(year + 1, month, day)
        except ValueError:  # 02-29 in a common year
            return dt.date(year + 1, 3, 1)


#: 数据来源 names custom figures as 自定义.名称
CUSTOM_PREFIX = "自定义"


_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")


class FigureSource(FormModel):
    """数据来源：一份统计表（或下级单位的表单）填报的数值，由 drafter collect / aggregate 记录。"""

    unit: str = Field("", alias="来源单位", max_length=100, description="填报单位，如 示例县公安局")
    file: str = Field("", alias="文件", max_length=255, description="统计表或表单的文件名")
    sheet: str = Field("", alias="工作表", max_length=100, description="工作表名称")
    as_of: dt.date | None = Field(None, alias="截至日期", description="数据的截至日期，如 2024-12-31")
    values: dict[str, Decimal] = Field(alias="数值", min_length=1,
                                       description="该来源填报的数值：指标（组.指标 或 自定义.名称）: 数值")
    cells: dict[str, str] = Field(default_factory=new_dict, alias="单元格",
                                  description="各项数值在统计表中的单元格，如 行政复议.受理: D61（drafter collect 记录）")

    @field_validator("values")
    @classmethod
    def _known_figures(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for name in value:
            group, dot, figure = name.partition(".")
            if not dot or not figure:
                raise ValueError(f"“{name}”应写成 组.指标，如 行政复议.受理")
            if group == CUSTOM_PREFIX:
                continue
            spec = GROUPS_BY_KEY.get(group)
            if spec is None or spec.figure(figure) is None:
                raise ValueError(f"没有指标“{name}”")
        return value

    @field_validator("cells")
    @classmethod
    def _cell_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name, cell in value.items():
            if not _CELL.fullmatch(str(cell)):
                raise ValueError(f"“{name}”的单元格“{cell}”不是单元格地址（如 D61）")
        return value

    @model_validator(mode="after")
    def _cells_of_values(self) -> "FigureSource":
        stray = [name for name in self.cells if name not in self.values]
        if stray:
            raise ValueError(f"单元格中的“{'、'.join(stray)}”不在该来源的数值中")
        return self


class Report(FormModel):
    """法治政府建设年度报告表单。"""

    form_version: int = Field(FORM_VERSION, alias="表单版本", description="表单格式版本，由 drafter 维护，请勿修改")
    meta: Meta = Field(alias="基本信息")
    intro: Paragraphs = Field(None, alias="导语", description="开头一段：指导思想、总体情况，以“现将有关情况报告如下：”收尾")
    first_responsible: Part | None = Field(None, alias="第一责任人履职",
                                           description="单列一部分；也可改为在主要举措和成效中加“纲要领域: 第一责任人履职”的章节")
    measures: Part = Field(alias="主要举措和成效")
    shortcomings: Part = Field(alias="存在的不足和原因")
    plans: Part = Field(alias="下一年度工作安排")
    other: Part | None = Field(None, alias="其他需要报告的情况", description="可选")
    closing: str = Field("特此报告。", alias="结束语")
    attachments: list[str | Attachment] = Field(
        default_factory=new_list, alias="附件",
        description="附件名称，按顺序逐行写，不写编号、书名号和句末标点；生成“附件：1.……”。"
                    "附件有正文时写成 名称/内容，正文另起一页排在成文日期之后")

    @field_validator("attachments")
    @classmethod
    def _attachment_names(cls, value: list[str | Attachment]) -> list[str | Attachment]:
        entries = [v.strip() if isinstance(v, str) else v for v in value]
        if any(isinstance(entry, str) and not entry for entry in entries):
            raise ValueError("附件名称不能为空")
        return entries

    figures: Figures = Field(default_factory=made_by(Figures), alias="数据")
    last_figures: Figures | None = Field(None, alias="上年数据", description="上年度数据，用于同比（rollover 自动填写）")
    sources: list[FigureSource] = Field(default_factory=new_list, alias="数据来源",
                                        description="数据从哪些统计表、哪些单位来（drafter collect 记录，"
                                                    "drafter render --sources 列表核对）")
    plan_follow_up: list[PlanFollowUp] = Field(default_factory=new_list, alias="上年计划落实")
    settings: Settings = Field(default_factory=made_by(Settings), alias="检查设置")

    @model_validator(mode="after")
    def _areas_match_outline(self) -> "Report":
        outline = self.meta.outline
        for section in self.measures.sections:
            if section.area and section.area != FIRST_RESPONSIBLE and section.area not in AREAS[outline]:
                raise ValueError(
                    f"纲要领域“{section.area}”不属于《{outline.value}》纲要；"
                    f"该纲要的领域有：{'、'.join(AREAS[outline])}。可改为自定义章节（删去纲要领域，填写标题）"
                )
        return self

    def parts(self) -> list[tuple[PartKey, Part]]:
        """The parts present, in report order."""
        ordered = [
            (PartKey.FIRST_RESPONSIBLE, self.first_responsible),
            (PartKey.MEASURES, self.measures),
            (PartKey.SHORTCOMINGS, self.shortcomings),
            (PartKey.PLANS, self.plans),
            (PartKey.OTHER, self.other),
        ]
        return [(key, part) for key, part in ordered if part is not None]

    def part_title(self, key: PartKey, part: Part) -> str:
        return part.title or DEFAULT_PART_TITLES[key].format(年度=self.meta.year, 下一年度=self.meta.year + 1)

    def section_title(self, section: Section) -> str:
        return section.title or area_title(self.meta.outline, section.area or "") or ""

    def has_first_responsible(self) -> bool:
        """Whether the report covers 第一责任人履职: its own part, a section keyed to it, or a
        section or item of 主要举措和成效 titled after it (imported reports keep their own titles)."""
        if self.first_responsible is not None and not self.first_responsible.is_empty():
            return True
        for section in self.measures.sections:
            if section.not_applicable:
                continue
            titles = [section.title or "", *(item.title or "" for item in section.items)]
            if section.area == FIRST_RESPONSIBLE or any(FIRST_RESPONSIBLE_MARK in t for t in titles):
                return True
        return False


TextLoc = tuple[str | int, ...]


def _text_fields(value: Paragraphs, loc: TextLoc):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for i, text in enumerate(value):
            if isinstance(text, MarkedParagraph):
                yield (*loc, i, "段落"), text.text
            elif isinstance(text, Table):
                for r, row in enumerate(text.rows):
                    for c, cell in enumerate(row):
                        if cell:
                            yield (*loc, i, "表格", r, c), cell
            else:
                yield (*loc, i), text


def iter_meta_texts(report: Report):
    """(YAML location, text) of the short texts outside the body that are printed: addressees,
    signatures, 发文字号, 发文机关标志, 附注 and the attachment names."""
    meta = report.meta
    for name, values in (("主送机关", meta.addressees), ("落款", meta.signatures)):
        for i, value in enumerate(values):
            yield ("基本信息", name, i), value
    for name, value in (("发文字号", meta.doc_number), ("发文机关标志", meta.doc_mark), ("附注", meta.note)):
        if value:
            yield ("基本信息", name), value
    for i, entry in enumerate(report.attachments):
        if isinstance(entry, Attachment):
            yield ("附件", i, "名称"), entry.name
        else:
            yield ("附件", i), entry


def iter_texts(report: Report):
    """(YAML location, text) of every narrative text field, in report order."""
    yield from _text_fields(report.intro, ("导语",))
    for key, part in report.parts():
        base: TextLoc = (key.value,)
        if part.title:
            yield (*base, "标题"), part.title
        yield from _text_fields(part.text, (*base, "内容"))
        for si, section in enumerate(part.sections):
            sloc = (*base, "章节", si)
            if section.title:
                yield (*sloc, "标题"), section.title
            yield from _text_fields(section.text, (*sloc, "内容"))
            for ii, item in enumerate(section.items):
                iloc = (*sloc, "条目", ii)
                if item.title:
                    yield (*iloc, "小标题"), item.title
                yield from _text_fields(item.text, (*iloc, "内容"))
                for ci, child in enumerate(item.children):
                    cloc = (*iloc, "子项", ci)
                    if child.title:
                        yield (*cloc, "小标题"), child.title
                    yield from _text_fields(child.text, (*cloc, "内容"))
    yield ("结束语",), report.closing
    for i, attachment in enumerate(report.attachments):
        if isinstance(attachment, Attachment):
            yield from _text_fields(attachment.text, ("附件", i, "内容"))
    for i, entry in enumerate(report.plan_follow_up):
        if entry.result:
            yield ("上年计划落实", i, "落实情况"), entry.result
