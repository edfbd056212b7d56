"""Tests for drafter.form.review: which reused text needs review, flagging it, finding the flags."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from drafter.form import roundtrip as rt
from drafter.form.review import flag, flagged_values, literal_mentions, marker, mentions_note
from drafter.form.load import dump_yaml, parse_yaml


def load(text: str):
    data = parse_yaml(text, "t.yaml")
    rt.keep_nulls(data, rt.source_lines(text))
    return data


def test_numbers_years_and_dates_are_found():
    assert literal_mentions("主要负责人旁听庭审2次，覆盖80%的案件。") == ["2次", "80%"]
    assert literal_mentions("自2023年6月1日起施行，2024年全面推开。") == ["2023年6月1日", "2024年"]
    assert literal_mentions("《纲要（2021-2025年）》") == ["2021", "2025年"]
    assert literal_mentions("2025度工作") == ["2025度"]


def test_placeholders_and_plain_text_need_no_review():
    assert literal_mentions("受理{{ 行政复议.受理 }}件，办结率{{ 行政复议.办结率 }}。") == []
    assert literal_mentions("坚持依法行政，规范执法行为。") == []
    assert literal_mentions("2023年受理{{ 行政复议.受理 }}件") == ["2023年"]


def test_the_note_shows_at_most_three_mentions():
    assert mentions_note(["2023年"]) == "待核：含 2023年"
    assert mentions_note(["1件", "2件", "3件", "4件", "5件"]) == "待核：含 1件、2件、3件 等 5 处"


def flag_and_reload(text: str, loc, note: str = "待核：甲"):
    data = load(text)
    flag(data, loc, note)
    out = dump_yaml(data)
    return out, parse_yaml(out, "t.yaml")


def test_flags_go_to_the_end_of_the_value_line():
    out, again = flag_and_reload("s:\n  - 标题: 节  # 本节标题\n    内容:\n      - 一段\n      - 二段\n", ("s", 0, "内容", 1))
    assert out == "s:\n  - 标题: 节  # 本节标题\n    内容:\n      - 一段\n      - 二段  # 待核：甲\n"
    assert marker(again, ("s", 0, "内容", 1), out.splitlines()) == "待核：甲"
    assert marker(again, ("s", 0, "内容", 0), out.splitlines()) is None


def test_a_block_scalar_is_flagged_above_its_key_or_list_item():
    text = "s:\n  - 内容: |\n      一段\n    小标题: 甲\n  - 小标题: 乙\n    内容: |\n      二段\n"
    out, again = flag_and_reload(text, ("s", 0, "内容"))
    assert out.startswith("s:\n  # 待核：甲\n  - 内容: |\n")
    assert marker(again, ("s", 0, "内容"), out.splitlines()) == "待核：甲"
    out, again = flag_and_reload(text, ("s", 1, "内容"))
    assert "  - 小标题: 乙\n    # 待核：甲\n    内容: |\n" in out
    assert marker(again, ("s", 1, "内容"), out.splitlines()) == "待核：甲"


def test_a_flow_list_is_opened_up_to_hold_the_flag():
    out, again = flag_and_reload("内容: [一段, 二段]\n", ("内容", 0))
    assert out == "内容:\n  - 一段  # 待核：甲\n  - 二段\n"


def test_comments_without_the_marker_are_not_flags():
    text = "# 待核的说明在文件头，与下方隔一空行\n\na: 1  # 说明\n# 备注\nb: 2\nc: 3  # 待核：沿用上年数值\n# 待核：上方的标记\nd: 4\n"
    data = parse_yaml(text, "t")
    assert flagged_values(data, text.splitlines()) == [(("c",), "待核：沿用上年数值"), (("d",), "待核：上方的标记")]


paragraphs = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(paragraphs)
def test_flagging_never_changes_the_value(text):
    data = CommentedMap([("内容", text), ("下一项", 1)])
    source = dump_yaml(data)
    data = load(source)
    flag(data, ("内容",), "待核：测试")
    out = dump_yaml(data)
    again = parse_yaml(out, "t")
    assert again["内容"] == text and again["下一项"] == 1
    assert marker(again, ("内容",), out.splitlines()) == "待核：测试"
