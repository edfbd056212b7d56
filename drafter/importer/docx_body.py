"""The body of a .docx as Word displays it, read into the document tree (`doctree`).

`read_docx_document` walks `word/document.xml` in document order with lxml (through
the bounded reader of `docx_package`) and returns a `doctree.Document`:

- a paragraph is a PARAGRAPH, HEADING (level from its style — 标题 1 / Heading 1 and
  styles based on them — or its outline level) or TITLE block; the number Word shows
  in front of it (automatic numbering, see `docx_numbering`) is its first run, with
  role NUMBER, so "一、" is known even when it was never typed. A heading style
  without a list gets the GB/T 9704 number of its level (一、 （一） 1. （1）).
- text comes from ordinary runs and from tracked insertions (`w:ins`), moved-to text,
  content controls (`w:sdt`), simple and complex fields (their results), hyperlinks,
  smart tags and ruby bases; deleted and moved-from text, field codes, hidden text,
  comments and footnote references never do.
- a text box (`w:txbxContent`, where WPS puts the 红头) is read once, where it is
  anchored: its paragraphs come before the paragraph holding it (the DrawingML
  choice only, not the VML fallback copy).
- a table of contents (TOC field, TOC content control, 目录 styles) is left out.
- tables are classified: a data table stays a TABLE block (rows of cell texts);
  a 版头 laid out as a table (发文机关标志, 发文字号, 签发人), a 落款 table and a
  layout table become the paragraphs they hold, in reading order, each merged cell
  once; a table of contents is left out.

Everything left out is listed in `BodyReading.omitted` (kind, text, paragraph number)
so the form's header can say what the importer did not take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.importer import patterns
from drafter.importer.docx_numbering import W, Numbering, Styles, attr
from drafter.importer.docx_package import open_package
from drafter.limits import MAX_DOCX_BLOCKS, MAX_DOCX_CHARACTERS, MAX_TABLE_DEPTH
from drafter.importer.errors import ImportFailure
from drafter.text import SENTENCE_MARKS, heading_number, parse_cn_date

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MAX_TABLE_DEPTH = MAX_TABLE_DEPTH
MAX_BLOCKS = MAX_DOCX_BLOCKS                 # paragraphs and tables
MAX_CHARACTERS = MAX_DOCX_CHARACTERS         # text characters read from the body

#: Elements whose children are read as if they stood in their place.
_TRANSPARENT = {W + name for name in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "dir", "bdo",
                                      "sdtContent")}
_DROPPED = {W + name for name in ("del", "moveFrom")}
_TOC_INSTR = re.compile(r"^\s*(?:TOC|INDEX)\b", re.IGNORECASE)
_TOC_TITLE = re.compile(r"^目\s*录$")
_PAGE_CELL = re.compile(r"^[\d\s.·…\-—]*\d$")


class OmittedKind:
    """What a left-out piece of text was (the values are shown to the user)."""

    DELETED = "修订中删除的文字"
    TOC = "目录"
    HIDDEN = "隐藏文字"
    HEADER_FOOTER = "页眉页脚"
    NOTES = "脚注和批注"


@dataclass
class Omitted:
    kind: str
    text: str
    paragraph: int                 # 1-based number of the paragraph it was in (0: outside the body)


@dataclass
class BodyReading:
    """The body as a document tree, and what was left out."""

    document: Document
    omitted: list[Omitted] = field(default_factory=list)


def read_docx_document(data: bytes, path: Path) -> BodyReading:
    """Read the .docx `data` named `path` (raises ImportFailure for damaged, encrypted or oversized files)."""
    package = open_package(data, path)
    try:
        root = package.xml("word/document.xml")
        styles = Styles(package.xml("word/styles.xml"))
        numbering = Numbering(package.xml("word/numbering.xml"), styles)
        reader = _BodyReader(styles, numbering, path.name)
        body = root.find(f"{W}body") if root is not None else None
        if body is None:
            raise ImportFailure(f"无法打开“{path.name}”：文件已损坏（正文部分没有 w:body）。")
        reader.blocks_of(body, depth=0)
        _header_parts(package, reader)
    finally:
        package.archive.close()
    return BodyReading(reader.document, reader.omitted)


def _header_parts(package, reader: _BodyReader) -> None:
    """Headers and footers are not the report: say what they held. A 红头 that WPS users put
    in the page header (a line ending in 文件, or a 发文字号) is the exception: it is the
    document's 版头, so it goes before the body."""
    texts: list[str] = []
    masthead: list[str] = []
    for name in sorted(package.archive.namelist()):
        if not re.fullmatch(r"word/(?:header|footer)\d*\.xml", name):
            continue
        root = package.xml(name)
        if root is None:
            continue
        for p in root.iter(f"{W}p"):
            line = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
            if not line:
                continue
            if name.startswith("word/header") and (line.endswith("文件") or patterns.is_doc_number(line)):
                if line not in masthead:
                    masthead.append(line)
            elif line not in texts:
                texts.append(line)
    if masthead and not any(block.kind is Kind.PARAGRAPH and block.text.strip() in masthead
                            for block in reader.document.blocks[:4]):
        reader.document.blocks[:0] = [Block(Kind.PARAGRAPH, [Run(line)]) for line in masthead]
    if texts:
        reader.omitted.append(Omitted(OmittedKind.HEADER_FOOTER, " / ".join(texts), 0))
    if reader.notes_refs:
        reader.omitted.append(Omitted(OmittedKind.NOTES, f"{reader.notes_refs} 处脚注、尾注或批注的引用（内容不导入）", 0))


@dataclass
class _Field:
    instr: str = ""
    result: bool = False           # past the separator: the field's result is shown
    toc: bool = False


@dataclass
class _Paragraph:
    """What one w:p holds."""

    text: list[str] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)     # txbxContent anchored here
    dropped: dict[str, list[str]] = field(default_factory=dict)   # omitted kind → texts
    in_toc: bool = False


class _BodyReader:
    def __init__(self, styles: Styles, numbering: Numbering, name: str) -> None:
        self.name = name
        self.styles = styles
        self.numbering = numbering
        self.document = Document()
        self.omitted: list[Omitted] = []
        self.fields: list[_Field] = []
        self.heading_counts = [0] * 10
        self.characters = 0
        self.paragraphs = 0
        self.body_started = False      # a body paragraph (sentence) has been seen
        self.title_seen = False        # a paragraph has been taken as the document title
        self.notes_refs = 0

    # --- containers ------------------------------------------------------------

    def blocks_of(self, parent: etree._Element, depth: int) -> None:
        """Paragraphs and tables under `parent`, in order, into the document."""
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, depth)
            elif tag == W + "tbl":
                self.table(child, depth)
            elif tag == W + "sdt":
                if self._is_toc_control(child):
                    self._omit(OmittedKind.TOC, self._all_text(child))
                    continue
                for content in child.iterfind(f"{W}sdtContent"):
                    self.blocks_of(content, depth)
            elif tag in _TRANSPARENT:
                self.blocks_of(child, depth)
            elif tag == _MC + "AlternateContent":
                chosen = self._choice(child)
                if chosen is not None:
                    self.blocks_of(chosen, depth)

    @staticmethod
    def _choice(element: etree._Element) -> etree._Element | None:
        choice = element.find(f"{_MC}Choice")
        return choice if choice is not None else element.find(f"{_MC}Fallback")

    @staticmethod
    def _is_toc_control(sdt: etree._Element) -> bool:
        gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
        return (attr(gallery) or "").lower().startswith("table of contents")

    @staticmethod
    def _all_text(element: etree._Element) -> str:
        return "".join(t.text or "" for t in element.iter(f"{W}t"))

    def _omit(self, kind: str, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.omitted.append(Omitted(kind, text, self.paragraphs))

    def _count(self, text: str) -> None:
        self.characters += len(text)
        if self.characters > MAX_CHARACTERS:
            raise ImportFailure(f"“{self.name}”的正文超过 {MAX_CHARACTERS} 个字，不像是一份年度报告，已停止读取。")

    # --- paragraphs ----------------------------------------------------------

    def paragraph(self, p: etree._Element, depth: int, *, into: list[str] | None = None) -> None:
        """One w:p: its text boxes first, then the paragraph itself (or its text into `into`)."""
        self.paragraphs += 1
        if self.paragraphs > MAX_BLOCKS:
            raise ImportFailure(f"“{self.name}”有超过 {MAX_BLOCKS} 个段落，不像是一份年度报告，已停止读取。")
        ppr = p.find(f"{W}pPr")
        style_id = attr(ppr.find(f"{W}pStyle")) if ppr is not None else None
        view = self.styles.view(style_id)
        content = _Paragraph(in_toc=any(f.toc for f in self.fields))
        self.inline(p, content)
        if _printed_frames(content.boxes):
            self._frame_lines(content.boxes, depth, into)
        else:
            for box in content.boxes:
                self.blocks_of(box, depth + 1) if into is None else self._cell(box, depth, into)
        text = "".join(content.text)
        self._count(text)
        for kind, texts in content.dropped.items():
            self._omit(kind, "".join(texts))
        if view.toc or content.in_toc or (_TOC_TITLE.match(text.strip()) and self._toc_follows(p)):
            self._omit(OmittedKind.TOC, text)
            return
        if into is not None:
            into.append(text)
            return
        label = self._label(ppr, view)
        outline = self._outline(ppr, view)
        stripped = text.strip()
        if not stripped:                 # an empty paragraph, even if Word shows a number before it
            return
        if label and (patterns.parse_heading(stripped) or patterns.starts_inline_item(stripped)):
            label = ""                   # the number was typed as well: keep it once
        kind, level = Kind.PARAGRAPH, 0
        if view.title or (outline == 1 and not self.body_started and not self.title_seen and not label
                          and patterns.is_title_like(stripped)):
            kind, self.title_seen = Kind.TITLE, True     # the document title set in 标题 1
        elif outline:
            kind, level = Kind.HEADING, outline
            if not label and patterns.parse_heading(stripped) is None:
                label = self._heading_label(outline)
            elif outline <= 4:
                self._advance_heading(outline)
        if any(mark in stripped for mark in SENTENCE_MARKS):
            self.body_started = True
        runs = ([Run(label, Role.NUMBER)] if label else []) + ([Run(text)] if text else [])
        self.document.blocks.append(Block(kind, runs, level))

    def _frame_lines(self, boxes: list[etree._Element], depth: int, into: list[str] | None) -> None:
        """Pages of a PDF converted by LibreOffice: one positioned frame per piece of a printed
        line (digits and Latin text in frames of their own), every page's frames in one host
        paragraph, page after page. A page ends where the frames jump back to the top; on a page
        the frames are put back in reading order — top to bottom, then left to right — and
        those on one line make one paragraph."""
        placed = []
        for box in boxes:
            texts: list[str] = []
            self._cell(box, depth, texts)
            top, left, height = _frame_position(box)
            placed.append((top, left, height, "".join(texts)))
        heights = sorted(frame[2] for frame in placed if frame[2] > 0)
        line_height = heights[len(heights) // 2] if heights else 1
        pages: list[list[tuple[int, int, int, str]]] = []
        for frame in placed:
            if not pages or frame[0] < pages[-1][-1][0] - _PAGE_JUMP_LINES * line_height:
                pages.append([])
            pages[-1].append(frame)
        for page in pages:
            lines: list[list[tuple[int, int, int, str]]] = []
            for frame in sorted(page):
                if lines and frame[0] - lines[-1][0][0] <= line_height // 2:
                    lines[-1].append(frame)
                else:
                    lines.append([frame])
            for line in lines:
                text = "".join(frame[3] for frame in sorted(line, key=lambda frame: frame[1]))
                if not text.strip():
                    continue
                if into is not None:
                    into.append(text)
                else:
                    self.document.blocks.append(Block(Kind.PARAGRAPH, [Run(text)]))
                    if any(mark in text for mark in SENTENCE_MARKS):
                        self.body_started = True

    def _toc_follows(self, p: etree._Element) -> bool:
        """Whether the paragraph after `p` starts a table of contents."""
        following = p.getnext()
        if following is None:
            return False
        if following.tag == W + "sdt":
            return self._is_toc_control(following)
        instr = " ".join(t.text or "" for t in following.iter(f"{W}instrText"))
        simple = following.find(f".//{W}fldSimple")
        style = self.styles.view(attr(following.find(f"{W}pPr/{W}pStyle")))
        return bool(_TOC_INSTR.match(instr) or (simple is not None and _TOC_INSTR.match(attr(simple, "instr") or ""))
                    or style.toc)

    def _outline(self, ppr: etree._Element | None, view) -> int:
        own = attr(ppr.find(f"{W}outlineLvl")) if ppr is not None else None
        if own is not None and own.isdigit():
            return int(own) + 1 if int(own) < 9 else 0
        return view.heading

    def _label(self, ppr: etree._Element | None, view) -> str:
        """The number Word displays before the paragraph (automatic numbering), or ""."""
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = view.num_id, view.ilvl
        if num_pr is not None:
            own_id = attr(num_pr.find(f"{W}numId"))
            own_level = attr(num_pr.find(f"{W}ilvl"))
            if own_id is not None:
                num_id, ilvl = own_id, None
            if own_level is not None and own_level.isdigit():
                ilvl = int(own_level)
        if not num_id or num_id == "0":
            return ""
        if ilvl is None:
            ilvl = self.numbering.level_of_style(num_id, view.style_id)
        return self.numbering.label(num_id, ilvl)

    def _advance_heading(self, level: int) -> int:
        self.heading_counts[level] += 1
        for deeper in range(level + 1, len(self.heading_counts)):
            self.heading_counts[deeper] = 0
        return self.heading_counts[level]

    def _heading_label(self, level: int) -> str:
        """The GB/T 9704 number of an unnumbered heading-styled paragraph (levels 1–4)."""
        if level > 4:
            return ""
        return heading_number(level, self._advance_heading(level))

    # --- runs ----------------------------------------------------------------------

    def inline(self, parent: etree._Element, out: _Paragraph) -> None:
        """The visible text under `parent` (a paragraph or an inline container) into `out`."""
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                self.run(child, out)
            elif tag in _TRANSPARENT:
                self.inline(child, out)
            elif tag == W + "sdt":
                for content in child.iterfind(f"{W}sdtContent"):
                    self.inline(content, out)
            elif tag == W + "fldSimple":
                if _TOC_INSTR.match(attr(child, "instr") or ""):
                    out.dropped.setdefault(OmittedKind.TOC, []).append(self._all_text(child))
                else:
                    self.inline(child, out)
            elif tag in _DROPPED:
                deleted = "".join(t.text or "" for t in child.iter(f"{W}delText", f"{W}t"))
                out.dropped.setdefault(OmittedKind.DELETED, []).append(deleted)
            elif tag == W + "ruby":
                base = child.find(f"{W}rubyBase")
                if base is not None:
                    self.inline(base, out)
            elif tag == _MC + "AlternateContent":
                chosen = self._choice(child)
                if chosen is not None:
                    self.inline(chosen, out)

    def _visible(self) -> bool:
        return all(f.result and not f.toc for f in self.fields)

    def run(self, r: etree._Element, out: _Paragraph) -> None:
        rpr = r.find(f"{W}rPr")
        hidden = rpr is not None and any(
            (element := rpr.find(W + name)) is not None and attr(element) not in ("0", "false")
            for name in ("vanish", "webHidden"))
        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = attr(child, "fldCharType")
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == W + "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr += child.text or ""
                    if _TOC_INSTR.match(self.fields[-1].instr):
                        self.fields[-1].toc = True
                        out.in_toc = True
                continue
            if tag in (W + "drawing", W + "pict", _MC + "AlternateContent", W + "object"):
                out.boxes += _text_boxes(child)
                continue
            if tag in (W + "footnoteReference", W + "endnoteReference", W + "commentReference"):
                self.notes_refs += 1
                continue
            text = _run_text(child)
            if not text:
                continue
            if not self._visible():
                if any(f.toc for f in self.fields):
                    out.dropped.setdefault(OmittedKind.TOC, []).append(text)
                continue
            if hidden:
                out.dropped.setdefault(OmittedKind.HIDDEN, []).append(text)
                continue
            out.text.append(text)

    # --- tables ------------------------------------------------------------------

    def table(self, tbl: etree._Element, depth: int) -> None:
        if depth > _MAX_TABLE_DEPTH:
            raise ImportFailure(f"“{self.name}”中的表格嵌套超过 {_MAX_TABLE_DEPTH} 层，文件可能已损坏或是恶意构造的。")
        rows = self._rows(tbl, depth)
        cells = [cell for row in rows for cell in row if cell]
        if not cells:
            return
        texts = [paragraph for cell in cells for paragraph in cell if paragraph.strip()]
        kind = _classify(rows, texts, self.body_started)
        if kind == "toc":
            self._omit(OmittedKind.TOC, " ".join(texts))
            return
        if kind == "data":
            table_rows = [["".join(part.strip() for p in cell for part in p.split("\n")) for cell in row]
                          for row in rows]
            width = max(len(row) for row in table_rows)
            table_rows = [row + [""] * (width - len(row)) for row in table_rows if any(c.strip() for c in row)]
            self.document.blocks.append(Block(Kind.TABLE, rows=table_rows))
            self.body_started = True
            return
        for text in texts:               # masthead, signature and layout tables: their paragraphs
            for piece in _split_masthead(text) if kind == "masthead" else [text]:
                self.document.blocks.append(Block(Kind.PARAGRAPH, [Run(piece)]))
                if any(mark in piece for mark in SENTENCE_MARKS):
                    self.body_started = True

    def _rows(self, tbl: etree._Element, depth: int) -> list[list[list[str]]]:
        """Rows of cells, each cell a list of paragraph texts; a vertically merged cell only
        in its first row, a horizontally merged one once."""
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            if _owner_table(tr) is not tbl:
                continue
            row = []
            for tc in tr.iter(f"{W}tc"):
                if tc.getparent() is not tr and _owner_row(tc) is not tr:
                    continue
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and attr(merge) in (None, "continue"):
                    row.append([])
                    span = attr(tc.find(f"{W}tcPr/{W}gridSpan"))
                    if span and span.isdigit():
                        row += [[] for _ in range(min(int(span), 64) - 1)]
                    continue
                paragraphs: list[str] = []
                self._cell(tc, depth, paragraphs)
                row.append(paragraphs)
                span = attr(tc.find(f"{W}tcPr/{W}gridSpan"))
                if span and span.isdigit():
                    row += [[] for _ in range(min(int(span), 64) - 1)]     # the columns it spans stay empty
            rows.append(row)
        return rows

    def _cell(self, parent: etree._Element, depth: int, into: list[str]) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.paragraph(child, depth, into=into)
            elif child.tag == W + "tbl":
                if depth + 1 > _MAX_TABLE_DEPTH:
                    raise ImportFailure(
                        f"“{self.name}”中的表格嵌套超过 {_MAX_TABLE_DEPTH} 层，文件可能已损坏或是恶意构造的。")
                for row in self._rows(child, depth + 1):
                    for cell in row:
                        into.extend(cell)
            elif child.tag in _TRANSPARENT or child.tag == W + "sdt":
                self._cell(child, depth, into)



def _owner_table(tr: etree._Element) -> etree._Element | None:
    parent = tr.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _owner_row(tc: etree._Element) -> etree._Element | None:
    parent = tc.getparent()
    while parent is not None and parent.tag != W + "tr":
        parent = parent.getparent()
    return parent


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_PRINTED_FRAMES = 3        # positioned frames in one paragraph that mark a page converted from PDF
_PAGE_JUMP_LINES = 4       # frames this many lines above the last one start the next page


def _anchor(box: etree._Element) -> etree._Element | None:
    parent = box.getparent()
    while parent is not None and parent.tag != _WP + "anchor":
        parent = parent.getparent()
    return parent


def _frame_position(box: etree._Element) -> tuple[int, int, int]:
    """(top, left, height) of a positioned text box, in EMU (0 when not given)."""
    anchor = _anchor(box)

    def number(value: str | None) -> int:
        try:
            return int(value) if value is not None else 0
        except ValueError:
            return 0

    if anchor is None:
        return 0, 0, 0
    extent = anchor.find(f"{_WP}extent")
    return (number(anchor.findtext(f"{_WP}positionV/{_WP}posOffset")),
            number(anchor.findtext(f"{_WP}positionH/{_WP}posOffset")),
            number(extent.get("cy") if extent is not None else None))


def _printed_frames(boxes: list[etree._Element]) -> bool:
    """Whether the text boxes of a paragraph are the positioned line pieces of a converted PDF page."""
    if len(boxes) < _PRINTED_FRAMES:
        return False
    anchors = [_anchor(box) for box in boxes]
    return all(anchor is not None and anchor.find(f"{_WP}positionV/{_WP}posOffset") is not None
               for anchor in anchors)


def _text_boxes(element: etree._Element) -> list[etree._Element]:
    """The outermost text boxes inside a drawing, skipping markup-compatibility fallbacks."""
    boxes = []
    stack = [element]
    while stack:
        node = stack.pop()
        for child in reversed(node):
            if child.tag == _MC + "Fallback":
                continue
            if child.tag == W + "txbxContent":
                boxes.append(child)
                continue
            stack.append(child)
    return list(reversed(boxes)) if len(boxes) > 1 else boxes


_RUN_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-", W + "ptab": "\t"}


def _run_text(child: etree._Element) -> str:
    tag = child.tag
    if tag == W + "t":
        return child.text or ""
    if tag in _RUN_CHARS:
        return _RUN_CHARS[tag]
    if tag == W + "sym":
        code = attr(child, "char") or ""
        try:
            value = int(code, 16)
        except ValueError:
            return ""
        if 0xF000 <= value <= 0xF0FF:       # symbol-font private use: not text
            return ""
        return chr(value) if 0x20 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""
    return ""


def _split_masthead(text: str) -> list[str]:
    """A masthead cell holding both 发文字号 and 签发人 gives two lines."""
    return [piece for piece in patterns.split_signer(text) if piece]


def _classify(rows: list[list[list[str]]], texts: list[str], body_started: bool) -> str:
    """"toc", "masthead", "signature", "data" or "layout"."""
    lines = [" ".join(t.split()) for t in texts]
    if not body_started and any(t.endswith("文件") or patterns.is_doc_number(t) or patterns.split_signer(t)[1]
                                for t in lines):
        return "masthead"
    filled = [row for row in rows if any(any(p.strip() for p in cell) for cell in row)]
    lasts = [next((" ".join(cell).strip() for cell in reversed(row) if any(p.strip() for p in cell)), "")
             for row in filled]
    if len(filled) >= 2 and sum(bool(_PAGE_CELL.match(last)) for last in lasts) >= 0.6 * len(filled) \
            and any(patterns.parse_heading(t) or _TOC_TITLE.match(t) for t in lines):
        return "toc"
    if lines and all(patterns.signature_organs(t) or parse_cn_date(t) or patterns.is_note(t)
                     for t in lines) and any(patterns.signature_organs(t) for t in lines):
        return "signature"
    columns = max((sum(1 for cell in row if any(p.strip() for p in cell)) for row in filled), default=0)
    long_cells = sum(1 for t in lines if len(t) > 60 and any(m in t for m in "。；"))
    if len(filled) >= 2 and columns >= 2 and long_cells <= len(lines) // 4:
        return "data"
    return "layout"
