"""The document tree: the pivot between the renderer, the importer and the writers.

The renderer turns a validated report into a `Document`; the importer reads last
year's file into one; every writer (docx, plain text, html) consumes one. Nothing
here knows about YAML, Jinja or Word.

A `Block` is one printed paragraph (or one table). Its text is the concatenation of
its runs; each run carries a *role* so writers can style the generated number, a
run-in heading and the body text of the same paragraph differently (GB/T 9704:
"1." items are 仿宋 and bold only for their run-in title).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Role(str, Enum):
    """What a run is, which decides its font in a writer."""

    NUMBER = "number"      # generated numbering: 一、 （一） 1. （1） 一是
    HEADING = "heading"    # a heading's title text (standalone or run-in)
    TEXT = "text"          # body text
    MISSING = "missing"    # 【待填：…】 marker in a draft render (highlighted)


class Kind(str, Enum):
    """What a block is."""

    DOC_MARK = "doc_mark"      # 版头：发文机关标志 (red)
    DOC_NUMBER = "doc_number"  # 版头：发文字号
    TITLE = "title"
    ADDRESSEE = "addressee"    # 主送机关, ends with a full-width colon
    HEADING = "heading"        # level 1–4, may carry run-in body text
    PARAGRAPH = "paragraph"
    CLOSING = "closing"        # 特此报告。
    SIGNATURE = "signature"    # one block per organ (联合行文 stacks several)
    DATE = "date"              # 成文日期
    NOTE = "note"              # 附注：（此件公开发布）
    ATTACHMENT = "attachment"  # 附件说明
    APPENDIX = "appendix"      # 附件页的“附件2”标识：另起一页，居左
    TABLE = "table"


@dataclass
class Run:
    """A piece of a block's text with one role (number, heading, text, missing)."""

    text: str
    role: Role = Role.TEXT


@dataclass
class Block:
    """One printed paragraph or table of the document, with the form location it comes from."""

    kind: Kind
    runs: list[Run] = field(default_factory=list)
    level: int = 0                       # 1–4 for headings, 0 otherwise
    source: str = ""                     # field path in the form (数据.行政复议.受理 / 主要举措和成效.章节[0])
    rows: list[list[str]] = field(default_factory=list)  # only for TABLE
    comments: list[str] = field(default_factory=list)    # review notes (render --annotate)

    @property
    def text(self) -> str:
        if self.kind is Kind.TABLE:
            return "\n".join("\t".join(row) for row in self.rows)
        return "".join(run.text for run in self.runs)


@dataclass
class DocumentInfo:
    """The document's properties (title, author, 成文日期, year)."""

    title: str = ""
    author: str = ""                     # 报告机关
    created: date | None = None          # 成文日期
    year: int | None = None              # 年度


@dataclass
class Document:
    """The whole document: its properties, its blocks in order and what rendering changed in the form's text."""

    info: DocumentInfo = field(default_factory=DocumentInfo)
    blocks: list[Block] = field(default_factory=list)
    #: What rendering changed in the form's text: (form location, Chinese description).
    adjustments: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)

    def add(self, kind: Kind, *runs: Run | str, level: int = 0, source: str = "") -> Block:
        block = Block(kind, [r if isinstance(r, Run) else Run(r) for r in runs], level, source)
        self.blocks.append(block)
        return block

    def copy(self) -> Document:
        """A copy whose blocks can be changed (runs added, comments attached, blocks inserted
        or left out) without changing this one; runs are shared (nothing changes a run)."""
        blocks = [Block(b.kind, list(b.runs), b.level, b.source, [list(r) for r in b.rows], list(b.comments))
                  for b in self.blocks]
        return Document(self.info, blocks, list(self.adjustments))

    def plain_text(self) -> str:
        """One line per block: what the plain-text writer prints and tests compare."""
        return "\n".join(block.text for block in self.blocks) + "\n"
