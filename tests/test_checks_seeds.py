"""The defects named in the seeds' README are found when the seed paragraphs stand in a form.

The paragraphs are read from ../shared/seeds at run time (never copied here) and put, as
they are, into a section of 主要举措和成效 of a form for the seed's year.
"""

from __future__ import annotations


from tests_support_seeds import seeds_folder
from _forms import findings, form_text, of_rule

from drafter.checks import Level



def _paragraphs(name: str, *needles: str) -> list[str]:
    seeds = seeds_folder()
    lines = (seeds / name).read_text(encoding="utf-8").splitlines()
    found = [next(line.strip() for line in lines if needle in line) for needle in needles]
    return list(dict.fromkeys(found))


def test_tianzhen_blanks_rate_and_old_year(tmp_path):
    text = _paragraphs("002_3dc2c55ea39481b7.txt", "专项检查 次", "查处 起", "2010年1月")
    found = findings(tmp_path, form_text(text, meta={"年度": 2019}))
    blanks = of_rule(found, "blank")
    assert len(blanks) == 2 and all(f.level is Level.ERROR for f in blanks)
    assert any("等 4 处" in f.message for f in blanks)   # 两处“ 次”和两处“ 件”（不换行空格）
    rates = of_rule(found, "text-rate")
    assert len(rates) == 1 and "95%" in rates[0].message and "应为 94%" in rates[0].message
    assert any("2010年" in f.message for f in of_rule(found, "year-stale"))
    assert of_rule(found, "ascii-punct")


def test_xiangcheng_rates_and_year_typo(tmp_path):
    text = _paragraphs("004_9e32ff48012ea66c.txt", "出庭应诉率", "成功率达", "2025度")
    found = findings(tmp_path, form_text(text))
    messages = [f.message for f in of_rule(found, "text-rate")]
    assert len(messages) == 2
    assert any("99.15%" in m and "应为 99.16%" in m for m in messages)
    assert any("99.5%" in m and "应为 99.6%" in m for m in messages)
    assert len(of_rule(found, "year-typo")) == 1


def test_gongliu_rate_that_matches_its_counts_passes(tmp_path):
    text = _paragraphs("000_74b4f72e98cd16ca.txt", "调撤率")
    found = findings(tmp_path, form_text(text))
    assert of_rule(found, "text-rate") == []
    assert of_rule(found, "blank") == []
