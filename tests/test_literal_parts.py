"""Tests for drafter.form.placeholders.literal_parts: the text outside {{ }} placeholders."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafter.form.placeholders import literal_parts

plain_text = st.text(alphabet=st.characters(blacklist_characters="{}%#", blacklist_categories=("Cs", "Cc")), max_size=40)


def test_placeholders_are_left_out():
    assert literal_parts("2023年共受理{{ 行政复议.受理 }}件，{{ 行政复议.受理 | 同比 }}。") == ["2023年共受理", "件，", "。"]
    assert literal_parts("{{ 行政应诉.出庭应诉率 }}") == []


def test_text_whose_placeholders_do_not_parse_is_all_literal():
    assert literal_parts("共{{ 行政复议.受理 件") == ["共{{ 行政复议.受理 件"]


@given(plain_text)
def test_text_without_placeholders_is_one_part(text):
    assert literal_parts(text) == [text]


@given(plain_text, plain_text)
def test_a_placeholder_splits_the_text_around_it(before, after):
    assert literal_parts(before + "{{ 行政复议.受理 }}" + after) == [p for p in (before, after) if p]
