"""Reading the structure of a cleaned report: `parse_outline` and what follows from it.

The parser works in three passes over the lines: the tail (结束语, 附件说明, 落款,
成文日期, 附注, read backwards from the end), the head (版头, title, 主送机关) and
the body in between (导语, then the numbered parts). Heading levels follow the
numbering families 一、 > （一） > 1. > （1）, compressed so that the tree has no gaps:
a document that goes from 二、 straight to 1、 has 1、 at level 2 there. Run-in
headings (a short first sentence followed by body text) are split into title and
text, and 一是…二是… runs become INLINE items.

`parse_outline` never fails: whatever it cannot place is kept as body text, so
every character of the input is somewhere in the outline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.importer import patterns
from drafter.importer.outline import NumberStyle, Outline, OutlineNode
from drafter.text import find_ordinals, parse_cn_date

_RANK = {
    NumberStyle.CHINESE: 1,
    NumberStyle.PAREN_CHINESE: 2,
    NumberStyle.ARABIC: 3,
    NumberStyle.PAREN_ARABIC: 4,
}
_STANDALONE_MAX = 60     # longest heading line without any sentence mark still read as a title
_MAX_SIGNATURE_LINES = 4
_MAX_ATTACHMENTS = 20
_RUN_IN_END = re.compile("[。；！？]")


def parse_outline(lines: Sequence[str]) -> Outline:
    """The outline of a report given as cleaned lines (see `clean_lines`)."""
    items = [line.strip() for line in lines if line.strip()]
    outline = Outline()
    end = _take_tail(items, outline)
    start = _take_head(items[:end], outline)
    _take_body(items[start:end], outline)
    outline.kind, outline.kind_reasons = _classify(outline, items)
    return outline


# --- tail -------------------------------------------------------------------

def _take_tail(items: list[str], outline: Outline) -> int:
    """Read 附注, 成文日期, 落款, 附件说明 and 结束语 from the end; return where they start.

    A 结束语 glued to the last paragraph is split off (`items` is edited in place).
    """
    end = len(items)
    if end and patterns.is_note(items[end - 1]):
        outline.note = items[end - 1]
        end -= 1
    if end and (found := parse_cn_date(items[end - 1])):
        outline.date, outline.date_text = found, items[end - 1]
        end -= 1
    lines = 0
    while end and lines < _MAX_SIGNATURE_LINES and (organs := patterns.signature_organs(items[end - 1])):
        outline.signatures[:0] = organs
        end -= 1
        lines += 1
    end = _take_attachments(items, end, outline)
    if end and patterns.is_closing(items[end - 1]):
        outline.closing = items[end - 1]
        end -= 1
    elif end and (cut := patterns.glued_closing(items[end - 1])) is not None:
        outline.closing = items[end - 1][cut:]
        items[end - 1] = items[end - 1][:cut]
    return end


def _take_attachments(items: list[str], end: int, outline: Outline) -> int:
    """Read a 附件说明 ending just before `end`: 附件：名称, or 附件：1.名称 / 2.名称 …"""
    for start in range(end - 1, max(end - _MAX_ATTACHMENTS, 0) - 1, -1):
        first = patterns.attachment_start(items[start])
        if first is None:
            continue
        entries = [first, *items[start + 1:end]]
        if len(entries) == 1:
            if first and patterns.parse_heading(first) is None:
                outline.attachments = [first]
                return start
            return end
        names = []
        for number, entry in enumerate(entries, 1):
            heading = patterns.parse_heading(entry)
            if (heading is None or heading.style is not NumberStyle.ARABIC or heading.number != number
                    or not heading.rest or "。" in heading.rest):
                return end
            names.append(heading.rest)
        outline.attachments = names
        return start
    return end


# --- head -------------------------------------------------------------------

def _take_head(items: list[str], outline: Outline) -> int:
    """Read 版头, title and 主送机关 from the start; return where the 导语 begins."""
    index = 0
    for position, line in enumerate(items[:3]):
        if patterns.is_doc_number(line):
            outline.doc_mark, outline.doc_number = "".join(items[:position]), line
            index = position + 1
            break
    parts: list[str] = []
    while index + len(parts) < len(items) and len(parts) < 3:
        line = items[index + len(parts)]
        if not patterns.is_title_part(line):
            break
        parts.append(line)
        if patterns.ends_title(line):
            break
    if parts and patterns.has_title_keyword("".join(parts)):
        outline.title = "".join(parts)
        index += len(parts)
    if index < len(items) and (organs := patterns.addressee_organs(items[index])):
        outline.addressee = organs
        index += 1
    return index


# --- body -------------------------------------------------------------------

def _take_body(items: list[str], outline: Outline) -> None:
    """Read the 导语 and the tree of numbered parts."""
    stack: list[OutlineNode] = []
    for line in items:
        heading = patterns.parse_heading(line)
        if heading is None:
            (stack[-1].paragraphs if stack else outline.intro).append(line)
            continue
        while stack and _RANK[stack[-1].number_style] >= _RANK[heading.style]:
            stack.pop()
        title, text = _split_run_in(heading.rest, standalone_title=True)
        node = OutlineNode(len(stack) + 1, heading.style, heading.label, heading.number, title, text)
        (stack[-1].children if stack else outline.sections).append(node)
        stack.append(node)
    for node in list(outline.walk()):
        _split_inline(node)


def _split_run_in(rest: str, standalone_title: bool) -> tuple[str, str]:
    """(title, text) of what follows a number.

    A short first sentence followed by more text is a run-in title. A lone short
    sentence is a standalone title for a heading, plain text for a 一是 item.
    """
    match = _RUN_IN_END.search(rest)
    if match is None:
        fits = standalone_title and len(rest) <= _STANDALONE_MAX
        return (rest, "") if fits else ("", rest)
    head, tail = rest[:match.start()], rest[match.end():].strip()
    if len(head) > patterns.RUN_IN_MAX or not head:
        return "", rest
    if tail:
        return head, tail
    return (head, "") if standalone_title else ("", rest)


def _split_inline(node: OutlineNode) -> None:
    """Turn a 一是…二是… run in the node's body into INLINE child items."""
    chunks = ([node.text] if node.text else []) + node.paragraphs
    markers: list[tuple[int, int, int]] = []      # (chunk, label start, label end)
    for index, chunk in enumerate(chunks):
        for ordinal in find_ordinals(chunk):
            if ordinal.number == len(markers) + 1:
                markers.append((index, ordinal.start, ordinal.end))
    if len(markers) < 2:
        return
    first_chunk, first_start, _ = markers[0]
    before = chunks[:first_chunk] + [chunks[first_chunk][:first_start].strip()]
    if node.text:
        node.text, before = before[0], before[1:]
    node.paragraphs = [paragraph for paragraph in before if paragraph]

    items = []
    bounds = markers[1:] + [(len(chunks), 0, 0)]
    for number, ((chunk, start, end), (next_chunk, next_start, _)) in enumerate(zip(markers, bounds), 1):
        if next_chunk == chunk:
            pieces = [chunks[chunk][end:next_start]]
        else:
            pieces = [chunks[chunk][end:], *chunks[chunk + 1:next_chunk]]
            if next_chunk < len(chunks):
                pieces.append(chunks[next_chunk][:next_start])
        pieces = [piece.strip() for piece in pieces]
        title, text = _split_run_in(pieces[0], standalone_title=False)
        items.append(OutlineNode(node.level + 1, NumberStyle.INLINE, chunks[chunk][start:end], number,
                                 title, text, [piece for piece in pieces[1:] if piece]))
    node.children[:0] = items
    node.inline_style = any(start > 0 for _, start, _ in markers[1:])


# --- kind -------------------------------------------------------------------

_DIRECTIVE_TITLE = re.compile(r"意见|通知|方案|办法|规定|决定|要点|计划")
_REPORT_LEAD = re.compile(r"(?:报告|汇报)如下")
_DUTY_MARK = re.compile(r"[〔（(\[【]\s*(?:牵头|责任|配合)单位\s*[:：]")
_ISSUING = re.compile(r"印发给你们|现印发|请认真贯彻|请结合实际")


def _classify(outline: Outline, items: list[str]) -> tuple[str, list[str]]:
    """("report" | "directive", the reasons found for it, in Chinese)."""
    report: list[str] = []
    directive: list[str] = []
    titles = ([outline.title] if outline.title else []) + [p for p in outline.intro if patterns.is_title_like(p)]
    for title in titles:
        if "报告" in title or "汇报" in title:
            report.append(f"标题“{title}”是报告")
        elif match := _DIRECTIVE_TITLE.search(title):
            directive.append(f"标题“{title}”是{match.group(0)}，不是报告")
    if outline.closing:
        report.append(f"有结束语“{outline.closing}”")
    if any(_REPORT_LEAD.search(paragraph) for paragraph in outline.intro):
        report.append("导语中有“报告如下”")
    text = "\n".join(items)
    duties = len(_DUTY_MARK.findall(text))
    if duties:
        directive.append(f"有 {duties} 处“责任单位”分工")
    if outline.addressee and outline.addressee[0].startswith("各"):
        directive.append(f"主送机关“{outline.addressee[0]}”是下级单位")
    if _ISSUING.search(text):
        directive.append("有印发、部署工作的用语")
    if len(directive) > len(report):
        if not outline.closing:
            directive.append("没有“特此报告”")
        return "directive", directive
    return "report", report or ["没有发现下发文件的特征，按报告处理"]


# --- year and region --------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年度?")
_LEAD_YEAR = re.compile(r"^((?:19|20)\d\d)年[，,]")
_REPORTED_YEAR = re.compile(r"现将.{0,20}?((?:19|20)\d\d)年度?.{0,30}?(?:报告|汇报)如下")
_REGION = r"[\u4e00-\u9fff]{1,8}?(?:自治县|自治州|自治旗|县|市|区|旗|州|盟)"
_TITLE_REGION = re.compile(rf"^(?:中共)?({_REGION})(?:人民政府|委员会)?(?:关于|\d{{4}}年)")
_LEAD_REGION = re.compile(rf"^(?:19|20)\d\d年[，,]\s*(?:在[^，,。]*[，,]\s*)?(?![我本全在])({_REGION})")
_REPORTED_REGION = re.compile(rf"现将(?![我本全])({_REGION})(?:19|20)\d\d年")
_SIGNATURE_REGION = re.compile(rf"^(?:中共)?({_REGION})(?:人民政府|委员会|委)$")


def infer_year_and_region(outline: Outline) -> tuple[int | None, str | None]:
    """The year reported on and the reporting region, from what the outline says.

    The year comes from the title (关于2023年…的报告), else the 导语 (2024年，我县… /
    现将…2019年度…报告如下), else the first part's heading, else the 成文日期 (a report
    dated in the first half of a year covers the year before). The region comes from
    the 落款 (建宁县人民政府), else the title, else the 导语.
    """
    return _infer_year(outline), _infer_region(outline)


def _infer_year(outline: Outline) -> int | None:
    if match := _YEAR.search(outline.title):
        return int(match.group(1))
    for paragraph in outline.intro:
        if match := _LEAD_YEAR.search(paragraph) or _REPORTED_YEAR.search(paragraph):
            return int(match.group(1))
    if outline.sections and (match := _YEAR.search(outline.sections[0].title)):
        return int(match.group(1))
    if outline.date:
        return outline.date.year - 1 if outline.date.month <= 6 else outline.date.year
    return None


def _infer_region(outline: Outline) -> str | None:
    ordered = sorted(outline.signatures, key=lambda organ: not organ.endswith("人民政府"))
    for organ in ordered:
        if match := _SIGNATURE_REGION.search(organ):
            return match.group(1)
    if match := _TITLE_REGION.search(outline.title):
        return match.group(1)
    for paragraph in outline.intro:
        if match := _LEAD_REGION.search(paragraph) or _REPORTED_REGION.search(paragraph):
            return match.group(1)
    return None
