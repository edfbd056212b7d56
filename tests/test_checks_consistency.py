"""Consistency family: parts ≤ wholes from the figures table, rates ≤ 100 %, numbers written in
the text against 数据, and stated rates against the counts beside them."""

from __future__ import annotations

import pytest
from _forms import findings, form_text, of_rule

from drafter.checks import Level
from drafter.model.figures import GROUPS


def test_clean_form_has_no_consistency_findings(tmp_path):
    found = findings(tmp_path, form_text())
    assert [f for f in found if f.rule in ("figure-sum", "rate-range", "text-figure", "text-rate")] == []
    assert [f for f in found if f.level is not Level.HINT] == []


# ---------------------------------------------------------------- figure-sum


@pytest.mark.parametrize(("group", "values", "where"), [
    ("行政应诉", {"开庭": 10, "负责人出庭": 11}, "负责人出庭"),
    ("行政应诉", {"审结": 8, "败诉": 9}, "败诉"),
    ("矛盾纠纷调解", {"受理纠纷": 100, "调解成功": 101}, "调解成功"),
    ("行政复议", {"受理": 10, "上年结转": 2, "办结": 13}, "办结"),
    ("行政复议", {"办结": 10, "纠错": 3, "调解和解": 4, "维持": 5}, "纠错"),
])
def test_part_larger_than_its_whole_is_an_error(tmp_path, group, values, where):
    found = of_rule(findings(tmp_path, form_text(figures={group: values})), "figure-sum")
    assert len(found) == 1
    assert found[0].level is Level.ERROR
    assert found[0].path == f"数据.{group}.{where}"


def test_parts_within_their_whole_pass(tmp_path):
    figures = {"行政复议": {"受理": 10, "上年结转": 2, "办结": 12, "纠错": 3, "调解和解": 4, "维持": 5},
               "行政应诉": {"案件": 20, "开庭": 15, "负责人出庭": 15, "审结": 18, "败诉": 2, "撤诉": 6}}
    assert of_rule(findings(tmp_path, form_text(figures=figures)), "figure-sum") == []


def test_unknown_whole_is_not_judged(tmp_path):
    """办结 ≤ 受理 + 上年结转 cannot be judged while 上年结转 is 待填."""
    found = findings(tmp_path, form_text(figures={"行政复议": {"受理": 10, "办结": 12}}))
    assert of_rule(found, "figure-sum") == []


def test_a_part_over_the_whole_inside_a_sum_is_reported_once(tmp_path):
    figures = {"矛盾纠纷调解": {"专职调解员": 10, "村居专职调解员": 12}}
    found = of_rule(findings(tmp_path, form_text(figures=figures)), "figure-sum")
    assert len(found) == 1


def test_last_year_figures_are_checked_too(tmp_path):
    found = of_rule(findings(tmp_path, form_text(last={"行政应诉": {"开庭": 3, "负责人出庭": 4}})), "figure-sum")
    assert [f.path for f in found] == ["上年数据.行政应诉.负责人出庭"]


def test_every_declared_relation_names_figures_of_its_group():
    for group in GROUPS:
        for parts, whole in group.relations():
            assert all(group.figure(key) for key in (*parts, *whole)), group.key


# ---------------------------------------------------------------- rate-range


def test_rate_over_100_from_undeclared_relation_is_reported(tmp_path):
    """法律援助 办结率 = 办结 ÷ 受理 has no declared relation (carried-over cases)."""
    found = of_rule(findings(tmp_path, form_text(figures={"法律援助": {"受理": 10, "办结": 12}})), "rate-range")
    assert len(found) == 1 and found[0].level is Level.WARNING
    assert "120%" in found[0].message


def test_rate_over_100_used_in_text_is_an_error(tmp_path):
    text = "全年办结法律援助案件，办结率{{ 法律援助.办结率 }}。"
    found = of_rule(findings(tmp_path, form_text(text, figures={"法律援助": {"受理": 10, "办结": 12}})), "rate-range")
    assert [f.level for f in found] == [Level.ERROR]


def test_rate_within_range_passes(tmp_path):
    found = findings(tmp_path, form_text(figures={"法律援助": {"受理": 12, "办结": 12}}))
    assert of_rule(found, "rate-range") == []


def test_rate_over_100_from_a_broken_part_is_not_reported_twice(tmp_path):
    found = findings(tmp_path, form_text(figures={"行政应诉": {"开庭": 10, "负责人出庭": 11}}))
    assert of_rule(found, "rate-range") == []


# ---------------------------------------------------------------- text-figure


def test_number_after_a_figure_wording_must_match_the_data(tmp_path):
    text = "全年受理行政复议案件23件，均依法审理。"
    found = of_rule(findings(tmp_path, form_text(text, figures={"行政复议": {"受理": 25}})), "text-figure")
    assert len(found) == 1 and found[0].level is Level.ERROR
    assert "23" in found[0].message and "25" in found[0].message
    assert found[0].path == "主要举措和成效.章节[1].内容"


@pytest.mark.parametrize("text", [
    "全年受理行政复议案件25件，均依法审理。",                    # agrees
    "全年共受理行政复议案件{{ 行政复议.受理 }}件。",              # placeholder, not a literal
    "上年受理行政复议案件23件，今年继续推进。",                  # another period
    "2023年受理行政复议案件23件，今年继续推进。",                # another year
    "历年累计受理行政复议案件230件。",                          # cumulative
    "受理行政复议案件23余件。",                                 # approximate
    "受理矛盾纠纷23件。",                                       # another figure, not filled
])
def test_number_in_text_that_is_not_this_years_figure_passes(tmp_path, text):
    found = findings(tmp_path, form_text(text, figures={"行政复议": {"受理": 25}}))
    assert of_rule(found, "text-figure") == []


# ---------------------------------------------------------------- literal-figure


@pytest.mark.parametrize(("text", "figures", "suggest"), [
    ("全年受理行政复议案件25件，均依法审理。", {"行政复议": {"受理": 25}}, "{{ 行政复议.受理 }}"),
    ("全年受理行政复议案件23件，均依法审理。", None, "把 23 填入 数据.行政复议.受理"),
    ("行政机关负责人出庭应诉率99.16%。", {"行政应诉": {"开庭": 119, "负责人出庭": 118}}, "{{ 行政应诉.出庭应诉率 }}"),
    ("行政机关负责人出庭应诉率99.16%。", None, "负责人出庭、开庭"),
])
def test_literal_figure_that_agrees_or_is_not_filled_suggests_the_placeholder(tmp_path, text, figures, suggest):
    found = of_rule(findings(tmp_path, form_text(text, figures=figures)), "literal-figure")
    assert len(found) == 1 and found[0].level is Level.HINT
    assert suggest in found[0].message


def test_placeholders_and_contradictions_are_not_literal_figure_hints(tmp_path):
    figures = {"行政复议": {"受理": 25}}
    assert of_rule(findings(tmp_path, form_text("受理行政复议案件{{ 行政复议.受理 }}件。", figures=figures)),
                   "literal-figure") == []
    found = findings(tmp_path, form_text("受理行政复议案件23件。", figures=figures))
    assert of_rule(found, "literal-figure") == [] and len(of_rule(found, "text-figure")) == 1


def test_rate_written_in_text_must_match_the_computed_rate(tmp_path):
    text = "行政机关负责人出庭应诉率99.15%。"
    figures = {"行政应诉": {"案件": 130, "开庭": 119, "负责人出庭": 118}}
    found = of_rule(findings(tmp_path, form_text(text, figures=figures)), "text-figure")
    assert len(found) == 1 and "99.16%" in found[0].message


def test_rate_written_in_text_rounded_to_its_decimals_passes(tmp_path):
    figures = {"行政应诉": {"案件": 130, "开庭": 119, "负责人出庭": 118}}
    for text in ("行政机关负责人出庭应诉率99.16%。", "负责人出庭应诉率99.2%。", "出庭应诉率达99%。"):
        assert of_rule(findings(tmp_path, form_text(text, figures=figures)), "text-figure") == []


def test_plans_may_state_targets(tmp_path):
    plans = "2025年，力争受理行政复议案件30件以内全部按期办结，出庭应诉率达到100%。"
    figures = {"行政复议": {"受理": 25}, "行政应诉": {"开庭": 10, "负责人出庭": 9}}
    found = findings(tmp_path, form_text(plans=plans, figures=figures))
    assert of_rule(found, "text-figure") == []


# ---------------------------------------------------------------- text-rate


@pytest.mark.parametrize(("text", "computed"), [
    ("共受理矛盾纠纷733件，成功调处688件，调解成功率达95%。", "94%"),
    ("开庭审理行政诉讼案件119件，负责人出庭118件，出庭率99.15%。", "99.16%"),
    ("全年共调处4838件，调成4817件，成功率达99.5%。", "99.6%"),
])
def test_rate_beside_counts_it_does_not_match(tmp_path, text, computed):
    found = of_rule(findings(tmp_path, form_text(text)), "text-rate")
    assert len(found) == 1 and found[0].level is Level.WARNING
    assert f"应为 {computed}" in found[0].message


@pytest.mark.parametrize("text", [
    "审结案件15件，其中撤诉10件，调撤率为66.67%。",                       # 10 / 15
    "审结案件15件，其中撤诉6件、调解4件，调撤率为66.67%。",               # (6 + 4) / 15
    "采购总额3525万元，节约资金327万元，节约率8.49%。",                    # 327 / (3525 + 327)
    "一审结案143件，败诉11件，败诉率7.69%。",                            # 11 / 143
    "受理信访事项200件，同比下降12.5%。",                                # a change, not a share
    "共有窗口258个，网办占比100%，其中256个窗口评价公示率100%。",         # a count per rate
    "办理政务服务事项2530项，完成率90%以上。",                            # a bound
    "调处纠纷{{ 矛盾纠纷调解.受理纠纷 }}件，调成688件，成功率95%。",       # a placeholder count
])
def test_rates_that_fit_their_counts_or_are_not_shares_pass(tmp_path, text):
    assert of_rule(findings(tmp_path, form_text(text)), "text-rate") == []


def test_far_away_pairs_are_not_taken_for_a_rates_counts(tmp_path):
    text = "参加学法考试300人，考试合格280人，优秀率80%。"   # 280 / 300 = 93.3 is not near 80
    assert of_rule(findings(tmp_path, form_text(text)), "text-rate") == []
