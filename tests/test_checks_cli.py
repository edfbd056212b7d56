"""`drafter check` options added with the check families: --rules, --disable, --previous, json."""

from __future__ import annotations

import json

from _forms import form_text

from drafter.checks import ALL_RULES, RULE_TABLE
from drafter.checks.typography import FIXABLE
from drafter.paths import SAMPLES_DIR

SAMPLE_TARGETS = SAMPLES_DIR / "targets" / "市级实施意见指标.yaml"


def test_rules_lists_every_rule_with_family_and_chinese_name(run_cli):
    code, out, _ = run_cli("check", "--rules")
    assert code == 0
    for family, rule, name in RULE_TABLE:
        line = next(l for l in out.splitlines() if l.startswith(rule + " "))
        assert family in line and name in line
        assert ("可自动修正" in line) == (rule in FIXABLE)
    assert "检查设置.关闭规则" in out


def test_rule_ids_are_unique_kebab_case():
    ids = [rule for _family, rule, _name in RULE_TABLE]
    assert len(ids) == len(set(ids)) == len(ALL_RULES)
    assert all(rule.replace("-", "").isascii() and rule.replace("-", "").isalpha() and rule.islower() for rule in ids)


def test_check_without_files_is_a_usage_error(run_cli):
    code, _, err = run_cli("check")
    assert code == 2 and "请指定要检查的表单文件" in err


def test_disable_switches_a_rule_off_and_unknown_rules_are_refused(tmp_path, run_cli):
    form = tmp_path / "表单.yaml"
    form.write_text(form_text("加强执法监督,开展案卷评查。"), encoding="utf-8")
    _, out, _ = run_cli("check", str(form))
    assert "[ascii-punct]" in out
    _, out, _ = run_cli("check", "--disable", "ascii-punct", str(form))
    assert "[ascii-punct]" not in out
    code, _, err = run_cli("check", "--disable", "no-such-rule", str(form))
    assert code == 2 and "no-such-rule" in err


def test_rule_switched_off_in_the_form(tmp_path, run_cli):
    form = tmp_path / "表单.yaml"
    form.write_text(form_text("加强执法监督,开展案卷评查。", settings={"关闭规则": ["ascii-punct"]}), encoding="utf-8")
    _, out, _ = run_cli("check", str(form))
    assert "[ascii-punct]" not in out


def test_previous_form(tmp_path, run_cli):
    paragraph = "围绕重点领域持续开展执法检查，及时通报发现的问题并督促相关单位限期整改到位。"
    this, last = tmp_path / "今年.yaml", tmp_path / "上年.yaml"
    this.write_text(form_text(paragraph), encoding="utf-8")
    last.write_text(f"基本信息:\n  年度: 2023\n主要举措和成效:\n  内容: {paragraph}\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--previous", str(last), str(this))
    assert code == 0 and "[same-as-last-year] 主要举措和成效.章节[1].内容" in out


def test_json_findings_carry_rule_level_and_path(tmp_path, run_cli):
    form = tmp_path / "表单.yaml"
    form.write_text(form_text("开展专项检查 次。"), encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "json", str(form))
    assert code == 1
    blank = next(p for p in json.loads(out)["问题"] if p["规则"] == "blank")
    assert blank["级别"] == "错误" and blank["位置"] == "主要举措和成效.章节[1].内容" and blank["行"] > 0


def test_json_with_fix_keeps_stdout_json(tmp_path, run_cli):
    form = tmp_path / "表单.yaml"
    form.write_text(form_text("加强执法监督,开展案卷评查。"), encoding="utf-8")
    code, out, err = run_cli("check", "--fix", "--format", "json", str(form))
    assert code == 0 and "已自动修正" in err
    assert all(p["规则"] != "ascii-punct" for p in json.loads(out)["问题"])


def test_cli_targets(tmp_path, run_cli):
    form = tmp_path / "表单.yaml"
    form.write_text(form_text(figures={"行政应诉": {"开庭": 10, "负责人出庭": 9}}), encoding="utf-8")
    code, out, _ = run_cli("check", "--targets", str(SAMPLE_TARGETS), str(form))
    assert code == 0
    assert "[target] 数据.行政应诉：未达到上级要求" in out
    code, _, err = run_cli("check", "--targets", str(tmp_path / "没有.yaml"), str(form))
    assert code == 2 and "文件不存在" in err


def test_schema_targets_prints_the_targets_schema(run_cli):
    code, out, _ = run_cli("schema", "--targets")
    assert code == 0 and json.loads(out)["title"] == "上级指标文件"
