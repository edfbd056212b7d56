"""The importer goes through the document tree (issue #13): the structure parser builds a
`doctree.Document` with the kinds and levels of a render, `Outline` is only a view of it,
and the mapping onto the form reads that Document — also one the renderer built."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st
from render_support import load_report

from drafter.doctree import Block, Kind, Role
from drafter.importer import Outline, parse_document, parse_outline
from drafter.importer.mapping import map_document, map_outline
from drafter.render import render_report

REPORT = """\
示例县人民政府文件
示政〔2025〕3号
关于2024年法治政府建设情况的报告
示例市人民政府：
2024年，示例县坚持依法行政。现将有关情况报告如下：
一、2024年法治政府建设主要举措和成效
（一）完善依法行政制度。全年制定规范性文件3件。
1.严格备案审查。报备率100%。
（二）严格行政执法
一是规范执法程序。开展案卷评查2次。二是强化执法监督。
二、存在的不足和原因
队伍建设有待加强。
特此报告。
附件：示例县执法数据表
示例县人民政府
2025年1月20日
（此件公开发布）
附件
示例县执法数据表
全年办理案件120件。
"""


def _kinds(document):
    return [(block.kind, block.level) for block in document.blocks]


def test_the_parser_builds_the_document_tree_with_a_renders_kinds_and_levels():
    document = parse_document(REPORT.splitlines())
    assert _kinds(document) == [
        (Kind.DOC_MARK, 0), (Kind.DOC_NUMBER, 0), (Kind.TITLE, 0), (Kind.ADDRESSEE, 0), (Kind.PARAGRAPH, 0),
        (Kind.HEADING, 1), (Kind.HEADING, 2), (Kind.HEADING, 3), (Kind.HEADING, 2), (Kind.PARAGRAPH, 0),
        (Kind.HEADING, 1), (Kind.PARAGRAPH, 0),
        (Kind.CLOSING, 0), (Kind.ATTACHMENT, 0), (Kind.SIGNATURE, 0), (Kind.DATE, 0), (Kind.NOTE, 0),
        (Kind.APPENDIX, 0), (Kind.TITLE, 0), (Kind.PARAGRAPH, 0),
    ]
    run_in = document.blocks[6]
    assert [(run.role, run.text) for run in run_in.runs] == [
        (Role.NUMBER, "（一）"), (Role.HEADING, "完善依法行政制度。"), (Role.TEXT, "全年制定规范性文件3件。")]
    items = document.blocks[9]           # 一是…二是… ran on in one paragraph: one block, two numbers
    assert [run.text for run in items.runs if run.role is Role.NUMBER] == ["一是", "二是"]
    assert document.info.created == dt.date(2025, 1, 20) and document.info.title == "关于2024年法治政府建设情况的报告"
    assert document.blocks[1].text == "示政〔2025〕3号"


def test_a_table_is_a_table_block_where_it_stands():
    table = Block(Kind.TABLE, rows=[["指标", "2024年"], ["受理（件）", "23"]])
    document = parse_document(["关于2024年法治政府建设情况的报告", "一、主要举措和成效", "数据如下。", table,
                               "二、存在的不足", "示例县人民政府", "2025年1月20日"])
    assert [block.kind for block in document.blocks][2:5] == [Kind.PARAGRAPH, Kind.TABLE, Kind.HEADING]
    assert document.blocks[3] is table
    assert parse_outline(document.plain_text().splitlines()).sections   # still readable as text


def test_the_outline_holds_nothing_but_the_document():
    document = parse_document(REPORT.splitlines())
    outline = Outline(document)
    assert outline.document() is document
    assert not {name for name in vars(outline) if not name.startswith("_")}
    document.blocks = [block for block in document.blocks if block.kind is not Kind.NOTE]
    assert Outline(document).note == ""


def test_the_view_reads_back_every_piece():
    outline = parse_outline(REPORT.splitlines())
    assert (outline.doc_mark, outline.doc_number, outline.title) == (
        "示例县人民政府文件", "示政〔2025〕3号", "关于2024年法治政府建设情况的报告")
    assert outline.addressee == ["示例市人民政府"] and outline.closing == "特此报告。"
    assert outline.attachments == ["示例县执法数据表"] and outline.signatures == ["示例县人民政府"]
    assert (outline.date, outline.date_text, outline.note) == (dt.date(2025, 1, 20), "2025年1月20日", "（此件公开发布）")
    first = outline.sections[0]
    assert [(c.label, c.title, c.text) for c in first.children] == [
        ("（一）", "完善依法行政制度", "全年制定规范性文件3件。"), ("（二）", "严格行政执法", "")]
    inline = first.children[1]
    assert inline.inline_style and [(c.label, c.title, c.text) for c in inline.children] == [
        ("一是", "规范执法程序", "开展案卷评查2次。"), ("二是", "", "强化执法监督。")]
    page = outline.appendices[0]
    assert (page.label, page.title, page.content) == ("附件", "示例县执法数据表", ["全年办理案件120件。"])


def test_mapping_reads_the_document():
    document = parse_document(REPORT.splitlines())
    report = map_document(document).report
    assert report == map_outline(Outline(document)).report
    assert report.meta.doc_number == "示政〔2025〕3号" and report.meta.region == "示例县"
    assert report.measures.sections[0].items[0].title == "严格备案审查。"


def test_a_renderers_document_maps_back_onto_its_form(tmp_path):
    """The renderer's tree and the importer's meet at the same pivot: the mapping reads a
    rendered Document as it reads an imported one."""
    report = load_report(tmp_path)
    result = map_document(render_report(report), year=report.meta.year, region=report.meta.region)
    mapped = result.report
    assert [part.key for part in result.parts] == [key for key, _ in report.parts()]
    assert mapped.meta.signatures == report.meta.signatures and mapped.meta.date == report.meta.date
    assert mapped.meta.title == report.meta.title and mapped.closing == report.closing
    assert [(s.title, s.area) for s in mapped.measures.sections] == \
        [(s.title, s.area) for s in report.measures.sections if not s.not_applicable]
    assert [s.title for s in mapped.shortcomings.sections] == [s.title for s in report.shortcomings.sections]


_LINE = st.text(st.sampled_from("一二三是、。（）1.，示例县推进依法行政全年件"), min_size=1, max_size=24)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=14))
def test_the_view_lays_out_every_character_of_what_the_parser_read(lines):
    outline = parse_outline(lines)
    letters = lambda text: sorted(ch for ch in text if not ch.isspace() and ch not in "。")   # noqa: E731
    assert letters("".join(outline.text_lines())) == letters("".join(lines))
    assert all(block.kind is not Kind.HEADING or 1 <= block.level <= len(lines) for block in outline.document().blocks)
