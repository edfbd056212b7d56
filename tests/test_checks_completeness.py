"""Completeness family: 待填 figures and texts, 第一责任人履职, 纲要 areas, blanks and filler in text."""

from __future__ import annotations

import pytest
from _forms import dump, findings, form_data, form_text, of_rule
from hypothesis import given
from hypothesis import strategies as st

from drafter.checks import Level
from drafter.checks.completeness import find_blanks


def test_clean_form_is_complete(tmp_path):
    found = findings(tmp_path, form_text())
    rules = {"empty-text", "first-responsible", "outline-area", "blank"}
    assert [f for f in found if f.rule in rules] == []


# ---------------------------------------------------------------- missing-figure


def test_figure_used_in_text_but_not_filled_is_an_error(tmp_path):
    """render refuses a final document without it, so check must not say 可以生成文档."""
    text = "全年受理行政复议案件{{ 行政复议.受理 }}件。"
    found = of_rule(findings(tmp_path, form_text(text)), "missing-figure")
    used = [f for f in found if f.path == "数据.行政复议.受理"]
    assert [f.level for f in used] == [Level.ERROR]
    assert "--draft" in used[0].message


def test_filled_figure_is_not_missing(tmp_path):
    found = findings(tmp_path, form_text("受理{{ 行政复议.受理 }}件。", figures={"行政复议": {"受理": 3}}))
    assert [f for f in of_rule(found, "missing-figure") if f.path == "数据.行政复议.受理"] == []


# ---------------------------------------------------------------- empty-text, first-responsible


def test_empty_required_part_is_reported(tmp_path):
    data = form_data()
    data["存在的不足和原因"] = {"章节": []}
    found = of_rule(findings(tmp_path, dump(data)), "empty-text")
    assert [f.path for f in found] == ["存在的不足和原因"]


def test_first_responsible_missing(tmp_path):
    data = form_data()
    del data["第一责任人履职"]
    assert len(of_rule(findings(tmp_path, dump(data)), "first-responsible")) == 1


def test_first_responsible_as_a_section_of_the_measures(tmp_path):
    data = form_data()
    del data["第一责任人履职"]
    data["主要举措和成效"]["章节"].insert(0, {"纲要领域": "第一责任人履职", "内容": "县长带头述法，专题研究法治工作。"})
    assert of_rule(findings(tmp_path, dump(data)), "first-responsible") == []


def test_first_responsible_as_an_item_titled_after_it(tmp_path):
    """Imported reports keep their own titles: an item “…第一责任人职责…” covers the duty."""
    data = form_data()
    del data["第一责任人履职"]
    data["主要举措和成效"]["章节"][0]["条目"] = [
        {"小标题": "主要负责人履行推进法治建设第一责任人职责更加有力。", "内容": "县长带头述法。"}]
    assert of_rule(findings(tmp_path, dump(data)), "first-responsible") == []
    data["主要举措和成效"]["章节"][0]["不涉及"] = True
    assert len(of_rule(findings(tmp_path, dump(data)), "first-responsible")) == 1


# ---------------------------------------------------------------- outline-area


def test_area_missing_from_an_area_organised_part_is_a_warning(tmp_path):
    data = form_data()
    data["主要举措和成效"]["章节"] = [s for s in data["主要举措和成效"]["章节"] if s["纲要领域"] != "数字法治政府"]
    found = of_rule(findings(tmp_path, dump(data)), "outline-area")
    assert len(found) == 1 and found[0].level is Level.WARNING
    assert "数字法治政府" in found[0].message


def test_area_marked_not_applicable_counts_as_covered(tmp_path):
    data = form_data()
    for section in data["主要举措和成效"]["章节"]:
        if section["纲要领域"] == "突发事件应对":
            section.clear()
            section.update({"纲要领域": "突发事件应对", "不涉及": True})
    assert of_rule(findings(tmp_path, dump(data)), "outline-area") == []


def test_missing_areas_are_only_a_hint_beside_custom_sections(tmp_path):
    data = form_data()
    data["主要举措和成效"]["章节"] = [{"标题": "深化政务服务改革", "内容": "推行帮办代办，压缩办理时限。"}]
    found = of_rule(findings(tmp_path, dump(data)), "outline-area")
    assert [f.level for f in found] == [Level.HINT]


# ---------------------------------------------------------------- blank


@pytest.mark.parametrize(("text", "blank"), [
    ("开展调委会规范化建设专项检查 次，开展业务培训4次。", " 次"),
    ("严厉查处 起违法行为。", " 起"),
    ("涉及物业纠纷  件。", "  件"),
    ("涉及物业纠纷 \u00a0件）", " \u00a0件"),
    ("本年度共调处纠纷 件", " 件"),
    ("全年共办理__件。", "__件"),
    ("开展专项检查次，成效明显。", "次"),
    ("严厉查处违法行为起。", "起"),
    ("XX镇率先完成改革。", "XX"),
    ("××街道率先完成改革。", "××"),
    ("完成□项制度建设。", "□"),
    ("全年培训【待填】人次。", "【待填】"),
    ("TODO 补充本节内容。", "TODO"),
])
def test_blank_in_text_is_an_error(tmp_path, text, blank):
    found = of_rule(findings(tmp_path, form_text(text)), "blank")
    assert len(found) == 1 and found[0].level is Level.ERROR
    assert blank.strip() in found[0].message
    assert [text[a:b] for a, b in find_blanks(text)] == [blank]


@pytest.mark.parametrize("text", [
    "多次开展督查，每次都形成通报，首次实现全覆盖，本次检查层次分明，次要问题当场整改。",
    "一次性告知，两次回访，再次核查，其次是依次办理，名次靠前，累计培训500人次。",
    "从源头抓起，自2024年1月1日起施行，从现在起全面推行，一起研究，发起倡议，提起诉讼。",
    "开展专项检查12次，查处违法案件3起，受理纠纷 20件次。",
    "开展上门服务160余次，走访企业550余家次，查处违法行为30余起。",
    "全县 人民群众满意度提升，项目 条例 名单 家庭 场所 份额。",
    "推进5G网络建设，XXL号服装，共有TODOS团队。",
    "办理{{ 行政复议.受理 }}件，其中调解 {{ 行政复议.调解和解 }}件。",
])
def test_words_ending_in_a_measure_word_are_not_blanks(tmp_path, text):
    data = form_data(text, figures={"行政复议": {"受理": 5, "调解和解": 1}})
    assert of_rule(findings(tmp_path, dump(data)), "blank") == []


@given(st.text(alphabet="0123456789次件起人检查开展专项，。多每首层 ", max_size=40))
def test_blank_spans_never_start_at_a_digit_and_end_in_the_text(text):
    for start, end in find_blanks(text):
        assert 0 <= start < end <= len(text)
        assert not text[start].isdigit()
        assert not (start > 0 and text[start - 1].isdigit())
