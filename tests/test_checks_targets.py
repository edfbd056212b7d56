"""Targets: the targets file model, its schema, the shipped sample, and `drafter check --targets`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from _forms import findings, form_text, of_rule
from pydantic import ValidationError

from drafter.checks import Level, run_checks
from drafter.checks.base import CheckOptions
from drafter.checks.targets import load_targets
from drafter.errors import DrafterError
from drafter.model.targets import Targets
from drafter.paths import SAMPLES_DIR, SCHEMAS_DIR
from drafter.form.schema import targets_schema_text
from drafter.form.load import load_form

SAMPLE = SAMPLES_DIR / "targets" / "市级实施意见指标.yaml"


def _targets(*rules: dict) -> Targets:
    return Targets.model_validate({"依据": "示例市《实施意见》", "规则": list(rules)})


def test_unmet_target_is_a_warning_with_figure_requirement_and_source(tmp_path):
    targets = _targets({"指标": "学法.常务会议学法", "要求": "≥", "值": 1, "条款": "二（一）3", "说明": "每年学法不少于1次"})
    found = of_rule(findings(tmp_path, form_text(figures={"学法": {"常务会议学法": 0}}), targets=targets), "target")
    assert len(found) == 1 and found[0].level is Level.WARNING
    message = found[0].message
    assert "学法.常务会议学法 = 0次" in message and "≥ 1次" in message
    assert "示例市《实施意见》二（一）3" in message and "每年学法不少于1次" in message
    assert found[0].path == "数据.学法.常务会议学法"


def test_met_target_passes(tmp_path):
    targets = _targets({"指标": "学法.常务会议学法", "要求": "≥", "值": 1})
    found = findings(tmp_path, form_text(figures={"学法": {"常务会议学法": 4}}), targets=targets)
    assert of_rule(found, "target") == [] and of_rule(found, "target-unverified") == []


def test_rate_target(tmp_path):
    targets = _targets({"指标": "行政应诉.出庭应诉率", "要求": "=", "值": 100})
    unmet = {"行政应诉": {"开庭": 119, "负责人出庭": 118}}
    found = of_rule(findings(tmp_path, form_text(figures=unmet), targets=targets), "target")
    assert len(found) == 1 and "99.16%" in found[0].message
    met = {"行政应诉": {"开庭": 119, "负责人出庭": 119}}
    assert of_rule(findings(tmp_path, form_text(figures=met), targets=targets), "target") == []


def test_missing_figure_cannot_be_verified(tmp_path):
    targets = _targets({"指标": "行政应诉.出庭应诉率", "要求": "=", "值": 100})
    found = findings(tmp_path, form_text(figures={"行政应诉": {"开庭": 10}}), targets=targets)
    unverified = of_rule(found, "target-unverified")
    assert len(unverified) == 1 and unverified[0].level is Level.HINT
    assert "无法核实" in unverified[0].message and "行政应诉.负责人出庭" in unverified[0].message
    assert of_rule(found, "target") == []


def test_zero_denominator_leaves_nothing_to_verify(tmp_path):
    targets = _targets({"指标": "行政应诉.出庭应诉率", "要求": "=", "值": 100})
    found = findings(tmp_path, form_text(figures={"行政应诉": {"开庭": 0, "负责人出庭": 0}}), targets=targets)
    assert of_rule(found, "target") == [] and of_rule(found, "target-unverified") == []


def test_per_unit_target(tmp_path):
    targets = _targets({"指标": "矛盾纠纷调解.村居专职调解员", "要求": "≥", "值": 1, "每": "矛盾纠纷调解.村居调委会"})
    short = {"矛盾纠纷调解": {"村居调委会": 120, "村居专职调解员": 96, "专职调解员": 100}}
    found = of_rule(findings(tmp_path, form_text(figures=short), targets=targets), "target")
    assert len(found) == 1 and "= 0.8" in found[0].message
    enough = {"矛盾纠纷调解": {"村居调委会": 120, "村居专职调解员": 130, "专职调解员": 140}}
    assert of_rule(findings(tmp_path, form_text(figures=enough), targets=targets), "target") == []


def test_level_and_start_year_limit_a_rule(tmp_path):
    targets = _targets({"指标": "学法.部门集体学法", "要求": "≥", "值": 2, "适用层级": ["部门"]},
                       {"指标": "行政执法.裁量权细化率", "要求": "=", "值": 100, "起始年度": 2025})
    figures = {"学法": {"部门集体学法": 0}, "行政执法": {"高频处罚事项": 10, "裁量基准细化事项": 5}}
    found = findings(tmp_path, form_text(figures=figures), targets=targets)   # a 县 report on 2024
    assert of_rule(found, "target") == []
    found = findings(tmp_path, form_text(figures=figures, meta={"年度": 2025, "成文日期": "2026-02-10"}),
                     targets=targets)
    assert [f.path for f in of_rule(found, "target")] == ["数据.行政执法"]


@pytest.mark.parametrize(("rule", "words"), [
    ({"指标": "学法.没有这项", "要求": "≥", "值": 1}, "没有指标“没有这项”"),
    ({"指标": "没有这组.受理", "要求": "≥", "值": 1}, "没有这个数据组"),
    ({"指标": "学法.常务会议学法", "要求": "大于", "值": 1}, "≥"),
    ({"指标": "行政应诉.出庭应诉率", "要求": "=", "值": 100, "每": "学法.旁听庭审"}, "不能再按“每”"),
    ({"指标": "学法.常务会议学法", "要求": "≥", "值": 1, "每": "行政应诉.出庭应诉率"}, "没有指标"),
])
def test_bad_rules_are_refused(rule, words):
    with pytest.raises(ValidationError, match=words):
        _targets(rule)


@pytest.mark.parametrize(("written", "meant"), [(">=", "≥"), ("不少于", "≥"), ("<=", "≤"), ("不超过", "≤"), ("达到", "=")])
def test_requirement_may_be_written_in_words(written, meant):
    assert _targets({"指标": "学法.旁听庭审", "要求": written, "值": 1}).rules[0].requirement.value == meant


def test_bad_targets_file_is_unreadable_with_located_messages(tmp_path):
    path = tmp_path / "指标.yaml"
    path.write_text("依据: 示例市文件\n规则:\n  - 指标: 学法.没有这项\n    要求: ≥\n    值: 1\n", encoding="utf-8")
    with pytest.raises(DrafterError, match=r"指标\.yaml:3:\d+") as info:
        load_targets(path)
    assert info.value.exit_code == 2


def test_sample_targets_file_loads_and_encodes_the_directive():
    targets = load_targets(SAMPLE)
    by_indicator = {(r.indicator, tuple(r.levels)): r for r in targets.rules}
    assert by_indicator[("学法.常务会议学法", ("市", "县", "区"))].value == 1
    assert by_indicator[("学法.部门集体学法", ("部门",))].value == 2
    assert by_indicator[("行政执法.人均培训学时", ())].value == 60
    assert by_indicator[("行政应诉.出庭应诉率", ())].value == 100
    assert by_indicator[("行政执法.裁量权细化率", ())].from_year == 2025
    assert by_indicator[("行政执法.案卷评查", ("部门",))].value == 1
    assert by_indicator[("行政执法.案卷评查", ("市", "县", "区"))].value == 2
    mediators = {r.per: r.value for r in targets.rules if r.per}
    assert mediators == {"矛盾纠纷调解.村居调委会": Decimal(1), "矛盾纠纷调解.乡镇调委会": Decimal(2),
                         "矛盾纠纷调解.行业性调委会": Decimal(3)}


def test_samples_checked_against_the_sample_targets_give_no_errors():
    targets = load_targets(SAMPLE)
    for sample in SAMPLES_DIR.glob("*.yaml"):
        found = run_checks(load_form(sample), options=CheckOptions(targets=targets))
        assert [f.message for f in found if f.level is Level.ERROR] == [], sample.name


def test_committed_targets_schema_matches_the_model():
    committed = (SCHEMAS_DIR / "targets.schema.json").read_text(encoding="utf-8")
    assert committed == targets_schema_text(), \
        "schemas/targets.schema.json 已过期：运行 drafter schema --targets -o schemas/targets.schema.json --force"
