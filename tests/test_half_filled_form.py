"""A new user's year (issue 14): a `drafter new` form with half the 纲要 areas filled and the
optional part left empty, through check, render and --draft. What reaches the page and
what the user is told."""

from __future__ import annotations

import re

import docx
import pytest

from drafter.form.blank import new_form
from drafter.model.report import Level

INTRO = "过去一年，示例县坚持依法行政，乡村振兴　法治同行，取得新成效。现将有关情况报告如下："
SECTION = "县政府常务会议专题研究法治政府建设工作，推动各项任务落实落细，形成了上下联动的工作格局。"
ITEM = "县委全面依法治县委员会召开全体会议审议年度工作要点，明确各成员单位职责分工和完成时限。"


def half_filled(*, date: bool = True, shortcomings: bool = True, plans: bool = True, intro: str = INTRO) -> str:
    """The blank form with the intro, the first-duty part, two 纲要 areas and (optionally)
    the two required closing parts filled; 其他需要报告的情况 left as generated."""
    text = new_form("示例县", 2024, Level.COUNTY)
    if date:
        text = text.replace("  成文日期:  #", "  成文日期: 2025-02-10  #", 1)
    text = text.replace('导语: ""', f'导语: "{intro}"', 1)
    empty_section = '    - 标题: ""  # 本节标题\n      内容: ""  # 本节正文'
    fills = [("坚持统筹部署", SECTION)]
    fills += [("深入查找短板", "对照纲要要求，法治队伍建设仍有差距，基层执法力量还比较薄弱。")] if shortcomings else [("", "")]
    fills += [("持续深化改革", "全面落实行政执法三项制度，加强基层执法队伍建设和执法监督。")] if plans else [("", "")]
    for title, body in fills:
        text = text.replace(empty_section, f'    - 标题: "{title}"\n      内容: "{body}"', 1)
    item = '          内容: ""  # 一项具体举措及成效'
    text = text.replace(item, f'          内容: "{ITEM}"', 2)
    return text


@pytest.fixture
def form(write_form):
    return write_form(half_filled(), "示例县2024.yaml")


def _docx_text(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# ---------------------------------------------------------------- 1. no heading without text


def test_unfilled_areas_and_the_optional_part_are_left_out_and_check_says_which(form, run_cli, tmp_path):
    code, out, _ = run_cli("check", str(form), "--hints")
    assert code == 0, out
    for area in ("依法行政制度", "行政决策", "行政执法", "突发事件应对", "矛盾纠纷化解", "权力制约监督", "数字法治政府"):
        assert f"纲要领域“{area}”还没有内容，生成文档时略去这一节" in out
    assert "“其他需要报告的情况”没有填写内容，生成文档时略去这一部分" in out
    target = tmp_path / "报告.docx"
    code, _, err = run_cli("render", str(form), "-o", str(target))
    assert code == 0, err
    lines = _docx_text(target)
    assert not any(line.startswith(("（三）", "（九）")) for line in lines)
    assert not any("其他需要报告的情况" in line for line in lines)
    styles = [p.style.style_id for p in docx.Document(str(target)).paragraphs]
    for number, (style, following) in enumerate(zip(styles, styles[1:])):
        if style.startswith("Heading"):     # text follows: a body paragraph or a lower heading
            assert not following.startswith("Heading") or int(following[-1]) > int(style[-1]), lines[number]


def test_an_empty_required_part_is_an_error(write_form, run_cli, tmp_path):
    path = write_form(half_filled(shortcomings=False), "缺一部分.yaml")
    code, out, _ = run_cli("check", str(path))
    assert code == 1
    assert re.search(r"错误 \[empty-text\] 存在的不足和原因：“存在的不足和原因”还没有内容", out)
    code, _, err = run_cli("render", str(path), "-o", str(tmp_path / "x.docx"))
    assert code == 1 and not (tmp_path / "x.docx").exists()


# ---------------------------------------------------------------- 3. never silently


def test_render_reports_every_change_it_makes_to_the_text(write_form, run_cli, tmp_path):
    path = write_form(half_filled(intro="取得新成效.乡村振兴 法治同行，现将有关情况报告如下："), "改写.yaml")
    code, _, err = run_cli("render", str(path), "-o", str(tmp_path / "x.docx"))
    assert code == 0
    change = next(line for line in err.splitlines() if "已调整 导语" in line)
    assert change.startswith(f"{path}:")
    assert "英文标点改为中文标点 1 处" in change and "删去汉字间的空格 1 处" in change
    assert "全角空格" in change


def test_a_full_width_space_is_kept(form, run_cli, tmp_path):
    target = tmp_path / "报告.docx"
    code, out, err = run_cli("check", str(form))
    assert "cjk-space" not in out
    code, _, err = run_cli("render", str(form), "-o", str(target))
    assert code == 0 and "已调整 导语" not in err
    assert any("乡村振兴\u3000法治同行" in line for line in _docx_text(target))


# ---------------------------------------------------------------- 8. check and render agree


@pytest.mark.parametrize("edit", ["none", "no-date", "figure"])
def test_check_passes_exactly_when_render_makes_the_final_document(write_form, run_cli, tmp_path, edit):
    text = half_filled(date=edit != "no-date")
    if edit == "figure":
        text = text.replace(ITEM, "全年受理行政复议案件{{ 行政复议.受理 }}件，同比{{ 行政复议.受理 | 同比 }}。", 1)
    path = write_form(text, f"{edit}.yaml")
    check_code, out, _ = run_cli("check", str(path))
    render_code, _, err = run_cli("render", str(path), "-o", str(tmp_path / f"{edit}.docx"))
    assert (check_code == 0) == (render_code == 0) == (tmp_path / f"{edit}.docx").exists()
    assert ("可以生成文档" in out.splitlines()[-1]) == (render_code == 0)
    code, out, _ = run_cli("check", str(tmp_path))
    assert ("通过" in out) == (render_code == 0) or ("数据待填" in out) == (render_code != 0)


# ---------------------------------------------------------------- 9. --draft always gives a draft


def test_draft_of_a_form_with_content_errors_marks_and_lists_them(write_form, run_cli, tmp_path):
    text = half_filled(date=False).replace(ITEM, "开展专项检查 次，全年受理{{ 行政复议.受理 }}件。", 1)
    path = write_form(text, "草稿.yaml")
    code, out, _ = run_cli("check", str(path))
    assert code == 1 and "[blank]" in out
    target = tmp_path / "草稿.docx"
    code, out, err = run_cli("render", str(path), "-o", str(target), "--draft")
    assert code == 0 and target.exists()
    assert "[blank]" in err and "已在草稿中以底色标出" in err
    body = docx.Document(str(target)).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    marked = ["".join(t.text for t in r.iter(f"{w}t")) for r in body.iter(f"{w}r") if r.find(f"{w}rPr/{w}highlight") is not None]
    assert any("未填的数字" in m for m in marked)
    assert "【待填：成文日期】" in marked and any("行政复议.受理" in m for m in marked)


def test_draft_of_a_form_with_a_broken_placeholder_shows_it_as_written(write_form, run_cli, tmp_path):
    text = half_filled().replace(ITEM, "全年受理{{ 行政复议.受理 }件。", 1)
    path = write_form(text, "坏.yaml")
    target = tmp_path / "坏.docx"
    code, _, err = run_cli("render", str(path), "-o", str(target), "--draft")
    assert code == 0, err
    assert any("【全年受理{{ 行政复议.受理 }件。】" in line for line in _docx_text(target))


# ---------------------------------------------------------------- 7. 孤字


def test_a_single_character_the_bound_cannot_pull_back_is_named_by_check(write_form, run_cli):
    unfixable = "对照纲要要求，我县法治政府建设还存在一些不容忽视的问题："    # 26 + “题：”
    path = write_form(half_filled(intro=unfixable), "孤字.yaml")
    code, out, _ = run_cli("check", str(path))
    line = next(line for line in out.splitlines() if "[orphan-char]" in line)
    assert line.startswith(f"{path}:") and "导语" in line and "“题：”" in line and "0.5 磅" in line


def test_a_single_character_the_writer_pulls_back_is_no_finding(write_form, run_cli, tmp_path):
    fixable = "过去一年，示例县坚持依法行政，法治政府建设取得了新成效。"   # 26 + “效。”
    path = write_form(half_filled(intro=fixable), "收回.yaml")
    code, out, _ = run_cli("check", str(path))
    assert "[orphan-char]" not in out
    target = tmp_path / "收回.docx"
    run_cli("render", str(path), "-o", str(target))
    intro = next(p for p in docx.Document(str(target)).paragraphs if p.text == fixable)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    spacing = {int(r.find(f"{w}rPr/{w}spacing").get(f"{w}val")) for r in intro._p.iter(f"{w}r")}
    assert len(spacing) == 1 and -10 <= spacing.pop() < 0       # condensed, by at most 0.5 pt


def test_draft_shows_an_empty_required_part_before_the_closing(write_form, run_cli, tmp_path):
    path = write_form(half_filled(shortcomings=False), "缺部分.yaml")
    target = tmp_path / "缺部分.txt"
    code, out, _ = run_cli("render", str(path), "-o", str(target), "--draft")
    assert code == 0 and "处以“【…】”标出" in out
    lines = target.read_text(encoding="utf-8").splitlines()
    note = next(i for i, line in enumerate(lines) if "“存在的不足和原因”还没有内容" in line)
    assert lines[note].startswith("【") and lines[note + 1] == "特此报告。"


# ---------------------------------------------------------------- 10. one wave, errors first


def test_schema_and_content_findings_come_in_one_wave_hints_folded(write_form, run_cli):
    text = half_filled(shortcomings=False).replace("  层级: 县  #", "  层级: 镇  #", 1)
    text = text.replace("    受理: null  # 本年受理", "    受理: 四十五件  # 本年受理", 1)
    path = write_form(text, "一次.yaml")
    code, out, _ = run_cli("check", str(path))
    lines = out.splitlines()
    levels = [line.split(": ", 2)[1].split(" ", 1)[0] for line in lines if line.startswith(f"{path}:")]
    assert code == 1
    assert "[schema]" in out and "“存在的不足和原因”还没有内容" in out      # both kinds in the same run
    assert levels == sorted(levels, key=["错误", "警告", "提示"].index)      # errors first
    assert "提示" not in levels and re.search(r"另有 \d+ 条提示未列出（加 --hints 列出）", out)
    code, out, _ = run_cli("check", str(path), "--hints")
    assert " 提示 [missing-figure]" in out and "未列出" not in out
