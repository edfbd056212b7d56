"""The form text of an import: it loads back to the same report, says where it came from,
marks what was inferred, and writes Chinese text as readable plain scalars."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from import_support import REPORT

from drafter.form.blank import scalar
from drafter.importer import clean_lines, parse_outline
from drafter.importer.cleaning import Cleaning
from drafter.importer.extraction import extract_figures
from drafter.importer.formtext import form_text
from drafter.importer.mapping import map_outline
from drafter.model.report import iter_texts
from drafter.form.load import load_form, parse_yaml

WEB_COPY = "您现在的位置：首页 > 政务公开\n" + REPORT + "扫一扫在手机上查看当前页面\n"


def _import(text: str, tmp_path: Path, figures: bool = False):
    notes: list[Cleaning] = []
    mapped = map_outline(parse_outline(clean_lines(text.splitlines(), notes)))
    if figures:
        extract_figures(mapped.report)
    target = tmp_path / "示例县.yaml"
    form = form_text(mapped, source=tmp_path / "示例县2024年报告.txt", cleaning=notes, today=date(2025, 3, 1),
                     target=target)
    target.write_text(form.text, encoding="utf-8")
    return mapped, form, target


def test_the_form_loads_back_to_the_mapped_report(tmp_path):
    mapped, _, target = _import(WEB_COPY, tmp_path, figures=True)
    loaded = load_form(target)
    assert loaded.problems == []
    assert loaded.report.model_dump() == mapped.report.model_dump()


def test_header_names_the_source_and_lists_the_cleaning(tmp_path):
    _, form, _ = _import(WEB_COPY, tmp_path)
    lines = form.text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert "由 drafter import 于 2025-03-01 从“示例县2024年报告.txt”导入" in lines[1]
    header = "\n".join(line for line in lines if line.startswith("#"))
    assert "网页位置栏" in header and "您现在的位置：首页 > 政务公开" in header and "扫码提示" in header


def test_inferred_values_are_marked_for_checking(tmp_path):
    _, form, _ = _import(REPORT, tmp_path)
    lines = form.text.splitlines()
    for key in ("年度", "地区", "层级"):
        assert "请核对" in next(line for line in lines if line.startswith(f"  {key}:"))
    assert "请核对" not in next(line for line in lines if line.startswith("  报告机关:"))
    assert "纲要领域: 政府职能  # 按标题识别，请核对" in form.text


def test_every_figure_is_present_as_in_a_new_form(tmp_path):
    _, form, _ = _import(REPORT, tmp_path, figures=True)
    assert "    受理: 23  # 本年受理的行政复议案件数（件）" in form.text
    assert "    办结: 21  # 本年办结案件数（件）" in form.text
    assert "    决策事项: null  # 作出的重大行政决策事项数（件）" in form.text


def test_several_paragraphs_are_a_list_and_lines_point_at_each_text(tmp_path):
    mapped, form, _ = _import(REPORT, tmp_path)
    lines = form.text.splitlines()
    texts = dict(iter_texts(mapped.report))
    assert set(form.lines) == set(texts) - {("结束语",)}
    for loc, number in form.lines.items():
        assert texts[loc] in lines[number - 1]


def test_a_missing_part_is_left_to_fill_in(tmp_path):
    text = REPORT.replace("三、存在的问题\n基层执法力量较为薄弱,部分干部法治意识仍需提升。\n", "")
    _, form, target = _import(text, tmp_path)
    assert "存在的不足和原因:\n  # 原文没有这一部分，请补写\n  内容: \"\"" in form.text
    assert load_form(target).report.shortcomings.is_empty()


_CHINESE_TEXT = st.text(alphabet=st.sampled_from(list("示例县推进依法行政，。；：、“”（）《》！？—…%")
                                                 + list("0123456789abc .-_/()[]{},:#'\"&*!|>@`?~=\t")),
                        max_size=30)


@given(_CHINESE_TEXT)
def test_scalars_of_chinese_text_read_back_unchanged(value):
    parsed = parse_yaml(f"k: {scalar(value)}\n", "x")["k"]
    assert (parsed or "") == value or (value.strip() == "" and parsed in ("", None))


def test_running_chinese_text_is_a_plain_scalar():
    assert scalar("全年受理行政复议案件{{ 行政复议.受理 }}件，办结率达到100%。") == \
        "全年受理行政复议案件{{ 行政复议.受理 }}件，办结率达到100%。"
    assert scalar("“三项制度”全面落实。") == "“三项制度”全面落实。"
    assert scalar("2024年，示例县推进依法行政。").startswith('"')
    assert scalar("示例: 县").startswith('"') and scalar("示例 #县").startswith('"')
    assert scalar(date(2025, 2, 8)) == "2025-02-08"
