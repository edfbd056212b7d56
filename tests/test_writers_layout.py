"""GB/T 9704 layout arithmetic: grid, text widths, balanced titles, 落款, 附件说明."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafter.doctree import Role, Run
from drafter.writers.layout import (
    attachment_indent,
    closing_indents,
    page_geometry,
    split_title,
    text_width,
    title_lines,
)
from drafter.writers.style import StyleError, StyleProfile, profile_from_data


def test_grid_of_the_default_profile():
    geo = page_geometry(StyleProfile())
    assert (geo.page_width, geo.page_height) == (11906, 16838)
    assert (geo.margin_top, geo.margin_bottom, geo.margin_left, geo.margin_right) \
        == (2098, 1984, 1587, 1474)
    # 225 mm / 22 lines = 579.8 twips, rounded down so that 22 lines fit: 28.95 pt.
    assert geo.line_pitch == 579
    assert 22 * geo.line_pitch <= geo.text_height < 23 * geo.line_pitch
    # 156 mm / 28 characters.
    assert abs(28 * geo.char_pitch - geo.text_width) < 1e-6
    # Body characters are narrowed (98 %) so that 28 of them fit a line without a character grid.
    assert (geo.char_scale, geo.char_spacing) == (98, 0)
    assert abs(geo.char_advance - 313.6) < 1e-9
    assert 28 * geo.char_advance <= geo.text_width < 29 * geo.char_advance
    assert geo.chars_per_line(22) == 20


@given(st.integers(min_value=10, max_value=40), st.integers(min_value=18, max_value=35),
       st.sampled_from([12, 14, 15, 16]))
def test_every_accepted_grid_fits(lines, chars, body_size):
    try:
        style = profile_from_data({"版心": {"每页行数": lines, "每行字数": chars},
                                   "正文": {"字号": body_size}})
    except StyleError as exc:
        assert "排不下" in str(exc)
        assert lines * body_size > 637.8 or chars * body_size / 2 > 442.3
        return
    geo = page_geometry(style)
    assert lines * geo.line_pitch <= geo.text_height
    assert chars * geo.char_advance <= geo.text_width
    assert chars * (body_size * 20 * geo.char_scale / 100 + geo.char_spacing) <= geo.text_width
    assert geo.line_height(22) % geo.line_pitch == 0


def test_text_width_counts_latin_and_digits_as_half():
    assert text_width("示例县") == 3
    assert text_width("2025年3月20日") == 6.5
    assert text_width("（此件公开发布）") == 8
    assert text_width("“App”") == 3.5


def test_titles_break_at_natural_points():
    assert split_title("示例县人民政府关于2024年法治政府建设情况的报告", 20) \
        == ("示例县人民政府关于2024年", "法治政府建设情况的报告")
    assert split_title("示例县人民政府关于2024年度法治政府建设情况的报告", 20) \
        == ("示例县人民政府关于2024年度", "法治政府建设情况的报告")
    assert split_title("示例县人民政府办公室关于印发示例县2025年度法治政府建设工作要点的通知", 20) \
        == ("示例县人民政府办公室关于印发示例县", "2025年度法治政府建设工作要点的通知")


def test_short_title_stays_on_one_line():
    assert split_title("关于2024年度法治政府建设情况的报告", 20) \
        == ("关于2024年度法治政府建设情况的报告",)


def test_very_long_title_gets_three_balanced_lines():
    title = ("中共示例县委员会示例县人民政府关于2024年度法治政府建设工作情况"
             "暨2025年度法治政府建设工作计划的报告")
    lines = split_title(title, 20)
    assert len(lines) == 3
    widths = [text_width(line) for line in lines]
    assert max(widths) - min(widths) <= 3


_TITLE_CHARS = "示例县人民政府关于法治建设情况的报告工作和年度、（）《》“”" + "0123456789"


@given(st.text(alphabet=_TITLE_CHARS, min_size=1, max_size=60),
       st.integers(min_value=6, max_value=24))
def test_split_title_properties(title, max_width):
    lines = split_title(title, max_width)
    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(text_width(line) <= max_width for line in lines)
        for before, after in zip(lines, lines[1:]):
            assert not (before[-1].isdigit() and after[0].isdigit())
            assert after[0] not in "）》”、"
            assert before[-1] not in "（《“"
    if text_width(title) <= max_width:
        assert lines == (title,)


def test_title_lines_keep_roles():
    runs = [Run("示例县人民政府关于"), Run("【待填：年度】", Role.MISSING),
            Run("法治政府建设情况的报告")]
    lines = title_lines(runs, 12)
    assert "".join(r.text for line in lines for r in line) == "".join(r.text for r in runs)
    assert [r.role for line in lines for r in line if "待填" in r.text] == [Role.MISSING]
    assert len(lines) >= 2


def test_closing_indents_follow_gbt9704():
    # Signature right 2; the date's first character 2 right of the signature's.
    indents = closing_indents(["示例县人民政府"], "2025年3月20日")
    assert indents.signature == 2
    assert indents.date == 0.5
    # A date longer than the signature: date right 2, the signature moves left.
    indents = closing_indents(["示例县司法局"], "2025年12月31日")
    assert indents.date == 2
    assert indents.signature == 2 + 7 + 2 - 6
    # Stacked organs: the date is placed against the longest.
    indents = closing_indents(["中共示例县委员会", "示例县人民政府"], "2025年3月20日")
    assert (indents.signature, indents.date) == (2, 1.5)


_ORGAN = st.text(alphabet="示例县市人民政府委员会司法局中共", min_size=1, max_size=16)
_DATE = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(2000, 2099),
                  st.integers(1, 12), st.integers(1, 31))


@given(st.lists(_ORGAN, min_size=1, max_size=3), _DATE,
       st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3]))
def test_closing_rule_holds_in_all_cases(organs, date, right, shift):
    indents = closing_indents(organs, date, right, shift)
    signature_start = indents.signature + max(text_width(o) for o in organs)
    date_start = indents.date + text_width(date)
    assert signature_start - date_start == shift
    assert indents.signature >= right
    assert indents.date >= 0
    assert indents.signature == right or indents.date == right


def test_attachment_indents():
    first = attachment_indent("附件：1.示例县2024年度法治政府建设主要指标", first=True)
    assert (first.left, first.hanging) == (2 + 3 + 1, 3 + 1)
    second = attachment_indent("2.示例县行政执法统计表", first=False)
    assert (second.left, second.hanging) == (2 + 3 + 1, 1)
    single = attachment_indent("附件：示例县行政执法统计表", first=True)
    assert (single.left, single.hanging) == (5, 3)
