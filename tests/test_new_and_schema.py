"""`drafter new`, `drafter schema` and the committed JSON Schema."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drafter.checks import Level, run_checks
from drafter.errors import DrafterError
from drafter.form.blank import new_form, scalar
from drafter.model.figures import GROUPS
from drafter.model.outline import AREAS, Outline
from drafter.model.report import Level as AdminLevel
from drafter.paths import SCHEMAS_DIR
from drafter.form.schema import schema_text
from drafter.form.load import load_form, parse_yaml


def test_new_writes_complete_form(run_cli, tmp_path):
    target = tmp_path / "示例县.yaml"
    code, out, _ = run_cli("new", "--region", "示例县", "--year", "2024", "-o", str(target))
    assert code == 0 and "已生成表单" in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    form = load_form(target)
    assert form.report is not None
    report = form.report
    assert [s.area for s in report.measures.sections] == list(AREAS[Outline.V2021])
    for group in GROUPS:
        for spec in group.figures:
            assert f"    {spec.key}: null  # {spec.meaning}（{spec.unit}" in text
    findings = run_checks(form)
    # Well formed: the only errors are content still to write before a final document.
    assert findings and all(f.rule in ("empty-text", "missing-figure", "first-responsible")
                            for f in findings if f.level is Level.ERROR)
    assert {f.rule for f in findings} <= {"missing-figure", "empty-text", "first-responsible"}


def test_new_schema_modeline_is_relative_and_resolves(tmp_path, run_cli):
    target = tmp_path / "表单.yaml"
    run_cli("new", "--region", "示例县", "--year", "2024", "-o", str(target))
    modeline = target.read_text(encoding="utf-8").splitlines()[0]
    ref = modeline.split("$schema=", 1)[1]
    assert (tmp_path / ref).resolve() == (SCHEMAS_DIR / "report.schema.json").resolve()


def test_new_refuses_to_overwrite(run_cli, tmp_path):
    target = tmp_path / "表单.yaml"
    target.write_text("原有内容", encoding="utf-8")
    code, _, err = run_cli("new", "--region", "示例县", "--year", "2024", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "原有内容"
    code, _, _ = run_cli("new", "--region", "示例县", "--year", "2024", "-o", str(target), "--force")
    assert code == 0 and "基本信息" in target.read_text(encoding="utf-8")


def test_new_for_2019_uses_old_outline():
    report = parse_yaml(new_form("样例县", 2019, AdminLevel.COUNTY), "x")
    assert report["基本信息"]["纲要版本"] == "2015-2020"
    assert [s["纲要领域"] for s in report["主要举措和成效"]["章节"]] == list(AREAS[Outline.V2015])


def test_new_department_form():
    data = parse_yaml(new_form("示例市司法局", 2024, AdminLevel.DEPARTMENT), "x")
    assert data["基本信息"]["落款"] == ["示例市司法局"]


def test_new_rejects_bad_year(run_cli, tmp_path):
    code, _, err = run_cli("new", "--region", "示例县", "--year", "24", "-o", str(tmp_path / "a.yaml"))
    assert code == 2 and "不在范围" in err


def test_committed_schema_matches_models():
    committed = (SCHEMAS_DIR / "report.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schemas/report.schema.json 已过期：运行 drafter schema -o schemas/report.schema.json --force"


def test_schema_command_prints_json(run_cli):
    code, out, _ = run_cli("schema")
    assert code == 0
    assert json.loads(out)["title"] == "法治政府建设年度报告表单"


def test_help_is_chinese(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0 and "用法" in out and "显示本帮助并退出" in out


def test_unknown_command_is_chinese(run_cli):
    code, _, err = run_cli("渲染")
    assert code == 2 and "没有这个命令" in err


@given(st.text(max_size=40))
@example("A\n")     # a plain-looking text ending in a line break must be quoted
@example("示例县\n")
def test_scalar_round_trips(value):
    parsed = parse_yaml(f"k: {scalar(value)}\n", "x")["k"]
    assert (parsed or "") == value or (value.strip() == "" and parsed in ("", None))


_yaml_chars = st.sampled_from(list("基本信息年度地区: -\n\t\"'{}[]&*#!|>%@`,?年23件") + ["  "])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_yaml_chars, max_size=80).map("".join))
def test_loading_random_yaml_never_crashes(write_form, text):
    try:
        form = load_form(write_form(text))
    except DrafterError as exc:
        assert exc.message and exc.exit_code in (1, 2)
        return
    run_checks(form)


def test_problem_locations_point_into_file(write_form, blank_form_text):
    text = blank_form_text.replace("  年度: 2024", "  年度: 二〇二四")
    form = load_form(write_form(text))
    problem = form.problems[0]
    assert text.splitlines()[problem.line - 1][problem.column - 1:].startswith("二〇二四")


@pytest.mark.parametrize("value", ["true", "1.5", "[1, 2]"])
def test_wrong_types_in_count(write_form, blank_form_text, value):
    text = blank_form_text.replace("    开庭: null", f"    开庭: {value}", 1)
    form = load_form(write_form(text))
    assert form.problems and form.problems[0].message.startswith("应为整数")
