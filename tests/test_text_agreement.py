"""One table of cases that every reader of numbering, ordinals, dates and quantities agrees on.

The importer (last year's headings, 一是 items, the 成文日期 line), the checks (手写编号,
编号样式混用), the renderer (which writes the numbers), rollover and review (the years, dates
and figures they flag) all ask `drafter.text`; this test holds each caller to the same answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from drafter.checks.typography import leading_number, typed_number
from drafter.form.review import literal_mentions
from drafter.edits.rollover import bump_years
from drafter.importer import patterns
from drafter.importer.outline import NumberStyle
from drafter.importer.structure import parse_outline
from drafter.model.report import ListStyle
from drafter.text import (find_dates, find_numbers, find_ordinals, find_years, format_cn_date, heading_number,
                          inline_ordinal, parse_cn_date, parse_heading)

STYLE_LEVEL = {NumberStyle.CHINESE: 1, NumberStyle.PAREN_CHINESE: 2, NumberStyle.ARABIC: 3, NumberStyle.PAREN_ARABIC: 4}

#: (line, heading level, number, the text after the number)
HEADINGS = [
    ("一、加强领导", 1, 1, "加强领导"),
    ("一．加强领导", 1, 1, "加强领导"),
    ("一.加强领导", 1, 1, "加强领导"),
    ("十二、其他工作", 1, 12, "其他工作"),
    ("（三）严格执法", 2, 3, "严格执法"),
    ("(三)严格执法", 2, 3, "严格执法"),
    ("（ 三 ）严格执法", 2, 3, "严格执法"),
    ("1.精简审批事项", 3, 1, "精简审批事项"),
    ("2、优化营商环境", 3, 2, "优化营商环境"),
    ("３．规范执法", 3, 3, "规范执法"),
    ("（4）开展评查", 4, 4, "开展评查"),
    ("(12)开展评查", 4, 12, "开展评查"),
]

NOT_HEADINGS = ["1.5亿元用于基层法治建设", "2023年全县共办理", "一是加强领导", "加强领导", "第一、二季度",
                "（此件公开发布）"]

#: (text, the ordinals' numbers in order)
ORDINALS = [
    ("一是加强领导", [1]),
    ("一是加强领导。二是完善制度。三是强化考核。", [1, 2, 3]),
    ("主要做法：一是加强领导；二是完善制度", [1, 2]),
    ("这一是非问题", []),
]

#: (text, the date it is)
DATES = [
    ("2024年1月23日", date(2024, 1, 23)),
    ("二○二四年一月二十三日", date(2024, 1, 23)),
    ("二〇二四年一月二十三日", date(2024, 1, 23)),
    ("二零二四年十二月三十一日", date(2024, 12, 31)),
    ("2024-01-23", date(2024, 1, 23)),
    ("２０２４年１月２３日", date(2024, 1, 23)),
]

NOT_DATES = ["2024年2月30日", "二〇二四年十三月一日", "2024年1月"]


@pytest.mark.parametrize("line, level, number, rest", HEADINGS)
def test_a_heading_is_a_heading_to_every_reader(line, level, number, rest):
    found = parse_heading(line)
    assert (found.level, found.number, found.rest) == (level, number, rest)
    imported = patterns.parse_heading(line)                      # importer: last year's outline
    assert (STYLE_LEVEL[patterns.STYLES[imported.level]], imported.number, imported.rest) == (level, number, rest)
    assert patterns.is_structural(line)                          # the cleaner never joins it to the line before
    assert leading_number(line) == (level, number)               # 编号样式混用
    assert typed_number(line, ListStyle.NUMBERED) == (line[:len(line) - len(rest)].strip(), rest)   # 手写编号
    written = heading_number(level, number)                      # what the renderer writes reads back the same
    assert parse_heading(written + rest).number == number and patterns.parse_heading(written + rest).number == number


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_a_non_heading_is_no_heading_to_any_reader(line):
    assert parse_heading(line) is None
    assert patterns.parse_heading(line) is None
    assert typed_number(line, ListStyle.NUMBERED) is None
    assert leading_number(line) is None or leading_number(line)[0] == 0


@pytest.mark.parametrize("text, numbers", ORDINALS)
def test_ordinals_are_the_same_to_the_importer_and_the_checks(text, numbers):
    assert [o.number for o in find_ordinals(text)] == numbers
    starts = bool(numbers) and find_ordinals(text)[0].start == 0
    assert patterns.starts_inline_item(text) == starts
    assert (leading_number(text) == (0, 1)) == starts
    assert (typed_number(text, ListStyle.INLINE) is not None) == starts
    for n in numbers:
        assert inline_ordinal(n) in text


def test_a_run_of_ordinals_becomes_inline_items_in_the_importer():
    outline = parse_outline(["一、主要举措", "一是加强领导。全年研究4次。二是完善制度。修订3项。"])
    assert [(c.number_style, c.number) for c in outline.sections[0].children] == [
        (NumberStyle.INLINE, 1), (NumberStyle.INLINE, 2)]


@pytest.mark.parametrize("text, value", DATES)
def test_a_date_is_a_date_to_every_reader(text, value):
    assert parse_cn_date(text) == value
    assert [(m.value, m.start, m.end) for m in find_dates(f"于{text}印发")] == [(value, 1, 1 + len(text))]
    assert patterns.is_structural(text)                          # importer: a line of its own (成文日期)
    outline = parse_outline(["一、甲", "示例县推进依法行政。", "示例县人民政府", text])
    assert outline.date == value
    assert text in literal_mentions(f"于{text}印发")             # review: rollover flags it 待核
    assert not [m for m in find_numbers(text)]                   # never read as a quantity
    assert parse_cn_date(format_cn_date(value)) == value


@pytest.mark.parametrize("text", NOT_DATES)
def test_a_non_date_is_no_date_to_any_reader(text):
    assert parse_cn_date(text) is None and find_dates(text) == []
    assert parse_outline(["一、甲", "示例县推进依法行政。", text]).date is None


def test_years_and_quantities_agree_between_rollover_review_and_the_checks():
    text = "2023年受理行政复议案件23件，同比增长12.5%，2024年将继续推进。"
    assert [y for y, _, _ in find_years(text)] == [2023, 2024]
    assert bump_years(text, 2023).startswith("2024年受理") and "2025年将" in bump_years(text, 2023)
    assert [(m.value, m.unit) for m in find_numbers(text)] == [(Decimal(23), "件"), (Decimal("12.5"), "%")]
    assert literal_mentions(text) == ["2023年", "23件", "12.5%", "2024年"]
