"""Browser edits on the round-trip tree (`drafter.serve.editing`, the list edits of
`drafter.form.roundtrip`): what is not edited stays byte for byte."""

from __future__ import annotations

import pytest
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from drafter.form.roundtrip import source_lines
from drafter.serve.editing import (
    LINES,
    NUMBER,
    PARAGRAPHS,
    TEXT,
    EditError,
    add_item,
    coerce,
    field_kind,
    move_item,
    remove_item,
    set_field,
)
from drafter.serve.formview import shown
from drafter.form.load import dump_yaml, parse_yaml

FORM = """\
# 顶部注释
基本信息:
  年度: 2024  # 报告年度
  地区: 示例县
主要举措和成效:
  章节:
    - 标题: 第一节
      内容: 第一节正文。

    # 第二节的说明
    - 标题: 第二节
      内容: 第二节正文。

    - 标题: 第三节
      内容: 第三节正文。  # 行尾注释

存在的不足和原因:
  内容: 不足。
数据:
  行政复议:
    受理: null  # 待填
"""

SECTIONS = ("主要举措和成效", "章节")


def apply(text, edit):
    data = parse_yaml(text, "t.yaml")
    edit(data, source_lines(text))
    return dump_yaml(data, text)


def test_setting_a_value_changes_only_its_line_and_keeps_the_comment_gap():
    out = apply(FORM, lambda d, lines: set_field(d, ("基本信息", "年度"), 2025, lines))
    assert out == FORM.replace("年度: 2024  # 报告年度", "年度: 2025  # 报告年度")
    out = apply(FORM, lambda d, lines: set_field(d, ("数据", "行政复议", "受理"), 123, lines))
    assert out == FORM.replace("受理: null  # 待填", "受理: 123  # 待填")


def test_clearing_a_figure_writes_null_again():
    filled = FORM.replace("受理: null", "受理: 12")
    out = apply(filled, lambda d, lines: set_field(d, ("数据", "行政复议", "受理"), None, lines))
    assert out == FORM.replace("受理: null  # 待填", "受理: null  # 待填")


def test_an_unchanged_value_writes_nothing():
    data = parse_yaml(FORM, "t.yaml")
    assert set_field(data, ("基本信息", "地区"), "示例县", source_lines(FORM)) is False


def test_a_missing_key_goes_where_the_model_puts_it():
    out = apply(FORM, lambda d, lines: set_field(d, ("基本信息", "层级"), "县", lines))
    assert "  地区: 示例县\n  层级: 县\n主要举措和成效:" in out
    out = apply(FORM, lambda d, lines: set_field(d, ("数据", "行政复议", "上年结转"), 3, lines))
    assert out.endswith("    受理: null  # 待填\n    上年结转: 3\n")


def test_a_missing_group_is_added_with_its_value():
    out = apply(FORM, lambda d, lines: set_field(d, ("上年数据", "行政复议", "受理"), 5, lines))
    assert out.startswith(FORM)
    assert out[len(FORM):] == "上年数据:\n  行政复议:\n    受理: 5\n"
    assert parse_yaml(out, "t.yaml")["上年数据"]["行政复议"]["受理"] == 5


def test_paragraph_lists_are_edited_item_by_item():
    text = FORM.replace("  内容: 不足。\n", "  内容:\n    - 第一段。  # 注\n    - 第二段。\n")
    out = apply(text, lambda d, lines: set_field(d, ("存在的不足和原因", "内容"), ["第一段。", "改过的第二段。", "第三段。"], lines))
    assert "    - 第一段。  # 注\n    - 改过的第二段。\n    - 第三段。\n" in out


def test_moving_a_section_keeps_blank_lines_in_place():
    out = apply(FORM, lambda d, lines: move_item(d, SECTIONS, 2, -1))
    sections = out.split("  章节:\n")[1].split("存在的不足")[0]
    assert sections.index("第一节") < sections.index("第三节") < sections.index("第二节")
    assert out.count("\n\n") == FORM.count("\n\n")
    assert "\n\n    # 第二节的说明\n    - 标题: 第二节\n" in out  # a comment above an item moves with it
    assert "第三节正文。  # 行尾注释" in out
    back = apply(out, lambda d, lines: move_item(d, SECTIONS, 1, 1))
    assert back == FORM


def test_adding_and_removing_the_last_section_keeps_what_follows():
    out = apply(FORM, lambda d, lines: add_item(d, SECTIONS))
    assert '    - 标题: ""\n      内容: ""\n\n存在的不足和原因:' in out
    assert "第三节正文。  # 行尾注释\n\n    - 标题" in out
    back = apply(out, lambda d, lines: remove_item(d, SECTIONS, 3))
    assert back == FORM


def test_text_typed_into_an_empty_new_field_is_written_plain():
    out = apply(FORM, lambda d, lines: add_item(d, SECTIONS))
    out = apply(out, lambda d, lines: set_field(d, (*SECTIONS, 3, "标题"), "第四节", lines))
    out = apply(out, lambda d, lines: set_field(d, (*SECTIONS, 3, "内容"), "{{ 行政复议.受理 }}件", lines))
    assert "    - 标题: 第四节\n      内容: '{{ 行政复议.受理 }}件'\n" in out


def test_adding_an_item_to_a_section_without_items():
    out = apply(FORM, lambda d, lines: add_item(d, (*SECTIONS, 0, "条目")))
    assert '      内容: 第一节正文。\n      条目:\n        - 小标题: ""\n          内容: ""\n' in out
    assert parse_yaml(out, "t.yaml")["主要举措和成效"]["章节"][0]["条目"][0] == {"小标题": "", "内容": ""}


def test_locations_the_model_does_not_have_are_refused():
    for loc in (("随便",), ("基本信息", "颜色"), ("数据", "行政复议", "受理率"), ("数据", "不存在", "受理")):
        with pytest.raises(EditError):
            field_kind(loc)
    data = parse_yaml(FORM, "t.yaml")
    with pytest.raises(EditError):
        move_item(data, SECTIONS, 0, -1)
    with pytest.raises(EditError):
        remove_item(data, SECTIONS, 7)
    with pytest.raises(EditError):
        add_item(data, ("基本信息", "地区"))


def test_field_kinds():
    assert field_kind(("数据", "行政复议", "受理")) == NUMBER
    assert field_kind(("主要举措和成效", "章节", 0, "内容")) == PARAGRAPHS
    assert field_kind(("基本信息", "落款")) == LINES
    assert field_kind(("基本信息", "报告机关")) == TEXT
    assert field_kind(("检查设置", "报送截止", "部门")) == TEXT


@pytest.mark.parametrize("raw, value", [("23", 23), (" 7 ", 7), ("12.5", 12.5), ("", None), ("23件", "23件"), ("-1", -1)])
def test_numbers_from_the_browser(raw, value):
    assert coerce(NUMBER, raw) == value


paragraph = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).map(str.strip).filter(bool)


@given(st.lists(paragraph, max_size=5))
def test_paragraphs_typed_one_per_line_come_back_as_shown(paragraphs):
    value = coerce(PARAGRAPHS, "\r\n".join(paragraphs))
    if not paragraphs:
        assert value == ""
    elif len(paragraphs) == 1:
        assert value == paragraphs[0]
    else:
        assert value == paragraphs
    assert coerce(PARAGRAPHS, shown(PARAGRAPHS, value)) == value


def test_value_edits_without_a_second_parse_locate_findings_as_a_fresh_load(tmp_path):
    """An edit that only replaces scalars reuses the edited tree; its findings (lines, columns,
    messages) must be those of the saved text loaded afresh."""
    import shutil

    from drafter.checks import run_checks
    from drafter.serve.editing import IN_PLACE
    from drafter.serve.workspace import Workspace
    from drafter.form.load import load_form_text

    sample = Path(__file__).resolve().parent.parent / "samples" / "示例县2024年法治政府建设报告.yaml"
    shutil.copy(sample, tmp_path / sample.name)
    editing = Workspace(tmp_path).open(sample.name)
    edits = [(("数据", "行政复议", "受理"), 1), (("导语",), "2024年度，示例县……现将有关情况报告如下："),
             (("基本信息", "落款"), ["中共示例县委", "示例县人民政府办公室"]), (("数据", "行政复议", "办结"), None)]
    for loc, value in edits:
        assert editing.change(lambda data, lines: set_field(data, loc, value, lines)) == IN_PLACE

    def seen(form):
        return [(f.rule, f.line, f.column, f.message) for f in run_checks(form)]

    fresh = load_form_text(editing.text, editing.path)
    assert seen(editing.form) == seen(fresh)
    assert any(rule == "figure-sum" for rule, *_ in seen(fresh)) or any("办结" in m for *_, m in seen(fresh))
