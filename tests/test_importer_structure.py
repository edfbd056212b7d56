"""Reading the structure of a report: head, body tree, tail, kind, year and region."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from tests_support_seeds import seeds_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.importer import clean_lines, read_source
from drafter.importer.cleaning import Cleaning
from drafter.importer.outline import NumberStyle, Outline
from drafter.importer.structure import infer_year_and_region, parse_outline
from import_support import without_numbering

REPORT = """\
示例县人民政府文件
示政〔2025〕3号
示例县人民政府
关于2024年度法治政府建设情况的报告
中共示例市委、示例市人民政府：
2024年，示例县以法治政府建设示范创建为抓手，各项工作稳步推进。现将有关情况报告如下：
一、主要举措和成效
（一）完善依法行政制度
1.健全重大行政决策机制。全年审议决策事项12件，均经合法性审查。
2.加强规范性文件管理。备案规范性文件8件。
（二）规范行政执法
全县行政执法部门全面落实“三项制度”。
1.开展案卷评查。抽查案卷60卷，整改问题15个。
二、存在问题
部分干部法治意识仍需提升，基层执法力量较为薄弱。
三、2025年工作安排
（一）深化示范创建。对照指标补齐短板。
（二）加强执法监督。一是开展专项检查。覆盖全部执法部门。二是组织旁听庭审。全年不少于两次。
特此报告。
附件：1.示例县2024年行政执法数据统计表
2.示例县2024年法治政府建设工作台账
中共示例县委 示例县人民政府
2025年1月20日
（此件公开发布）
"""


def _parse(text: str) -> Outline:
    return parse_outline(text.splitlines())


def _shape(nodes):
    return [(node.label, node.level, _shape(node.children)) for node in nodes]


# --- the parts of a report ----------------------------------------------------

def test_head_and_tail_of_a_full_report():
    outline = _parse(REPORT)
    assert outline.doc_mark == "示例县人民政府文件"
    assert outline.doc_number == "示政〔2025〕3号"
    assert outline.title == "示例县人民政府关于2024年度法治政府建设情况的报告"
    assert outline.addressee == ["中共示例市委", "示例市人民政府"]
    assert outline.intro == ["2024年，示例县以法治政府建设示范创建为抓手，各项工作稳步推进。现将有关情况报告如下："]
    assert outline.closing == "特此报告。"
    assert outline.attachments == ["示例县2024年行政执法数据统计表", "示例县2024年法治政府建设工作台账"]
    assert outline.signatures == ["中共示例县委", "示例县人民政府"]
    assert (outline.date, outline.date_text) == (date(2025, 1, 20), "2025年1月20日")
    assert outline.note == "（此件公开发布）"
    assert outline.kind == "report"


def test_body_tree_of_a_full_report():
    outline = _parse(REPORT)
    assert _shape(outline.sections) == [
        ("一、", 1, [("（一）", 2, [("1.", 3, []), ("2.", 3, [])]), ("（二）", 2, [("1.", 3, [])])]),
        ("二、", 1, []),
        ("三、", 1, [("（一）", 2, []), ("（二）", 2, [("一是", 3, []), ("二是", 3, [])])]),
    ]
    first = outline.sections[0]
    assert (first.title, first.text, first.number_style, first.number) == ("主要举措和成效", "", NumberStyle.CHINESE, 1)
    item = first.children[0].children[0]
    assert (item.title, item.text) == ("健全重大行政决策机制", "全年审议决策事项12件，均经合法性审查。")
    assert first.children[1].paragraphs == ["全县行政执法部门全面落实“三项制度”。"]
    assert outline.sections[1].paragraphs == ["部分干部法治意识仍需提升，基层执法力量较为薄弱。"]


def test_multi_line_title_and_a_report_without_any_head():
    outline = _parse("示例县人民政府关于\n2024年法治政府建设情况的报告\n一、基本情况\n示例县推进依法行政。")
    assert outline.title == "示例县人民政府关于2024年法治政府建设情况的报告"
    outline = _parse("2024年，示例县推进依法行政。现将情况汇报如下：\n一、基本情况\n示例县推进依法行政。")
    assert (outline.title, outline.addressee, outline.signatures, outline.date) == ("", [], [], None)
    assert outline.intro == ["2024年，示例县推进依法行政。现将情况汇报如下："]


def test_a_lead_paragraph_ending_in_a_colon_is_not_an_addressee():
    outline = _parse("现将示例县2024年法治政府建设情况报告如下：\n一、基本情况")
    assert outline.addressee == [] and len(outline.intro) == 1


def test_addressee_keeps_bracketed_lists_whole():
    outline = _parse("各乡（镇）人民政府，县直各单位：\n示例县推进依法行政。")
    assert outline.addressee == ["各乡（镇）人民政府", "县直各单位"]


# --- heading levels -------------------------------------------------------------

def test_levels_follow_the_numbering_families():
    outline = _parse("一、甲\n（一）乙\n1、丙\n（1）丁\n2.戊\n（二）己\n二、庚")
    assert _shape(outline.sections) == [
        ("一、", 1, [("（一）", 2, [("1、", 3, [("（1）", 4, [])]), ("2.", 3, [])]), ("（二）", 2, [])]),
        ("二、", 1, []),
    ]


def test_levels_are_compressed_where_a_family_is_skipped():
    outline = _parse("一、甲\n（一）乙\n1、丙\n二、丁\n1、戊\n（1）己\n2、庚")
    assert _shape(outline.sections) == [
        ("一、", 1, [("（一）", 2, [("1、", 3, [])])]),
        ("二、", 1, [("1、", 2, [("（1）", 3, [])]), ("2、", 2, [])]),
    ]


def test_a_document_without_top_level_parts_starts_at_level_one():
    outline = _parse("导语。\n(一)甲\n1．乙\n(二)丙")
    assert _shape(outline.sections) == [("(一)", 1, [("1．", 2, [])]), ("(二)", 1, [])]


def test_numbers_that_are_not_headings():
    outline = _parse("一、甲\n1.5万人次参加培训。\n2024年共办理案件。\n12、3月份集中开展检查。\n统一是前提。")
    assert outline.sections[0].children == []
    assert len(outline.sections[0].paragraphs) == 4


# --- run-in headings and inline items -------------------------------------------

@pytest.mark.parametrize(("line", "title", "text"), [
    ("1.建立示例机制。全年运行良好。", "建立示例机制", "全年运行良好。"),
    ("1.建立示例机制；全年运行良好。", "建立示例机制", "全年运行良好。"),
    ("1.建立示例机制。", "建立示例机制", ""),
    ("（一）坚持依法决策，提升决策质量", "坚持依法决策，提升决策质量", ""),
    ("1." + "示例" * 21 + "。后文。", "", "示例" * 21 + "。后文。"),
    ("1." + "示例" * 21 + "。", "", "示例" * 21 + "。"),
    ("1." + "示例" * 31, "", "示例" * 31),
])
def test_run_in_and_standalone_headings(line, title, text):
    node = _parse("一、甲\n" + line).sections[0].children[0]
    assert (node.title, node.text) == (title, text)


def test_inline_items_run_together_in_one_paragraph():
    outline = _parse("一、甲\n（一）强化监督。总体平稳。一是开展检查。覆盖全县。二是组织培训；共3期。三是完善制度。")
    node = outline.sections[0].children[0]
    assert node.inline_style and (node.title, node.text) == ("强化监督", "总体平稳。")
    items = [(child.number_style, child.label, child.number, child.title, child.text) for child in node.children]
    assert items == [
        (NumberStyle.INLINE, "一是", 1, "开展检查", "覆盖全县。"),
        (NumberStyle.INLINE, "二是", 2, "组织培训", "共3期。"),
        (NumberStyle.INLINE, "三是", 3, "", "完善制度。"),
    ]
    assert all(child.level == 3 for child in node.children)


def test_inline_items_in_separate_paragraphs():
    outline = _parse("一、甲\n（一）强化监督\n一是开展检查，覆盖全县。\n补充说明。\n二是组织培训。\n（二）乙")
    node = outline.sections[0].children[0]
    assert not node.inline_style
    assert [(child.text, child.paragraphs) for child in node.children] == [
        ("开展检查，覆盖全县。", ["补充说明。"]),
        ("组织培训。", []),
    ]


def test_lone_or_unordered_markers_are_not_items():
    for body in ["一是开展检查。覆盖全县。", "二是开展检查。一是组织培训。", "统一是前提。二是关键。", "主要有两点，一是检查，二是培训。"]:
        node = _parse("一、甲\n" + body).sections[0]
        assert node.children == [] and node.paragraphs == [body], body


def test_inline_items_precede_numbered_children():
    outline = _parse("一、甲\n一是开展检查。二是组织培训。\n（一）乙")
    assert [child.label for child in outline.sections[0].children] == ["一是", "二是", "（一）"]


# --- tail -----------------------------------------------------------------------

def test_signatures_on_separate_lines_and_chinese_dates():
    outline = _parse("一、甲\n示例县推进依法行政。\n中共示例县委\n示例县人民政府\n二〇二五年一月二十日")
    assert outline.signatures == ["中共示例县委", "示例县人民政府"]
    assert (outline.date, outline.date_text) == (date(2025, 1, 20), "二〇二五年一月二十日")


def test_at_most_four_signature_lines():
    organs = ["示例县委员会", "示例县人民政府", "示例县司法局", "示例县财政局", "示例县公安局"]
    outline = _parse("一、甲\n" + "\n".join(organs))
    assert outline.signatures == organs[1:] and outline.sections[0].paragraphs == organs[:1]


def test_impossible_dates_are_text():
    outline = _parse("一、甲\n2025年2月30日")
    assert outline.date is None and outline.sections[0].paragraphs == ["2025年2月30日"]


def test_closing_glued_to_the_last_paragraph():
    outline = _parse("一、甲\n示例县推进依法行政。特此报告。\n2025年1月20日")
    assert outline.closing == "特此报告。"
    assert outline.sections[0].paragraphs == ["示例县推进依法行政。"]


def test_single_attachment_and_misnumbered_lists():
    outline = _parse("一、甲\n附件：示例县行政执法数据统计表\n示例县人民政府")
    assert outline.attachments == ["示例县行政执法数据统计表"]
    outline = _parse("一、甲\n附件：1.甲表\n3.乙表\n示例县人民政府")
    assert outline.attachments == []
    assert outline.sections[0].paragraphs == ["附件：1.甲表"]


def test_the_signature_is_only_read_after_the_body():
    outline = _parse("示例县人民政府\n一、甲\n示例县推进依法行政。")
    assert outline.signatures == [] and outline.intro == ["示例县人民政府"]


# --- kind -----------------------------------------------------------------------

DIRECTIVE = """\
各乡（镇）人民政府，县直各单位：
现将《示例县法治政府建设实施方案》印发给你们，请结合实际认真贯彻落实。
示例县法治政府建设实施方案
一、工作任务
1.强化依法决策。重大决策全部经过合法性审查。〔责任单位：县司法局〕
2.规范行政执法。全面落实“三项制度”。〔责任单位：县直各执法部门〕
"""


def test_a_directive_is_recognised_with_its_reasons():
    outline = _parse(DIRECTIVE)
    assert outline.kind == "directive"
    reasons = "\n".join(outline.kind_reasons)
    for expected in ["方案", "2 处“责任单位”", "各乡（镇）人民政府", "印发", "没有“特此报告”"]:
        assert expected in reasons


def test_a_report_is_recognised_with_its_reasons():
    outline = _parse(REPORT)
    assert outline.kind == "report"
    assert any("报告如下" in reason for reason in outline.kind_reasons)
    assert any("特此报告" in reason for reason in outline.kind_reasons)
    assert _parse("一、甲").kind_reasons == ["没有发现下发文件的特征，按报告处理"]


# --- year and region ------------------------------------------------------------

@pytest.mark.parametrize(("text", "year", "region"), [
    (REPORT, 2024, "示例县"),
    ("示例县2023年法治政府建设情况报告\n一、甲", 2023, "示例县"),
    ("2024年，示例市示例区坚持依法行政。\n一、甲", 2024, "示例市示例区"),
    ("2022年，我县坚持依法行政。\n一、甲", 2022, None),
    ("2019年，在县委的领导下，我县推进法治建设。现将示例县2019年度法治政府建设情况报告如下：\n一、甲",
     2019, "示例县"),
    ("一、2021年法治政府建设情况\n示例旗人民政府", 2021, "示例旗"),
    ("一、甲\n示例自治县人民政府\n2025年3月2日", 2024, "示例自治县"),
    ("一、甲\n2025年9月2日", 2025, None),
    ("一、甲", None, None),
])
def test_infer_year_and_region(text, year, region):
    assert infer_year_and_region(_parse(text)) == (year, region)


# --- whole-document properties ---------------------------------------------------

def _letters(text: str) -> str:
    """The letters, digits and CJK characters of `text`, in order."""
    return re.sub(r"[\W_]", "", text)


def test_text_lines_lay_out_everything_in_order():
    outline = _parse(REPORT)
    assert _letters("".join(outline.text_lines())) == _letters(REPORT)
    assert outline.text_lines()[-3:] == ["示例县人民政府", "2025年1月20日", "（此件公开发布）"]
    assert "（一）完善依法行政制度" in outline.text_lines()
    assert "完善依法行政制度" in outline.text_lines(numbered=False)
    assert "2.示例县2024年法治政府建设工作台账" in outline.text_lines()


_FRAGMENTS = [
    "一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "一是", "二是", "三是", "。", "；", "：", "，", " ",
    "特此报告。", "示例县人民政府", "中共示例县委", "2025年1月20日", "二〇二五年一月二十日", "（此件公开发布）",
    "附件：", "关于", "报告", "意见", "各乡镇", "〔责任单位：县司法局〕", "示例", "依法行政", "A", "7", "\t",
    "示政〔2025〕3号", "现将", "如下",
]
_LINE = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(_FRAGMENTS), max_size=10).map("".join))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_parsing_never_fails_and_keeps_every_character_in_order(lines):
    outline = parse_outline(lines)
    assert _letters("".join(outline.text_lines())) == _letters("".join(lines))
    assert outline.kind in ("report", "directive") and outline.kind_reasons
    for node in outline.walk():
        assert node.level >= 1 and all(child.level == node.level + 1 for child in node.children)
    infer_year_and_region(outline)


# --- the seed documents -----------------------------------------------------------

def _seed(prefix: str) -> Path:
    return next(seeds_folder().glob(f"{prefix}_*.txt"))


def _import(prefix: str) -> tuple[list[str], list[Cleaning], Outline]:
    raw = read_source(_seed(prefix))
    notes: list[Cleaning] = []
    return raw, notes, parse_outline(clean_lines(raw, notes))


def _counts(nodes):
    return [len([child for child in node.children if child.number_style is not NumberStyle.INLINE]) for node in nodes]


def test_seed_000_body_only_with_inline_items():
    _, _, outline = _import("000")
    assert _counts(outline.sections) == [4, 3, 6]
    assert (outline.title, outline.addressee, outline.signatures, outline.date) == ("", [], [], None)
    assert all(section.inline_style for section in outline.sections[0].children)
    assert infer_year_and_region(outline) == (2024, "巩留县")


def test_seed_001_title_addressee_two_organs_and_date():
    _, notes, outline = _import("001")
    assert _counts(outline.sections) == [7, 0, 4]
    assert _counts(outline.sections[0].children) == [3, 3, 3, 4, 4, 3, 3]
    assert len(outline.sections[0].children[4].paragraphs) == 1
    assert outline.title.startswith("关于2023年") and outline.title.endswith("报告")
    assert len(outline.addressee) == 2 and len(outline.signatures) == 2
    assert outline.date == date(2024, 1, 23)
    assert infer_year_and_region(outline) == (2023, "建宁县")
    assert [note.kind.value for note in notes] == ["扫码提示"]


def test_seed_002_four_levels_and_page_furniture():
    _, notes, outline = _import("002")
    assert _counts(outline.sections) == [8, 3, 4]
    assert _counts(outline.sections[0].children) == [3, 3, 3, 3, 4, 2, 4, 3]
    assert [node.level for node in outline.sections[1].children] == [2, 2, 2]
    assert max(node.level for node in outline.walk() if node.number_style is not NumberStyle.INLINE) == 4
    assert outline.title.endswith("报告") and outline.signatures == ["天镇县人民政府"]
    assert outline.date == date(2020, 3, 30)
    assert infer_year_and_region(outline) == (2019, "天镇县")
    assert {note.kind.value for note in notes} == {"网页位置栏", "网页信息栏"}


def test_seed_003_is_a_directive():
    _, _, outline = _import("003")
    assert outline.kind == "directive"
    assert any("责任单位" in reason for reason in outline.kind_reasons)


def test_seed_004_closing_date_and_rejoined_word():
    _, notes, outline = _import("004")
    assert _counts(outline.sections) == [0, 8, 0, 3]
    assert _counts(outline.sections[1].children) == [0, 0, 0, 4, 2, 3, 2, 3]
    assert outline.closing == "特此报告。" and outline.signatures == []
    assert outline.date == date(2025, 2, 28)
    assert infer_year_and_region(outline) == (2024, "项城市")
    assert [note.kind.value for note in notes] == ["合并断行"]
    assert any("政务APP" in node.text for node in outline.walk())


def _squeeze(text: str) -> str:
    """Text without whitespace and numbering, in one width, for comparing content."""
    plain = "\n".join(without_numbering(line) for line in text.splitlines())
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", plain))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_seed_outline_keeps_the_source_text(prefix):
    raw, notes, outline = _import(prefix)
    assert outline.kind == "report"
    source = "\n".join(raw)
    for note in notes:
        if note.removed:
            source = source.replace(note.original, "", 1)
    assert _letters("".join(outline.text_lines())) == _letters(source)
    flattened = "\n".join(outline.text_lines(numbered=False))
    similarity = difflib.SequenceMatcher(None, _squeeze(source), _squeeze(flattened), autojunk=False).ratio()
    assert similarity >= 0.98
