"""After rollover and filling this year's figures, the report renders and its 同比 phrases are right."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from drafter.model.figures import GROUPS_BY_KEY
from drafter.paths import SAMPLES_DIR
from drafter.render import render_report
from drafter.edits.rollover import roll_over
from drafter.text import yoy_phrase
from drafter.form.load import dump_yaml, load_form, parse_yaml

SAMPLE = SAMPLES_DIR / "示例县2024年法治政府建设报告.yaml"
YOY = re.compile(r"\{\{\s*([^.\s}]+)\.([^\s|}]+)\s*\|\s*同比\s*\}\}")


def _rolled_and_filled(tmp_path: Path):
    this = tmp_path / "示例县2025年法治政府建设报告.yaml"
    this.write_text(roll_over(load_form(SAMPLE)).text, encoding="utf-8")
    data = parse_yaml(this.read_text(encoding="utf-8"), str(this))
    last = data["上年数据"]
    for group, figures in data["数据"].items():
        if group == "自定义":
            for i, entry in enumerate(figures):
                entry["数值"] = data["上年数据"]["自定义"][i]["数值"]
            continue
        for name in figures:
            previous = last[group][name]
            if previous is not None and figures[name] is None:
                # a year later: flows grow by a tenth, parts stay within their wholes
                figures[name] = previous if GROUPS_BY_KEY[group].figure(name).stock else previous + previous // 10
    data["基本信息"]["成文日期"] = dt.date(2026, 2, 10)
    this.write_text(dump_yaml(data), encoding="utf-8")
    return load_form(this)


def test_rolled_over_sample_renders_with_year_on_year_phrases(tmp_path):
    form = _rolled_and_filled(tmp_path)
    assert form.problems == []
    report = form.report
    assert report.meta.year == 2025
    text = render_report(report).plain_text()
    assert "{{" not in text and "【待填" not in text
    used = YOY.findall(SAMPLE.read_text(encoding="utf-8"))
    assert used, "the sample is expected to use the 同比 filter"
    for group, name in set(used):
        spec = GROUPS_BY_KEY[group]
        now = getattr(getattr(report.figures, spec.attr), spec.figure(name).attr)
        before = getattr(getattr(report.last_figures, spec.attr), spec.figure(name).attr)
        assert yoy_phrase(now, before) in text
        assert before is not None and now != before and "同比增长" in yoy_phrase(now, before)
    assert "关于2025年法治政府建设情况的报告" in text
    assert "2026年2月10日" in text
