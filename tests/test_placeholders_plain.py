"""The regular-expression reading of plain placeholders agrees with Jinja's parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.form.placeholders import PlaceholderError, Reference, _parse_jinja, _parse_plain, parse_text

FRAGMENTS = ["{{", "}}", "{", "}", " ", "\n", ".", "|", "-", "(", ")", "1", "行政复议", "受理", "a", "_x", "true",
             "同比", "万元", "小数", "上年", "未知", "{#", "#}", "。", "全年", "²", "a\u0301", "'", "[", "]"]


def _jinja_outcome(text: str) -> object:
    try:
        return _parse_jinja(text)
    except PlaceholderError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_plain_reading_matches_jinja_whenever_it_answers(parts):
    text = "".join(parts)
    plain = _parse_plain(text)
    if plain is not None:
        assert plain == _jinja_outcome(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["行政复议", "行政应诉", "自定义"]), st.sampled_from(["受理", "出庭应诉率", "名称"]),
                          st.lists(st.sampled_from(["同比", "万元", "上年"]), max_size=2),
                          st.sampled_from(["", " ", "  "]), st.sampled_from(["。", "件，", "全年"])), max_size=5))
def test_plain_texts_are_read_without_jinja(placeholders):
    text = "".join(f"{{{{{pad}{g}.{n}{''.join(f' | {f}' for f in fs)}{pad}}}}}{tail}" for g, n, fs, pad, tail in placeholders)
    expected = [Reference(g, n, tuple(fs)) for g, n, fs, _pad, _tail in placeholders]
    assert _parse_plain(text) == expected
    assert parse_text(text) == expected == _parse_jinja(text)


@pytest.mark.parametrize("text", ["{{ 行政复议 }}", "{{ 行政复议.受理 | 小数(1) }}", "{{ 行政复议.受理 | 未知 }}",
                                  "{{- 行政复议.受理 }}", "{{{ 行政复议.受理 }}", "{# 注 #}{{ 行政复议.受理 }}",
                                  "{{ true.受理 }}", "{{ 行政复议['受理'] }}"])
def test_anything_else_goes_to_jinja(text):
    assert _parse_plain(text) is None
