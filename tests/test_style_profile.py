"""The style profile: GB/T 9704 defaults, the YAML file, Chinese errors, custom profiles."""

from __future__ import annotations

import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

from drafter.paths import DEFAULT_STYLE
from drafter.writers.style import (
    FONT_SIZE_NAMES,
    StyleError,
    StyleProfile,
    load_style,
    parse_font_size,
    profile_from_data,
)


def test_default_profile_is_gbt9704():
    style = load_style()
    assert style == StyleProfile()
    assert (style.paper.width, style.paper.height) == (210, 297)
    assert (style.margins.top, style.margins.bottom, style.margins.left, style.margins.right) \
        == (37, 35, 28, 26)
    assert (style.grid.lines_per_page, style.grid.chars_per_line) == (22, 28)
    assert (style.title.font, style.title.size) == ("方正小标宋简体", 22)
    assert (style.body.font, style.body.size, style.body.first_line_indent_chars) \
        == ("仿宋_GB2312", 16, 2)
    assert [style.heading(n).font for n in range(1, 5)] \
        == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    assert [style.heading(n).run_in_bold for n in range(1, 5)] == [False, False, True, False]
    assert (style.page_number.font, style.page_number.size, style.page_number.format) \
        == ("宋体", 14, "— {页码} —")
    assert style.latin_font == "Times New Roman"
    assert style.missing.highlight == "yellow"


def _keys(model: type[BaseModel]) -> dict:
    tree = {}
    for field in model.model_fields.values():
        annotation = field.annotation
        is_section = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        is_mapping = typing.get_origin(annotation) is dict  # e.g. 后备字体.字体对应: font → font
        tree[field.alias] = _keys(annotation) if is_section else ("mapping" if is_mapping else None)
    return tree


def _data_keys(data: dict, model: type[BaseModel] = StyleProfile) -> dict:
    fields = {f.alias: f.annotation for f in model.model_fields.values()}
    out = {}
    for k, v in data.items():
        sub = fields.get(k)
        if isinstance(v, dict) and isinstance(sub, type) and issubclass(sub, BaseModel):
            out[k] = _data_keys(v, sub)
        else:
            out[k] = "mapping" if isinstance(v, dict) else None
    return out


def test_default_yaml_spells_out_every_setting():
    data = YAML(typ="safe").load(DEFAULT_STYLE.read_text(encoding="utf-8"))
    assert _data_keys(data) == _keys(StyleProfile)


def test_partial_profile_keeps_defaults(tmp_path):
    path = tmp_path / "custom.yaml"
    path.write_text("页边距:\n  左: 30\n正文:\n  字号: 小三\n", encoding="utf-8")
    style = load_style(path)
    assert style.margins.left == 30
    assert style.margins.top == 37
    assert style.body.size == 15
    assert style.title == StyleProfile().title


def _error(data) -> str:
    with pytest.raises(StyleError) as info:
        profile_from_data(data)
    return str(info.value)


def test_negative_margin_names_the_key_in_chinese():
    message = _error({"页边距": {"上": -5}})
    assert "页边距.上" in message
    assert "应大于 0" in message


def test_unknown_key_is_named_with_a_suggestion():
    message = _error({"页边局": {"上": 30}})
    assert "页边局" in message and "未知的键" in message
    assert "“页边距”" in message
    message = _error({"页边距": {"外": 3}})
    assert "页边距.外" in message and "上、下、左、右" in message


def test_unknown_font_size_and_bad_switch_are_explained():
    message = _error({"正文": {"字号": "大三"}, "三级标题": {"段中标题加粗": "也许"}})
    assert "正文.字号" in message and "无法识别的字号「大三」" in message
    assert "三级标题.段中标题加粗" in message and "是 或 否" in message


def test_unquoted_numeric_colour_is_explained():
    message = _error({"版头": {"分隔线": {"颜色": 0}}})
    assert "版头.分隔线.颜色" in message and "FF0000" in message


def test_page_number_format_needs_placeholder():
    assert "{页码}" in _error({"页码": {"格式": "第 1 页"}})


def test_margins_wider_than_paper_are_rejected():
    message = _error({"页边距": {"左": 120, "右": 100}})
    assert "左、右页边距之和" in message


def test_too_many_characters_per_line_are_rejected():
    assert "每行字数" in _error({"版心": {"每行字数": 60}})


def test_all_errors_are_reported_together():
    with pytest.raises(StyleError) as info:
        profile_from_data({"页边距": {"上": -1, "下": "宽"}, "标题": {"颜色": "红"}})
    assert len(info.value.messages) == 3


def test_yaml_syntax_error_gives_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("页边距:\n  上: 37\n 下: [35\n", encoding="utf-8")
    with pytest.raises(StyleError) as info:
        load_style(path)
    assert "行有 YAML 语法错误" in str(info.value)


def test_missing_file_and_non_mapping(tmp_path):
    with pytest.raises(StyleError, match="找不到样式配置文件"):
        load_style(tmp_path / "none.yaml")
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(StyleError, match="顶层应为一组配置项"):
        load_style(path)


def test_empty_file_gives_defaults(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# 全部使用国家标准\n", encoding="utf-8")
    assert load_style(path) == StyleProfile()


def test_value_forms():
    style = profile_from_data({
        "版头": {"发文机关标志": {"颜色": "#c00000"}},
        "待填标记": {"高亮颜色": "青绿"},
        "表格": {"表头加粗": "否"},
        "标题": {"字号": "22磅"},
    })
    assert style.masthead.mark.color == "C00000"
    assert style.missing.highlight == "cyan"
    assert style.table.header_bold is False
    assert style.title.size == 22


@pytest.mark.parametrize("name, points", sorted(FONT_SIZE_NAMES.items()))
def test_every_chinese_size_name_parses(name, points):
    assert parse_font_size(name) == points


@pytest.mark.parametrize("text, points", [
    ("3号", 16), ("三", 16), ("小4", 12), ("小四号", 12), ("0号", 42), ("小0", 36),
    ("初号", 42), ("16", 16), ("10.5pt", 10.5), (" 14磅 ", 14),
])
def test_size_spellings(text, points):
    assert parse_font_size(text) == points


@given(st.integers(min_value=1, max_value=400).map(lambda n: n / 2))
def test_points_round_trip(points):
    assert parse_font_size(points) == points
    assert parse_font_size(f"{points:g}") == points
    assert parse_font_size(f"{points:g}磅") == points


@given(st.text(alphabet="小大初一二三四五六七八九十0123456789号磅pt. ", max_size=6))
def test_size_parser_either_parses_or_explains(text):
    try:
        points = parse_font_size(text)
    except ValueError as exc:
        assert "字号" in str(exc)
    else:
        assert isinstance(points, float) and points >= 0
