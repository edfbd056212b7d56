"""The line model of the 28-character grid (drafter.writers.linebreak) and its 孤字 fix."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.writers.layout import line_models, orphan_condensation, page_geometry
from drafter.writers.linebreak import (HANGING, LIBREOFFICE, NO_LINE_END, NO_LINE_START, WORD, LineModel,
                                       condensation, is_orphan, orphan)
from drafter.writers.style import StyleProfile

GEO = page_geometry(StyleProfile())
WORD_MODEL, LO_MODEL = line_models(GEO, 16, 2)


def test_full_lines_hold_28_characters_and_the_first_26():
    text = "法" * 100
    lines = WORD_MODEL.lines(text)
    assert [len(line) for line in lines] == [26, 28, 28, 18]
    assert LO_MODEL.lines(text) == lines


def test_half_width_digits_count_half():
    text = "法" * 24 + "2024" + "法" * 10
    # 24 + 4 × ½ = 26 characters: the first line takes the number whole.
    assert WORD_MODEL.lines(text)[0] == "法" * 24 + "2024"


def test_numbers_are_not_split_and_hanging_marks_stay():
    lines = WORD_MODEL.lines("法" * 25 + "96.23%，尚未完成整改。")
    assert lines[1].startswith("96.23%")
    lines = WORD_MODEL.lines("法" * 26 + "，接着写。")
    assert lines[0].endswith("，") and len(lines[0]) == 27   # hangs past the margin


def test_closing_marks_take_the_character_before_them_down():
    lines = WORD_MODEL.lines("法" * 26 + "》的要求。")
    assert lines[1].startswith("法》")


def test_libreoffice_spaces_latin_text_and_does_not_hang_after_it():
    text = "法" * 26 + "法" * 20 + "按时报备率100%。对乡镇和部门"
    assert WORD_MODEL.lines(text)[1].endswith("100%。")
    assert LO_MODEL.lines(text)[2].startswith("100%。")


_TEXT = st.text(alphabet=st.sampled_from(list("法治政府建设年度报告县一二三") + list("，。、；：“”（）《》") + list("2024.%ab")),
                min_size=1, max_size=200)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.sampled_from([WORD, LIBREOFFICE]), st.integers(0, 12))
def test_lines_rejoin_to_the_text_and_obey_the_rules(text, engine, extra):
    model = LineModel(16, -extra, GEO.text_width, GEO.chars(2), engine, GEO.char_scale)
    lines = model.lines(text)
    assert "".join(lines) == text
    for number, line in enumerate(lines):
        assert line
        room = GEO.text_width - (GEO.chars(2) if number == 0 else 0)
        body = line.rstrip("".join(HANGING | NO_LINE_START)) if line[-1] in HANGING | NO_LINE_START else line
        if len(body) > 1 and number < len(lines) - 1:
            assert sum(model.advances(body)) <= room + 1
        if number and len(lines[number - 1]) > 1:
            assert line[0] not in NO_LINE_START or not any(ch not in NO_LINE_START for ch in lines[number - 1])
        if number < len(lines) - 1 and len(line) > 1:
            assert line[-1] not in NO_LINE_END or all(ch in NO_LINE_END for ch in line)


def test_orphan_is_one_character_with_or_without_its_punctuation():
    assert is_orphan("况") and is_orphan("难。") and is_orphan("率）。")
    assert not is_orphan("困难。")
    assert orphan(["一行"]) is None


def test_the_smallest_condensation_pulls_the_single_character_back():
    heading = "一、党政主要负责人履行推进法治建设第一责任人职责情况况"   # 27 characters: 26 + "况"
    assert orphan(WORD_MODEL.lines(heading)) == "况"
    extra = orphan_condensation(heading, GEO, 16, 2, 0.5)
    assert extra is not None and 0 < extra <= 10                 # ≤ 0.5 pt a character
    assert orphan(WORD_MODEL.tightened(extra).lines(heading)) is None
    assert orphan(WORD_MODEL.tightened(extra - 1).lines(heading)) is not None
    assert orphan_condensation(heading, GEO, 16, 2, 0) is None    # bound 0: not fixable
    assert orphan_condensation("没有孤字的短段落。", GEO, 16, 2, 0.5) == 0


def test_a_paragraph_too_long_for_the_bound_is_reported_as_unfixable():
    text = "法" * 26 + "法" * 28 * 3 + "难。"    # pulling one character back needs more than 0.5 pt
    assert condensation(text, line_models(GEO, 16, 2), 4) is None
