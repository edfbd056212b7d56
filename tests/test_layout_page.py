"""The printed page, measured on LibreOffice's PDF: 28 characters × 22 lines, no 孤字, nothing
lost, the 落款 group kept together, headings never ending a page, the date placed as
GB/T 9704 §7.3.5.2 says; on every sample and a half-filled `drafter new` form. Skipped
without soffice and pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.doctree import Document, Kind, Role, Run
from drafter.render import render_report
from drafter.writers.docx import write_docx
from drafter.writers.linebreak import HANGING
from drafter.form.load import load_form
from pdf_layout import Line, body_lines, needs_libreoffice, pdf_lines, to_pdf

pytestmark = needs_libreoffice

SAMPLES = Path(__file__).parent.parent / "samples"
#: x of the left margin (28 mm) and of a 2-character first-line indent, in pt.
LEFT, INDENTED = 79.4, 79.4 + 2 * 15.68
CHAR = 15.68   # a body character at 98 % of 16 pt


def _pdf(doc: Document, tmp_path: Path, name: str = "页面") -> list[Line]:
    path = tmp_path / f"{name}.docx"
    write_docx(doc, path)
    return body_lines(pdf_lines(to_pdf(path, tmp_path)))


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    from test_half_filled_form import half_filled

    half = out / "半填.yaml"
    half.write_text(half_filled(), encoding="utf-8")
    pages = {}
    for form_path in [*sorted(SAMPLES.glob("*.yaml")), half]:
        doc = render_report(load_form(form_path).report)
        path = out / (form_path.stem + ".docx")
        write_docx(doc, path)
        pages[form_path.stem] = (doc, body_lines(pdf_lines(to_pdf(path, out))))
    return pages


def _grid_width(text: str) -> float:
    return sum(1 if ord(ch) > 0x2000 else 0.5 for ch in text)


def test_full_lines_of_chinese_hold_28_characters(sample_pages):
    for name, (_doc, lines) in sample_pages.items():
        # Full lines: running on to a line that starts with a Chinese character (before
        # "100%，" LibreOffice breaks early: it hangs no mark after Latin text).
        full = [line for line, following in zip(lines, lines[1:])
                if line.x0 < LEFT + 2 and following.x0 < LEFT + 2 and line.page == following.page
                and not following.text[0].isascii()
                and re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]+", line.text)]
        assert name == "半填" or len(full) > 20, name      # the half-filled form has short paragraphs
        for line in full:
            body = line.text[:-1] if line.text[-1] in HANGING else line.text
            assert len(body) in (27, 28, 29), (name, line.text)   # 29: a paragraph tightened for a 孤字
        assert sum(1 for line in full if len(line.text.rstrip("、。，．")) == 28) >= 0.8 * len(full), name


def test_22_lines_a_page(sample_pages):
    for name, (_doc, lines) in sample_pages.items():
        pages = sorted({line.page for line in lines})
        for page in pages[:-1]:
            rows = sorted({round(line.y) for line in lines if line.page == page})
            assert len(rows) <= 22, (name, page)
        # The line pitch is 28.95 pt on every page.
        ys = sorted({round(line.y, 1) for line in lines if line.page == pages[0]})
        steps = {round(b - a, 1) for a, b in zip(ys, ys[1:])}
        assert min(steps) >= 28.8, (name, steps)


def test_no_text_is_lost_on_the_page(sample_pages):
    """LibreOffice dropped marks hanging past the margin of a justified line with letter
    spacing: the printed text must be the document's text, mark for mark."""
    for name, (doc, lines) in sample_pages.items():
        printed = re.sub(r"\s", "", "".join(line.text for line in lines))
        expected = re.sub(r"\s", "", "".join(b.text for b in doc.blocks if b.kind is not Kind.TABLE))
        assert printed == expected, name


def test_no_single_character_ends_a_paragraph(sample_pages):
    for name, (_doc, lines) in sample_pages.items():
        for line in lines:
            assert len(line.text.rstrip("、。，．；：！？）”》")) > 1 or line.x1 > 200, (name, line.page, line.text)


def test_paragraphs_leave_at_least_two_lines_at_a_page_break(sample_pages):
    """Widow/orphan control: a paragraph split by a page break keeps two lines on each side."""
    for name, (_doc, lines) in sample_pages.items():
        for i, (before, after) in enumerate(zip(lines, lines[1:])):
            if before.page == after.page or after.x0 > LEFT + 2:
                continue        # not a paragraph running on across the break
            assert abs(before.x0 - INDENTED) > 2, (name, "孤行在页末", before.text)
            following = lines[i + 2] if i + 2 < len(lines) else None
            assert following is not None and following.page == after.page and following.x0 < LEFT + 2, \
                (name, "孤行在页首", after.text)


def test_headings_never_end_a_page(sample_pages):
    for name, (doc, lines) in sample_pages.items():
        headings = {b.text for b in doc.blocks if b.kind is Kind.HEADING and b.runs[-1].role is not Role.TEXT}
        last_of_page = [a for a, b in zip(lines, lines[1:]) if a.page != b.page]
        for line in last_of_page:
            assert line.text not in headings, (name, line.text)


def _filler(doc: Document, count: int) -> None:
    for i in range(count):
        doc.add(Kind.PARAGRAPH, f"第{i + 1}段正文。")


def _closing(doc: Document, signatures=("示例县人民政府",), date="2025年2月10日") -> None:
    doc.add(Kind.CLOSING, "特此报告。")
    for organ in signatures:
        doc.add(Kind.SIGNATURE, organ)
    doc.add(Kind.DATE, date)
    doc.add(Kind.NOTE, "（此件公开发布）")


@pytest.mark.parametrize("paragraphs", [16, 17, 18])
def test_the_signature_group_never_stands_alone(tmp_path, paragraphs):
    """特此报告 · 落款 · 成文日期 · 附注 stay together, with the last body lines."""
    doc = Document()
    _filler(doc, paragraphs)
    _closing(doc)
    lines = _pdf(doc, tmp_path)
    page_of = {line.text: line.page for line in lines}
    note_page = page_of["（此件公开发布）"]
    assert page_of["特此报告。"] == page_of["示例县人民政府"] == page_of["2025年2月10日"] == note_page
    assert any(line.page == note_page and line.text.startswith("第") for line in lines)


def test_a_heading_at_the_foot_of_a_page_moves_to_the_next(tmp_path):
    doc = Document()
    _filler(doc, 21)
    doc.add(Kind.HEADING, Run("一、", Role.NUMBER), Run("主要举措和成效", Role.HEADING), level=1)
    doc.add(Kind.PARAGRAPH, "正文第一段。" * 10)
    lines = _pdf(doc, tmp_path)
    heading = next(line for line in lines if line.text.startswith("一、"))
    assert heading.page == 2


def _start_x(lines: list[Line], text: str) -> float:
    return next(line for line in lines if line.text == text).x0


@pytest.mark.parametrize("signatures, date", [
    (("示例县人民政府",), "2025年2月10日"),
    (("中共示例县委员会", "示例县人民政府"), "2025年3月20日"),
    (("示例县司法局",), "2025年12月31日"),
])
def test_the_date_stands_two_characters_right_of_the_organ(tmp_path, signatures, date):
    """§7.3.5.2: the date's first character two characters right of the organ name's first
    character; a date longer than the name is right-spaced two and the name moves left."""
    doc = Document()
    _filler(doc, 2)
    _closing(doc, signatures, date)
    lines = _pdf(doc, tmp_path)
    organ = min(_start_x(lines, s) for s in signatures)
    date_line = next(line for line in lines if line.text == date)
    assert abs(date_line.x0 - organ - 2 * CHAR) < 1.5, (date_line.x0, organ)
    # Word ends it where computed; LibreOffice adds 0.2 em around each number of the
    # date (up to a character in all), which only moves its end.
    right_margin = 595.3 - 26 / 25.4 * 72
    assert date_line.x1 <= right_margin + CHAR
