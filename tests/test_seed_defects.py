"""The defects the seeds README names are found by `drafter check` on the imported seeds."""

from __future__ import annotations

from datetime import date

import pytest

from drafter.checks import Level, run_checks
from drafter.importer.importing import import_report
from drafter.form.load import load_form


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    from tests_support_seeds import seeds_folder

    folder = seeds_folder()
    out = {}
    for prefix in ("000", "002", "004"):
        source = next(folder.glob(f"{prefix}_*.txt"))
        target = tmp_path_factory.mktemp(prefix) / "form.yaml"
        target.write_text(import_report(source, target, today=date(2025, 3, 1)).form.text, encoding="utf-8")
        out[prefix] = run_checks(load_form(target))
    return out


def _messages(findings, rule):
    return [f.message for f in findings if f.rule == rule]


def test_tianzhen_blank_figures(checked):
    blanks = " ".join(_messages(checked["002"], "blank"))
    assert "专项检查 次" in blanks and "查处 起" in blanks


def test_tianzhen_mediation_rate_does_not_match_its_counts(checked):
    rates = _messages(checked["002"], "text-rate")
    assert any("95%" in m and "688" in m and "733" in m for m in rates)


def test_tianzhen_year_long_before_the_report(checked):
    assert any("2010年" in m for m in _messages(checked["002"], "year-stale"))


def test_xiangcheng_year_typo(checked):
    assert any("2025度" in m for m in _messages(checked["004"], "year-typo"))
    assert all(f.level is Level.ERROR for f in checked["004"] if f.rule == "year-typo")


def test_xiangcheng_rates_do_not_match_their_counts(checked):
    rates = " ".join(_messages(checked["004"], "text-rate"))
    assert "99.15%" in rates and "99.16%" in rates
    assert "99.5%" in rates and "4817" in rates


def test_gongliu_correct_rate_is_not_flagged(checked):
    """巩留's 调撤率 66.67% = 10/15 is right and must not be reported."""
    assert not any("66.67%" in m for m in _messages(checked["000"], "text-rate"))
