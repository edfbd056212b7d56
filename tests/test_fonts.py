"""Font coverage: characters outside GB2312 found by `check`, a fallback font on just their runs."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_support import load_report, write_form

from drafter.checks import run_checks
from drafter.render import render_report
from drafter.writers.docx import write_docx
from drafter.writers.fontcover import fallback_font, in_gb2312, outside_gb2312
from drafter.writers.fonts import _segments, document_fallbacks
from drafter.writers.style import load_style, profile_from_data
from drafter.form.load import load_form

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _names(data):
    data["导语"] = "王堃同志和李喆同志带队，在𠀀村调研。"
    data["主要举措和成效"]["章节"][0]["标题"] = "坚持依法行政喆"


def docx_runs(report, style=None) -> list[tuple[str, str | None]]:
    """(text, run-level East Asian font) of every run of the body."""
    buffer = io.BytesIO()
    write_docx(render_report(report, draft=True), buffer, style or load_style())
    body = docx.Document(io.BytesIO(buffer.getvalue())).element.body
    out = []
    for r in body.iter(f"{W}r"):
        fonts = r.find(f"{W}rPr/{W}rFonts")
        out.append(("".join(t.text or "" for t in r.iter(f"{W}t")), None if fonts is None else fonts.get(f"{W}eastAsia")))
    return out


def test_fallback_on_the_run_holding_the_character_not_its_neighbours(tmp_path):
    runs = docx_runs(load_report(tmp_path, _names))
    index = runs.index(("堃", "仿宋"))
    assert runs[index - 1] == ("王", None)
    assert runs[index + 1] == ("同志和李", None)
    assert ("喆", "仿宋") in runs and ("𠀀", "SimSun-ExtB") in runs
    assert runs[runs.index(("𠀀", "SimSun-ExtB")) + 1] == ("村调研。", None)
    # the 楷体_GB2312 heading gets 楷体 for its 喆
    assert ("喆", "楷体") in runs
    assert all(font is None for text, font in runs if text and all(in_gb2312(c) or not c.strip() for c in text)
               and text not in ("喆", "堃", "𠀀"))


def test_fonts_covering_gbk_keep_their_characters(tmp_path):
    def heading1(data):
        data["主要举措和成效"]["标题"] = "主要举措和成效堃"  # 一级标题：黑体 covers GBK

    runs = docx_runs(load_report(tmp_path, heading1))
    holding = [(text, font) for text, font in runs if "堃" in text]
    assert holding and all(font is None for _text, font in holding)


def test_the_style_profile_chooses_the_fallback(tmp_path):
    style = profile_from_data({"后备字体": {"字体对应": {"仿宋_GB2312": "方正仿宋_GBK"}, "扩展B区": "花园明朝B"}})
    runs = docx_runs(load_report(tmp_path, _names), style)
    assert ("堃", "方正仿宋_GBK") in runs and ("𠀀", "花园明朝B") in runs
    assert ("喆", "楷体") not in runs  # 楷体_GB2312 is no longer mapped: left as it is


def test_check_lists_each_character_with_location_and_font(tmp_path):
    form = load_form(write_form(tmp_path / "示例县.yaml", _names))
    hits = [f for f in run_checks(form) if f.rule == "font-coverage"]
    by_char = {(f.message[1], f.path): f for f in hits}
    assert set(by_char) == {("堃", "导语"), ("喆", "导语"), ("𠀀", "导语"), ("喆", "主要举措和成效.章节[1].标题")}
    kun = by_char[("堃", "导语")]
    assert kun.line > 0 and "仿宋_GB2312" in kun.message and "“仿宋”" in kun.message
    assert "楷体_GB2312" in by_char[("喆", "主要举措和成效.章节[1].标题")].message
    assert "SimSun-ExtB" in by_char[("𠀀", "导语")].message


def test_check_is_silent_on_gb2312_text(tmp_path):
    form = load_form(write_form(tmp_path / "示例县.yaml"))
    assert not [f for f in run_checks(form) if f.rule == "font-coverage"]


def test_render_says_which_characters_got_a_fallback(run_cli, tmp_path):
    form = write_form(tmp_path / "示例县.yaml", _names)
    code, out, _err = run_cli("render", str(form), "--draft")
    assert code == 0
    assert "后备字体" in out and "“堃”仿宋_GB2312→仿宋" in out and "“𠀀”仿宋_GB2312→SimSun-ExtB" in out
    code, out, _err = run_cli("render", str(form), "--draft", "--format", "txt", "-o", str(tmp_path / "a.txt"))
    assert code == 0 and "后备字体" not in out


def test_document_fallbacks_follow_the_block_fonts(tmp_path):
    fallbacks = document_fallbacks(render_report(load_report(tmp_path, _names), draft=True), load_style())
    assert {(f.char, f.font, f.fallback) for f in fallbacks} == {
        ("堃", "仿宋_GB2312", "仿宋"), ("喆", "仿宋_GB2312", "仿宋"), ("𠀀", "仿宋_GB2312", "SimSun-ExtB"),
        ("喆", "楷体_GB2312", "楷体")}


def test_fallback_font_by_character_class():
    style = load_style()
    assert fallback_font("堃", "仿宋_GB2312", style) == "仿宋"          # GBK
    assert fallback_font("㐀", "仿宋_GB2312", style) == "宋体"          # Extension A, not GBK
    assert fallback_font("𠀀", "黑体", style) == "SimSun-ExtB"          # beyond the BMP
    assert fallback_font("堃", "黑体", style) is None


#: Han characters: Extension A, the unified block, Extension B (not the Yijing symbols between them).
han = (st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF) | st.characters(min_codepoint=0x4E00,
       max_codepoint=0x9FFF) | st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF))
STYLE = load_style()


@given(st.text(han | st.sampled_from("，。abc 12")))
def test_outside_gb2312_finds_exactly_the_missing_characters(text):
    found = outside_gb2312(text)
    assert [text[i] for i, _c in found] == [c for _i, c in found]
    missing = {i for i, _c in found}
    for i, char in enumerate(text):
        assert (i in missing) == (not in_gb2312(char))


@given(st.text(han | st.sampled_from("，。abc 12")), st.sampled_from(["仿宋_GB2312", "楷体_GB2312", "黑体"]))
def test_segments_keep_the_text_and_isolate_fallbacks(text, font):
    style = STYLE
    pieces = _segments(text, font, style)
    assert "".join(p for p, _f in pieces) == text
    for piece, chosen in pieces:
        if chosen is not None:
            assert all(fallback_font(c, font, style) == chosen for c in piece)
        else:
            assert all(not outside_gb2312(c) or fallback_font(c, font, style) is None for c in piece)


@pytest.mark.parametrize("char", ["堃", "喆", "昇", "珺", "赟", "璟", "垚", "犇", "玥", "𠀀"])
def test_the_usual_name_characters_are_outside_gb2312(char):
    assert outside_gb2312(char) == [(0, char)]


@given(st.text(st.sampled_from("法治政府建设堃喆昇珺赟璟垚犇玥𠀀𪚥㐀—“”·€😀a1 　、。\ud800"), max_size=40))
def test_outside_gb2312_finds_each_han_character_gb2312_lacks(text):
    """The codec-driven search gives what testing every Han character one by one gives."""
    from drafter.writers.fontcover import HAN, in_gb2312, outside_gb2312

    assert outside_gb2312(text) == [(m.start(), m.group()) for m in HAN.finditer(text) if not in_gb2312(m.group())]
