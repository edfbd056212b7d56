"""Mapping an outline onto the form: parts by meaning, 纲要 areas, the tree, 基本信息, refusals."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.importer import ImportFailure, clean_lines, parse_outline
from drafter.importer.mapping import Mapped, map_outline
from drafter.model.outline import AREAS, Outline as OutlineVersion, outline_for_year
from drafter.model.report import DEFAULT_PART_TITLES, Level, ListStyle, PartKey
from import_support import DIRECTIVE, REPORT, comparable, rendered_text


def _map(text: str, **options) -> Mapped:
    return map_outline(parse_outline(clean_lines(text.splitlines())), **options)


def _doc(*parts: str, head: str = "关于2024年法治政府建设情况的报告") -> str:
    return "\n".join([head, "2024年，示例县扎实推进法治政府建设。现将有关情况报告如下：", *parts, "特此报告。"])


# --- parts -------------------------------------------------------------------

@pytest.mark.parametrize("title, key", [
    ("2024年法治政府建设主要举措和成效", PartKey.MEASURES),
    ("基本情况", PartKey.MEASURES),
    ("2024年法治政府建设情况", PartKey.MEASURES),
    ("2024年依法行政工作情况", PartKey.MEASURES),
    ("主要工作措施和成效", PartKey.MEASURES),
    ("党政主要负责人履行推进法治建设第一责任人职责情况", PartKey.FIRST_RESPONSIBLE),
    ("主要负责人履职情况", PartKey.FIRST_RESPONSIBLE),
    ("存在的问题", PartKey.SHORTCOMINGS),
    ("存在的不足和原因", PartKey.SHORTCOMINGS),
    ("2025年工作安排", PartKey.PLANS),
    ("下一年度工作计划", PartKey.PLANS),
    ("下一步工作打算", PartKey.PLANS),
    ("2025年工作重点", PartKey.PLANS),
    ("下一步工作措施", PartKey.PLANS),
    ("2025年工作思路", PartKey.PLANS),
    ("其他需要报告的情况", PartKey.OTHER),
])
def test_parts_are_mapped_by_what_their_titles_say(title, key):
    mapped = _map(_doc("一、主要举措和成效", "示例县全面推进依法行政。", f"二、{title}", "本部分的正文。")
                  if key is not PartKey.MEASURES else _doc(f"一、{title}", "本部分的正文。"))
    part = dict(mapped.report.parts())[key]
    default = DEFAULT_PART_TITLES[key].format(年度=2024, 下一年度=2025)
    assert part.text == "本部分的正文。" and part.title == (None if title == default else title)
    assert mapped.parts[-1].key is key and title[:2] in mapped.parts[-1].heading


def test_a_part_titled_like_the_default_keeps_no_title():
    mapped = _map(_doc("一、2024年法治政府建设主要举措和成效", "正文。", "二、存在的不足和原因", "正文。",
                       "三、2025年法治政府建设工作安排", "正文。"))
    assert [part.title for _, part in mapped.report.parts()] == [None, None, None]


def test_first_unmatched_part_becomes_measures_when_missing_and_later_ones_other():
    mapped = _map(_doc("一、示范创建", "创建工作稳步推进。", "二、存在问题", "基层力量薄弱。",
                       "三、队伍建设", "充实执法力量。", "四、宣传引导", "开展法治宣传。"))
    report = mapped.report
    assert report.measures.title == "示范创建" and report.measures.text == "创建工作稳步推进。"
    assert report.other.title == "队伍建设"
    assert [(s.title, s.text) for s in report.other.sections] == [("宣传引导", "开展法治宣传。")]
    assert [(p.key, p.merged) for p in mapped.parts] == [
        (PartKey.MEASURES, False), (PartKey.SHORTCOMINGS, False), (PartKey.OTHER, False), (PartKey.OTHER, True)]
    assert "第一个未识别" in mapped.parts[0].reason


def test_two_parts_for_one_key_merge_as_a_section_that_keeps_its_title_and_tree():
    mapped = _map(_doc("一、主要举措和成效", "正文。", "二、存在的问题", "（一）执法力量不足", "乡镇执法人员偏少。",
                       "三、问题产生的原因", "（一）投入不够。经费保障不足。", "1.培训偏少。全年仅培训一次。"))
    shortcomings = mapped.report.shortcomings
    assert [s.title for s in shortcomings.sections] == ["执法力量不足", "问题产生的原因"]
    merged = shortcomings.sections[1]
    assert [(i.title, i.text) for i in merged.items] == [("投入不够。", "经费保障不足。")]
    assert [(c.title, c.text) for c in merged.items[0].children] == [("培训偏少。", "全年仅培训一次。")]
    assert mapped.parts[-1].merged and mapped.parts[-1].items == 1


def test_missing_required_parts_are_empty_parts():
    report = _map(_doc("一、主要举措和成效", "正文。")).report
    assert report.shortcomings.is_empty() and report.plans.is_empty() and report.first_responsible is None


def test_a_text_without_numbered_parts_stays_in_the_intro_with_a_warning():
    mapped = _map("示例县推进依法行政。\n示例县规范行政执法。", year=2024, region="示例县")
    assert mapped.report.intro == ["示例县推进依法行政。", "示例县规范行政执法。"]
    assert mapped.report.measures.is_empty() and "导语" in mapped.warnings[0]


# --- 纲要 areas --------------------------------------------------------------

@pytest.mark.parametrize("year, title, area", [
    (2024, "深化放管服改革", "政府职能"),
    (2024, "推动政府职能转变", "政府职能"),
    (2024, "推进科学民主依法决策", "行政决策"),
    (2024, "严格规范公正文明执法，落实“三项制度”", "行政执法"),
    (2024, "加强规范性文件管理", "依法行政制度"),
    (2024, "完善依法行政制度体系", "依法行政制度"),
    (2024, "依法化解矛盾纠纷", "矛盾纠纷化解"),
    (2024, "做好行政复议和应诉工作", "矛盾纠纷化解"),
    (2024, "强化对行政权力的制约和监督", "权力制约监督"),
    (2024, "深化政务公开", "权力制约监督"),
    (2024, "依法预防处置突发事件", "突发事件应对"),
    (2024, "提升应急处置能力", "突发事件应对"),
    (2024, "建设数字法治政府", "数字法治政府"),
    (2024, "推进政务信息化", "数字法治政府"),
    (2024, "加强党的领导，完善组织保障", "党的领导"),
    (2024, "健全法治政府建设推进机制", "党的领导"),
    (2024, "压实第一责任人职责", "第一责任人履职"),
    (2024, "深入学习习近平法治思想", "党的领导"),
    (2019, "深入学习习近平法治思想", "法治思维能力"),
    (2019, "提高工作人员法治思维", "法治思维能力"),
    (2019, "依法应对突发事件", None),
    (2024, "选任人民监督员", None),
    (2024, "打造特色品牌", None),
])
def test_sections_of_measures_get_the_area_their_title_names(year, title, area):
    report = _map(_doc("一、主要举措和成效", f"（一）{title}", "本节正文。",
                       head=f"关于{year}年法治政府建设情况的报告")).report
    section = report.measures.sections[0]
    assert section.area == area and section.title == title and section.text == "本节正文。"


def test_a_section_with_the_standard_title_needs_no_title_and_an_area_is_used_once():
    report = _map(_doc("一、主要举措和成效", "（一）健全行政执法工作体系，全面推进严格规范公正文明执法",
                       "正文甲。", "（二）规范行政执法行为", "正文乙。")).report
    first, second = report.measures.sections
    assert (first.area, first.title) == ("行政执法", None)
    assert report.section_title(first) == "健全行政执法工作体系，全面推进严格规范公正文明执法"
    assert (second.area, second.title) == (None, "规范行政执法行为")


@pytest.mark.parametrize("year, area", [(2019, a) for a in AREAS[OutlineVersion.V2015]]
                         + [(2024, a) for a in AREAS[OutlineVersion.V2021]])
def test_every_standard_title_of_the_outline_gets_its_own_area(year, area):
    """A report that used the 纲要's own section titles (as Word reports often do) gets each
    one's area, e.g. 健全政府机构职能体系，推动更好发挥政府作用 → 政府职能."""
    title = AREAS[outline_for_year(year)][area]
    report = _map(_doc("一、主要举措和成效", f"（一）{title}", "本节正文。",
                       head=f"关于{year}年法治政府建设情况的报告")).report
    section = report.measures.sections[0]
    assert (section.area, section.title) == (area, None)


def test_areas_are_only_given_in_measures():
    report = _map(_doc("一、主要举措和成效", "正文。", "二、2025年工作安排", "（一）加强行政执法", "正文。")).report
    assert report.plans.sections[0].area is None


# --- the tree ----------------------------------------------------------------

def test_items_keep_run_in_titles_with_their_full_stop_and_standalone_titles_without():
    report = _map(_doc("一、主要举措和成效", "（一）规范行政执法",
                       "1.开展案卷评查。抽查案卷60卷。", "2.加强执法培训", "全年培训两次。",
                       "3.全县执法部门全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，执法行为进一步规范。")).report
    items = report.measures.sections[0].items
    assert [(i.title, i.text) for i in items] == [
        ("开展案卷评查。", "抽查案卷60卷。"), ("加强执法培训", "全年培训两次。"),
        (None, "全县执法部门全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，执法行为进一步规范。")]


def test_inline_runs_become_items_written_inline():
    report = _map(_doc("一、主要举措和成效", "（一）规范行政执法",
                       "全县持续规范执法。一是开展案卷评查。抽查案卷60卷。二是加强执法培训。全年培训两次。")).report
    section = report.measures.sections[0]
    assert section.style is ListStyle.INLINE and section.text == "全县持续规范执法。"
    assert [(i.title, i.text) for i in section.items] == [("开展案卷评查。", "抽查案卷60卷。"),
                                                          ("加强执法培训。", "全年培训两次。")]


def test_fourth_level_and_inline_sub_items():
    report = _map(_doc("一、主要举措和成效", "（一）规范行政执法", "1.推进执法改革",
                       "（1）整合队伍。组建综合执法队伍。", "（2）下沉力量。充实乡镇执法人员。",
                       "2.加强执法监督", "一是开展评查。评查案卷60卷。", "二是开展督察。督察部门8个。")).report
    first, second = report.measures.sections[0].items
    assert first.style is ListStyle.NUMBERED
    assert [(c.title, c.text) for c in first.children] == [("整合队伍。", "组建综合执法队伍。"),
                                                           ("下沉力量。", "充实乡镇执法人员。")]
    assert second.style is ListStyle.INLINE
    assert [(c.title, c.text) for c in second.children] == [("开展评查。", "评查案卷60卷。"),
                                                            ("开展督察。", "督察部门8个。")]


def test_levels_below_the_fourth_are_kept_as_numbered_paragraphs():
    report = _map(_doc("一、主要举措和成效", "（一）规范行政执法", "1.推进执法改革", "（1）整合队伍",
                       "一是组建综合执法队伍，统一执法标准。", "二是充实乡镇执法人员，加强业务培训。")).report
    child = report.measures.sections[0].items[0].children[0]
    assert child.title == "整合队伍"
    assert child.text == ["一是组建综合执法队伍，统一执法标准。", "二是充实乡镇执法人员，加强业务培训。"]


def test_inline_items_followed_by_numbered_ones_stay_in_the_text():
    report = _map(_doc("一、主要举措和成效", "（一）规范行政执法",
                       "一是开展评查，覆盖全部部门。二是开展督察，发现问题及时整改。",
                       "1.加强培训。全年培训两次。")).report
    section = report.measures.sections[0]
    assert section.style is ListStyle.NUMBERED
    assert section.text == ["一是开展评查，覆盖全部部门。", "二是开展督察，发现问题及时整改。"]
    assert [(i.title, i.text) for i in section.items] == [("加强培训。", "全年培训两次。")]


def test_a_part_written_as_an_inline_run_has_inline_sections():
    report = _map(_doc("一、第一责任人履职情况", "主要负责同志带头履职。一是带头学法。全年学法6次。二是带头述法。年终述法。",
                       "二、主要举措和成效", "正文。")).report
    part = report.first_responsible
    assert part.style is ListStyle.INLINE and part.text == "主要负责同志带头履职。"
    assert [(s.title, s.text) for s in part.sections] == [("带头学法。", "全年学法6次。"), ("带头述法。", "年终述法。")]


def test_template_delimiters_of_the_source_are_kept_as_text():
    report = _map(_doc("一、主要举措和成效", "示例县在系统中输入{{ 和 {% 两种符号。")).report
    assert report.measures.text == "示例县在系统中输入｛{ 和 ｛% 两种符号。"
    rendered = rendered_text(report)
    assert "｛{" in rendered and "｛%" in rendered and "{{" not in rendered


_SENTENCES = st.sampled_from(["全县推进依法行政。", "开展执法检查12次。", "规范性文件全部备案。", "群众满意度提升。",
                              "加强队伍建设，充实执法力量。", "落实行政执法“三项制度”。"])
_TITLES = st.sampled_from(["主要举措和成效", "存在问题", "下一步工作安排", "第一责任人履职情况", "示范创建",
                           "队伍建设", "加强行政执法", "化解矛盾纠纷", "数字政府"])
_LABELS = {1: ["一、", "二、", "三、", "四、", "五、"], 2: ["（一）", "（二）", "（三）"], 3: ["1.", "2.", "3."], 4: ["（1）", "（2）"]}


@st.composite
def _nodes(draw, level: int) -> list[str]:
    """Lines of a numbered tree from `level` down: headings (run in or not), paragraphs, 一是 runs."""
    lines = []
    for label in _LABELS[level][:draw(st.integers(1 if level == 1 else 0, len(_LABELS[level])))]:
        lines.append(label + draw(_TITLES) + ("。" + draw(_SENTENCES) if draw(st.booleans()) else ""))
        # parts and sections have text (a heading with nothing under it is not printed)
        lines += draw(st.lists(_SENTENCES, min_size=1 if level <= 2 else 0, max_size=2))
        if draw(st.booleans()):
            run = draw(st.lists(_SENTENCES, min_size=2, max_size=3))
            lines.append("".join(f"{'一二三'[i]}是{sentence}" for i, sentence in enumerate(run)))
        if level < 4:
            lines += draw(_nodes(level + 1))
    return lines


@settings(max_examples=40, deadline=None)
@given(_nodes(1))
def test_no_character_of_the_source_is_lost(body):
    text = _doc(*body)
    report = _map(text).report
    source = Counter(comparable(text))
    rendered = Counter(comparable(rendered_text(report)))
    assert not source - rendered


# --- 基本信息 -----------------------------------------------------------------

def test_meta_of_a_full_report():
    mapped = _map(REPORT)
    meta = mapped.report.meta
    assert (meta.year, meta.region, meta.level) == (2024, "示例县", Level.COUNTY)
    assert meta.issuer == "示例县人民政府" and meta.signatures == ["中共示例县委", "示例县人民政府"]
    assert meta.addressees == ["中共示例市委", "示例市人民政府"]
    assert meta.date == date(2025, 1, 20) and meta.note == "此件公开发布"
    assert meta.title is None and meta.title_style == "关于"
    assert mapped.report.closing == "特此报告。"
    assert set(mapped.guesses) == {"年度", "地区", "层级"}


def test_year_and_region_from_the_command_line_win():
    mapped = _map(REPORT, year=2023, region="示例市")
    assert (mapped.report.meta.year, mapped.report.meta.region) == (2023, "示例市")
    assert "年度" not in mapped.guesses and "地区" not in mapped.guesses


def test_no_year_is_left_to_fill_in_not_refused():
    mapped = _map("一、主要举措和成效\n示例县推进依法行政。", region="示例县")
    assert "年度" in mapped.missing and "年度" not in mapped.guesses
    assert _map("一、主要举措和成效\n示例县推进依法行政。", year=2024, region="示例县").report.meta.year == 2024


def test_no_region_is_left_to_fill_in_not_refused():
    mapped = _map("关于2024年法治政府建设情况的报告\n一、主要举措和成效\n全县推进依法行政。")
    assert set(mapped.missing) == {"地区", "报告机关", "落款"} and mapped.report.meta.year == 2024


def test_a_department_is_found_from_its_signature():
    text = "\n".join(["关于2024年法治政府建设情况的报告", "2024年，示例市司法局扎实推进法治政府建设。",
                      "一、主要举措和成效", "本局推进依法行政。", "特此报告。", "示例市司法局", "2025年1月20日"])
    mapped = _map(text)
    meta = mapped.report.meta
    assert (meta.region, meta.level, meta.issuer) == ("示例市司法局", Level.DEPARTMENT, "示例市司法局")


@pytest.mark.parametrize("region, level", [
    ("示例县", Level.COUNTY), ("示例旗", Level.COUNTY), ("示例市", Level.CITY), ("示例州", Level.CITY),
    ("示例区", Level.DISTRICT), ("示例省", Level.PROVINCE), ("示例自治区", Level.PROVINCE),
    ("示例镇", Level.TOWNSHIP), ("示例乡", Level.TOWNSHIP), ("示例街道", Level.TOWNSHIP),
    ("示例市司法局", Level.DEPARTMENT), ("示例县发展和改革委员会", Level.DEPARTMENT), ("示例县政府办", Level.DEPARTMENT),
])
def test_level_is_guessed_from_the_region(region, level):
    assert _map(REPORT, region=region).report.meta.level is level


def test_without_signature_the_organs_come_from_the_region():
    mapped = _map(_doc("一、主要举措和成效", "正文。"), region="示例县")
    meta = mapped.report.meta
    assert meta.issuer == "示例县人民政府" and meta.signatures == ["示例县人民政府"]
    assert {"报告机关", "落款"} <= set(mapped.guesses)


@pytest.mark.parametrize("head, title, style", [
    ("关于2024年法治政府建设情况的报告", None, "关于"),
    ("示例县2024年法治政府建设年度报告", None, "年度报告"),
    ("关于2024年度法治政府建设工作的报告", "关于2024年度法治政府建设工作的报告", "关于"),
])
def test_title_is_kept_only_when_it_differs_from_the_generated_one(head, title, style):
    meta = _map(_doc("一、主要举措和成效", "正文。", head=head), region="示例县").report.meta
    assert (meta.title, meta.title_style) == (title, style)


def test_doc_number_and_mark_are_kept():
    meta = _map("示例县人民政府文件\n示政〔2025〕3号\n" + _doc("一、主要举措和成效", "正文。"), region="示例县").report.meta
    assert (meta.doc_mark, meta.doc_number) == ("示例县人民政府文件", "示政〔2025〕3号")


def test_attachments_are_imported():
    mapped = _map(REPORT.replace("特此报告。", "特此报告。\n附件：示例县2024年行政执法数据统计表"))
    assert mapped.report.attachments == ["示例县2024年行政执法数据统计表"]
    assert not any("附件" in warning for warning in mapped.warnings)


# --- directives ----------------------------------------------------------------


def test_a_directive_is_refused_with_what_to_do_instead():
    with pytest.raises(ImportFailure) as failure:
        _map(DIRECTIVE)
    message = failure.value.message
    assert "不是法治政府建设情况报告" in message and "意见" in message
    assert "drafter check --targets" in message and "--force-report" in message


def test_a_directive_can_still_be_imported_as_a_tree():
    mapped = _map(DIRECTIVE, force_report=True, year=2024)
    report = mapped.report
    assert report.measures.title == "总体要求" and report.other.title == "工作任务"
    assert [s.title for s in report.other.sections] == ["规范行政执法。", "化解矛盾纠纷。"]
