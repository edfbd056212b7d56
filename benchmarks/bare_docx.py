"""Baseline for the render benchmark: python-docx alone writing the same paragraphs, same formatting.

`python benchmarks/bare_docx.py paragraphs.json out.docx`. The JSON (made by
benchmarks/run.py from drafter's document tree, outside the timing) lists the blocks
as {"kind", "level", "runs": [[text, bold], …]}. This script does what a hand-written
script would do for the same document: A4 page with the GB/T 9704 margins and 22 × 28
grid, 仿宋_GB2312 16 pt body with exact 28.95 pt lines and a two-character first-line
indent, 方正小标宋简体 22 pt title, 黑体 / 楷体_GB2312 / bold 仿宋 / 仿宋 headings, East
Asian fonts set on every style, right-aligned 落款 and date, odd/even footers
"— N —" with a PAGE field, and the core properties. Nothing is read but the JSON.
"""

from __future__ import annotations

import json
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: ("仿宋_GB2312", True), 4: ("仿宋_GB2312", False)}
LINE = Pt(28.95)


def set_fonts(style_or_run, east_asian: str, size: float, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = "Times New Roman"
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def page_field(paragraph) -> None:
    paragraph.add_run("— ")
    for kind in ("begin", "instr", "separate", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            paragraph.add_run("1")
    paragraph.add_run(" —")


def setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "1132")
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        page_field(paragraph)
        set_fonts(document.styles["Footer"], "宋体", 14)

    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT, 16)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.first_line_indent = Pt(32)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    title = document.styles["Title"]
    set_fonts(title, TITLE_FONT, 22, bold=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = LINE
    for level, (font, bold) in HEADING_FONTS.items():
        heading = document.styles[f"Heading {level}"]
        set_fonts(heading, font, 16, bold=bold)
        heading.font.color.rgb = None
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)


def write(blocks: list[dict], target: str, title: str, author: str) -> None:
    document = docx.Document()
    setup(document)
    for block in blocks:
        kind, level = block["kind"], block.get("level") or 0
        style = "Title" if kind == "title" else f"Heading {level}" if kind == "heading" else "Normal"
        paragraph = document.add_paragraph(style=style)
        if kind in ("signature", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(64)
            paragraph.paragraph_format.first_line_indent = Pt(0)
        elif kind == "addressee":
            paragraph.paragraph_format.first_line_indent = Pt(0)
        for text, bold in block["runs"]:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
    document.core_properties.title = title
    document.core_properties.author = author
    document.save(target)


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as stream:
        data = json.load(stream)
    write(data["blocks"], target, data["title"], data["author"])


if __name__ == "__main__":
    main()
