"""Tests for the carryover check family: unanswered plan follow-ups and values still flagged 待核."""

from __future__ import annotations

from pathlib import Path

from drafter.checks import ALL_RULES, Level, run_checks
from drafter.form.load import load_form

FIXTURE = Path(__file__).parent / "fixtures" / "示例县2023年法治政府建设报告.yaml"

FOLLOW_UP = """
上年计划落实:
  - 上年计划: 推行说理式执法。
    落实情况: 已在两个部门推开。
    状态: 推进中
  - 上年计划: 完成案卷集中评查。
    落实情况: 已完成评查。
    状态: null
  - 上年计划: 配齐村（社区）法律顾问。
    落实情况:
    状态:
"""


def findings(tmp_path: Path, text: str, rule: str):
    path = tmp_path / "表单.yaml"
    path.write_text(text, encoding="utf-8")
    form = load_form(path)
    assert form.problems == []
    return [f for f in run_checks(form) if f.rule == rule]


def test_rules_are_registered():
    assert {"plan-follow-up", "unreviewed"} <= set(ALL_RULES)


def test_a_form_without_carry_over_has_no_such_findings(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    assert findings(tmp_path, text, "plan-follow-up") == [] and findings(tmp_path, text, "unreviewed") == []


def test_each_unanswered_plan_is_a_warning_at_its_place(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8") + FOLLOW_UP
    found = findings(tmp_path, text, "plan-follow-up")
    assert [(f.level, f.path, f.message) for f in found] == [
        (Level.WARNING, "上年计划落实[2].状态", "上年计划“完成案卷集中评查。”：待填状态"),
        (Level.WARNING, "上年计划落实[3].落实情况", "上年计划“配齐村（社区）法律顾问。”：待填落实情况和状态"),
    ]
    lines = text.splitlines()
    assert lines[found[0].line - 1] == "    状态: null"


def test_every_flagged_value_is_a_warning_until_its_comment_is_removed(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    flagged = text.replace("讲授法治专题课1次。\n", "讲授法治专题课1次。  # 待核：含 2次、1次\n").replace(
        "    公职律师: 15  # ", "    公职律师: 15  # 待核：沿用上年数值；").replace(
        "    - 标题: 加强法治宣传教育\n", "    # 待核：请改写\n    - 标题: 加强法治宣传教育\n")
    found = findings(tmp_path, flagged, "unreviewed")
    assert [(f.level, f.path, f.message) for f in found] == [
        (Level.WARNING, "第一责任人履职.章节[1].内容[2]", "待核：含 2次、1次。核对或修改后删去这条注释"),
        (Level.WARNING, "下一年度工作安排.章节[2].标题", "待核：请改写。核对或修改后删去这条注释"),
        (Level.WARNING, "数据.法律顾问.公职律师", "待核：沿用上年数值。核对或修改后删去这条注释"),
    ]


def test_the_rules_can_be_switched_off(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("讲授法治专题课1次。\n", "讲授法治专题课1次。  # 待核\n")
    text += FOLLOW_UP + "检查设置:\n  关闭规则: [unreviewed, plan-follow-up]\n"
    assert findings(tmp_path, text, "unreviewed") == [] and findings(tmp_path, text, "plan-follow-up") == []
