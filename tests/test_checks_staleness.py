"""Staleness family: years against 年度, last year's paragraphs, rollover's 待核 markers, 成文日期."""

from __future__ import annotations

import pytest
from _forms import dump, findings, form_data, form_text, of_rule

from drafter.checks import Level
from drafter.form.load import dump_yaml, parse_yaml

# ---------------------------------------------------------------- year-typo


def test_year_without_nian_is_an_error(tmp_path):
    found = of_rule(findings(tmp_path, form_text(plans="2025度重点推进执法规范化建设。")), "year-typo")
    assert len(found) == 1 and found[0].level is Level.ERROR
    assert "2025年度" in found[0].message


def test_year_with_nian_and_electricity_pass(tmp_path):
    text = "2024年度完成节能改造，节约用电1200度电量。"
    assert of_rule(findings(tmp_path, form_text(text, plans="2025年度重点推进执法规范化建设。")), "year-typo") == []


# ---------------------------------------------------------------- year-stale


def test_paragraph_opening_with_last_year_is_a_warning(tmp_path):
    found = of_rule(findings(tmp_path, form_text("2023年，示例县持续推进政务公开，公开目录全面更新。")), "year-stale")
    assert [f.level for f in found] == [Level.WARNING]


def test_plans_opening_with_this_year_is_a_warning(tmp_path):
    found = of_rule(findings(tmp_path, form_text(plans="2024年，继续为乡镇补充执法人员。")), "year-stale")
    assert [f.level for f in found] == [Level.WARNING]
    assert "2025" in found[0].message


def test_heading_with_another_year_is_a_warning(tmp_path):
    data = form_data(meta={"标题": "关于2023年法治政府建设情况的报告"})
    found = of_rule(findings(tmp_path, dump(data)), "year-stale")
    assert [f.path for f in found] == ["基本信息.标题"]


def test_much_older_year_in_this_years_work_is_a_hint(tmp_path):
    found = of_rule(findings(tmp_path, form_text("智慧执法平台于2010年1月正式运行，今年完成升级。")), "year-stale")
    assert [f.level for f in found] == [Level.HINT]


@pytest.mark.parametrize("text", [
    "2024年，示例县持续推进政务公开。",                                  # 年度
    "2023年以来，示例县持续推进政务公开。",                              # since
    "自2016年起实行统一编号，今年继续执行。",                            # since
    "对照《法治政府建设实施纲要（2021—2025年）》逐项落实。",             # a range in a title
    "认真落实2015-2025年规划，逐年推进。",                               # a range
    "落实2016年修订的管理办法，完善制度。",                              # dates a document
    "较2023年增长12%，较2022年增长20%。",                                # comparisons with recent years
])
def test_years_that_fit_pass(tmp_path, text):
    assert of_rule(findings(tmp_path, form_text(text)), "year-stale") == []


def test_plans_may_open_with_next_year(tmp_path):
    assert of_rule(findings(tmp_path, form_text(plans="2025年，继续为乡镇补充执法人员。")), "year-stale") == []


# ---------------------------------------------------------------- same-as-last-year

REPEATED = "围绕重点领域持续开展执法检查，及时通报发现的问题并督促相关单位限期整改到位。"


def _last_year(paragraph: str) -> str:
    """Last year's form: its own texts, with `paragraph` in one section."""
    return f"""\
基本信息:
  年度: 2023
  地区: 示例县
  层级: 县
  报告机关: 示例县人民政府
  落款: [示例县人民政府]
导语: 2023年，示例县以提升行政执法质量为重点推进法治政府建设。现将有关情况报告如下：
主要举措和成效:
  章节:
    - 纲要领域: 行政执法
      内容:
        - 组织全县执法人员分三批参加业务轮训，考试全部合格。
        - "{paragraph}"
存在的不足和原因:
  内容: 执法装备配备不足，部分乡镇还没有执法记录仪。
下一年度工作安排:
  内容: 2024年，为乡镇配齐执法记录仪。
结束语: 特此报告。
"""


def test_paragraph_identical_to_last_years_is_a_warning(tmp_path):
    found = of_rule(findings(tmp_path, form_text(REPEATED), previous=_last_year(REPEATED)), "same-as-last-year")
    assert [f.path for f in found] == ["主要举措和成效.章节[1].内容"]
    assert found[0].level is Level.WARNING


def test_identical_up_to_spacing_and_punctuation_width_counts_as_identical(tmp_path):
    last = _last_year(REPEATED.replace("，", ",") + " ")
    found = of_rule(findings(tmp_path, form_text(REPEATED), previous=last), "same-as-last-year")
    assert len(found) == 1


def test_changed_paragraphs_pass(tmp_path):
    this = form_text(REPEATED.replace("限期", "按期"))
    assert of_rule(findings(tmp_path, this, previous=_last_year(REPEATED)), "same-as-last-year") == []


def test_short_set_phrases_may_repeat(tmp_path):
    """特此报告。 and other short paragraphs are the same every year."""
    this = form_text(["特此说明如下。", REPEATED.replace("限期", "按期")])
    last = _last_year("特此说明如下。")
    assert of_rule(findings(tmp_path, this, previous=last), "same-as-last-year") == []


def test_without_previous_form_nothing_is_compared(tmp_path):
    assert of_rule(findings(tmp_path, form_text(REPEATED)), "same-as-last-year") == []


# ---------------------------------------------------------------- unreviewed (carryover family)

MARKED = """\
基本信息:
  年度: 2024
  地区: 示例县
  层级: 县
  报告机关: 示例县人民政府
  落款: [示例县人民政府]
导语: 2024年，示例县按照年度工作要点推进法治政府建设。现将有关情况报告如下：
第一责任人履职:
  内容: 县长主持召开专题会议，研究部署重点任务。  # 待核：沿用上年
主要举措和成效:
  章节:
    - 纲要领域: 党的领导
      内容:
        - 第一段已经按今年情况改写。
        # 待核
        - 第二段还是上年的文字。
        - 第三段已经改写。
    - 纲要领域: 政府职能
      # 待核：整段沿用上年
      内容: 推行帮办代办服务。
存在的不足和原因:
  内容: 基层执法力量薄弱。
下一年度工作安排:
  内容: 2025年，补充执法人员。
"""


def test_each_paragraph_still_marked_for_review_is_reported(tmp_path):
    found = of_rule(findings(tmp_path, MARKED), "unreviewed")
    assert [f.path for f in found] == [
        "第一责任人履职.内容",
        "主要举措和成效.章节[1].内容[2]",
        "主要举措和成效.章节[2].内容",
    ]  # a marker after “内容:” of a list is not one rollover writes; each paragraph carries its own
    assert {f.level for f in found} == {Level.WARNING}
    assert found[1].line == 16


def test_reviewed_paragraphs_pass(tmp_path):
    reviewed = "\n".join(line.split("  #")[0] if "待核" in line else line
                         for line in MARKED.splitlines() if line.strip() != "# 待核"
                         and "# 待核：整段" not in line) + "\n"
    assert "待核" not in reviewed
    assert of_rule(findings(tmp_path, reviewed), "unreviewed") == []


def test_other_comments_are_not_markers(tmp_path):
    text = MARKED.replace("待核", "已核")
    assert of_rule(findings(tmp_path, text), "unreviewed") == []


def test_marker_survives_a_round_trip_of_the_tree():
    """rollover writes the markers through the same round-trip dump the checks read."""
    assert dump_yaml(parse_yaml(MARKED, "x"), source=MARKED) == MARKED


# ---------------------------------------------------------------- dates


def test_date_before_the_year_ended_is_an_error(tmp_path):
    found = of_rule(findings(tmp_path, form_text(meta={"成文日期": "2024-12-30"})), "date-early")
    assert [f.level for f in found] == [Level.ERROR]
    assert found[0].path == "基本信息.成文日期"


@pytest.mark.parametrize(("level", "date"), [("县", "2025-04-01"), ("部门", "2025-03-01"), ("市", "2026-01-05")])
def test_date_on_or_after_the_deadline_is_a_warning(tmp_path, level, date):
    meta = {"层级": level, "成文日期": date}
    if level == "部门":
        meta.update({"地区": "示例县司法局", "报告机关": "示例县司法局", "落款": ["示例县司法局"]})
    found = of_rule(findings(tmp_path, form_text(meta=meta)), "date-late")
    assert [f.level for f in found] == [Level.WARNING]


@pytest.mark.parametrize(("level", "date"), [("县", "2025-03-31"), ("部门", "2025-02-28"), ("县", "2025-01-01")])
def test_date_within_the_window_passes(tmp_path, level, date):
    found = findings(tmp_path, form_text(meta={"层级": level, "成文日期": date}))
    assert of_rule(found, "date-late") == [] and of_rule(found, "date-early") == []


def test_deadline_can_be_set_in_the_form(tmp_path):
    text = form_text(meta={"成文日期": "2025-03-10"}, settings={"报送截止": {"县": "03-01"}})
    assert len(of_rule(findings(tmp_path, text), "date-late")) == 1
    text = form_text(meta={"成文日期": "2025-04-10"}, settings={"报送截止": {"县": "04-15"}})
    assert of_rule(findings(tmp_path, text), "date-late") == []


# ---------------------------------------------------------------- compared as printed (issue 14, point 11)

FIGURED = "全年受理行政复议案件{{ 行政复议.受理 }}件，办结{{ 行政复议.办结 }}件，依法纠正违法或不当行政行为。"


def _with_figures(paragraph: str, accepted: int, closed: int, year: int = 2023) -> str:
    text = _last_year(paragraph)
    return text.replace("结束语: 特此报告。\n", f"结束语: 特此报告。\n数据:\n  行政复议:\n    受理: {accepted}\n"
                                              f"    办结: {closed}\n")


def test_paragraph_of_placeholders_whose_figures_changed_is_new(tmp_path):
    this = form_text(FIGURED, figures={"行政复议": {"受理": 96, "办结": 90}})
    found = findings(tmp_path, this, previous=_with_figures(FIGURED, 78, 75))
    assert of_rule(found, "same-as-last-year") == []


def test_paragraph_that_prints_the_same_words_is_the_same(tmp_path):
    """Last year wrote the figures out; this year uses placeholders with the same figures."""
    this = form_text(FIGURED, figures={"行政复议": {"受理": 78, "办结": 75}})
    last = _last_year("全年受理行政复议案件78件，办结75件，依法纠正违法或不当行政行为。")
    assert len(of_rule(findings(tmp_path, this, previous=last), "same-as-last-year")) == 1
