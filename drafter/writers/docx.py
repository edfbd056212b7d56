"""The Word writer: a `Document` → a .docx laid out to GB/T 9704-2012.

Owns the package: the section (A4, margins, the 22 × 28 document grid, odd/even
footers with "— N —"), the body paragraphs with the few direct properties that depend on
the content (title line breaks, 落款 indents, run-in headings, the red rule under the
版头), tables, Word comments and the document properties. Styles come from
`docx_styles`; elements are built with `ooxml` on the lxml tree.

The empty document of a style profile (styles, settings, page setup, footers) is built
with python-docx once and kept in drafter's cache folder (`drafter.cache`). A report is
written by copying that package with `zipfile`, its body appended to `word/document.xml`
with lxml, so a render without comments never imports python-docx; the parts are byte for
byte those python-docx would save. Comments (`render --annotate`) are added through
python-docx, on the same body.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Sequence

from lxml import etree

from drafter import cache
from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.limits import MAX_CORE_PROPERTY_CHARS
from drafter.form.unsafe_chars import strip_unsafe
from drafter.writers.docx_styles import (
    ADDRESSEE,
    ATTACHMENT,
    BODY_CHAR,
    DATE,
    DOC_MARK,
    DOC_NUMBER,
    FOOTER,
    HEADINGS,
    NOTE,
    SIGNATURE,
    TABLE_TEXT,
    TITLE,
    write_styles,
)
from drafter.writers.fonts import apply_fallbacks, needs_fallbacks
from drafter.writers.layout import (
    TWIPS_PER_PT,
    PageGeometry,
    advance_width,
    attachment_indent,
    closing_indents,
    mm_to_twips,
    orphan_condensation,
    page_geometry,
    text_width,
    title_lines,
)
from drafter.writers.ooxml import XML_SPACE, Indent, ppr, rpr, sub, text_run, w
from drafter.writers.style import StyleProfile, load_style, profile_digest

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

DOCUMENT_PART, CORE_PART, STYLES_PART = "word/document.xml", "docProps/core.xml", "word/styles.xml"
#: The parts every cached base package must have (a damaged entry is rebuilt).
_BASE_PARTS = ("[Content_Types].xml", DOCUMENT_PART, CORE_PART, STYLES_PART, "word/settings.xml")
#: lxml settings of python-docx's own parser, so that a part read and written again is unchanged.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


# --- section, footers, settings ---------------------------------------------------------


def _footer_paragraph(container: etree._Element, style: StyleProfile, odd: bool) -> None:
    """"— N —" with a PAGE field: odd pages right, even pages left, one character in."""
    page = style.page_number
    for child in list(container):
        container.remove(child)
    p = sub(container, "p")
    side = {"right": page.indent_chars} if odd else {"left": page.indent_chars}
    ppr(p, style=FOOTER, indent=Indent(page.size * TWIPS_PER_PT, **side),
        jc="right" if odd else "left")
    before, after = page.format.split("{页码}")
    text_run(p, before)
    for field_part in ("begin", "instr", "separate", "1", "end"):
        r = sub(p, "r")
        rpr(r, hint=True)
        if field_part == "instr":
            instr = sub(r, "instrText")
            instr.set(XML_SPACE, "preserve")
            instr.text = " PAGE "
        elif field_part == "1":
            sub(r, "t").text = "1"
        else:
            sub(r, "fldChar", fldCharType=field_part)
    text_run(p, after)


_BASE_PACKAGES: dict[str, bytes] = {}


def base_package(style: StyleProfile) -> bytes:
    """The empty document for one style profile: pruned template, styles, settings, page
    setup and footers, the same for every report (the body, comments and properties are
    added per document). Read from the cache folder, built there when missing or damaged,
    and kept in memory for the rest of the process."""
    key = cache.digest(profile_digest(style), _BUILDER_SOURCES)
    data = _BASE_PACKAGES.get(key)
    if data is None:
        data = cache.cached("wordbase", key, ".docx", lambda: _build_base_package(style), _valid_base)
        _BASE_PACKAGES[key] = data
    return data


def _builder_sources() -> str:
    from drafter.writers import docx_styles, layout, ooxml

    return cache.source_digest(__file__, docx_styles.__file__, layout.__file__, ooxml.__file__)


_BUILDER_SOURCES = _builder_sources()


#: An empty document has 13 parts and ~45 KB of XML; a cache entry beyond these is not one of ours.
_BASE_MAX_PARTS, _BASE_MAX_BYTES = 64, 2 * 1024 * 1024


def _valid_base(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        if len(infos) > _BASE_MAX_PARTS or sum(i.file_size for i in infos) > _BASE_MAX_BYTES:
            return False     # checked before anything is inflated
        names = {i.filename for i in infos}
        if not all(part in names for part in _BASE_PARTS) or package.testzip() is not None:
            return False
        body = etree.fromstring(package.read(DOCUMENT_PART), _PARSER).find(w("body"))
        etree.fromstring(package.read(CORE_PART), _PARSER)
    return body is not None and body.find(w("sectPr")) is not None


def _build_base_package(style: StyleProfile) -> bytes:
    import docx

    geo = page_geometry(style)
    package = docx.Document()
    _prune_template(package)
    write_styles(package.styles.element, style, geo)
    _write_settings(package)
    _write_section(package, style, geo)
    buffer = io.BytesIO()
    package.save(buffer)
    return _dated_once(buffer.getvalue())


def _dated_once(data: bytes) -> bytes:
    """The package with every member dated 1980-01-01 (zip's first date): python-docx dates
    them with the clock, so without this two builds of the same profile would differ in bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            dated = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dated.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(dated, source.read(info))
    return buffer.getvalue()


def _write_section(package: WordDocument, style: StyleProfile, geo: PageGeometry) -> None:
    from docx.shared import Twips

    section = package.sections[0]
    section.page_width, section.page_height = Twips(geo.page_width), Twips(geo.page_height)
    section.top_margin, section.bottom_margin = Twips(geo.margin_top), Twips(geo.margin_bottom)
    section.left_margin, section.right_margin = Twips(geo.margin_left), Twips(geo.margin_right)
    section.gutter = Twips(0)
    page = style.page_number
    # The page number's em box starts `distance_mm` below the text area.
    section.footer_distance = Twips(max(0, geo.margin_bottom - mm_to_twips(page.distance_mm)
                                        - round(page.size * TWIPS_PER_PT)))
    grid = section._sectPr.find(w("docGrid"))
    if grid is None:
        grid = sub(section._sectPr, "docGrid")
    grid.attrib.clear()
    # A line grid only: the 28 characters a line come from the condensed body characters
    # (see layout.page_geometry), which Word and LibreOffice both honour.
    grid.set(w("type"), "lines")
    grid.set(w("linePitch"), str(geo.line_pitch))
    package.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _footer_paragraph(footer._element, style, odd)


def _write_settings(package: WordDocument) -> None:
    settings = package.settings.element
    lang = settings.find(w("themeFontLang"))
    if lang is not None:
        lang.set(w("eastAsia"), "zh-CN")


def _prune_template(package: WordDocument) -> None:
    """Drop template parts that describe another document: old styles, list numbering
    for list styles that no longer exist, custom XML and the thumbnail."""
    unwanted = ("/stylesWithEffects", "/numbering", "/customXml", "/metadata/thumbnail")
    for rels in (package.part.rels, package.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(unwanted):
                del rels[rel_id]
    body = package.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


# --- body -------------------------------------------------------------------------------


class _BodyWriter:
    """Appends one paragraph (or table) per block, in order, before the body's sectPr."""

    def __init__(self, body: etree._Element, style: StyleProfile, geo: PageGeometry,
                 blocks: Sequence[Block]):
        self.style, self.geo, self.blocks = style, geo, blocks
        self.body, self.sect_pr = body, body.find(w("sectPr"))
        masthead = [i for i, b in enumerate(blocks)
                    if b.kind in (Kind.DOC_MARK, Kind.DOC_NUMBER)]
        self.rule_after = masthead[-1] if masthead else None
        signatures = [b.text for b in blocks if b.kind is Kind.SIGNATURE]
        date = next((b.text for b in blocks if b.kind is Kind.DATE), None)
        closing = style.closing
        self.measure = advance_width(geo)
        self.indents = closing_indents(signatures, date, closing.right_indent_chars,
                                       closing.date_shift_chars, self.measure)
        self.keep_next = _closing_group_keeps(blocks)
        self.highlight = style.missing.highlight
        self.anchors: list[tuple[Block, etree._Element]] = []

    def _paragraph(self, **props: object) -> etree._Element:
        p = self.body.makeelement(w("p"))
        self.sect_pr.addprevious(p)
        ppr(p, **props)
        return p

    def write(self) -> None:
        blocks, previous = self.blocks, None
        for index, block in enumerate(blocks):
            element = self._block(block, index, previous)
            if block.comments:
                self.anchors.append((block, element))
            previous = block

    def _block(self, block: Block, index: int, previous: Block | None) -> etree._Element:
        kind, geo = block.kind, self.geo
        keep_next = True if index in self.keep_next else None
        if kind is Kind.TABLE:
            return self._table(block)
        if kind is Kind.HEADING:
            return self._heading(block, keep_next)
        if kind is Kind.TITLE:
            before = None
            if self.rule_after is not None:
                before = geo.lines(self.style.title.space_before_lines_after_masthead)
            p = self._paragraph(style=TITLE, before=before)
            self._title_runs(p, block)
            return p
        props: dict[str, object] = {"keep_next": keep_next}
        if kind in (Kind.DOC_MARK, Kind.DOC_NUMBER):
            props["style"] = DOC_MARK if kind is Kind.DOC_MARK else DOC_NUMBER
            if index == self.rule_after:
                rule = self.style.masthead.rule
                props["border"] = (rule.color, rule.width_pt, rule.gap_mm / 25.4 * 72)
        elif kind is Kind.ADDRESSEE:
            props["style"] = ADDRESSEE
        elif kind is Kind.SIGNATURE:
            props["style"] = SIGNATURE
            props["indent"] = Indent(geo.char_advance, right=self.indents.signature)
            if previous is not None and previous.kind is not Kind.SIGNATURE:
                props["before"] = geo.lines(self.style.closing.space_before_lines)
        elif kind is Kind.DATE:
            # Placed by its first character (left indent), not right-aligned: LibreOffice
            # widens a date's digits (up to a character), and only the first character's
            # place is fixed; the line may run into the right indent rather than wrap.
            props["style"] = DATE
            left = geo.text_width / geo.char_advance - self.indents.date - self.measure(block.text)
            props["indent"] = Indent(geo.char_advance, left=left, right=-2)
            props["jc"] = "left"
        elif kind is Kind.NOTE:
            props["style"] = NOTE
        elif kind is Kind.ATTACHMENT:
            props.update(self._attachment(block, previous))
        elif kind is Kind.APPENDIX:      # 附件 label: new page, top left, 3号黑体 (GB/T 9704 8)
            props.update(style=HEADINGS[0], indent=Indent(geo.char_pitch), outline=9)
        p = self._paragraph(**props)
        if kind is Kind.APPENDIX:
            props_element = p.find(w("pPr"))
            keep = props_element.find(w("keepNext"))
            at = list(props_element).index(keep) + 1 if keep is not None else 1
            props_element.insert(at, p.makeelement(w("pageBreakBefore")))
        spacing = self._condensed(block) if kind in (Kind.PARAGRAPH, Kind.CLOSING) else None
        for run in block.runs:
            self._run(p, run, spacing=spacing)
        return p

    def _condensed(self, block: Block, size: float | None = None) -> int | None:
        """The character spacing that keeps a 孤字 off the paragraph's last line (None:
        the style's, when the paragraph needs no tightening or no tightening is enough)."""
        body = self.style.body
        extra = orphan_condensation(block.text, self.geo, size or body.size,
                                    body.first_line_indent_chars, body.orphan_condense_pt)
        return self.geo.char_spacing - extra if extra else None

    def _attachment(self, block: Block, previous: Block | None) -> dict[str, object]:
        attachment = self.style.attachment
        first = previous is None or previous.kind is not Kind.ATTACHMENT
        hanging = attachment_indent(block.text, first, attachment.indent_chars)
        props: dict[str, object] = {"style": ATTACHMENT, "indent": Indent(
            self.geo.char_advance, left=hanging.left, hanging=hanging.hanging)}
        if first:
            props["before"] = self.geo.lines(attachment.space_before_lines)
        return props

    def _heading(self, block: Block, keep_next: bool | None) -> etree._Element:
        if not 1 <= block.level <= 4:
            raise ValueError(f"标题层级只能是 1–4，实际为 {block.level}（{block.source}）")
        heading = self.style.heading(block.level)
        split = next((i for i, run in enumerate(block.runs) if run.role is Role.TEXT),
                     len(block.runs))
        run_in = split < len(block.runs)
        # A run-in heading is a body paragraph: it need not stay with the next one.
        p = self._paragraph(style=HEADINGS[block.level - 1],
                            keep_next=keep_next or (False if run_in else None))
        bold = heading.run_in_bold if run_in and heading.run_in_bold != heading.bold else None
        spacing = self._condensed(block, heading.size)
        for i, run in enumerate(block.runs):
            if i < split:
                self._run(p, run, bold=bold, spacing=spacing)
            else:
                self._run(p, run, char_style=BODY_CHAR, spacing=spacing)
        return p

    def _run(self, p: etree._Element, run: Run, **props: object) -> etree._Element:
        if run.role is Role.MISSING:
            props["highlight"] = self.highlight
        return text_run(p, run.text, **props)

    def _title_runs(self, p: etree._Element, block: Block) -> None:
        """The title's runs with a w:br ending each balanced line but the last."""
        lines = title_lines(block.runs, self.geo.chars_per_line(self.style.title.size))
        for number, line in enumerate(lines):
            for run in line:
                r = self._run(p, run)
            if number < len(lines) - 1:
                sub(r, "br")

    def _table(self, block: Block) -> etree._Element:
        geo, table_style = self.geo, self.style.table
        columns = max((len(row) for row in block.rows), default=1) or 1
        tbl = self.body.makeelement(w("tbl"))
        self.sect_pr.addprevious(tbl)
        tbl_pr = sub(tbl, "tblPr")
        sub(tbl_pr, "tblW", w=geo.text_width, type="dxa")
        sub(tbl_pr, "jc", val="center")
        borders = sub(tbl_pr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(borders, side, val="single", sz=4, space=0, color="000000")
        sub(tbl_pr, "tblLayout", type="fixed")
        sub(tbl_pr, "tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0,
            lastColumn=0, noHBand=0, noVBand=1)
        grid = sub(tbl, "tblGrid")
        widths = _column_widths(block.rows, columns, geo.text_width)
        for width in widths:
            sub(grid, "gridCol", w=width)
        for row_index, row in enumerate(block.rows or [[]]):
            tr = sub(tbl, "tr")
            header = row_index == 0 and table_style.header_bold and len(block.rows) > 1
            if header:
                sub(sub(tr, "trPr"), "tblHeader")
            for cell, width in zip([*row, *[""] * (columns - len(row))], widths):
                tc = sub(tr, "tc")
                tc_pr = sub(tc, "tcPr")
                sub(tc_pr, "tcW", w=width, type="dxa")
                sub(tc_pr, "vAlign", val="center")
                p = sub(tc, "p")
                ppr(p, style=TABLE_TEXT)
                if cell:
                    text_run(p, cell, bold=True if header else None)
        return tbl


def _closing_group_keeps(blocks: Sequence[Block]) -> set[int]:
    """Indices of the blocks that keep with the next one so that 特此报告, 附件说明, 落款,
    成文日期 and 附注 stay on one page with the last lines of the body (attachment pages
    after them start a page of their own)."""
    closing = (Kind.CLOSING, Kind.ATTACHMENT, Kind.SIGNATURE, Kind.DATE, Kind.NOTE)
    anchor = next((i for i, b in enumerate(blocks) if b.kind in (Kind.SIGNATURE, Kind.DATE)), None)
    if anchor is None:
        anchor = next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].kind is Kind.CLOSING), None)
    if anchor is None:
        return set()
    start = end = anchor
    while start > 0 and blocks[start - 1].kind in closing:
        start -= 1
    while end + 1 < len(blocks) and blocks[end + 1].kind in closing:
        end += 1
    return set(range(max(0, start - 1), end))


def _column_widths(rows: Sequence[Sequence[str]], columns: int, total: int) -> list[int]:
    """Column widths in twips, proportional to the longest cell (within 2–20 characters)."""
    weights = [min(max(max((text_width(row[c]) for row in rows if c < len(row)), default=0),
                       2), 20) + 1 for c in range(columns)]
    widths = [int(total * weight // sum(weights)) for weight in weights]
    widths[-1] += total - sum(widths)
    return widths


# --- entry point ------------------------------------------------------------------------


def _add_comments(package: WordDocument, anchors: Sequence[tuple[Block, etree._Element]],
                  author: str) -> None:
    """Each block's review notes as Word comments anchored on its paragraph's runs."""
    from docx.text.paragraph import Paragraph

    body = package._body
    for block, element in anchors:
        p = element if element.tag == w("p") else element.find(f".//{w('p')}")
        if p.find(w("r")) is None:
            sub(p, "r")
        runs = Paragraph(p, body).runs
        for text in block.comments:
            package.add_comment(runs, text=text, author=author, initials="")


_DC, _CP = "http://purl.org/dc/elements/1.1/", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DCTERMS, _XSI = "http://purl.org/dc/terms/", "http://www.w3.org/2001/XMLSchema-instance"


def _property(text: str | None) -> str:
    """A core property cut to Word's limit (the document itself keeps the full title)."""
    text = strip_unsafe(text or "")
    if len(text) <= MAX_CORE_PROPERTY_CHARS:
        return text
    return text[: MAX_CORE_PROPERTY_CHARS - 1] + "…"


def _set_properties(core: etree._Element, doc: Document) -> None:
    """Title, author, dates, language and revision on the `cp:coreProperties` element, each
    element changed in place or appended as python-docx's core properties do."""
    title = doc.info.title or next(
        (b.text for b in doc.blocks if b.kind is Kind.TITLE), "")
    created = datetime.now(timezone.utc).replace(microsecond=0)
    if doc.info.created is not None:
        created = datetime(doc.info.created.year, doc.info.created.month,
                           doc.info.created.day, tzinfo=timezone.utc)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    author = _property(doc.info.author)
    for namespace, name, value in (
            (_DC, "title", _property(title)), (_DC, "creator", author), (_CP, "lastModifiedBy", author),
            (_DCTERMS, "created", stamp), (_DCTERMS, "modified", stamp), (_DC, "description", ""),
            (_DC, "language", "zh-CN"), (_CP, "revision", "1")):
        element = core.find(f"{{{namespace}}}{name}")
        if element is None:
            element = etree.SubElement(core, f"{{{namespace}}}{name}")
        element.text = value
        if namespace == _DCTERMS:
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")


def _serialize(element: etree._Element) -> bytes:
    """A part as python-docx writes it."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def _write_package(base: bytes, doc: Document, style: StyleProfile, geo: PageGeometry) -> bytes:
    """The report as a copy of the base package with its own document.xml and core.xml."""
    source = zipfile.ZipFile(io.BytesIO(base))
    document = etree.fromstring(source.read(DOCUMENT_PART), _PARSER)
    body = document.find(w("body"))
    _BodyWriter(body, style, geo, doc.blocks).write()
    if needs_fallbacks(doc):
        apply_fallbacks(body, etree.fromstring(source.read(STYLES_PART), _PARSER), style)
    core = etree.fromstring(source.read(CORE_PART), _PARSER)
    _set_properties(core, doc)
    replaced = {DOCUMENT_PART: _serialize(document), CORE_PART: _serialize(core)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename) or source.read(info))
    return buffer.getvalue()


def _write_with_comments(base: bytes, doc: Document, style: StyleProfile, geo: PageGeometry) -> bytes:
    """The same package through python-docx, which adds the comments part."""
    import docx

    package = docx.Document(io.BytesIO(base))
    writer = _BodyWriter(package.element.body, style, geo, doc.blocks)
    writer.write()
    if needs_fallbacks(doc):
        apply_fallbacks(package.element.body, package.styles.element, style)
    _add_comments(package, writer.anchors, style.comments.author)
    _set_properties(package.core_properties._element, doc)
    buffer = io.BytesIO()
    package.save(buffer)
    return buffer.getvalue()


def write_docx(doc: Document, path_or_stream: str | Path | IO[bytes],
               style: StyleProfile | None = None) -> None:
    """Write `doc` as a GB/T 9704 .docx to a path or a binary stream."""
    style = style or load_style()
    geo = page_geometry(style)
    base = base_package(style)
    commented = any(block.comments for block in doc.blocks)
    data = (_write_with_comments if commented else _write_package)(base, doc, style, geo)
    if isinstance(path_or_stream, (str, Path)):
        with open(path_or_stream, "wb") as stream:
            stream.write(data)
    else:
        path_or_stream.write(data)
