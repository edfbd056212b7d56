"""The Word writer, checked by reading the written .docx back with python-docx and lxml."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.writers.docx import write_docx
from drafter.writers.layout import mm_to_twips, text_width
from drafter.writers.style import load_style
from drafter.writers.text import write_text
from writer_sample import (
    COMMENT,
    DATE,
    MISSING,
    SIGNATURES,
    TITLE,
    build_sample_document,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _docx_bytes(doc: Document, style=None) -> bytes:
    buffer = io.BytesIO()
    write_docx(doc, buffer, style)
    return buffer.getvalue()


class Package:
    """The written file: python-docx view plus raw XML parts and style resolution."""

    def __init__(self, data: bytes):
        self.data = data
        self.word = docx.Document(io.BytesIO(data))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.names = set(archive.namelist())
            self.parts = {name: etree.fromstring(archive.read(name))
                          for name in self.names if name.endswith(".xml")}
        styles = self.parts["word/styles.xml"]
        self.styles = {s.get(_w("styleId")): s for s in styles.iterfind("w:style", NS)}
        self.defaults = styles.find("w:docDefaults", NS)
        self.body = self.word.element.body

    def paragraphs(self) -> list[etree._Element]:
        return self.body.findall("w:p", NS)

    def paragraph(self, text: str) -> etree._Element:
        """The paragraph whose text is `text`, else the first one starting with it."""
        paragraphs = list(self.body.iter(_w("p")))
        for p in [p for p in paragraphs if _text(p) == text] or paragraphs:
            if _text(p).startswith(text):
                return p
        raise AssertionError(f"no paragraph starting with {text!r}")

    def _style_chain(self, style_id: str | None) -> list[etree._Element]:
        chain = []
        while style_id and style_id in self.styles:
            chain.append(self.styles[style_id])
            based = self.styles[style_id].find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def _default_paragraph_style(self) -> str:
        return next(k for k, s in self.styles.items()
                    if s.get(_w("type")) == "paragraph" and s.get(_w("default")) == "1")

    def _ppr_chain(self, p: etree._Element) -> list[etree._Element]:
        own = p.find("w:pPr", NS)
        style = own.find("w:pStyle", NS) if own is not None else None
        style_id = style.get(_w("val")) if style is not None else self._default_paragraph_style()
        chain = [own] + [s.find("w:pPr", NS) for s in self._style_chain(style_id)]
        chain.append(self.defaults.find("w:pPrDefault/w:pPr", NS))
        return [e for e in chain if e is not None]

    def ppr(self, p: etree._Element, tag: str, attr: str = "val") -> str | None:
        """A paragraph property as Word resolves it (direct, style chain, defaults)."""
        for props in self._ppr_chain(p):
            element = props.find(f"w:{tag}", NS)
            if element is not None and element.get(_w(attr)) is not None:
                return element.get(_w(attr))
        return None

    def rpr(self, p: etree._Element, r: etree._Element, tag: str,
            attr: str = "val") -> str | None:
        """A run property as Word resolves it (direct, character style, paragraph style
        chain, defaults); a present toggle element without w:val means "1"."""
        own = r.find("w:rPr", NS)
        chain = [own]
        char_style = own.find("w:rStyle", NS) if own is not None else None
        if char_style is not None:
            chain += [s.find("w:rPr", NS) for s in self._style_chain(char_style.get(_w("val")))]
        ppr = p.find("w:pPr/w:pStyle", NS)
        style_id = ppr.get(_w("val")) if ppr is not None else self._default_paragraph_style()
        chain += [s.find("w:rPr", NS) for s in self._style_chain(style_id)]
        chain.append(self.defaults.find("w:rPrDefault/w:rPr", NS))
        for props in (c for c in chain if c is not None):
            element = props.find(f"w:{tag}", NS)
            if element is not None:
                value = element.get(_w(attr))
                if value is not None:
                    return value
                if attr == "val" and tag in ("b", "bCs"):
                    return "1"
        return None

    def runs(self, p: etree._Element) -> list[etree._Element]:
        return [r for r in p.findall("w:r", NS) if r.find("w:t", NS) is not None]


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t")))


@pytest.fixture(scope="module")
def sample() -> Document:
    return build_sample_document()


@pytest.fixture(scope="module")
def package(sample) -> Package:
    return Package(_docx_bytes(sample))


# --- page ----------------------------------------------------------------------------------


def test_a4_page_and_gbt_margins(package):
    section = package.word.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert section.top_margin == Twips(2098)        # 37 mm
    assert section.bottom_margin == Twips(1984)     # 35 mm
    assert section.left_margin == Twips(1587)       # 28 mm
    assert section.right_margin == Twips(1474)      # 26 mm
    assert abs(section.top_margin.mm - 37) < 0.05 and abs(section.left_margin.mm - 28) < 0.05
    # 版心 156 mm × 225 mm (36000 EMU per mm).
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(width / 36000 - 156) < 0.1
    assert abs(height / 36000 - 225) < 0.1


def test_changed_margin_is_honoured_by_the_word_writer(tmp_path):
    path = tmp_path / "custom.yaml"
    path.write_text("页边距:\n  左: 30\n  上: 40\n", encoding="utf-8")
    section = Package(_docx_bytes(build_sample_document(), load_style(path))).word.sections[0]
    assert section.left_margin.twips == mm_to_twips(30)
    assert section.top_margin.twips == mm_to_twips(40)
    assert section.right_margin.twips == mm_to_twips(26)


def test_document_grid_22_lines_by_28_characters(package):
    # A line grid only: LibreOffice reads a character grid's charSpace differently from
    # Word (27 characters a line); the condensed characters give 28 in both.
    grid = package.body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(_w("type")) == "lines"
    assert grid.get(_w("linePitch")) == "579"
    assert grid.get(_w("charSpace")) is None


def test_exact_line_spacing_at_the_grid_pitch(package):
    for p in package.paragraphs():
        if package.ppr(p, "pStyle") in ("GwDocMark",):
            continue
        assert package.ppr(p, "spacing", "lineRule") == "exact"
        assert package.ppr(p, "spacing", "line") == "579"


def test_body_characters_fit_28_per_line(package):
    p = package.paragraph("县政府常务会议")
    size = int(package.rpr(p, package.runs(p)[0], "sz"))
    scale = int(package.styles["Normal"].find("w:rPr/w:w", NS).get(_w("val")))
    assert scale == 98      # character scale, not letter spacing (see layout.page_geometry)
    assert 28 * size * 10 * scale / 100 <= 11906 - 1587 - 1474 < 29 * size * 10 * scale / 100
    assert package.ppr(p, "snapToGrid") == "0"
    assert package.ppr(p, "autoSpaceDE") == "0" and package.ppr(p, "autoSpaceDN") == "0"


# --- fonts, sizes, indents, alignment --------------------------------------------------------


@pytest.mark.parametrize("start, east_asian, half_points, jc, first_line_chars", [
    (TITLE[:8], "方正小标宋简体", "44", "center", "0"),
    ("中共示例县委员会、", "仿宋_GB2312", "32", "left", "0"),
    ("2024年，示例县", "仿宋_GB2312", "32", "both", "200"),
    ("一、", "黑体", "32", "both", "200"),
    ("（一）健全", "楷体_GB2312", "32", "both", "200"),
    ("1.深化", "仿宋_GB2312", "32", "both", "200"),
    ("（1）开展", "仿宋_GB2312", "32", "both", "200"),
    ("特此报告", "仿宋_GB2312", "32", "both", "200"),
    ("（此件公开发布）", "仿宋_GB2312", "32", "left", "200"),
])
def test_fonts_sizes_indents_alignment(package, start, east_asian, half_points, jc,
                                       first_line_chars):
    p = package.paragraph(start)
    for r in package.runs(p):
        assert package.rpr(p, r, "rFonts", "eastAsia") == east_asian
        assert package.rpr(p, r, "rFonts", "ascii") == "Times New Roman"
        assert package.rpr(p, r, "rFonts", "hAnsi") == "Times New Roman"
        assert package.rpr(p, r, "rFonts", "hint") == "eastAsia"
        assert package.rpr(p, r, "sz") == half_points
    assert package.ppr(p, "jc") == jc
    # Indents in twips only (Word would measure *Chars in its own unit): 2 characters
    # of 313.6 twips, the advance of a body character at 98 %.
    assert package.ppr(p, "ind", "firstLineChars") is None
    assert int(package.ppr(p, "ind", "firstLine")) == round(int(first_line_chars) / 100 * 313.6)


def test_title_is_off_grid_and_followed_by_a_blank_line(package):
    p = package.paragraph(TITLE[:8])
    assert package.ppr(p, "snapToGrid") == "0"
    assert package.ppr(p, "spacing", "after") == "579"


def test_long_title_is_split_into_balanced_lines(package):
    p = package.paragraph(TITLE[:8])
    assert len(p.findall(".//w:br", NS)) == 1
    lines = Paragraph(p, None).text.split("\n")
    assert "".join(lines) == TITLE
    assert lines == ["示例县人民政府关于2024年度", "法治政府建设情况的报告"]


@pytest.mark.parametrize("start, level", [
    ("一、", 1), ("（一）健全", 2), ("1.重大", 3), ("1.深化", 3), ("（1）开展", 4), ("（2）推行", 4),
])
def test_headings_carry_outline_levels(package, start, level):
    assert package.ppr(package.paragraph(start), "outlineLvl") == str(level - 1)


def test_body_paragraphs_have_no_outline_level(package):
    for start in (TITLE[:8], "2024年，示例县", "特此报告", SIGNATURES[0]):
        assert package.ppr(package.paragraph(start), "outlineLvl") is None


def test_run_in_level3_heading_is_bold_only_for_number_and_title(package):
    p = package.paragraph("1.重大")
    runs = package.runs(p)
    bold = {_text_of(r): package.rpr(p, r, "b") for r in runs}
    assert bold["1."] == "1"
    assert bold["重大行政决策程序全面落实。"] == "1"
    body = next(r for r in runs if _text_of(r).startswith("对县城"))
    assert package.rpr(p, body, "b") == "0"
    assert package.rpr(p, body, "rFonts", "eastAsia") == "仿宋_GB2312"
    # A run-in heading is a body paragraph and need not stay with the next one.
    assert package.ppr(p, "keepNext") == "0"


def test_standalone_headings_are_not_bold_and_keep_with_next(package):
    for start in ("一、", "（一）健全", "1.深化", "（1）开展"):
        p = package.paragraph(start)
        assert all(package.rpr(p, r, "b") in (None, "0") for r in package.runs(p))
        assert package.ppr(p, "keepNext") == "1"


def test_run_in_level2_heading_switches_to_body_font(package):
    p = package.paragraph("（一）压实")
    runs = package.runs(p)
    assert package.rpr(p, runs[0], "rFonts", "eastAsia") == "楷体_GB2312"
    assert package.rpr(p, runs[-1], "rFonts", "eastAsia") == "仿宋_GB2312"


def _text_of(r: etree._Element) -> str:
    return "".join(t.text or "" for t in r.findall("w:t", NS))


# --- 落款 ----------------------------------------------------------------------------------


def _right_chars(package: Package, p: etree._Element) -> float:
    """Right indent in characters; for the date (placed by its left indent) where it ends."""
    if package.ppr(p, "jc") == "left":
        left = int(package.ppr(p, "ind", "left"))
        return (8845 - left) / 313.6 - _printed(_text(p))
    return int(package.ppr(p, "ind", "right")) / 313.6


def test_signatures_and_date_follow_gbt9704(package):
    signatures = [package.paragraph(s) for s in SIGNATURES]
    date = package.paragraph(DATE)
    for p in signatures:
        assert package.ppr(p, "jc") == "right"
    assert package.ppr(date, "jc") == "left"
    for p in signatures + [date]:
        assert package.ppr(p, "ind", "firstLine") == "0"
    # One blank line between the text and the first signature, none between organs.
    assert package.ppr(signatures[0], "spacing", "before") == "579"
    assert package.ppr(signatures[1], "spacing", "before") in (None, "0")
    # Signatures right 2 characters; the date's first character 2 right of the first
    # character of the longest signature.
    assert all(abs(_right_chars(package, p) - 2) < 0.01 for p in signatures)
    signature_start = max(_right_chars(package, p) + _printed(_text(p)) for p in signatures)
    date_start = _right_chars(package, date) + _printed(_text(date))
    assert abs(signature_start - date_start - 2) < 0.01


def test_date_longer_than_signature_moves_the_signature(tmp_path):
    doc = Document()
    doc.add(Kind.PARAGRAPH, "正文。")
    doc.add(Kind.SIGNATURE, "示例县司法局")
    doc.add(Kind.DATE, "2025年12月31日")
    package = Package(_docx_bytes(doc))
    signature, date = package.paragraph("示例县司法局"), package.paragraph("2025年")
    assert abs(_right_chars(package, date) - 2) < 0.01
    date_start = _right_chars(package, date) + _printed("2025年12月31日")
    assert abs(_right_chars(package, signature) + 6 - date_start - 2) < 0.01


def _printed(text: str) -> float:
    """Printed width in body characters: a Times New Roman digit is half."""
    return sum(1 if not ch.isdigit() else 0.5 for ch in text)


def test_note_below_the_date(package):
    texts = [_text(p) for p in package.paragraphs()]
    assert texts[-3:] == [SIGNATURES[1], DATE, "（此件公开发布）"]


# --- footers, settings, properties ------------------------------------------------------------


def test_odd_and_even_page_numbers(package):
    settings = package.parts["word/settings.xml"]
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    section = package.word.sections[0]
    references = {ref.get(_w("type")) for ref in
                  package.body.findall("w:sectPr/w:footerReference", NS)}
    assert references == {"default", "even"}
    for footer, jc, side in ((section.footer, "right", "right"),
                             (section.even_page_footer, "left", "left")):
        p = footer._element.find("w:p", NS)
        instr = "".join(t.text for t in p.iter(_w("instrText")))
        assert instr.strip() == "PAGE"
        texts = [t.text for t in p.iter(_w("t"))]
        assert texts[0] == "\u2014 " and texts[-1] == " \u2014"
        assert [f.get(_w("fldCharType")) for f in p.iter(_w("fldChar"))] \
            == ["begin", "separate", "end"]
        assert p.find("w:pPr/w:jc", NS).get(_w("val")) == jc
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(_w(side)) == "280"       # one 4号 character
        style = package.styles["Footer"]
        fonts = style.find("w:rPr/w:rFonts", NS)
        assert fonts.get(_w("eastAsia")) == fonts.get(_w("ascii")) == "宋体"
        assert style.find("w:rPr/w:sz", NS).get(_w("val")) == "28"


def test_page_number_sits_7mm_below_the_text_area(package):
    section = package.word.sections[0]
    gap = section.bottom_margin - section.footer_distance - Twips(280)
    assert abs(gap / 36000 - 7) < 0.1


def test_missing_runs_are_highlighted(package):
    highlighted = [(_text_of(r), r.find("w:rPr/w:highlight", NS).get(_w("val")))
                   for r in package.body.iter(_w("r"))
                   if r.find("w:rPr/w:highlight", NS) is not None]
    assert highlighted == [(MISSING, "yellow")]


def test_core_properties(package):
    core = package.word.core_properties
    assert core.title == TITLE
    assert core.author == "示例县人民政府"
    assert core.created == datetime(2025, 3, 20, tzinfo=timezone.utc)
    assert core.language == "zh-CN"


def test_comments_are_anchored_at_their_paragraph(package):
    comments = list(package.word.comments)
    assert [c.text for c in comments] == [COMMENT]
    assert comments[0].author == "起草助手"
    p = package.paragraph("全县行政复议机关")
    start = p.find("w:commentRangeStart", NS)
    assert start is not None and start.get(_w("id")) == str(comments[0].comment_id)


def test_no_comments_part_without_comments():
    doc = build_sample_document()
    for block in doc.blocks:
        block.comments.clear()
    assert "word/comments.xml" not in Package(_docx_bytes(doc)).names


def test_template_leftovers_are_removed(package):
    leftovers = ("thumbnail", "stylesWithEffects", "numbering", "customXml")
    assert not [n for n in package.names if any(word in n for word in leftovers)]
    # Every style referenced anywhere is defined.
    referenced = set()
    for name, part in package.parts.items():
        for tag in ("pStyle", "rStyle", "basedOn", "next"):
            referenced |= {e.get(_w("val")) for e in part.iter(_w(tag))}
    assert referenced <= set(package.styles)


def test_table_is_a_simple_grid(package):
    table = package.word.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows][0] == ["指标", "2023年", "2024年"]
    tbl = table._tbl
    assert tbl.find("w:tblPr/w:tblBorders/w:insideH", NS).get(_w("val")) == "single"
    header = tbl.find("w:tr", NS)
    assert header.find("w:trPr/w:tblHeader", NS) is not None
    cell_p = header.find(".//w:p", NS)
    run = package.runs(cell_p)[0]
    assert package.rpr(cell_p, run, "b") == "1"
    assert package.rpr(cell_p, run, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert package.rpr(cell_p, run, "sz") == "28"
    widths = [int(c.get(_w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == 11906 - 1587 - 1474 and widths[0] > widths[1]


def test_masthead_is_red_with_a_rule_under_the_number():
    package = Package(_docx_bytes(build_sample_document(masthead=True)))
    mark = package.paragraph("示例县人民政府文件")
    run = package.runs(mark)[0]
    assert package.rpr(mark, run, "color") == "FF0000"
    assert package.rpr(mark, run, "rFonts", "eastAsia") == "方正小标宋简体"
    assert package.ppr(mark, "jc") == "center"
    number = package.paragraph("示政〔2025〕12号")
    assert package.ppr(number, "jc") == "center"
    border = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert border.get(_w("color")) == "FF0000" and border.get(_w("val")) == "single"
    title = package.paragraph(TITLE[:8])
    assert package.ppr(title, "spacing", "before") == str(2 * 579)


def test_heading_level_out_of_range_is_rejected():
    doc = Document()
    doc.blocks.append(Block(Kind.HEADING, [Run("（一）", Role.NUMBER)], level=5))
    with pytest.raises(ValueError, match="标题层级"):
        _docx_bytes(doc)


def test_control_characters_and_newlines_do_not_break_the_file():
    doc = Document()
    doc.add(Kind.PARAGRAPH, "甲\x00乙\t丙\n丁 ")
    package = Package(_docx_bytes(doc))
    p = package.paragraphs()[0]
    assert _text(p) == "甲乙丙丁 "
    assert p.find(".//w:tab", NS) is not None and p.find(".//w:br", NS) is not None


# --- text equality, paths, speed, LibreOffice ----------------------------------------------------


def _docx_text(package: Package) -> str:
    lines = []
    for element in package.body:
        if element.tag == _w("p"):
            lines.append(Paragraph(element, None).text.replace("\n", ""))
        elif element.tag == _w("tbl"):
            table = Table(element, None)
            lines.append("\n".join("\t".join(c.text for c in row.cells) for row in table.rows))
    return "\n".join(lines) + "\n"


def test_text_writer_matches_the_docx_text(sample, package):
    assert write_text(sample) == _docx_text(package)


def test_writes_to_a_path(tmp_path, sample):
    target = tmp_path / "报告.docx"
    write_docx(sample, target)
    assert docx.Document(str(target)).core_properties.title == TITLE
    write_docx(sample, str(tmp_path / "b.docx"))
    assert (tmp_path / "b.docx").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_converts_the_docx_to_pdf(tmp_path, sample):
    source = tmp_path / "sample.docx"
    write_docx(sample, source)
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "sample.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3
