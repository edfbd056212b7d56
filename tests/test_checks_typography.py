"""Typography family: each rule found and not found, and the safe fixes as a text function."""

from __future__ import annotations

import pytest
from _forms import dump, findings, form_data, form_text, of_rule
from hypothesis import given
from hypothesis import strategies as st

from drafter.checks import Level
from drafter.checks.typography import FIXABLE, RULES, fix_text, leading_number
from drafter.model.report import ListStyle

TYPOGRAPHY = set(RULES)


def test_clean_form_has_no_typography_findings(tmp_path):
    assert [f for f in findings(tmp_path, form_text()) if f.rule in TYPOGRAPHY] == []


@pytest.mark.parametrize(("rule", "text"), [
    ("ascii-punct", "加强执法监督,开展案卷评查。"),
    ("ascii-punct", "完善制度(试行)并印发。"),
    ("ascii-punct", "主要做法:一是学法;二是用法。"),
    ("unbalanced-pair", "印发《示例县行政执法监督办法，全面实施。"),
    ("unbalanced-pair", "开展“法治进乡村活动。"),
    ("unbalanced-pair", "完善制度（试行并印发。"),
    ("unbalanced-pair", "完善制度试行）并印发。"),
    ("doubled-punct", "加强执法监督，，开展案卷评查。"),
    ("doubled-punct", "开展案卷评查。。"),
    ("doubled-punct", "加强执法监督，。开展案卷评查。"),
    ("list-number", "主要做法：1、完善制度；2、强化培训。"),
    ("fullwidth-digit", "开展培训１２次。"),
    ("cjk-space", "加强执法 监督，开展案卷评查。"),
    ("cjk-space", "加强执法\u3000\u3000监督。"),   # one full-width space alone is meant (乡村振兴　法治同行)
])
def test_rule_found_in_running_text(tmp_path, rule, text):
    found = of_rule(findings(tmp_path, form_text(text)), rule)
    assert len(found) == 1 and found[0].level is Level.WARNING
    assert found[0].path == "主要举措和成效.章节[1].内容"


@pytest.mark.parametrize("text", [
    "加强执法监督，开展案卷评查（试行）。",
    "印发《示例县行政执法监督办法》，开展“法治进乡村”活动。",
    "引入ISO 9001标准，网址为www.example.gov.cn，时间为10:30，金额1,234元。",
    "第1、2批试点已完成，其中1.5万人次参加培训。",
    "投入资金{{ 自定义.资金 }}万元，全面推进。",
    "全年开展培训12次，覆盖5 000人。",
])
def test_correct_typography_passes(tmp_path, text):
    data = form_data(text, figures={"自定义": [{"名称": "资金", "数值": 12}]})
    assert {f.rule for f in findings(tmp_path, dump(data))} & TYPOGRAPHY == set()


def test_placeholder_contents_are_not_text(tmp_path):
    text = "办理{{ 行政复议.受理 | 同比 }}件，结案{{ 行政复议.办结 }}件。"
    data = form_data(text, figures={"行政复议": {"受理": 5, "办结": 5}})
    assert [f for f in findings(tmp_path, dump(data)) if f.rule in TYPOGRAPHY] == []
    assert fix_text(text) == (text, {})


@pytest.mark.parametrize(("where", "title"), [
    ("章节", "一、基层执法力量仍然薄弱"),
    ("章节", "（一）基层执法力量仍然薄弱"),
    ("条目", "1.完善执法制度"),
    ("条目", "1、完善执法制度"),
])
def test_number_typed_before_a_numbered_title(tmp_path, where, title):
    data = form_data()
    if where == "章节":
        data["存在的不足和原因"]["章节"][0]["标题"] = title
        path = "存在的不足和原因.章节[1].标题"
    else:
        data["主要举措和成效"]["章节"][0]["条目"] = [{"小标题": title, "内容": "制定执法监督办法。"}]
        path = "主要举措和成效.章节[1].条目[1].小标题"
    found = of_rule(findings(tmp_path, dump(data)), "typed-number")
    assert [f.path for f in found] == [path]


def test_number_typed_before_an_untitled_item(tmp_path):
    data = form_data(section={"条目": [{"内容": "1.制定执法监督办法。"}, {"内容": "健全执法人员培训制度。"}]})
    found = of_rule(findings(tmp_path, dump(data)), "typed-number")
    assert [f.path for f in found] == ["主要举措和成效.章节[1].条目[1].内容"]


def test_inline_ordinal_is_typed_only_where_the_renderer_writes_one(tmp_path):
    items = [{"内容": "一是制定执法监督办法。"}, {"内容": "二是健全培训制度。"}]
    numbered = form_data(section={"条目": items})
    assert of_rule(findings(tmp_path, dump(numbered)), "typed-number") == []
    inline = form_data(section={"条目写法": "一是", "条目": items})
    assert len(of_rule(findings(tmp_path, dump(inline)), "typed-number")) == 2


def test_numbers_in_section_text_are_the_users_own_list(tmp_path):
    text = ["1.完善执法制度。", "2.强化执法培训。"]
    assert of_rule(findings(tmp_path, form_text(text)), "typed-number") == []


def test_mixed_numbering_in_one_list(tmp_path):
    text = ["1.完善执法制度。", "（2）强化执法培训。", "3.推进执法信息化。"]
    found = of_rule(findings(tmp_path, form_text(text)), "mixed-numbering")
    assert [f.path for f in found] == ["主要举措和成效.章节[1].内容[2]"]


@pytest.mark.parametrize("text", [
    ["1.完善执法制度。", "2.强化执法培训。"],
    ["1.完善执法制度。", "（1）修订办法。", "（2）印发细则。", "2.强化执法培训。"],   # nested, restarts at 1
    ["一是完善执法制度。", "二是强化执法培训。"],
    ["（一）完善制度。", "1.修订办法。", "2.印发细则。", "（二）强化培训。"],                 # （二） continues （一）
])
def test_consistent_or_nested_numbering_passes(tmp_path, text):
    assert of_rule(findings(tmp_path, form_text(text)), "mixed-numbering") == []


# ---------------------------------------------------------------- fix_text


@pytest.mark.parametrize(("text", "prefix", "fixed", "rules"), [
    ("加强监督,开展评查(试行)。", None, "加强监督，开展评查（试行）。", {"ascii-punct"}),
    ("加强监督，，开展评查。。", None, "加强监督，开展评查。", {"doubled-punct"}),
    ("开展培训１２次", None, "开展培训12次", {"fullwidth-digit"}),
    ("加强 执法 监督", None, "加强执法监督", {"cjk-space"}),
    ("做法：1、制度；2、培训。", None, "做法：1.制度；2.培训。", {"list-number"}),
    ("（一）完善制度", ListStyle.NUMBERED, "完善制度", {"typed-number"}),
    ("二是完善制度", ListStyle.INLINE, "完善制度", {"typed-number"}),
    ("开展专项检查 次,查处 起。", None, "开展专项检查 次，查处 起。", {"ascii-punct"}),   # blanks keep their gap
    ("办理{{ 行政复议.受理 }} 件", None, "办理{{ 行政复议.受理 }} 件", set()),
])
def test_fix_text(text, prefix, fixed, rules):
    new, changes = fix_text(text, prefix)
    assert new == fixed
    assert set(changes) == rules
    assert rules <= FIXABLE


_TEXT = st.text(alphabet="加强监督开展，。、；：,.:;()（）１２12 \u3000“”《》次件XX{}", max_size=40)


@given(_TEXT, st.sampled_from([None, ListStyle.NUMBERED, ListStyle.INLINE]))
def test_fix_is_idempotent(text, prefix):
    once, _ = fix_text(text, prefix)
    again, changes = fix_text(once, None)
    assert again == once
    assert not changes


@given(_TEXT)
def test_fix_never_changes_a_placeholder(text):
    placeholder = "{{ 行政复议.受理 }}"
    fixed, _ = fix_text(text + placeholder + text)
    assert placeholder in fixed


def test_leading_number_styles():
    assert leading_number("一、总体") == (1, 1)
    assert leading_number("（二）总体") == (2, 2)
    assert leading_number("3.总体") == (3, 3)
    assert leading_number("3、总体") == (3, 3)
    assert leading_number("（4）总体") == (4, 4)
    assert leading_number("五是总体") == (0, 5)
    assert leading_number("2024年总体") is None


# ---------------------------------------------------------------- ASCII full stop (issue 14, point 2)


@pytest.mark.parametrize("text, fixed", [
    ("取得新成效.现将有关情况报告如下：", "取得新成效。现将有关情况报告如下："),
    ("加强队伍建设.2.完善制度。", "加强队伍建设。2.完善制度。"),
    ("同比增长15%.现将情况报告如下。", "同比增长15%。现将情况报告如下。"),
    ("还有哪些问题?请研究。", "还有哪些问题？请研究。"),
    ("成效明显!下一步继续。", "成效明显！下一步继续。"),
])
def test_ascii_full_stop_and_marks_between_chinese_are_caught_and_fixed(text, fixed):
    from drafter.checks.typography import fix_text
    from drafter.text import normalize_text

    new, changes = fix_text(text)
    assert new == fixed and "ascii-punct" in changes
    assert normalize_text(text) == fixed          # render gives the same


@pytest.mark.parametrize("text", ["1.加强领导。", "版本1.2发布。", "网址www.example.gov.cn。", "见附件示例.docx。",
                                  "等等...后续。"])
def test_points_that_are_not_full_stops_stay(text):
    from drafter.checks.typography import fix_text

    assert "ascii-punct" not in fix_text(text)[1]
