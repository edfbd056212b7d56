"""Importing the Word files offices really have (issue #13): automatic numbering, heading
styles, revisions, content controls, fields, text boxes, tables, tables of contents,
headers and footers, attachment pages, PDF-converted line splits.

Every document is built here in our own words for fictional regions; each test asserts
the recovered structure, that forbidden text (deleted, header/footer, TOC, page numbers)
never reaches the form, and that the round trip (import → render --draft → text) keeps
at least 98 % of the document's characters in order.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from docx_builder import (GOVERNMENT_LIST, abstract, build_docx, frame, header_part, lvl, num, p, r, start_override,
                          table, text_box)
from import_support import comparable, rendered_text, similarity

from drafter.importer import ImportFailure, read_source
from drafter.importer.importing import import_report
from drafter.model.report import PartKey, Table
from drafter.render import render_report
from drafter.writers import write_document

INTRO = "2024年，样例县坚持依法行政，统筹推进法治政府建设各项工作。现将有关情况报告如下："
PART_TEXT = "县政府常务会议全年专题学法六次，领导干部带头讲法。"
SECTION_TEXT = "全面清理涉企收费事项，审批时限平均压缩一半。"
ITEM_TEXT = "组织执法人员轮训两期，每期三天，考核合格后持证上岗。"


def _import(path, tmp_path, **options):
    result = import_report(path, tmp_path / "表单.yaml", today=date(2025, 3, 1), **options)
    return result, result.mapped.report


def _visible(path) -> str:
    return "\n".join(item if isinstance(item, str) else item.text for item in read_source(path))


def _round_trip(path, report) -> float:
    return similarity(_visible(path), rendered_text(report))


def write(document, fmt: str) -> bytes:
    import io
    buffer = io.BytesIO()
    write_document(document, fmt, buffer)
    return buffer.getvalue()


# --- automatic numbering ------------------------------------------------------------


def _numbered_report(tmp_path, numbering: str, *, ids=(1, 1, 1, 1), name="编号.docx"):
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p("中共样例市委、样例市人民政府："),
        p(INTRO),
        p("党政主要负责人履行推进法治建设第一责任人职责情况", num=(ids[0], 0)),
        p(PART_TEXT),
        p("2024年法治政府建设主要举措和成效", num=(ids[0], 0)),
        p("深化行政审批制度改革", num=(ids[1], 1)),
        p(SECTION_TEXT),
        p("规范涉企检查。", num=(ids[2], 2)),
        p(ITEM_TEXT),
        p("推进综合行政执法", num=(ids[1], 1)),
        p("开展执法培训。", num=(ids[2], 2)),
        p("分两期组织。", num=(ids[3], 3)),
        p("考核持证上岗。", num=(ids[3], 3)),
        p("存在的不足和原因", num=(ids[0], 0)),
        p("基层执法力量仍然薄弱，个别部门法治意识有待加强。"),
        p("2025年法治政府建设工作安排", num=(ids[0], 0)),
        p("持续推进示范创建", num=(ids[1], 1)),
        p("对照创建指标逐项补齐短板。"),
        p("特此报告。"),
        p("样例县人民政府"),
        p("2025年1月20日"),
    ])
    return build_docx(tmp_path / name, body, numbering=numbering)


def test_word_numbering_gives_the_headings_their_levels(tmp_path):
    path = _numbered_report(tmp_path, GOVERNMENT_LIST + num(1, 1))
    result, report = _import(path, tmp_path)
    assert [m.key for m in result.mapped.parts] == [PartKey.FIRST_RESPONSIBLE, PartKey.MEASURES,
                                                    PartKey.SHORTCOMINGS, PartKey.PLANS]
    sections = report.measures.sections
    assert [s.title for s in sections] == ["深化行政审批制度改革", "推进综合行政执法"]
    assert sections[0].text == SECTION_TEXT and sections[0].items[0].title == "规范涉企检查"
    assert [c.title or c.text for c in sections[1].items[0].children] == ["分两期组织", "考核持证上岗"]
    assert report.plans.sections[0].title == "持续推进示范创建"
    assert report.meta.title is None and report.meta.addressees == ["中共样例市委", "样例市人民政府"]
    assert report.meta.region == "样例县" and report.meta.year == 2024 and report.meta.date == date(2025, 1, 20)
    assert "原文没有找到" not in result.form.text
    assert _round_trip(path, report) >= 0.98


def test_displayed_numbers_are_computed_per_level(tmp_path):
    path = _numbered_report(tmp_path, GOVERNMENT_LIST + num(1, 1))
    lines = [line for line in read_source(path) if isinstance(line, str)]
    assert "一、党政主要负责人履行推进法治建设第一责任人职责情况" in lines
    assert "二、2024年法治政府建设主要举措和成效" in lines
    assert "（二）推进综合行政执法" in lines           # level 2 counts on under the same part
    assert "1.开展执法培训。" in lines                  # level 3 restarts under a new section
    assert "（2）考核持证上岗。" in lines
    assert "（一）持续推进示范创建" in lines           # level 2 restarts under 四、


@pytest.mark.parametrize("fmt, texts, expected", [
    ("chineseCountingThousand", ("%1、", "（%2）"), ("一、", "（一）")),
    ("ideographDigital", ("%1、", "（%2）"), ("一、", "（一）")),
    ("chineseCounting", ("%1", "(%2)"), ("一、", "(一)")),       # bare number: 、 added
])
def test_other_number_formats_and_level_texts(tmp_path, fmt, texts, expected):
    numbering = abstract(1, lvl(0, fmt, texts[0]), lvl(1, fmt, texts[1]), lvl(2, "decimal", "%3、"),
                         lvl(3, "decimalEnclosedCircle", "%4")) + num(1, 1)
    path = _numbered_report(tmp_path, numbering)
    lines = [line for line in read_source(path) if isinstance(line, str)]
    assert expected[0] + "党政主要负责人履行推进法治建设第一责任人职责情况" in lines
    assert expected[1] + "深化行政审批制度改革" in lines
    result, report = _import(path, tmp_path)
    assert len(report.measures.sections) == 2


def test_restart_and_start_override(tmp_path):
    """A second list instance with a startOverride restarts level 2 at 1; start=3 starts at 三."""
    numbering = (abstract(1, lvl(0, "chineseCounting", "%1、", start=3), lvl(1, "chineseCounting", "（%2）"))
                 + num(1, 1) + num(2, 1, start_override(1, 1)))
    body = (p("甲项工作", num=(1, 0)) + p("子项一", num=(1, 1)) + p("子项二", num=(1, 1))
            + p("乙项工作", num=(1, 0)) + p("另一子项", num=(2, 1)) + p("续一子项", num=(2, 1)))
    path = build_docx(tmp_path / "重新编号.docx", body, numbering=numbering)
    assert read_source(path) == ["三、甲项工作", "（一）子项一", "（二）子项二", "四、乙项工作",
                                 "（一）另一子项", "（二）续一子项"]


def test_number_zero_and_bullets_show_nothing(tmp_path):
    numbering = abstract(1, lvl(0, "bullet", "•")) + num(1, 1) + GOVERNMENT_LIST.replace(
        'w:abstractNumId="1"', 'w:abstractNumId="2"') + num(2, 2)
    body = p("要点一", num=(1, 0)) + p("不编号的段落", num=(0, 0)) + p("第一部分", num=(2, 0))
    path = build_docx(tmp_path / "项目符号.docx", body, numbering=numbering)
    assert read_source(path) == ["要点一", "不编号的段落", "一、第一部分"]


# --- heading styles -------------------------------------------------------------------

_LINKED_STYLES = """
<w:style w:type="paragraph" w:styleId="PartHeading"><w:name w:val="标题 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="SectionHeading"><w:name w:val="标题 2"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyItem"><w:name w:val="条目"/><w:basedOn w:val="Heading3"/></w:style>
"""


def _styled_report(tmp_path, part="Heading1", section="Heading2", item="Heading3", numbering=None, name="样式.docx"):
    body = "".join([
        p("样例区2024年法治政府建设年度报告", style="Heading1"),
        p(INTRO),
        p("2024年法治政府建设主要举措和成效", style=part),
        p("坚持依法科学民主决策", style=section),
        p("落实重大决策程序。", style=item),
        p(ITEM_TEXT),
        p("严格规范公正文明执法", style=section),
        p(SECTION_TEXT),
        p("存在的不足和原因", style=part),
        p("基层执法力量仍然薄弱。"),
        p("2025年工作安排", style=part),
        p("持续推进示范创建。"),
        p("样例区人民政府"),
        p("2025年2月8日"),
    ])
    return build_docx(tmp_path / name, body, numbering=numbering, styles=_LINKED_STYLES)


def test_heading_styles_without_numbers_are_numbered_by_level(tmp_path):
    path = _styled_report(tmp_path)
    result, report = _import(path, tmp_path)
    assert [m.key for m in result.mapped.parts] == [PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS]
    assert [s.title for s in report.measures.sections] == ["坚持依法科学民主决策", "严格规范公正文明执法"]
    assert report.measures.sections[0].items[0].title == "落实重大决策程序"
    assert report.meta.title_style == "年度报告" and report.meta.region == "样例区"   # Heading 1 as the title
    assert report.meta.level.value == "区"
    assert _round_trip(path, report) >= 0.98


def test_style_linked_lists_and_inherited_styles(tmp_path):
    numbering = abstract(5, lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="PartHeading"/>'),
                         lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="SectionHeading"/>')) + num(7, 5)
    path = _styled_report(tmp_path, part="PartHeading", section="SectionHeading", item="MyItem", numbering=numbering)
    lines = [line for line in read_source(path) if isinstance(line, str)]
    assert "一、2024年法治政府建设主要举措和成效" in lines and "（二）严格规范公正文明执法" in lines
    assert "1.落实重大决策程序。" in lines           # 条目 is based on Heading 3
    result, report = _import(path, tmp_path)
    assert len(report.measures.sections) == 2 and report.plans.text == "持续推进示范创建。"


def test_outline_level_on_a_plain_paragraph(tmp_path):
    body = p("主要举措和成效", outline=0) + p("我镇推进依法行政。") + p("存在的问题", outline=0) + p("能力不足。")
    path = build_docx(tmp_path / "大纲级别.docx", body)
    assert read_source(path)[:1] == ["一、主要举措和成效"] and "二、存在的问题" in read_source(path)


# --- runs: revisions, content controls, fields, hyperlinks, hidden text -----------------

def test_tracked_changes_content_controls_and_fields(tmp_path):
    deleted = '<w:del w:id="1" w:author="甲"><w:r><w:delText>40</w:delText></w:r></w:del>'
    inserted = '<w:ins w:id="2" w:author="甲"><w:r><w:t>42</w:t></w:r></w:ins>'
    moved_from = '<w:moveFrom w:id="3"><w:r><w:t>旧位置的话</w:t></w:r></w:moveFrom>'
    moved_to = '<w:moveTo w:id="4"><w:r><w:t>移来的话</w:t></w:r></w:moveTo>'
    date_control = ('<w:sdt><w:sdtPr><w:date/></w:sdtPr><w:sdtContent><w:r><w:t>2025年1月20日</w:t></w:r>'
                    '</w:sdtContent></w:sdt>')
    simple_field = '<w:fldSimple w:instr=" DOCPROPERTY 单位 "><w:r><w:t>样例镇人民政府</w:t></w:r></w:fldSimple>'
    complex_field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF 数字 </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>15</w:t></w:r>'
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    link = '<w:hyperlink r:id="rId99"><w:r><w:t>政务服务网</w:t></w:r></w:hyperlink>'
    hidden = r("不打印的批注文字", "<w:vanish/>")
    comment = '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
    body = "".join([
        p("样例镇关于2024年法治政府建设情况的报告", style="Title"),
        p("2024年，样例镇坚持依法行政。现将有关情况报告如下："),
        p("一、主要举措和成效"),
        p("全年受理行政复议申请", complex_field, "件，办结", deleted, inserted, "件。", moved_from, moved_to,
          "。依托", link, "办理事项。", hidden, comment),
        p("二、存在的不足"),
        p("干部法治素养有待提高。"),
        p("三、下一年度工作安排"),
        p("加强培训。"),
        p(simple_field),
        p(date_control),
    ])
    path = build_docx(tmp_path / "修订.docx", body)
    result, report = _import(path, tmp_path)
    text = report.measures.text
    assert text == "全年受理行政复议申请15件，办结42件。移来的话。依托政务服务网办理事项。"
    assert report.meta.signatures == ["样例镇人民政府"] and report.meta.date == date(2025, 1, 20)
    assert report.meta.region == "样例镇" and report.meta.level.value == "乡镇"
    form_body = result.form.text.split("表单版本")[1]
    for forbidden in ("办结40件", "旧位置的话", "不打印的批注文字", "REF 数字"):
        assert forbidden not in form_body and forbidden not in rendered_text(report)
    assert "修订中删除的文字" in result.form.text          # the header says what was left out
    assert _round_trip(path, report) >= 0.98


# --- text boxes, masthead tables, headers and footers ------------------------------------

def _masthead_table():
    return table([["样例市司法局文件", ""], ["样司〔2025〕3号", "签发人：李某"]],
                 spans={(0, 0): 2})


def test_wps_text_box_masthead_is_read_once(tmp_path):
    body = "".join([
        p(text_box(p("样例市司法局文件"), p("样司〔2025〕3号"))),
        p("样例市司法局关于2024年度法治政府建设情况的报告"),
        p("样例市人民政府："),
        p("2024年，我局深入推进依法行政。现将有关情况报告如下："),
        p("一、主要举措和成效"), p("完善制度建设。"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("特此报告。"), p("样例市司法局"), p("2025年2月10日"),
    ])
    path = build_docx(tmp_path / "文本框.docx", body)
    items = read_source(path)
    assert items.count("样例市司法局文件") == 1
    result, report = _import(path, tmp_path)
    assert report.meta.doc_mark == "样例市司法局文件" and report.meta.doc_number == "样司〔2025〕3号"
    assert report.meta.region == "样例市司法局" and report.meta.level.value == "部门"
    assert report.meta.addressees == ["样例市人民政府"]
    assert "原文没有主送机关" not in result.form.text


def test_masthead_table_merged_cells_and_signer(tmp_path):
    body = "".join([
        table([["样例县人民政府文件", ""], ["", "样政〔2025〕5号\n签发人：王某"]], merged_down={(1, 0)}),
        p("样例县人民政府关于2024年法治政府建设情况的报告"),
        p("样例市人民政府："),
        p(INTRO),
        p("一、主要举措和成效"), p("完善制度建设。"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("特此报告。"),
        table([["样例县人民政府"], ["2025年1月30日"]]),
    ])
    path = build_docx(tmp_path / "版头表格.docx", body)
    result, report = _import(path, tmp_path)
    meta = report.meta
    assert meta.doc_mark == "样例县人民政府文件" and meta.doc_number == "样政〔2025〕5号"
    assert meta.signatures == ["样例县人民政府"] and meta.date == date(2025, 1, 30)
    assert any("签发人：王某" in warning for warning in result.mapped.warnings)
    assert "签发人" in result.form.text.split("表单版本")[0]       # listed in the header
    assert report.closing == "特此报告。"


def test_headers_footers_and_page_numbers_never_reach_the_form(tmp_path):
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p(INTRO),
        p("一、主要举措和成效"), p("完善制度建设，规范性文件全部经过合法性审核。"),
        p("— 2 —"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("样例县人民政府"), p("2025年1月20日"),
    ])
    parts = {"word/header1.xml": header_part("样例县人民政府办公室（内部资料）"),
             "word/footer1.xml": header_part("— 1 —", "ftr")}
    path = build_docx(tmp_path / "页眉页脚.docx", body, parts=parts)
    result, report = _import(path, tmp_path)
    rendered = rendered_text(report)
    body_form = result.form.text.split("表单版本")[1]
    for forbidden in ("内部资料", "— 1 —", "— 2 —"):
        assert forbidden not in body_form and forbidden not in rendered
    assert "页眉页脚" in result.form.text.split("表单版本")[0]
    assert _round_trip(path, report) >= 0.98


# --- tables of contents ----------------------------------------------------------------

def test_table_of_contents_is_left_out(tmp_path):
    toc_field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \\o "1-3" \\h</w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p("目  录"),
        p(toc_field, "一、主要举措和成效\t1"),
        p("二、存在的问题\t3"),
        p("三、下一步工作计划\t4", end),
        p("一、目录样式里的条目\t5", style="TOC1"),
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        f'<w:sdtContent>{p("二、控件目录中的条目 6")}</w:sdtContent></w:sdt>',
        table([["一、表格目录条目", "1"], ["二、表格目录条目", "2"], ["三、表格目录条目", "3"]]),
        p(INTRO),
        p("一、主要举措和成效"), p("完善制度建设。"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("样例县人民政府"), p("2025年1月20日"),
    ])
    path = build_docx(tmp_path / "目录.docx", body)
    result, report = _import(path, tmp_path)
    assert [m.key for m in result.mapped.parts] == [PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS]
    assert len(result.mapped.parts) == 3
    form_body = result.form.text.split("表单版本")[1]
    for forbidden in ("目  录", "目录样式里的条目", "控件目录中的条目", "表格目录条目", "\t1"):
        assert forbidden not in form_body
    assert "目录" in result.form.text.split("表单版本")[0]


# --- data tables ---------------------------------------------------------------------------

_DATA = [["指标", "2023年", "2024年"], ["行政复议受理（件）", "18", "23"], ["行政应诉案件（件）", "9", "11"]]


def _table_report(tmp_path):
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p(INTRO),
        p("一、主要举措和成效"),
        p("（一）化解行政争议"),
        p("主要数据见下表。"),
        table(_DATA),
        p("复议纠错率保持稳定。"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("样例县人民政府"), p("2025年1月20日"),
    ])
    return build_docx(tmp_path / "数据表.docx", body)


def test_a_data_table_stays_a_table_in_form_tree_and_writers(tmp_path):
    path = _table_report(tmp_path)
    result, report = _import(path, tmp_path)
    section = report.measures.sections[0]
    assert section.text[0] == "主要数据见下表。" and section.text[2] == "复议纠错率保持稳定。"
    assert isinstance(section.text[1], Table) and section.text[1].rows == _DATA
    assert "表格:" in result.form.text and "行政复议受理（件）" in result.form.text
    document = render_report(report, draft=True)
    tables = [block for block in document.blocks if block.kind.value == "table"]
    assert len(tables) == 1 and tables[0].rows == _DATA
    assert "行政复议受理（件）\t18\t23" in write(document, "txt").decode()
    html = write(document, "html").decode()
    assert "<table" in html and "<th" in html and "行政应诉案件（件）" in html
    assert _round_trip(path, report) >= 0.98


def test_the_form_with_a_table_checks_and_renders_to_word(tmp_path, run_cli):
    path = _table_report(tmp_path)
    form = tmp_path / "数据表.yaml"
    code, out, err = run_cli("import", str(path), "-o", str(form))
    assert code == 0, err
    code, out, err = run_cli("check", str(form))
    assert "错误 0" in out + err or code in (0, 1)
    assert "[schema]" not in out + err
    output = tmp_path / "数据表输出.docx"
    code, out, err = run_cli("render", str(form), "--draft", "-o", str(output))
    assert code == 0, err
    import docx
    word = docx.Document(str(output))
    assert len(word.tables) == 1
    assert [cell.text for cell in word.tables[0].rows[1].cells] == _DATA[1]


# --- the ending and attachment pages -------------------------------------------------------

def test_attachment_pages_after_the_date_stay_attachments(tmp_path):
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p(INTRO),
        p("一、主要举措和成效"), p("完善制度建设。"),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("特此报告。"),
        p("附件：2024年行政执法数据统计表"),
        p("样例县人民政府"),
        p("2025年1月20日"),
        p("（此件公开发布）"),
        p("附件"),
        p("2024年行政执法数据统计表"),
        table([["项目", "数量"], ["行政许可（件）", "1520"], ["行政处罚（件）", "86"]]),
        p("— 5 —"),
    ])
    path = build_docx(tmp_path / "附件页.docx", body)
    result, report = _import(path, tmp_path)
    meta = report.meta
    assert report.closing == "特此报告。" and meta.signatures == ["样例县人民政府"]
    assert meta.date == date(2025, 1, 20) and meta.note == "此件公开发布"
    assert "按地区生成" not in result.form.text
    attachment = report.attachments[0]
    assert attachment.name == "2024年行政执法数据统计表"
    assert isinstance(attachment.text[0], Table) and attachment.text[0].rows[1] == ["行政许可（件）", "1520"]
    assert report.plans.text == "推进执法规范化。"
    rendered = rendered_text(report)
    assert rendered.index("2025年1月20日") < rendered.index("附件\n") < rendered.index("行政处罚（件）\t86")
    assert "— 5 —" not in rendered
    assert _round_trip(path, report) >= 0.98


def test_attachment_page_renders_on_a_new_page_in_word(tmp_path):
    path = tmp_path / "附件页.docx"
    test_attachment_pages_after_the_date_stay_attachments(tmp_path)
    result, report = _import(path, tmp_path)
    import io
    import zipfile
    data = write(render_report(report, draft=True), "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    label = xml.index(">附件<")
    assert "w:pageBreakBefore" in xml[xml.rindex("<w:p>", 0, label):label]


# --- PDF converted to Word ------------------------------------------------------------------

_LONG = ("样例县坚持把法治政府建设作为全局性工作来抓，统筹谋划、整体推进，建立健全领导责任体系，"
         "定期听取工作汇报，研究解决重大问题，推动各项任务落地见效。全县各部门对照年度要点，细化工作措施，"
         "明确完成时限，形成了上下联动、齐抓共管的工作格局，群众满意度持续提升。")


def _printed_lines(text: str, width: int = 28) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def test_pdf_converted_lines_are_joined_and_page_numbers_removed(tmp_path):
    lines = _printed_lines(_LONG)
    lines.insert(3, "— 3 —")                  # a page number in mid-sentence
    body = "".join([
        p("关于2024年法治政府建设情况的报告"),
        *[p(line) for line in _printed_lines(INTRO)],
        p("一、主要举措和成效"),
        *[p(line) for line in lines],
        p("二、存在的问题"),
        *[p(line) for line in _printed_lines(_LONG[:60] + "。")],
        p("三、下一步工作计划"),
        *[p(line) for line in _printed_lines(_LONG)],
        p("样例县人民政府"),
        p("2025年1月20日"),
    ])
    path = build_docx(tmp_path / "转换.docx", body)
    result, report = _import(path, tmp_path)
    assert report.intro == INTRO
    assert report.measures.text == _LONG          # one paragraph again, page number gone
    assert "— 3 —" not in result.form.text.split("表单版本")[1]
    assert report.meta.signatures == ["样例县人民政府"]


# --- WPS habits and heading variants --------------------------------------------------------

def test_heading_variants(tmp_path):
    text = "\n".join([
        "政务公开",
        "首页→政务公开→法治政府建设",
        "样例市人民政府关于2016年度法治政府建设情况的报告",
        "样例地区行政公署：",
        "2016年，样例市认真贯彻依法治国方略。现将有关情况报告如下：",
        "一、主要举措和成效",
        "一)完善依法行政制度体系",
        "规范性文件全部经过合法性审核。",
        "二)推进严格规范公正文明执法",
        "执法全过程记录全面推行。",
        "二、存在的问题和",
        "不足",
        "基层执法力量仍然薄弱。",
        "三，下一步工作安排",
        "持续推进依法行政。",
        "样例市人民政府",
        "2017年2月10日",
    ])
    path = tmp_path / "网页.txt"
    path.write_text(text, encoding="utf-8")
    result, report = _import(path, tmp_path)
    assert report.meta.title == "样例市人民政府关于2016年度法治政府建设情况的报告"
    assert report.meta.addressees == ["样例地区行政公署"]
    assert [report.section_title(s) for s in report.measures.sections] == ["完善依法行政制度体系", "推进严格规范公正文明执法"]
    assert report.shortcomings.title == "存在的问题和不足"
    assert [m.key for m in result.mapped.parts] == [PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS]
    assert "政务公开" in result.form.text.split("表单版本")[0]     # the removed navigation is listed


# --- region, year and level for every kind of reporter ---------------------------------------

@pytest.mark.parametrize("lines, region, level, year", [
    (["2017年，样例省以法治政府建设为抓手，全面推进依法行政。"], "样例省", "省", 2017),
    (["2021年，样例部坚持依法行政。"], "样例部", "部门", 2021),
    (["发布机构：样例镇人民政府", "2022年，我镇坚持依法行政。"], "样例镇", "乡镇", 2022),
    (["样例街道办事处关于2023年法治政府建设工作情况的报告", "我街道推进依法行政。"], "样例街道", "乡镇", 2023),
    (["样例自治区人民政府关于2019年法治政府建设情况的报告"], "样例自治区", "省", 2019),
    (["样例盟2020年法治政府建设情况报告"], "样例盟", "市", 2020),
    (["样例旗人民政府关于2018年法治政府建设情况的报告"], "样例旗", "县", 2018),
    (["样例县司法局关于2024年度法治政府建设工作情况的报告"], "样例县司法局", "部门", 2024),
])
def test_region_year_and_level_for_every_level(tmp_path, lines, region, level, year):
    path = tmp_path / "报告.txt"
    path.write_text("\n".join([*lines, "一、主要举措和成效", "推进依法行政。"]), encoding="utf-8")
    result, report = _import(path, tmp_path)
    assert (report.meta.region, report.meta.level.value, report.meta.year) == (region, level, year)
    assert not result.mapped.missing


def test_missing_region_and_year_never_fail(tmp_path, run_cli):
    path = tmp_path / "无信息.txt"
    path.write_text("一、主要举措和成效\n推进依法行政。\n", encoding="utf-8")
    form = tmp_path / "无信息.yaml"
    code, out, err = run_cli("import", str(path), "-o", str(form))
    assert code == 0, err
    assert "年度写为待填" in out and "地区写为待填" in out
    text = form.read_text(encoding="utf-8")
    assert "  年度:  # 待填" in text and "  地区:  # 待填" in text and "请核对" in text
    code, out, err = run_cli("check", str(form))
    assert code == 1 and "基本信息.年度" in out + err and "基本信息.地区" in out + err


# --- hostile .docx files ------------------------------------------------------------------------

def _zip(path, members: dict[str, bytes], *, flag: int = 0, method: int | None = None):
    """A zip of `members`; `flag` 1 marks every member as encrypted (as a password-protected zip does),
    `method` sets another compression method number in the headers (6: implode, which Python cannot read)."""
    import zipfile
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    if flag or method is not None:
        raw = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = raw.find(signature)
            while start >= 0:
                raw[start + offset] |= flag
                if method is not None:
                    raw[start + offset + 2] = method
                start = raw.find(signature, start + 4)
        path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("make, message", [
    (lambda path: path.write_bytes(b"PK\x03\x04 not really a zip"), "已损坏"),
    (lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "加密"),
    (lambda path: _zip(path, {"word/document.xml": b"<w:document><w:body><w:p>"}), "不是完整的 XML"),
    (lambda path: _zip(path, {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                                                   b"<d>&a;</d>"}), "实体声明"),
    (lambda path: _zip(path, {"word/document.xml": b" " * (6 * 1024 * 1024)}), "异常膨胀"),
    (lambda path: _zip(path, {"word/document.xml": b"<d/>"}, flag=0x1), "加密"),
    (lambda path: _zip(path, {"word/styles.xml": b"<d/>"}), "没有 Word 正文"),
    (lambda path: _zip(path, {"word/document.xml": b"<d>&#xD800;</d>"}), "不是完整的 XML"),
    (lambda path: _zip(path, {"word/document.xml": '<?xml version="1.0" encoding="UTF-16"?><d/>'.encode("utf-16")[:-1]}),
     "不是完整的 XML"),
    (lambda path: _zip(path, {"word/document.xml": b"<d/>"}, method=6), "不支持的压缩方式"),
    (lambda path: _zip(path, {"word/document.xml": b'<w:p xmlns:w="urn:w">' + b"<w:ins>" * 900 + b"</w:ins>" * 900 + b"</w:p>"}),
     "嵌套超过 256 层"),
])
def test_hostile_docx_files_are_refused_in_chinese_with_exit_2(tmp_path, run_cli, make, message):
    path = tmp_path / "坏文件.docx"
    make(path)
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    assert message in failure.value.message and "坏文件.docx" in failure.value.message
    code, out, err = run_cli("import", str(path), "-o", str(tmp_path / "坏文件.yaml"))
    assert code == 2 and err.startswith("错误：") and "坏文件.docx" in err
    assert not (tmp_path / "坏文件.yaml").exists()


def test_deeply_nested_tables_are_refused(tmp_path):
    inner = p("最里层")
    for _ in range(40):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    path = build_docx(tmp_path / "嵌套.docx", p("一、甲") + inner)
    with pytest.raises(ImportFailure, match="嵌套"):
        read_source(path)


# --- our own Word output comes back -------------------------------------------------------

@pytest.mark.parametrize("sample", sorted(p.name for p in (Path(__file__).resolve().parents[1] / "samples").glob("*.yaml")))
def test_a_rendered_sample_imports_back(tmp_path, sample):
    """drafter render's .docx (Heading styles, typed numbers, 版头, footers with page numbers) → import → render."""
    from drafter.form.load import load_form

    original = load_form(Path(__file__).resolve().parents[1] / "samples" / sample).report
    document = render_report(original, draft=True)
    path = tmp_path / "样例.docx"
    path.write_bytes(write(document, "docx"))
    result, report = _import(path, tmp_path)
    assert similarity(document.plain_text(), rendered_text(report)) >= 0.98
    meta, before = report.meta, original.meta
    assert (meta.year, meta.region, meta.level, meta.signatures, meta.date, meta.addressees) == \
        (before.year, before.region, before.level, before.signatures, before.date, before.addressees)
    assert meta.doc_number == before.doc_number
    assert len(report.measures.sections) == len([s for s in original.measures.sections if not s.not_applicable])
    assert "页眉页脚" in result.form.text.split("表单版本")[0]
    assert "— 1 —" not in result.form.text.split("表单版本")[1]
    # reader and writer meet at the document tree: the imported tree is the rendered one, block by block
    imported = result.outline.document().blocks
    assert [(b.kind, b.level) for b in imported] == [(b.kind, b.level) for b in document.blocks]
    assert [comparable(b.text) for b in imported] == [comparable(b.text) for b in document.blocks]


def test_a_number_typed_and_automatic_is_kept_once_and_empty_numbered_lines_dropped(tmp_path):
    body = p("一、主要举措和成效", num=(1, 0)) + p("", num=(1, 0)) + p("存在的问题", num=(1, 0))
    path = build_docx(tmp_path / "重复编号.docx", body, numbering=GOVERNMENT_LIST + num(1, 1))
    assert read_source(path) == ["一、主要举措和成效", "三、存在的问题"]


_WPS_STYLES = """
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
"""
_RED_LINE = ('<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:spPr/></wps:wsp>'
             '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


def test_wps_habits(tmp_path):
    """WPS: numeric style ids named "heading n", 全角空格 indents, the 红头 in a text box over a drawn red line,
    the 落款 and date pushed right with spaces, a 乡镇 reporting to its 县."""
    body = "".join([
        p(text_box(p("样例镇人民政府")), _RED_LINE),
        p("样例镇人民政府关于2023年法治政府建设工作情况的报告"),
        p("样例县人民政府："),
        p("\u3000\u30002023年，我镇坚持依法行政，全面推进法治政府建设。现将有关情况报告如下："),
        p("主要工作及成效", style="2"),
        p("健全依法决策机制", style="3"),
        p("\u3000\u3000镇党委会议专题研究法治建设工作四次。"),
        p("存在的不足", style="2"),
        p("\u3000\u3000基层执法力量不足。"),
        p("下一步工作打算", style="2"),
        p("\u3000\u3000加强法治队伍建设。"),
        p("\u3000\u3000特此报告。"),
        p("\u3000" * 12 + "样例镇人民政府"),
        p("\u3000" * 12 + "2024年1月15日"),
    ])
    path = build_docx(tmp_path / "WPS.docx", body, styles=_WPS_STYLES)
    result, report = _import(path, tmp_path)
    meta = report.meta
    assert (meta.region, meta.level.value, meta.year) == ("样例镇", "乡镇", 2023)
    assert meta.addressees == ["样例县人民政府"] and meta.signatures == ["样例镇人民政府"]
    assert meta.date == date(2024, 1, 15) and report.closing == "特此报告。"
    assert meta.title == "样例镇人民政府关于2023年法治政府建设工作情况的报告"      # the 红头 is not glued on
    assert any("版头“样例镇人民政府”" in warning for warning in result.mapped.warnings)
    assert meta.doc_mark == "样例镇人民政府" and meta.doc_number is None
    assert [m.key for m in result.mapped.parts] == [PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS]
    assert report.section_title(report.measures.sections[0]) == "健全依法决策机制"
    # the 版头 is kept in the form (发文机关标志) but printed only with a 发文字号, as the user is told
    assert similarity(_visible(path).replace("样例镇人民政府\n", "", 1), rendered_text(report)) >= 0.98


@pytest.mark.parametrize("module, limit, value, message", [
    ("drafter.importer.docx_package", "MAX_PART_BYTES", 2000, "解压后超过"),
    ("drafter.importer.docx_package", "MAX_TOTAL_BYTES", 3000, "解压后超过"),
    ("drafter.importer.reading", "MAX_DOCX_BYTES", 1000, "Word 文档过大"),
    ("drafter.limits", "MAX_ZIP_MEMBERS", 3, "个部件"),
    ("drafter.importer.docx_body", "MAX_CHARACTERS", 100, "个字"),
    ("drafter.importer.docx_body", "MAX_BLOCKS", 5, "个段落"),
])
def test_size_and_count_limits(tmp_path, monkeypatch, module, limit, value, message):
    import importlib
    monkeypatch.setattr(importlib.import_module(module), limit, value)
    path = build_docx(tmp_path / "大文件.docx", "".join(p(f"第{n}段：推进依法行政工作。") for n in range(40)))
    from drafter.errors import DrafterError
    with pytest.raises((ImportFailure, DrafterError)) as failure:    # the file size: the shared bounded reader
        read_source(path)
    text = str(failure.value) if isinstance(failure.value, DrafterError) else failure.value.message
    assert message in text and "大文件.docx" in text


def test_an_import_whose_form_would_be_too_large_is_refused(tmp_path, monkeypatch, run_cli):
    import drafter.importer.importing as importing
    monkeypatch.setattr(importing, "MAX_INPUT_BYTES", 20_000)
    path = tmp_path / "长报告.txt"
    path.write_text("一、主要举措和成效\n" + "样例县推进依法行政工作。\n" * 200, encoding="utf-8")
    code, out, err = run_cli("import", str(path), "-o", str(tmp_path / "长报告.yaml"), "--year", "2024",
                             "--region", "样例县")
    assert code == 2 and "超过表单上限" in err and "长报告.txt" in err
    assert not (tmp_path / "长报告.yaml").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_a_pdf_converted_to_word_by_libreoffice_imports_back(tmp_path):
    """Render a sample, print it to PDF and let LibreOffice turn the PDF into a .docx (one positioned
    frame per piece of a printed line, digits in frames of their own, page numbers as frames): the
    import puts the frames back in reading order, joins the lines and drops the page numbers."""
    import subprocess
    from drafter.form.load import load_form

    original = load_form(Path(__file__).resolve().parents[1] / "samples" / "示例县2024年法治政府建设报告.yaml").report
    document = render_report(original, draft=True)
    (tmp_path / "报告.docx").write_bytes(write(document, "docx"))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    for args in (["--convert-to", "pdf", "报告.docx"],
                 ["--infilter=writer_pdf_import", "--convert-to", "docx:MS Word 2007 XML", "--outdir", "转换",
                  "报告.pdf"]):
        subprocess.run(["soffice", profile, "--headless", *args], cwd=tmp_path, capture_output=True, timeout=240,
                       check=True)
    result, report = _import(tmp_path / "转换" / "报告.docx", tmp_path)
    assert similarity(document.plain_text(), rendered_text(report)) >= 0.98
    assert [m.key for m in result.mapped.parts] == [PartKey.FIRST_RESPONSIBLE, PartKey.MEASURES,
                                                    PartKey.SHORTCOMINGS, PartKey.PLANS]
    assert len(report.measures.sections) == len(original.measures.sections)
    assert report.meta.signatures == original.meta.signatures and report.meta.date == original.meta.date
    assert "— 3 —" not in result.form.text.split("表单版本")[1]


def test_positioned_frames_are_read_line_by_line_page_by_page(tmp_path):
    line = 367000
    frames = [
        frame("关于", 1_300_000, 1_500_000), frame("年法治政府建设情况的报告", 1_300_000, 2_750_000),
        frame("2024", 1_380_000, 2_140_000),                         # digits: a frame of their own, listed late
        frame("全年专题研究法治工作", 2_100_000, 1_000_000), frame("次。", 2_100_000, 3_600_000),
        frame("7", 2_150_000, 3_460_000),
        frame("— 1 —", 9_600_000, 5_800_000),
        frame("一、主要举措和成效", 1_300_000, 1_000_000),           # page 2 starts at the top again
        frame("推进依法行政。", 1_300_000 + line, 1_400_000),
    ]
    path = build_docx(tmp_path / "转换.docx", p(*frames))
    assert read_source(path) == ["关于2024年法治政府建设情况的报告", "全年专题研究法治工作7次。", "— 1 —",
                                 "一、主要举措和成效", "推进依法行政。"]


def test_a_red_header_put_in_the_page_header_is_the_masthead(tmp_path):
    """WPS users often put the 红头 (发文机关标志, 发文字号) in the first page's header."""
    body = "".join([
        p("样例县司法局关于2024年度法治政府建设情况的报告"), p("样例县人民政府："),
        p("2024年，我局深入推进依法行政。现将有关情况报告如下："),
        p("一、主要举措和成效"), p("完善制度建设。"), p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"), p("特此报告。"), p("样例县司法局"), p("2025年2月10日"),
    ])
    header = header_part("样例县司法局文件").replace("</w:hdr>", p("样司〔2025〕2号") + "</w:hdr>")
    parts = {"word/header1.xml": header, "word/footer1.xml": header_part("— 1 —", "ftr")}
    path = build_docx(tmp_path / "页眉红头.docx", body, parts=parts)
    result, report = _import(path, tmp_path)
    assert report.meta.doc_mark == "样例县司法局文件" and report.meta.doc_number == "样司〔2025〕2号"
    assert report.meta.title == "样例县司法局关于2024年度法治政府建设情况的报告"
    assert "— 1 —" in result.form.text.split("表单版本")[0]       # the footer is listed as left out


def test_only_one_heading_1_before_the_body_is_the_title(tmp_path):
    body = (p("样例乡2024年法治政府建设情况报告", style="Heading1") + p("2024年法治政府建设情况", style="Heading1")
            + p("完善制度建设。") + p("存在的问题", style="Heading1") + p("队伍建设有待加强。"))
    path = build_docx(tmp_path / "标题一.docx", body)
    assert read_source(path) == ["样例乡2024年法治政府建设情况报告", "一、2024年法治政府建设情况", "完善制度建设。",
                                 "二、存在的问题", "队伍建设有待加强。"]
