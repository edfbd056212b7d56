"""Figures in form text: counts, decimals, rates, custom figures, the filters 同比/万元/上年/小数,
number formats, and what happens to values the form leaves null."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_support import block_with, load_report, minimal_report, missing_runs, roles

from drafter.doctree import Role, Run
from drafter.errors import EXIT_FINDINGS
from drafter.form.placeholders import TEXT_FILTERS
from drafter.render import MissingFigures, NumberFormat, RenderError, render_report
from drafter.render.figures_context import FILTERS
from drafter.render.sandbox import TextRenderer


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return load_report(tmp_path_factory.mktemp("figures"))


def text(report, source: str, numbers: NumberFormat | None = None) -> str:
    runs = TextRenderer(report, numbers).runs(source, ("导语",))
    assert all(run.role is Role.TEXT for run in runs)
    return "".join(run.text for run in runs)


def test_filters_are_the_placeholder_catalogue():
    assert set(FILTERS) == set(TEXT_FILTERS)


def test_counts_print_as_arabic_numerals(report):
    assert text(report, "受理{{ 行政复议.受理 }}件，清理{{ 规范性文件.清理 }}件") == "受理45件，清理1234件"


def test_item_lookup_form(report):
    assert text(report, "{{ 行政复议['受理'] }}") == "45"


def test_rates_are_derived_and_rounded(report):
    assert text(report, "{{ 行政应诉.出庭应诉率 }}") == "99.16%"   # 118 / 119
    assert text(report, "{{ 规范性文件.按时报备率 }}") == "87.5%"   # 7 / 8, trailing zero dropped


def test_rates_follow_the_number_format(report):
    assert text(report, "{{ 行政应诉.出庭应诉率 }}", NumberFormat(places=1)) == "99.2%"
    assert text(report, "{{ 行政应诉.出庭应诉率 }}", NumberFormat(places=2, rounding="down")) == "99.15%"
    assert text(report, "{{ 行政应诉.出庭应诉率 }}", NumberFormat(places=0)) == "99%"


def test_places_filter(report):
    assert text(report, "{{ 行政应诉.出庭应诉率 | 小数(1) }}") == "99.2%"
    assert text(report, "{{ 行政应诉.出庭应诉率 | 小数(4) }}") == "99.1597%"
    assert text(report, "{{ 法律援助.挽回损失 | 小数(0) }}") == "353"


def test_decimals_keep_what_was_stored(report):
    assert text(report, "{{ 法律援助.挽回损失 }}") == "352.5"


def test_yoy_increase_decrease_flat(report):
    assert text(report, "{{ 行政复议.受理 | 同比 }}") == "同比增长12.5%"          # 45 vs 40
    assert text(report, "{{ 矛盾纠纷调解.受理纠纷 | 同比 }}") == "同比下降28.61%"  # 1385 vs 1940
    assert text(report, "{{ 法律援助.受理 | 同比 }}") == "与上年持平"              # 36 vs 36


def test_last_year_filter(report):
    assert text(report, "{{ 行政复议.受理 | 上年 }}") == "40"
    assert text(report, "{{ 行政应诉.出庭应诉率 | 上年 }}") == "95%"          # 76 / 80


def test_wan_filter_on_amounts_in_yuan(report):
    assert text(report, "{{ 自定义.法律援助专项资金 | 万元 }}") == "352.5"
    assert text(report, "{{ 自定义.法律援助专项资金 | 万元 | 同比 }}") == "同比增长17.5%"
    assert text(report, "{{ 自定义.法律援助专项资金 | 上年 | 万元 }}") == "300"


def test_custom_figure_prints_its_value(report):
    assert text(report, "{{ 自定义.法律援助专项资金 }}元") == "3525000元"


def test_the_fixture_renders_figures_in_place(report):
    doc = render_report(report)
    assert block_with(doc, "发挥行政复议").text == (
        "1.发挥行政复议主渠道作用。全年受理行政复议案件45件，同比增长12.5%；受理矛盾纠纷1385件，同比下降28.61%。")
    assert "出庭应诉率99.16%，上年为95%。" in block_with(doc, "做好行政应诉").text
    assert "与上年持平，投入专项资金352.5万元" in block_with(doc, "法律援助。").text


@pytest.mark.parametrize("source, message", [
    ("{{ 行政应诉.出庭应诉率 | 同比 }}", "是比率，不能用“同比”"),
    ("{{ 行政复议.受理 | 万元 }}", "单位是件"),
    ("{{ 自定义.法律援助专项资金 | 万元 | 万元 }}", "不能再用一次“万元”"),
    ("{{ 行政复议.受理 | 上年 | 同比 }}", "已经是上年数据"),
    ("{{ 行政复议.受理 | 同比 | 小数(1) }}", "请把“同比”放在最后"),
    ("{{ 行政应诉.出庭应诉率 | 小数(9) }}", "0 到 6 的整数"),
    ("{{ 行政应诉.出庭应诉率 | 小数('x') }}", "0 到 6 的整数"),
    ("{{ 行政复议 }}", "是一组数据"),
    ("{{ 行政复议.收理 }}", "你是不是想写“受理”"),
    ("{{ 自定义.不存在 }}", "自定义数据中没有“不存在”"),
    ("{{ 行政复议.受理 | 翻倍 }}", "未知的过滤器"),
])
def test_misused_placeholders_are_located_errors(report, source, message):
    with pytest.raises(RenderError) as caught:
        TextRenderer(report).runs(source, ("主要举措和成效", "章节", 0, "内容"))
    assert message in caught.value.message
    assert caught.value.loc == ("主要举措和成效", "章节", 0, "内容")
    assert caught.value.message.startswith("主要举措和成效.章节[1].内容：")
    assert caught.value.exit_code == EXIT_FINDINGS


# ---------------------------------------------------------------- missing values


def _blank_figures(data):
    data["数据"]["行政复议"]["受理"] = None
    data["数据"]["行政应诉"]["开庭"] = None
    data["上年数据"]["矛盾纠纷调解"]["受理纠纷"] = None
    data["数据"]["自定义"][0]["数值"] = None


@pytest.fixture(scope="module")
def gappy(tmp_path_factory):
    return load_report(tmp_path_factory.mktemp("gappy"), _blank_figures)


def test_missing_figures_refuse_a_final_render(gappy):
    with pytest.raises(MissingFigures) as refused:
        render_report(gappy)
    items = {item.loc: item for item in refused.value.items}
    assert list(items) == [
        ("数据", "行政复议", "受理"),
        ("上年数据", "矛盾纠纷调解", "受理纠纷"),
        ("数据", "行政应诉", "开庭"),
        ("数据", "自定义", 0, "数值"),
    ]
    assert items[("数据", "行政复议", "受理")].describe() == (
        "待填：数据.行政复议.受理（单位：件）（用于 主要举措和成效.章节[5].条目[1].内容）")
    assert items[("数据", "自定义", 0, "数值")].detail == "待填：数据.自定义.法律援助专项资金（单位：元）"
    assert refused.value.exit_code == EXIT_FINDINGS
    assert "还有 4 项待填" in str(refused.value)


def test_missing_figures_are_marked_in_a_draft(gappy):
    doc = render_report(gappy, draft=True)
    assert missing_runs(doc) == [
        "【待填：行政复议.受理】", "【待填：行政复议.受理】", "【待填：上年数据.矛盾纠纷调解.受理纠纷】",
        "【待填：行政应诉.出庭应诉率】", "【待填：自定义.法律援助专项资金】",
    ]
    assert roles(block_with(doc, "发挥行政复议"))[2:5] == [
        ("text", "全年受理行政复议案件"), ("missing", "【待填：行政复议.受理】"), ("text", "件，")]


def test_missing_date_refuses_and_is_marked_in_a_draft(tmp_path):
    report = load_report(tmp_path, lambda d: d["基本信息"].__setitem__("成文日期", None))
    with pytest.raises(MissingFigures) as refused:
        render_report(report)
    assert [item.loc for item in refused.value.items] == [("基本信息", "成文日期")]
    assert missing_runs(render_report(report, draft=True)) == ["【待填：成文日期】"]


def test_yoy_without_last_year_data(tmp_path):
    report = load_report(tmp_path, lambda d: d.pop("上年数据"))
    with pytest.raises(MissingFigures) as refused:
        render_report(report)
    assert ("上年数据", "行政复议", "受理") in [item.loc for item in refused.value.items]
    assert "【待填：上年数据.行政复议.受理】" in missing_runs(render_report(report, draft=True))


def test_zero_denominator_cannot_be_computed(tmp_path):
    def edit(data):
        data["数据"]["行政应诉"]["开庭"] = 0
        data["数据"]["行政应诉"]["负责人出庭"] = 0
    report = load_report(tmp_path, edit)
    with pytest.raises(MissingFigures) as refused:
        render_report(report)
    assert refused.value.items[0].detail == "行政应诉.出庭应诉率无法计算：开庭为0，请改写这句话"
    assert "【无法计算：行政应诉.出庭应诉率】" in missing_runs(render_report(report, draft=True))


def test_figures_the_text_does_not_use_may_stay_null(report):
    from drafter.model.figures import missing_figures

    assert ("普法", "普法活动") in missing_figures(report.figures)
    assert render_report(report).blocks


def test_sentinel_characters_in_form_text_cannot_forge_markers(report):
    runs = TextRenderer(report).runs("受理\ue0000\ue001件{{ 行政复议.受理 }}", ())
    assert runs == [Run("受理0件45")]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_rate_text_matches_decimal_arithmetic(numerator, denominator):
    report = minimal_report(行政应诉={"开庭": denominator, "负责人出庭": numerator})
    expected = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    printed = text(report, "{{ 行政应诉.出庭应诉率 }}")
    assert printed.endswith("%") and Decimal(printed[:-1]) == expected


def test_number_format_from_the_style_profile(report):
    from drafter.writers.style import load_style, profile_from_data

    def rate(**options):
        doc = render_report(report, **options)
        return block_with(doc, "出庭应诉率").text.split("出庭应诉率")[1][:7]

    def numbers(data):
        return profile_from_data(data).numbers.format()

    assert rate() == "99.16%，" and rate(numbers=load_style().numbers.format()) == "99.16%，"
    assert rate(numbers=numbers({"数字": {"小数位数": 1}})) == "99.2%，上"
    assert rate(numbers=numbers({"数字": {"小数位数": 2, "舍入方式": "截断"}})) == "99.15%，"
    assert rate(numbers=NumberFormat(places=3)) == "99.16%，"


def test_null_figures_in_skipped_sections_do_not_block(tmp_path):
    def edit(data):
        data["主要举措和成效"]["章节"][1]["内容"] = "开展普法活动{{ 普法.普法活动 }}场。"
    report = load_report(tmp_path, edit)
    assert report.measures.sections[1].not_applicable and report.figures.publicity.events is None
    assert "普法活动" not in render_report(report).plain_text()
