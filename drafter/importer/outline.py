"""The outline of an imported report: a view of the document tree the parser produced.

`structure.parse_document` reads last year's text into a `doctree.Document`, the pivot the
renderer builds too and every writer consumes, with the kinds and levels of a render:
DOC_MARK, DOC_NUMBER (发文字号, and 签发人 as a second run), TITLE, ADDRESSEE, the 导语
(PARAGRAPH and TABLE blocks), the body (a HEADING block per numbered heading, level 1–4:
its number a NUMBER run, its title a HEADING run, run-in text a TEXT run; a numbered
paragraph for a heading without a title and for 一是 items, several items running on in
one paragraph when the source wrote them so), CLOSING, ATTACHMENT, SIGNATURE, DATE (the
date itself in `DocumentInfo.created`), NOTE, then each 附件 page (APPENDIX, its TITLE,
its content).

`Outline` stores nothing of its own: it reads that Document as the pieces a report is
made of (title, 主送机关, 导语, numbered parts, 结束语, 落款, 成文日期, 附注, 附件), which is
what the mapping onto the form asks for. The numbered body is read as a tree of
`OutlineNode`s whose `level` has no gaps (1, 2, 3…) whatever numbering families the
document used. Whether the file is a report or a directive is judged here from the same
Document (`Outline.kind`).

`text_lines()` lays an outline back out as text in document order, so tests and the CLI
can check that nothing of the source went missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.importer import patterns
from drafter.importer.patterns import NumberStyle
from drafter.text import leading_ordinal

__all__ = ["Appendix", "NumberStyle", "Outline", "OutlineNode"]

_RANK = {style: level for level, style in patterns.STYLES.items()}   # numbering family → heading level


@dataclass
class OutlineNode:
    """One numbered heading (or 一是 item) with everything under it.

    `title` is the heading text without its closing 。/；, `text` the body text that
    followed it on the same line (a run-in heading has both; a standalone heading
    only `title`; an item whose first sentence is too long to be a title only
    `text`). `paragraphs` are the body paragraphs (and tables) between this heading and
    its first child. `children` are the next-level headings, preceded by INLINE items
    when the body was written as 一是…二是…; `inline_style` is True when those items ran
    on inside one paragraph rather than each starting its own.
    """

    level: int
    number_style: NumberStyle
    label: str                 # the numbering as written: "一、" "（一）" "1、" "一是"
    number: int                # its value: 3 for 三、 （三） 3. （3） 三是
    title: str = ""
    text: str = ""
    paragraphs: list = field(default_factory=list)    # lines (str) and tables (doctree TABLE blocks)
    children: list[OutlineNode] = field(default_factory=list)
    inline_style: bool = False

    def walk(self) -> Iterator[OutlineNode]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def head(self) -> Block:
        """The node's own block: a HEADING when it has a title (a 一是 item never is one),
        else a numbered PARAGRAPH; the number, the title (with its 。 when text runs on)
        and the text are separate runs."""
        runs = [Run(self.label, Role.NUMBER)]
        if self.title:
            runs.append(Run(self.title + ("。" if self.text else ""), Role.HEADING))
        if self.text:
            runs.append(Run(self.text))
        if self.title and self.number_style is not NumberStyle.INLINE:
            return Block(Kind.HEADING, runs, self.level)
        return Block(Kind.PARAGRAPH, runs)

    def blocks(self) -> list[Block]:
        """The node as document-tree blocks: its head, its paragraphs and tables, its 一是
        items (running on in one paragraph when `inline_style`, up to an item that has
        paragraphs of its own), then its numbered children."""
        blocks = [self.head(), *map(_block, self.paragraphs)]
        running: Block | None = None
        for child in self.children:
            if child.number_style is not NumberStyle.INLINE:
                continue
            head = child.head()
            if self.inline_style and running is not None:
                running.runs += head.runs
            else:
                blocks.append(head)
                running = head
            if child.paragraphs:
                blocks += map(_block, child.paragraphs)
                running = None
        blocks += [block for child in self.children if child.number_style is not NumberStyle.INLINE
                   for block in child.blocks()]
        return blocks

    def text_lines(self, numbered: bool = True) -> list[str]:
        """The node laid out as text lines in document order."""
        head = (self.label if numbered else "") + self.title
        if self.title and self.text:
            head += "。"
        lines = [head + self.text] if head + self.text else []
        lines += [_text(item) for item in self.paragraphs]
        for child in self.children:
            lines += child.text_lines(numbered)
        return lines


@dataclass
class Appendix:
    """An attachment page after the ending: its label (附件2), title and content."""

    label: str
    number: int
    title: str = ""
    content: list = field(default_factory=list)     # lines (str) and tables (doctree TABLE blocks)

    def text_lines(self) -> list[str]:
        return [self.label, *([self.title] if self.title else []), *(_text(item) for item in self.content)]


def _text(item) -> str:
    return item if isinstance(item, str) else item.text


def _block(item) -> Block:
    """A body line as a PARAGRAPH block; a table is its own TABLE block already."""
    return item if isinstance(item, Block) else Block(Kind.PARAGRAPH, [Run(item)])


def _item(block: Block) -> str | Block:
    """A plain block as the outline holds it: a table stays a TABLE block, a paragraph is its text."""
    return block if block.kind is Kind.TABLE else block.text


def _numbered(block: Block) -> bool:
    return bool(block.runs) and block.runs[0].role is Role.NUMBER


_HEAD_KINDS = (Kind.DOC_MARK, Kind.DOC_NUMBER, Kind.TITLE, Kind.ADDRESSEE)
_TAIL_KINDS = (Kind.CLOSING, Kind.ATTACHMENT, Kind.SIGNATURE, Kind.DATE, Kind.NOTE)


class Outline:
    """Last year's document, read from its document tree (`document()`) as a report's pieces."""

    def __init__(self, document: Document) -> None:
        self._document = document

    def document(self) -> Document:
        """The document tree this outline reads: the parser's result, laid out as a render's."""
        return self._document

    # --- the blocks by where they stand --------------------------------------

    @cached_property
    def _pages_start(self) -> int:
        blocks = self._document.blocks
        return next((i for i, block in enumerate(blocks) if block.kind is Kind.APPENDIX), len(blocks))

    @cached_property
    def _main(self) -> list[Block]:
        """The blocks before the 附件 pages."""
        return self._document.blocks[:self._pages_start]

    def _first(self, kind: Kind) -> Block | None:
        return next((block for block in self._main if block.kind is kind), None)

    def _text_of(self, kind: Kind) -> str:
        block = self._first(kind)
        return block.text if block else ""

    @cached_property
    def _body(self) -> list[Block]:
        return [block for block in self._main if block.kind not in (*_HEAD_KINDS, *_TAIL_KINDS)]

    # --- head ------------------------------------------------------------------

    @property
    def doc_mark(self) -> str:
        """发文机关标志 (版头), when the file has one."""
        return self._text_of(Kind.DOC_MARK)

    @property
    def doc_number(self) -> str:
        """发文字号 (版头): the first run of the DOC_NUMBER block."""
        block = self._first(Kind.DOC_NUMBER)
        return block.runs[0].text if block and block.runs else ""

    @property
    def signer(self) -> str:
        """签发人：… (版头 of a report to a superior; the form has no field): its second run."""
        block = self._first(Kind.DOC_NUMBER)
        return "".join(run.text for run in block.runs[1:]) if block else ""

    @property
    def title(self) -> str:
        return self._text_of(Kind.TITLE)

    @property
    def addressee(self) -> list[str]:
        """主送机关, one organ each."""
        text = self._text_of(Kind.ADDRESSEE).rstrip("：:")
        return text.split("、") if text else []

    # --- body ------------------------------------------------------------------

    @cached_property
    def _tree(self) -> tuple[list, list[OutlineNode]]:
        """(导语, level-1 parts): the body blocks read back into the numbered tree.

        A heading's family comes from its number, so the tree is rebuilt with the
        parser's own rule: a heading closes every open one of its family or a lower one.
        """
        intro: list = []
        sections: list[OutlineNode] = []
        stack: list[OutlineNode] = []
        current: OutlineNode | None = None        # where plain paragraphs go
        for block in self._body:
            if not _numbered(block):
                (current.paragraphs if current else intro).append(_item(block))
                continue
            pieces = _pieces(block.runs)
            first = leading_ordinal(pieces[0][0].text)
            if block.kind is Kind.PARAGRAPH and first is not None and stack:
                parent = stack[-1]
                for runs in pieces:
                    ordinal = leading_ordinal(runs[0].text)
                    current = _node(runs, NumberStyle.INLINE, parent.level + 1, ordinal.number if ordinal else 0)
                    parent.children.append(current)
                parent.inline_style = parent.inline_style or len(pieces) > 1
                continue
            found = patterns.parse_heading(block.text) or patterns.parse_heading(pieces[0][0].text + "甲")
            level = found.level if found else 1
            while stack and _RANK[stack[-1].number_style] >= level:
                stack.pop()
            current = _node(block.runs, patterns.STYLES[level], len(stack) + 1, found.number if found else 0)
            (stack[-1].children if stack else sections).append(current)
            stack.append(current)
        return intro, sections

    @property
    def intro(self) -> list:
        """导语 paragraphs (str) and tables (TABLE blocks)."""
        return self._tree[0]

    @property
    def sections(self) -> list[OutlineNode]:
        """The level-1 parts."""
        return self._tree[1]

    def walk(self) -> Iterator[OutlineNode]:
        """Every node of the body tree, in document order."""
        for section in self.sections:
            yield from section.walk()

    # --- tail ------------------------------------------------------------------

    @property
    def closing(self) -> str:
        """结束语: 特此报告。"""
        return self._text_of(Kind.CLOSING)

    @property
    def attachments(self) -> list[str]:
        """附件说明 names, unnumbered (the last run of each ATTACHMENT block)."""
        return [block.runs[-1].text for block in self._main if block.kind is Kind.ATTACHMENT]

    @property
    def signatures(self) -> list[str]:
        """落款, one organ each."""
        return [block.text for block in self._main if block.kind is Kind.SIGNATURE]

    @property
    def date(self) -> date | None:
        """成文日期."""
        return self._document.info.created

    @property
    def date_text(self) -> str:
        """成文日期 as written."""
        return self._text_of(Kind.DATE)

    @property
    def note(self) -> str:
        """附注, e.g. （此件公开发布）."""
        return self._text_of(Kind.NOTE)

    @cached_property
    def appendices(self) -> list[Appendix]:
        """附件 pages after the ending: each APPENDIX block, the TITLE right after it, its content."""
        pages: list[Appendix] = []
        for block in self._document.blocks[self._pages_start:]:
            if block.kind is Kind.APPENDIX:
                number = patterns.appendix_label(block.text)
                pages.append(Appendix(block.text, number if number is not None else len(pages) + 1))
            elif block.kind is Kind.TITLE and not pages[-1].title and not pages[-1].content:
                pages[-1].title = block.text
            else:
                pages[-1].content.append(_item(block))
        return pages

    # --- what kind of document -------------------------------------------------

    @cached_property
    def _kind(self) -> tuple[Literal["report", "directive"], list[str]]:
        return _classify(self)

    @property
    def kind(self) -> Literal["report", "directive"]:
        """"report", or "directive" for an 实施意见 or 通知 with 责任单位 tasks."""
        return self._kind[0]

    @property
    def kind_reasons(self) -> list[str]:
        """Why it is taken for what `kind` says, in Chinese, for the user."""
        return self._kind[1]

    def text_lines(self, numbered: bool = True) -> list[str]:
        """The whole outline laid out as text lines in document order."""
        lines = [text for text in (self.doc_mark, self.doc_number, self.signer, self.title) if text]
        if self.addressee:
            lines.append("、".join(self.addressee) + "：")
        lines += [_text(item) for item in self.intro]
        for section in self.sections:
            lines += section.text_lines(numbered)
        if self.closing:
            lines.append(self.closing)
        if len(self.attachments) == 1:
            lines.append("附件：" + self.attachments[0])
        elif self.attachments:
            lines += [("附件：" if number == 1 else "") + (f"{number}." if numbered else "") + name
                      for number, name in enumerate(self.attachments, 1)]
        lines += self.signatures
        lines += [text for text in (self.date_text, self.note) if text]
        for appendix in self.appendices:
            lines += appendix.text_lines()
        return lines


def _pieces(runs: list[Run]) -> list[list[Run]]:
    """The runs of a numbered paragraph cut before each NUMBER run: one piece per item."""
    pieces: list[list[Run]] = []
    for run in runs:
        if run.role is Role.NUMBER or not pieces:
            pieces.append([])
        pieces[-1].append(run)
    return pieces


def _node(runs: list[Run], style: NumberStyle, level: int, number: int) -> OutlineNode:
    """A node from its head's runs: the number, the title (its 。 dropped when text follows), the text."""
    title = next((run.text for run in runs if run.role is Role.HEADING), "")
    text = "".join(run.text for run in runs[1:] if run.role is not Role.HEADING)
    if title and text and title.endswith("。"):
        title = title[:-1]
    return OutlineNode(level, style, runs[0].text, number, title, text)


# --- report or directive ------------------------------------------------------

_DIRECTIVE_TITLE = re.compile(r"意见|通知|方案|办法|规定|决定|要点|计划")
_REPORT_LEAD = re.compile(r"(?:报告|汇报)如下")
_DUTY_MARK = re.compile(r"[〔（(\[【]\s*(?:牵头|责任|配合)单位\s*[:：]")
_ISSUING = re.compile(r"印发给你们|现印发|请认真贯彻|请结合实际")


def _classify(outline: Outline) -> tuple[Literal["report", "directive"], list[str]]:
    """("report" | "directive", the reasons found for it, in Chinese)."""
    report: list[str] = []
    directive: list[str] = []
    titles = ([outline.title] if outline.title else []) + [p for p in outline.intro
                                                            if isinstance(p, str) and patterns.is_title_like(p)]
    for title in titles:
        if "报告" in title or "汇报" in title:
            report.append(f"标题“{title}”是报告")
        elif match := _DIRECTIVE_TITLE.search(title):
            directive.append(f"标题“{title}”是{match.group(0)}，不是报告")
    if outline.closing:
        report.append(f"有结束语“{outline.closing}”")
    if any(isinstance(paragraph, str) and _REPORT_LEAD.search(paragraph) for paragraph in outline.intro):
        report.append("导语中有“报告如下”")
    text = "\n".join(block.text for block in outline._main if block.kind is not Kind.TABLE)
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
