"""Mapping an imported document tree onto the report form: `map_document`.

The parser's `doctree.Document` is read through its `Outline` view (the head, the
numbered tree, the ending), and that is what is mapped; `map_outline` takes the view
directly.

Top-level parts go to the five parts of a report by what their titles say (…举措和成效 →
主要举措和成效, 问题/不足 → 存在的不足和原因, 安排/计划/下一步 → 下一年度工作安排…);
sections of 主要举措和成效 get the 纲要 area their title names. Nothing the parser
found is dropped: a part that matches no part becomes 主要举措和成效 when that is
missing, else 其他需要报告的情况; a second part for the same key is added to the first
as one more section; levels deeper than the form's four and 一是 runs that the form
cannot hold as items stay in the text with their numbering. Headings keep their
wording; a run-in heading gets its 。 back so it is rendered run in again.

年度, 地区, 层级 and 报告机关 come from the command line or are inferred, and every
inference is recorded (`Mapped.guesses`) so the form can ask the user to check it.

A directive (an 实施意见 or 通知 with 责任单位 tasks, `Outline.kind == "directive"`) is
refused with a message saying what it is and that its targets are for
`drafter check --targets`; `force_report` imports it as a tree all the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from drafter.doctree import Block, Document
from drafter.form.blank import default_organs
from drafter.importer.errors import ImportFailure
from drafter.importer.outline import NumberStyle, Outline, OutlineNode
from drafter.importer.structure import infer_year_and_region
from drafter.model.outline import AREAS, FIRST_RESPONSIBLE, Outline as OutlineVersion, area_title, outline_for_year
from drafter.model.report import DEFAULT_PART_TITLES, MAX_YEAR, MIN_YEAR, Level, PartKey, Report

#: (part, what its title says), tried in order. Strong signs of 成效 come before 问题 and
#: 安排 so that "主要工作措施和成效" is not read as a plan.
_PART_RULES: tuple[tuple[PartKey, re.Pattern[str]], ...] = (
    (PartKey.FIRST_RESPONSIBLE, re.compile(r"第一责任人|主要负责人履[行职]")),
    (PartKey.MEASURES, re.compile(r"成效|成绩|基本情况|建设情况|工作情况|开展情况|推进情况|落实情况")),
    (PartKey.SHORTCOMINGS, re.compile(r"问题|不足|短板|差距|薄弱")),
    (PartKey.PLANS, re.compile(r"安排|计划|打算|工作重点|重点工作|工作措施|下一步|思路|展望|努力方向|工作目标")),
    (PartKey.MEASURES, re.compile(r"举措|做法|进展|主要工作")),
    (PartKey.OTHER, re.compile(r"其他")),
)

#: (纲要 area, what a section title says about it). The match that starts first in the
#: title wins; on a tie the earlier rule. Only areas of the report's outline are used.
_AREA_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (FIRST_RESPONSIBLE, re.compile(r"第一责任人")),
    ("法治思维能力", re.compile(r"法治思维|依法行政能力|法治素养|法治能力|学法|法治教育|法治培训|法治思想")),
    ("党的领导", re.compile(r"党的领导|党对|组织领导|组织保障|推进机制|落实机制|法治思想|法治督察|示范创建")),
    ("政府职能", re.compile(r"政府职能|机构职能|职能转变|职能作用|发挥政府作用|履行.{0,4}职能|放管服|简政放权|营商环境|政务服务|审批")),
    ("依法行政制度", re.compile(r"依法行政制度|制度|规范性文件|立法|规范化程序化")),
    ("行政决策", re.compile(r"决策")),
    ("行政执法", re.compile(r"执法")),
    ("突发事件应对", re.compile(r"突发|应急")),
    ("矛盾纠纷化解", re.compile(r"矛盾|纠纷|复议|调解|信访|应诉|诉源")),
    ("权力制约监督", re.compile(r"制约|监督(?!员)|政务公开|行政权力|权力.{0,4}运行")),
    ("数字法治政府", re.compile(r"数字|信息化|智慧|互联网|科技保障")),
)

#: 地区 ending → 层级, tried in order.
_LEVEL_RULES: tuple[tuple[re.Pattern[str], Level], ...] = (
    (re.compile(r"(?:局|委|办|厅|部|署|院|中心|会|办公室|公司|所|站|队)$"), Level.DEPARTMENT),
    (re.compile(r"(?:省|自治区)$"), Level.PROVINCE),
    (re.compile(r"(?:镇|乡|街道|苏木)$"), Level.TOWNSHIP),
    (re.compile(r"(?:市|州|盟)$"), Level.CITY),
    (re.compile(r"区$"), Level.DISTRICT),
    (re.compile(r"(?:县|旗)$"), Level.COUNTY),
)

_JINJA_OPEN = re.compile(r"\{(?=[{%#])")
_NOTE_BRACKETS = "（）()"


@dataclass(frozen=True)
class PartMapping:
    """How one top-level part of the source went into the form."""

    heading: str          # as written: 二、存在问题
    key: PartKey
    reason: str           # Chinese, for the user
    merged: bool          # added to an earlier part of the same key as one more section
    sections: int
    items: int


@dataclass
class Mapped:
    """The form made from an outline, and what the user should know about how."""

    report: Report
    parts: list[PartMapping] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)   # form field → how it was found (Chinese)
    missing: dict[str, str] = field(default_factory=dict)   # 基本信息 field → why it is 待填 (Chinese)
    areas: list[tuple[str, str]] = field(default_factory=list)  # (section title, 纲要 area) recognised
    warnings: list[str] = field(default_factory=list)       # Chinese


def map_document(document: Document, *, year: int | None = None, region: str | None = None,
                 force_report: bool = False, hints: Sequence[str] = ()) -> Mapped:
    """The report form for an imported `document` (see `map_outline`)."""
    return map_outline(Outline(document), year=year, region=region, force_report=force_report, hints=hints)


def map_outline(outline: Outline, *, year: int | None = None, region: str | None = None,
                force_report: bool = False, hints: Sequence[str] = ()) -> Mapped:
    """The report form for `outline`; `year` and `region` override what the text says.

    `hints` are lines the cleaner removed (a web copy's 发布机构：…), searched for the
    region last. Raises ImportFailure for a directive (unless `force_report`). A year
    or region that can be neither found nor taken from the arguments never fails the
    import: the form gets 待填 there (`Mapped.missing`) and `drafter check` reports it.
    """
    if outline.kind == "directive" and not force_report:
        raise ImportFailure(_directive_message(outline))
    guesses: dict[str, str] = {}
    missing: dict[str, str] = {}
    meta = _meta(outline, year, region, guesses, missing, hints)
    data: dict[str, Any] = {"基本信息": meta}
    if outline.intro:
        data["导语"] = _field([_literal(text) for text in outline.intro])
    mappings: list[PartMapping] = []
    areas: list[tuple[str, str]] = []
    data.update(_parts(outline.sections, meta["年度"], mappings, areas))
    data["结束语"] = outline.closing
    if outline.attachments or outline.appendices:
        data["附件"] = _attachments(outline)
    warnings = []
    if not outline.sections:
        warnings.append("原文没有找到“一、”“（一）”样式的标题，全部正文放在了导语中，请按部分拆分")
    if outline.doc_mark and not outline.doc_number:
        warnings.append(f"原文的版头“{outline.doc_mark}”没有发文字号，已填为发文机关标志；"
                        "版头只在填写了发文字号时生成，需要版头时请补填发文字号")
    if outline.signer:
        warnings.append(f"版头中的“{outline.signer}”没有导入（表单没有签发人一项）")
    return Mapped(Report.model_validate(data), mappings, guesses, missing=missing, areas=areas, warnings=warnings)


def _attachments(outline: Outline) -> list[Any]:
    """附件说明 names, each with the content of its attachment page when the file has one."""
    names = list(outline.attachments)
    entries: list[Any] = []
    pages = {appendix.number: appendix for appendix in outline.appendices}
    ordered = sorted(pages)
    for index in range(max(len(names), len(ordered))):
        page = pages.get(index + 1) if names else (pages[ordered[index]] if index < len(ordered) else None)
        name = names[index] if index < len(names) else (page.title if page and page.title else page.label)
        if page is None or not (page.content or (names and page.title and page.title != name)):
            entries.append(_literal(name))
            continue
        content = ([_literal(page.title)] if names and page.title and page.title != name else [])
        content += [_literal(item) for item in page.content]
        entries.append({"名称": _literal(name), "内容": content})
    return entries


# --- 基本信息 --------------------------------------------------------------

#: What a form holds, for validation only, where the source says nothing; written as 待填.
_UNKNOWN_REGION = "待填"


def _meta(outline: Outline, year: int | None, region: str | None, guesses: dict[str, str],
          missing: dict[str, str], hints: Sequence[str]) -> dict[str, Any]:
    found_year, found_region = infer_year_and_region(outline, hints)
    if year is None:
        if found_year is None:
            missing["年度"] = "原文的标题、导语和成文日期中都没有找到报告年度"
        elif not MIN_YEAR <= found_year <= MAX_YEAR:
            missing["年度"] = f"从原文读到的年度 {found_year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间"
        else:
            guesses["年度"] = "由原文推断"
        year = found_year if "年度" not in missing else date.today().year - 1
    if region is None:
        department = _department(outline.signatures)
        region = department if department and department.startswith(found_region or "") else found_region
        if region is None:
            missing["地区"] = "原文的标题、导语、落款和网页信息中都没有找到地区或单位"
            region = _UNKNOWN_REGION
        else:
            guesses["地区"] = "由原文推断"
    level = _level(region) if "地区" not in missing else None
    guesses["层级"] = "由地区名称推断" if level else "无法推断，暂填县"
    level = level or Level.COUNTY
    issuer = _issuer(outline.signatures)
    if issuer is None:
        issuer = default_organs(region, level)[0]
        if "地区" in missing:
            missing["报告机关"] = "原文没有落款，地区也未能确定"
        else:
            guesses["报告机关"] = "原文没有落款，按地区生成"
    signatures = outline.signatures or [issuer]
    if not outline.signatures:
        if "地区" in missing:
            missing["落款"] = "原文没有落款，地区也未能确定"
        else:
            guesses["落款"] = "原文没有落款，按地区生成"
    meta: dict[str, Any] = {
        "年度": year, "地区": region, "层级": level.value, "报告机关": issuer,
        "主送机关": list(outline.addressee), "落款": signatures, "成文日期": outline.date,
    }
    if outline.title:
        title = _literal(outline.title)
        if title == f"{region}{year}年法治政府建设年度报告":
            meta["标题样式"] = "年度报告"
        elif title != f"关于{year}年法治政府建设情况的报告":
            meta["标题"] = title
    if outline.doc_number:
        meta["发文字号"] = outline.doc_number
    if outline.doc_mark:
        meta["发文机关标志"] = outline.doc_mark
    if outline.note:
        note = outline.note.strip()
        if note[:1] in _NOTE_BRACKETS and note[-1:] in _NOTE_BRACKETS:
            note = note[1:-1]
        meta["附注"] = note
    return meta


def _department(signatures: list[str]) -> str | None:
    """A signing organ that is a department rather than a government or a Party committee.

    A department reports as itself: its name, not its city's, is the form's 地区.
    """
    for organ in signatures:
        if _level(organ) is Level.DEPARTMENT and not organ.startswith("中共"):
            return organ
    return None


def _level(region: str) -> Level | None:
    for pattern, level in _LEVEL_RULES:
        if pattern.search(region):
            return level
    return None


def _issuer(signatures: list[str]) -> str | None:
    """The reporting organ among the 落款: the government when a Party committee co-signs."""
    governments = [organ for organ in signatures if organ.endswith("政府")]
    if governments:
        return governments[-1]
    others = [organ for organ in signatures if not organ.startswith("中共")]
    return (others or signatures or [None])[-1]


# --- parts -----------------------------------------------------------------

def _part_key(title: str) -> tuple[PartKey, str] | None:
    for key, pattern in _PART_RULES:
        if match := pattern.search(title):
            return key, match.group(0)
    return None


def _parts(nodes: list[OutlineNode], year: int, mappings: list[PartMapping],
           areas: list[tuple[str, str]]) -> dict[str, Any]:
    """The parts present, keyed by their YAML key; how each source part went is added to
    `mappings`, and the sections given a 纲要 area to `areas`."""
    matched = [_part_key(node.title) for node in nodes]
    if not any(found and found[0] is PartKey.MEASURES for found in matched):
        first = next((i for i, found in enumerate(matched) if found is None), None)
        if first is not None:
            matched[first] = (PartKey.MEASURES, "")
    parts: dict[str, dict[str, Any]] = {}
    for node, found in zip(nodes, matched):
        key, word = found or (PartKey.OTHER, "")
        if found is None:
            reason = "标题未识别，作为其他需要报告的情况"
        elif not word:
            reason = "原文没有主要举措和成效部分，以第一个未识别的部分作为该部分"
        else:
            reason = f"标题含“{word}”"
        heading = node.label + node.title
        if key.value in parts:
            section = _section(node, None)
            parts[key.value].setdefault("章节", []).append(section)
            mappings.append(PartMapping(heading, key, reason, True, 1, len(section.get("条目", []))))
            continue
        part = _part(node, key, year, areas)
        parts[key.value] = part
        sections = part.get("章节", [])
        mappings.append(PartMapping(heading, key, reason, False, len(sections),
                                    sum(len(s.get("条目", [])) for s in sections)))
    for key in (PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS):
        parts.setdefault(key.value, {})
    return {key.value: parts[key.value] for key in PartKey if key.value in parts}


def _part(node: OutlineNode, key: PartKey, year: int, areas: list[tuple[str, str]]) -> dict[str, Any]:
    title, texts = _head(node)
    style, children, literal = _children(node)
    part: dict[str, Any] = {}
    if title and title != DEFAULT_PART_TITLES[key].format(年度=year, 下一年度=year + 1):
        part["标题"] = title
    _put(part, "内容", texts + literal)
    if style is NumberStyle.INLINE:
        part["章节写法"] = "一是"
    version = outline_for_year(year)
    used: set[str] = set()
    sections = []
    for child in children:
        area = _area(child.title, version, used) if key is PartKey.MEASURES else None
        if area:
            used.add(area)
            areas.append((child.title, area))
        sections.append(_section(child, area, version))
    if sections:
        part["章节"] = sections
    return part


def _area(title: str, version: OutlineVersion, used: set[str]) -> str | None:
    """The 纲要 area a section title names, if it is not taken yet: the area whose standard
    title it is, else the first mention."""
    allowed = {FIRST_RESPONSIBLE, *AREAS[version]}
    for area in allowed - used:
        if title.rstrip("。；;") == area_title(version, area):
            return area
    best: tuple[int, int, str] | None = None
    for rank, (area, pattern) in enumerate(_AREA_RULES):
        if area not in allowed or area in used:
            continue
        if (match := pattern.search(title)) and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, area)
    return best[2] if best else None


# --- sections, items, sub-items -------------------------------------------

def _section(node: OutlineNode, area: str | None, version: OutlineVersion | None = None) -> dict[str, Any]:
    title, texts = _head(node)
    style, children, literal = _children(node)
    section: dict[str, Any] = {}
    if area:
        section["纲要领域"] = area
    if title and not (area and version and title == area_title(version, area)):
        section["标题"] = title
    _put(section, "内容", texts + literal)
    if style is NumberStyle.INLINE:
        section["条目写法"] = "一是"
    if children:
        section["条目"] = [_item(child) for child in children]
    return section


def _item(node: OutlineNode) -> dict[str, Any]:
    title, texts = _head(node)
    style, children, literal = _children(node)
    item: dict[str, Any] = {}
    if title:
        item["小标题"] = title
    _put(item, "内容", texts + literal)
    if style is NumberStyle.INLINE:
        item["子项写法"] = "一是"
    if children:
        item["子项"] = [_sub_item(child) for child in children]
    return item


def _sub_item(node: OutlineNode) -> dict[str, Any]:
    title, texts = _head(node)
    sub: dict[str, Any] = {}
    if title:
        sub["小标题"] = title
    _put(sub, "内容", texts + _flatten(node.children))
    return sub


def _head(node: OutlineNode) -> tuple[str | None, list[str]]:
    """The heading and the body paragraphs of a node (without its children).

    A run-in heading (title followed by text on the same line) gets its 。 back, which
    is what makes the renderer run it in again.
    """
    title = _literal(node.title) + ("。" if node.text else "") if node.title else None
    texts = ([node.text] if node.text else []) + node.paragraphs
    return title, [_literal(text) for text in texts]


def _children(node: OutlineNode) -> tuple[NumberStyle, list[OutlineNode], list[str]]:
    """(how the children are written, the children the form holds, paragraphs for the rest).

    A node whose 一是 items are followed by numbered children cannot hold both: the 一是
    items stay in its text, numbering and all.
    """
    inline = [child for child in node.children if child.number_style is NumberStyle.INLINE]
    numbered = [child for child in node.children if child.number_style is not NumberStyle.INLINE]
    if inline and not numbered:
        return NumberStyle.INLINE, inline, []
    return NumberStyle.CHINESE, numbered, _flatten(inline)


def _flatten(nodes: Iterable[OutlineNode]) -> list[str]:
    """Nodes as plain paragraphs, each heading keeping the numbering it was written with."""
    paragraphs: list[str] = []
    for node in nodes:
        title, texts = _head(node)
        if node.text or (not title and texts and isinstance(texts[0], str)):
            texts[0] = node.label + (title or "") + texts[0]
        else:
            texts.insert(0, node.label + (title or ""))
        paragraphs += texts + _flatten(node.children)
    return paragraphs


def _put(target: dict[str, Any], key: str, texts: list[str]) -> None:
    if texts:
        target[key] = _field(texts)


def _field(texts: list[str]) -> str | list[str]:
    return texts[0] if len(texts) == 1 and isinstance(texts[0], str) else texts


def _literal(text: str | Block) -> str | dict[str, Any]:
    """Text that the renderer prints as written: a {{ or {% of the source is made full-width.
    A table becomes the form's 表格 entry, each cell treated the same way."""
    if isinstance(text, Block):
        return {"表格": [[_JINJA_OPEN.sub("｛", cell) for cell in row] for row in text.rows]}
    return _JINJA_OPEN.sub("｛", text)


# --- directives ------------------------------------------------------------

def _directive_message(outline: Outline) -> str:
    reasons = "；".join(outline.kind_reasons)
    return (
        f"这份文件不是法治政府建设情况报告，而是上级下发的实施意见、通知或方案（{reasons}）。"
        "drafter import 只导入本单位往年的报告。"
        "如果想用其中的量化目标（学法次数、出庭应诉率等）检查今年的报告，请使用 drafter check --targets。"
        "如确需把它当作报告导入（例如借用它的结构），请加 --force-report。"
    )
