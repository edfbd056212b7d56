"""The outline of an imported report: what `parse_outline` produces.

An `Outline` is last year's document taken apart into the pieces a report is made
of (title, 主送机关, 导语, numbered parts, 结束语, 落款, 成文日期, 附注, 附件) without
any knowledge of the report model; a later step maps it onto the model. The
numbered body is a tree of `OutlineNode`s whose `level` has no gaps (1, 2, 3…),
whatever numbering families the document used.

`text_lines()` lays an outline back out as text in document order, so tests and
the CLI can check that nothing of the source went missing; `document()` lays it out as
the document tree (`doctree`) the renderer would build for it, block by block with the
same kinds and levels, so an import can be compared with a render at the pivot they share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Literal

from drafter.doctree import Block, Document, Kind, Role, Run


class NumberStyle(str, Enum):
    """The numbering family of a heading or item; the value is its canonical form."""

    CHINESE = "一、"
    PAREN_CHINESE = "（一）"
    ARABIC = "1."
    PAREN_ARABIC = "（1）"
    INLINE = "一是"        # 一是/二是/三是 items inside a section's body


@dataclass
class OutlineNode:
    """One numbered heading (or 一是 item) with everything under it.

    `title` is the heading text without its closing 。/；, `text` the body text that
    followed it on the same line (a run-in heading has both; a standalone heading
    only `title`; an item whose first sentence is too long to be a title only
    `text`). `paragraphs` are the body paragraphs between this heading and its first
    child. `children` are the next-level headings, preceded by INLINE items when the
    body was written as 一是…二是…; `inline_style` is True when those items ran on
    inside one paragraph rather than each starting its own.
    """

    level: int
    number_style: NumberStyle
    label: str                 # the numbering as written: "一、" "（一）" "1、" "一是"
    number: int                # its value: 3 for 三、 （三） 3. （3） 三是
    title: str = ""
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)
    inline_style: bool = False

    def walk(self) -> Iterator[OutlineNode]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def blocks(self) -> list[Block]:
        """The node as document-tree blocks: its heading (run in with its text when it has
        both), its paragraphs and tables, then its children; 一是 items that ran on in one
        paragraph stay one paragraph."""
        runs = [Run(self.label, Role.NUMBER)]
        if self.title:
            runs.append(Run(self.title + ("。" if self.text else ""), Role.HEADING))
        if self.text:
            runs.append(Run(self.text))
        kind = Kind.HEADING if self.title and self.number_style is not NumberStyle.INLINE else Kind.PARAGRAPH
        blocks = [Block(kind, runs, self.level if kind is Kind.HEADING else 0)]
        blocks += [_block(item) for item in self.paragraphs]
        inline = [child for child in self.children if child.number_style is NumberStyle.INLINE]
        if inline and self.inline_style:
            blocks.append(Block(Kind.PARAGRAPH, [run for child in inline for block in child.blocks()
                                                 for run in block.runs]))
        else:
            blocks += [block for child in inline for block in child.blocks()]
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


@dataclass
class Outline:
    """Last year's document, taken apart."""

    kind: Literal["report", "directive"] = "report"
    kind_reasons: list[str] = field(default_factory=list)   # Chinese, for the user
    doc_mark: str = ""             # 发文机关标志 (版头), when the file has one
    doc_number: str = ""           # 发文字号 (版头)
    signer: str = ""               # 签发人：… (版头 of a report to a superior; the form has no field)
    title: str = ""
    addressee: list[str] = field(default_factory=list)      # 主送机关, one organ each
    intro: list[str] = field(default_factory=list)          # 导语 paragraphs
    sections: list[OutlineNode] = field(default_factory=list)  # level-1 parts
    closing: str = ""              # 特此报告。
    attachments: list[str] = field(default_factory=list)    # 附件 names, unnumbered
    signatures: list[str] = field(default_factory=list)     # 落款, one organ each
    date: date | None = None       # 成文日期
    date_text: str = ""            # 成文日期 as written
    note: str = ""                 # 附注, e.g. （此件公开发布）
    appendices: list[Appendix] = field(default_factory=list)   # 附件 pages after the ending

    def walk(self) -> Iterator[OutlineNode]:
        """Every node of the body tree, in document order."""
        for section in self.sections:
            yield from section.walk()

    def document(self) -> Document:
        """The outline as the document tree, in the order and with the kinds a render uses."""
        document = Document()
        blocks = document.blocks

        def add(kind: Kind, text: str) -> None:
            if text:
                blocks.append(Block(kind, [Run(text)]))

        add(Kind.DOC_MARK, self.doc_mark)
        add(Kind.DOC_NUMBER, self.doc_number)
        add(Kind.TITLE, self.title)
        if self.addressee:
            add(Kind.ADDRESSEE, "、".join(self.addressee) + "：")
        blocks += [_block(item) for item in self.intro]
        for section in self.sections:
            blocks += section.blocks()
        add(Kind.CLOSING, self.closing)
        for number, name in enumerate(self.attachments, 1):
            label = ("附件：" if number == 1 else "") + (f"{number}." if len(self.attachments) > 1 else "")
            add(Kind.ATTACHMENT, label + name)
        for organ in self.signatures:
            add(Kind.SIGNATURE, organ)
        add(Kind.DATE, self.date_text)
        add(Kind.NOTE, self.note)
        for appendix in self.appendices:
            add(Kind.APPENDIX, appendix.label)
            add(Kind.TITLE, appendix.title)
            blocks += [_block(item) for item in appendix.content]
        return document

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
