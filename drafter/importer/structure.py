"""Reading the structure of a cleaned report: `parse_document` and what follows from it.

The parser turns cleaned lines into the document tree (`doctree.Document`), the pivot
the renderer builds too, with the kinds and levels of a render (see `outline` for the
layout); `parse_outline` gives the same as an `Outline`, the view of it the mapping
onto the form reads. It works in four passes over the lines: the 附件 pages after the
ending (附件 / 附件2 on a line of its own once 特此报告, a 落款 or a date has been seen),
the tail (结束语, 附件说明, 落款, 成文日期, 附注, read backwards from where the pages
start), the head (版头 — 发文机关标志, 发文字号, 签发人 —, title, 主送机关) and the body
in between (导语, then the numbered parts). A table (a TABLE block) stays a table
wherever it falls. Heading levels follow the
numbering families 一、 > （一） > 1. > （1）, compressed so that the tree has no gaps:
a document that goes from 二、 straight to 1、 has 1、 at level 2 there. Run-in
headings (a short first sentence followed by body text) are split into title and
text, and 一是…二是… runs become INLINE items.

`parse_document` never fails: whatever it cannot place is kept as body text, so
every character of the input is somewhere in the document. `infer_year_and_region`
reads the year, and the region or department at any level, from what was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.doctree import Block, Document, DocumentInfo, Kind, Role, Run
from drafter.importer import patterns
from drafter.importer.outline import Outline, OutlineNode
from drafter.importer.patterns import NumberStyle
from drafter.text import find_ordinals, parse_cn_date

_RANK = {style: level for level, style in patterns.STYLES.items()}   # numbering family → heading level
_STANDALONE_MAX = 60     # longest heading line without any sentence mark still read as a title
_MAX_SIGNATURE_LINES = 4
_MAX_ATTACHMENTS = 20
_RUN_IN_END = re.compile("[。；！？]")
_TAIL_ORDER = (Kind.CLOSING, Kind.ATTACHMENT, Kind.SIGNATURE, Kind.DATE, Kind.NOTE)


def parse_document(lines: Sequence[str | Block]) -> Document:
    """The document tree of a report given as cleaned lines (see `clean_lines`); tables are
    TABLE blocks and stay tables wherever they fall."""
    items: list[str | Block] = [line if isinstance(line, Block) else line.strip() for line in lines
                                if isinstance(line, Block) or line.strip()]
    document = Document()
    items, pages = _take_attachment_pages(items)
    end, tail = _take_tail(items, document.info)
    start, head = _take_head(items[:end], document.info)
    document.blocks = head + _take_body(items[start:end]) + tail + pages
    return document


def parse_outline(lines: Sequence[str | Block]) -> Outline:
    """`parse_document`, read as an outline."""
    return Outline(parse_document(lines))


def _s(item: str | Block) -> str:
    """A line's text; "" for a table, which no pattern of a line matches."""
    return item if isinstance(item, str) else ""


def _line(kind: Kind, text: str) -> Block:
    return Block(kind, [Run(text)])


def _plain(item: str | Block) -> Block:
    return item if isinstance(item, Block) else _line(Kind.PARAGRAPH, item)


# --- attachment pages -------------------------------------------------------

def _take_attachment_pages(items: list[str | Block]) -> tuple[list[str | Block], list[Block]]:
    """附件 pages after the ending (附件 / 附件2 on a line of its own, after 特此报告, a 落款 or
    a date): (the lines before the first, the pages as APPENDIX, TITLE and content blocks)."""
    ending_seen = False
    first = None
    for index, item in enumerate(items):
        line = _s(item)
        if patterns.is_closing(line) or parse_cn_date(line) or patterns.signature_organs(line):
            ending_seen = True
        elif ending_seen and patterns.appendix_label(line) is not None:
            first = index
            break
    if first is None:
        return items, []
    pages: list[Block] = []
    fresh = False                 # right after the label: a title may follow
    for item in items[first:]:
        line = _s(item)
        if patterns.appendix_label(line) is not None:
            pages.append(_line(Kind.APPENDIX, line))
            fresh = True
        elif fresh and isinstance(item, str) and patterns.is_title_part(line) and not patterns.ends_sentence(line):
            pages.append(_line(Kind.TITLE, line))
            fresh = False
        else:
            pages.append(_plain(item))
            fresh = False
    return items[:first], pages


# --- tail -------------------------------------------------------------------

def _take_tail(items: list[str | Block], info: DocumentInfo) -> tuple[int, list[Block]]:
    """Read 附注, 成文日期, 落款, 附件说明 and 结束语 from the end: (where they start, their
    blocks in a render's order). The date goes into `info`.

    A 结束语 glued to the last paragraph is split off (`items` is edited in place).
    """
    found: dict[Kind, list[Block]] = {kind: [] for kind in _TAIL_ORDER}
    end = len(items)
    if end and patterns.is_note(_s(items[end - 1])):
        found[Kind.NOTE].append(_line(Kind.NOTE, _s(items[end - 1])))
        end -= 1
    if end and (date := parse_cn_date(_s(items[end - 1]))):
        info.created = date
        found[Kind.DATE].append(_line(Kind.DATE, _s(items[end - 1])))
        end -= 1
    lines = 0
    while end and lines < _MAX_SIGNATURE_LINES and (organs := patterns.signature_organs(_s(items[end - 1]))):
        found[Kind.SIGNATURE][:0] = [_line(Kind.SIGNATURE, organ) for organ in organs]
        end -= 1
        lines += 1
    if not found[Kind.NOTE] and end and patterns.is_note(_s(items[end - 1])):     # 附注 above the 落款
        found[Kind.NOTE].append(_line(Kind.NOTE, _s(items[end - 1])))
        end -= 1
    end, names = _take_attachments(items, end)
    for number, name in enumerate(names, 1):
        label = ("附件：" if number == 1 else "") + (f"{number}." if len(names) > 1 else "")
        found[Kind.ATTACHMENT].append(Block(Kind.ATTACHMENT, [Run(label, Role.NUMBER), Run(name)]))
    if end and patterns.is_closing(_s(items[end - 1])):
        found[Kind.CLOSING].append(_line(Kind.CLOSING, _s(items[end - 1])))
        end -= 1
    elif end and (cut := patterns.glued_closing(_s(items[end - 1]))) is not None:
        found[Kind.CLOSING].append(_line(Kind.CLOSING, items[end - 1][cut:]))
        items[end - 1] = items[end - 1][:cut]
    return end, [block for kind in _TAIL_ORDER for block in found[kind]]


def _take_attachments(items: list[str | Block], end: int) -> tuple[int, list[str]]:
    """Read a 附件说明 ending just before `end`: 附件：名称, or 附件：1.名称 / 2.名称 …
    (where it starts, the names)."""
    for start in range(end - 1, max(end - _MAX_ATTACHMENTS, 0) - 1, -1):
        first = patterns.attachment_start(_s(items[start]))
        if first is None:
            continue
        entries = [first, *(_s(item) for item in items[start + 1:end])]
        if len(entries) == 1:
            if first and patterns.parse_heading(first) is None:
                return start, [first]
            return end, []
        names = []
        for number, entry in enumerate(entries, 1):
            heading = patterns.parse_heading(entry)
            if (heading is None or patterns.STYLES[heading.level] is not NumberStyle.ARABIC or heading.number != number
                    or not heading.rest or "。" in heading.rest):
                return end, []
            names.append(heading.rest)
        return start, names
    return end, []


# --- head -------------------------------------------------------------------

def _take_head(items: list[str | Block], info: DocumentInfo) -> tuple[int, list[Block]]:
    """Read 版头, title and 主送机关 from the start: (where the 导语 begins, their blocks).
    The title goes into `info` too."""
    index = 0
    doc_mark = doc_number = signer = ""
    for position, line in enumerate(_s(item) for item in items[:4]):
        if patterns.is_doc_number(line):
            doc_mark = "".join(_s(item) for item in items[:position])
            doc_number, signer = patterns.split_signer(line)
            index = position + 1
            if index < len(items) and not signer and patterns.is_signer(_s(items[index])):
                signer = _s(items[index])
                index += 1
            break
    parts: list[str] = []
    while index + len(parts) < len(items) and len(parts) < 3:
        line = _s(items[index + len(parts)])
        if not patterns.is_title_part(line):
            break
        parts.append(line)
        if patterns.ends_title(line):
            break
    if (len(parts) >= 2 and not doc_number
            and (parts[0].endswith("文件") or patterns.signature_organs(parts[0]))
            and patterns.ends_title("".join(parts[1:])) and patterns.has_title_keyword("".join(parts[1:]))):
        doc_mark = parts.pop(0)          # a 版头 without 发文字号 (WPS text box above the title)
        index += 1
    blocks = [_line(Kind.DOC_MARK, doc_mark)] if doc_mark else []
    if doc_number:
        blocks.append(Block(Kind.DOC_NUMBER, [Run(doc_number), *([Run(signer)] if signer else [])]))
    if parts and patterns.has_title_keyword("".join(parts)):
        info.title = "".join(parts)
        blocks.append(_line(Kind.TITLE, info.title))
        index += len(parts)
    if index < len(items) and (organs := patterns.addressee_organs(_s(items[index]))):
        blocks.append(_line(Kind.ADDRESSEE, "、".join(organs) + "："))
        index += 1
    return index, blocks


# --- body -------------------------------------------------------------------

def _take_body(items: list[str | Block]) -> list[Block]:
    """The 导语 and the tree of numbered parts as blocks; a table stays where it is."""
    intro: list[Block] = []
    sections: list[OutlineNode] = []
    stack: list[OutlineNode] = []
    for line in items:
        heading = patterns.parse_heading(line) if isinstance(line, str) else None
        if heading is None:
            if stack:
                stack[-1].paragraphs.append(line)
            else:
                intro.append(_plain(line))
            continue
        while stack and _RANK[stack[-1].number_style] >= heading.level:
            stack.pop()
        title, text = _split_run_in(heading.rest, standalone_title=True)
        node = OutlineNode(len(stack) + 1, patterns.STYLES[heading.level], heading.label, heading.number, title, text)
        (stack[-1].children if stack else sections).append(node)
        stack.append(node)
    for section in sections:
        for node in list(section.walk()):
            _split_inline(node)
    return intro + [block for section in sections for block in section.blocks()]


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
    if any(isinstance(chunk, Block) for chunk in chunks):
        return                    # a table among the paragraphs: they stay paragraphs
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


# --- year and region --------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年度?")
_LEAD_YEAR = re.compile(r"^((?:19|20)\d\d)年(?:以来|度)?[，,]")
_REPORTED_YEAR = re.compile(r"现将.{0,20}?((?:19|20)\d\d)年度?.{0,30}?(?:报告|汇报)如下")
_AREA = r"(?:自治县|自治州|自治旗|自治区|特别行政区|省|市|县|区|旗|州|盟|乡|镇|街道|苏木)"
_REGION = rf"[\u4e00-\u9fff]{{1,8}}?{_AREA}"
#: A department: a region's 司法局 / 发展和改革委员会 …, or a ministry (司法部).
_DEPARTMENT = (rf"(?:{_REGION})?(?:人民政府)?[\u4e00-\u9fff]{{1,12}}?"
               r"(?:局|厅|部|委员会|办公室|中心|管委会|管理委员会|署|院)")
_ORGAN = rf"(?:中共)?(?:{_REGION}|{_DEPARTMENT})"
_GOVERNMENT = r"(?:人民政府|政府|行政公署|委员会|委|党委|党工委|办事处)"
_TITLE_REGION = re.compile(rf"^(?:中共[\u4e00-\u9fff]{{1,12}}?委(?:员会)?\s*)?(?:中共)?({_REGION}|{_DEPARTMENT}|{_REGION})(?:{_GOVERNMENT})?(?:关于|\d{{4}}年|法治政府)")
_LEAD_REGION = re.compile(
    rf"^(?:19|20)\d\d年(?:以来|度)?[，,]\s*(?:在[^，,。]*[，,]\s*)?(?![我本全在今])({_DEPARTMENT}|{_REGION})"
    rf"(?=[^\u4e00-\u9fff]|坚持|深入|全面|以|认真|紧紧|始终|围绕|聚焦|严格|在|把|按照|持续|高度|着力|立足|积极|扎实|进一步)")
_REPORTED_REGION = re.compile(rf"现将(?![我本全])({_DEPARTMENT}|{_REGION})(?:19|20)\d\d年")
_SIGNATURE_REGION = re.compile(rf"^(?:中共)?({_REGION})(?:{_GOVERNMENT})$")
_PUBLISHER = re.compile(r"(?:发布机构|发文机关|发布单位|来源单位|信息来源|来源|发布者)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,30})")
_LEVEL_WORDS = re.compile(rf"^(?:中共)?({_REGION})(?:{_GOVERNMENT})?$")


def infer_year_and_region(outline: Outline, hints: Sequence[str] = ()) -> tuple[int | None, str | None]:
    """The year reported on and the reporting region (or department), from what the outline says.

    The year comes from the title (关于2023年…的报告), else the 导语 (2024年，我县… /
    现将…2019年度…报告如下), else the first part's heading, else the 成文日期 (a report
    dated in the first half of a year covers the year before). The region comes from
    the 落款 (建宁县人民政府), else the title, else the 导语, else the 主送机关's
    subordinate (a 镇 reporting to its 县), else metadata lines of a web copy
    (`hints`: 发布机构：示例镇人民政府). Every level is recognised: 省/自治区/市/州/盟/
    县/区/旗/乡/镇/街道 and departments (示例市司法局, 司法部).
    """
    return _infer_year(outline), _infer_region(outline, hints)


def _infer_year(outline: Outline) -> int | None:
    if match := _YEAR.search(outline.title):
        return int(match.group(1))
    for paragraph in outline.intro[:6]:
        if isinstance(paragraph, str) and (match := _LEAD_YEAR.search(paragraph) or _REPORTED_YEAR.search(paragraph)):
            return int(match.group(1))
    if outline.sections and (match := _YEAR.search(outline.sections[0].title)):
        return int(match.group(1))
    if outline.date:
        return outline.date.year - 1 if outline.date.month <= 6 else outline.date.year
    for paragraph in outline.intro[:3]:
        if isinstance(paragraph, str) and (match := _YEAR.search(paragraph[:40])):
            return int(match.group(1))
    return None


def _infer_region(outline: Outline, hints: Sequence[str]) -> str | None:
    ordered = sorted(outline.signatures, key=lambda organ: not organ.endswith("人民政府"))
    for organ in ordered:
        if match := _SIGNATURE_REGION.search(organ):
            return match.group(1)
    if match := _TITLE_REGION.search(outline.title):
        return _trim_government(match.group(1))
    for paragraph in outline.intro[:6]:
        if isinstance(paragraph, str) and (match := _LEAD_REGION.search(paragraph) or _REPORTED_REGION.search(paragraph)):
            return _trim_government(match.group(1))
    for hint in hints:
        if match := _PUBLISHER.search(hint):
            organ = match.group(1)
            if found := _LEVEL_WORDS.match(organ):
                return found.group(1)
            if re.fullmatch(_DEPARTMENT, organ):
                return organ
    return None


def _trim_government(name: str) -> str:
    """示例县人民政府办公室 stays (a department); 示例县人民政府 → 示例县."""
    return re.sub(r"人民政府$", "", name)
