"""Tests for drafter.form.migrate: forms of an older 表单版本 are brought up to date on load and by rollover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.form import migrate
from drafter.errors import DrafterError
from drafter.form.blank import new_form
from drafter.model.report import FORM_VERSION, Level
from drafter.edits.rollover import roll_over
from drafter.form.load import load_form


def _county_renamed(data) -> list[str]:
    """A made-up version 1 → 2 step: 层级 “县级” is now written “县”."""
    meta = data["基本信息"]
    if meta.get("层级") == "县级":
        meta["层级"] = "县"
        return ["基本信息.层级“县级”改为“县”"]
    return []


@pytest.fixture
def version_two(monkeypatch):
    monkeypatch.setattr(migrate, "FORM_VERSION", 2)
    monkeypatch.setattr(migrate, "STEPS", {1: _county_renamed})


def old_form(tmp_path: Path) -> Path:
    text = new_form("示例县", 2023, Level.COUNTY).replace("  层级: 县  #", "  层级: 县级  #")
    path = tmp_path / "示例县2023.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_current_forms_need_no_steps():
    assert FORM_VERSION == 1 and migrate.STEPS == {}
    notes: list[str] = []
    data = {"表单版本": 1, "x": 1}
    assert migrate.migrate(data, notes) == {"表单版本": 1, "x": 1} and notes == []


def test_a_newer_form_is_refused(tmp_path):
    path = tmp_path / "新.yaml"
    path.write_text(new_form("示例县", 2023, Level.COUNTY).replace("表单版本: 1", "表单版本: 9"), encoding="utf-8")
    with pytest.raises(DrafterError, match="请升级 drafter"):
        load_form(path)


def test_an_unknown_old_version_is_refused(version_two):
    with pytest.raises(DrafterError, match="无法识别的表单版本 0"):
        migrate.migrate({"表单版本": 0})


def test_an_older_form_is_migrated_on_load_with_a_note(tmp_path, version_two):
    form = load_form(old_form(tmp_path))
    assert form.problems == []
    assert form.report.meta.level.value == "县" and form.report.form_version == 2
    assert form.notes == ["表单版本 1 → 2：基本信息.层级“县级”改为“县”"]


def test_rollover_writes_the_migrated_form_keeping_comments(tmp_path, version_two):
    result = roll_over(load_form(old_form(tmp_path)))
    assert "表单版本: 2  # 由 drafter 维护，请勿修改\n" in result.text
    assert re.search(r"\n  层级: 县 +# 省 / 市 / 县 / 区 / 乡镇 / 部门\n", result.text)
    assert result.notes[0] == "表单版本 1 → 2：基本信息.层级“县级”改为“县”"
