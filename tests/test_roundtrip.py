"""Tests for drafter.form.roundtrip: editing a round-trip tree leaves everything else byte for byte."""

from __future__ import annotations

import difflib
from pathlib import Path

from drafter.form import roundtrip as rt
from drafter.form.blank import new_form
from drafter.model.report import Level
from drafter.form.load import dump_yaml, parse_yaml
from drafter.form.plain import plain

FIXTURE = Path(__file__).parent / "fixtures" / "示例县2023年法治政府建设报告.yaml"


def load(text: str):
    data = parse_yaml(text, "t.yaml")
    rt.keep_nulls(data, rt.source_lines(text))
    return data


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_unedited_forms_are_written_back_byte_for_byte():
    for text in (FIXTURE.read_text(encoding="utf-8"), new_form("示例县", 2024, Level.COUNTY)):
        assert dump_yaml(load(text)) == text


def test_without_kept_nulls_ruamel_would_drop_them():
    text = "a: null  # 说明\n"
    assert dump_yaml(parse_yaml(text, "t")) != text
    assert dump_yaml(load(text)) == text


def test_null_spellings_and_empty_values_are_kept():
    text = "a: ~\nb:\nc: Null  # x\nd:\n  - null\n  - 1\n"
    data = load(text)
    assert isinstance(data["a"], rt.KeptNull) and data["b"] is None
    assert dump_yaml(data) == text
    assert plain(data) == {"a": None, "b": None, "c": None, "d": [None, 1]}


def test_set_value_keeps_the_gap_before_the_comment():
    text = "数据:\n  受理: 48  # 件\n  办结:  # 件\n  日期: 2024-01-26    # 宽\n"
    data = load(text)
    lines = text.splitlines()
    rt.set_value(data["数据"], "受理", rt.KeptNull(), lines)
    rt.set_value(data["数据"], "办结", 1234, lines)
    rt.set_value(data["数据"], "日期", None, lines)
    assert dump_yaml(data) == "数据:\n  受理: null  # 件\n  办结: 1234  # 件\n  日期:    # 宽\n"


def test_set_value_keeps_the_quoting_of_a_string():
    text = 'a: "2015-2020"  # 纲要\n'
    data = load(text)
    rt.set_value(data, "a", "2021-2025", text.splitlines())
    assert dump_yaml(data) == 'a: "2021-2025"  # 纲要\n'


def test_eol_comment_is_added_in_front_of_an_existing_one_keeping_the_lines_below():
    text = "a:\n  k: 文本  # 原注释\n  # 下一行的说明\n  m: 值\n  s:\n    - 一\n    # 第二项的说明\n    - 二\n"
    data = load(text)
    rt.add_eol_comment(data["a"], "k", "待核：甲")
    rt.add_eol_comment(data["a"], "m", "待核：乙")
    rt.add_eol_comment(data["a"]["s"], 0, "待核：丙")
    rt.add_eol_comment(data["a"]["s"], 1, "待核：丁")
    assert dump_yaml(data) == ("a:\n  k: 文本  # 待核：甲；原注释\n  # 下一行的说明\n  m: 值  # 待核：乙\n  s:\n"
                               "    - 一  # 待核：丙\n    # 第二项的说明\n    - 二  # 待核：丁\n")
    assert rt.eol_comment(data["a"], "k") == "待核：甲；原注释"


def test_comment_above_ignores_block_scalar_content():
    text = "a:\n  k: |\n    正文\n    # 这是正文，不是注释\n  m: 值\n  # 真注释\n  n: 值\n"
    data = load(text)
    lines = text.splitlines()
    assert rt.comment_above(lines, data["a"], "m") is None
    assert rt.comment_above(lines, data["a"], "n") == "真注释"


def test_replace_key_keeps_position_and_the_comments_below():
    text = "s:\n  纲要领域: 法治思维能力  # 标题默认为：旧\n  # 用户的说明\n  内容: 正文\n"
    data = load(text)
    rt.replace_key(data["s"], "纲要领域", "标题", "新标题")
    assert dump_yaml(data) == "s:\n  标题: 新标题\n  # 用户的说明\n  内容: 正文\n"


def test_replace_value_moves_the_comments_that_followed_the_old_value():
    text = "a:\n  x: 1\n  y: 2\n\n# 关于 b 的说明\nb: 3\n"
    data = load(text)
    new = parse_yaml("z: 9\n", "t")
    rt.replace_value(data, "a", new)
    assert dump_yaml(data) == "a:\n  z: 9\n\n# 关于 b 的说明\nb: 3\n"


def test_insert_after_puts_the_new_key_before_the_comments_of_the_next():
    text = "数据:\n  x: 1\n\n# 关于检查设置\n检查设置: {}\n"
    data = load(text)
    rt.insert_after(data, "数据", "上年数据", parse_yaml("x: 0\n", "t"), "说明")
    assert dump_yaml(data) == "数据:\n  x: 1\n\n# 说明\n上年数据:\n  x: 0\n\n# 关于检查设置\n检查设置: {}\n"


def test_start_comment_is_appended_after_the_existing_header():
    text = "# 第一行\n# 第二行\na: 1\n"
    data = load(text)
    rt.append_start_comment(data, "新增")
    assert dump_yaml(data) == "# 第一行\n# 第二行\n# 新增\na: 1\n"
    bare = load("a: 1\n")
    rt.append_start_comment(bare, "新增")
    assert dump_yaml(bare) == "# 新增\na: 1\n"


def test_iter_leaves_and_parent():
    data = load("a:\n  b: [1, 2]\n  c: x\n")
    assert [loc for loc, _c, _k in rt.iter_leaves(data)] == [("a", "b", 0), ("a", "b", 1), ("a", "c")]
    container, key = rt.parent(data, ("a", "b", 1))
    assert container[key] == 2


def test_source_lines_are_numbered_as_ruamel_numbers_them():
    text = 'a: "甲\u2028乙"\r\nb: null  # 说明\r\n'
    assert rt.source_lines(text) == ['a: "甲\u2028乙"', "b: null  # 说明", ""]
    data = load(text)
    assert isinstance(data["b"], rt.KeptNull)
