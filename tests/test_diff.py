"""Tests for `drafter diff` on two fixtures with known figures, in every output format."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.cli import main
from drafter.diff.compare import compare
from drafter.text import display_width
from drafter.model.figures import GROUPS
from drafter.form.load import load_form

FIXTURES = Path(__file__).parent / "fixtures"
BEFORE = FIXTURES / "对比_上年.yaml"
AFTER = FIXTURES / "对比_本年.yaml"

FILLED_ROWS = 13
TABLE = """\
数据对比：2023 年（对比_上年.yaml）→ 2024 年（对比_本年.yaml）

组        指标        单位    上年    本年           变化   变化率
--------  ----------  ----  ------  ------  -------------  -------
行政复议  受理        件        40      50            +10     +25%
行政复议  上年结转    件         2       3             +1     +50%
行政复议  办结        件        38      45             +7  +18.42%
行政复议  办结率      %     90.48%  84.91%  -5.57个百分点
行政应诉  开庭        件        20      25             +5     +25%
行政应诉  负责人出庭  件        18      25             +7  +38.89%
行政应诉  出庭应诉率  %        90%    100%    +10个百分点
法律援助  挽回损失    万元    80.5  100.25         +19.75  +24.53%
信访      受理        件       120      90            -30     -25%
法治督察  发现问题    个         0       4             +4
自定义    示范点      个         3       5             +2  +66.67%
自定义    新指标      项                 2
自定义    旧指标      件         7
另有 {hidden} 项两年都未填写（加 --all 显示）

章节变化：
  新增  主要举措和成效：健全突发事件应对体系，依法预防处置重大突发事件（纲要领域：突发事件应对）
  新增  主要举措和成效：推进营商环境法治化
  新增  下一年度工作安排：提升基层法治水平
  删除  主要举措和成效：健全行政决策制度体系，不断提升行政决策公信力和执行力（纲要领域：行政决策）
  删除  下一年度工作安排：深化执法规范化建设

与上年完全相同的段落：3 段（本年共 7 段）
  导语
  主要举措和成效.章节[1].内容[1]
  存在的不足和原因.章节[1].内容
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["diff", *args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def diff_of(fmt: str, capsys, *extra: str) -> str:
    code, out, err = run(capsys, str(BEFORE), str(AFTER), "--format", fmt, *extra)
    assert code == 0, err
    return out


def test_figures_side_by_side():
    diff = compare(load_form(BEFORE).report, load_form(AFTER).report)
    rows = {(r.group, r.name): r for r in diff.figures}
    accepted = rows[("行政复议", "受理")]
    assert (accepted.before, accepted.after, accepted.change, accepted.change_rate) == (40, 50, 10, 25)
    rate = rows[("行政复议", "办结率")]
    assert rate.rate and rate.before == Decimal(38) * 100 / 42 and rate.after == Decimal(45) * 100 / 53
    assert rate.change_rate is None
    assert rows[("法治督察", "发现问题")].change_rate is None  # no change rate from 0
    assert rows[("法律援助", "挽回损失")].change == Decimal("19.75")
    expected = sum(len(g.figures) + len(g.rates) for g in GROUPS) + 3
    assert len(diff.figures) == expected


def test_table(capsys):
    hidden = sum(len(g.figures) + len(g.rates) for g in GROUPS) + 3 - FILLED_ROWS
    assert diff_of("table", capsys) == TABLE.format(hidden=hidden)


def test_table_columns_line_up_by_display_width(capsys):
    lines = diff_of("table", capsys).splitlines()[2:17]
    rule = lines[1]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    for line in lines:
        for start in starts[1:]:
            # the display column just before each column start is a gap
            prefix = ""
            for ch in line:
                if display_width(prefix) >= start:
                    break
                prefix += ch
            assert display_width(prefix) == start and prefix.endswith(" ") or not line[len(prefix):], line


def test_all_lists_every_figure(capsys):
    out = diff_of("table", capsys, "--all")
    assert "两年都未填写" not in out
    table = out.split("\n\n")[1].splitlines()
    assert len(table) == 2 + sum(len(g.figures) + len(g.rates) for g in GROUPS) + 3
    assert re.match(r"法治督察 +整改率 +% *$", table[-4])


def test_csv(capsys):
    rows = list(csv.reader(io.StringIO(diff_of("csv", capsys))))
    assert rows[0] == ["类别", "组", "指标", "单位", "上年", "本年", "变化", "变化率"]
    assert ["数量", "行政复议", "受理", "件", "40", "50", "10", "25"] in rows
    assert ["比率", "行政复议", "办结率", "%", "90.48", "84.91", "-5.57", ""] in rows
    assert ["数量", "法律援助", "挽回损失", "万元", "80.5", "100.25", "19.75", "24.53"] in rows
    assert ["自定义", "自定义", "新指标", "项", "", "2", "", ""] in rows
    assert ["新增章节", "主要举措和成效", "推进营商环境法治化", "", "", "", "", ""] in rows
    assert ["删除章节", "下一年度工作安排", "深化执法规范化建设", "", "", "", "", ""] in rows
    assert rows[-2:] == [["段落", "", "本年段落", "段", "", "7", "", ""], ["段落", "", "与上年相同", "段", "", "3", "", ""]]
    assert len(rows) == 1 + 13 + 5 + 2


def test_json(capsys):
    data = json.loads(diff_of("json", capsys))
    assert data["上年"] == {"文件": "对比_上年.yaml", "年度": 2023} and data["本年"]["年度"] == 2024
    figures = {(f["组"], f["指标"]): f for f in data["数据"]}
    assert figures[("行政应诉", "出庭应诉率")] == {"类别": "比率", "组": "行政应诉", "指标": "出庭应诉率", "单位": "%",
                                                "上年": 90, "本年": 100, "变化": 10, "变化率": None}
    assert figures[("信访", "受理")]["变化率"] == -25
    assert figures[("行政复议", "办结率")]["上年"] == 90.48
    assert figures[("自定义", "旧指标")]["本年"] is None
    assert data["新增章节"][0] == {"部分": "主要举措和成效", "标题": "健全突发事件应对体系，依法预防处置重大突发事件",
                                 "纲要领域": "突发事件应对"}
    assert [s["标题"] for s in data["删除章节"]] == ["健全行政决策制度体系，不断提升行政决策公信力和执行力", "深化执法规范化建设"]
    assert data["段落"] == {"本年段落": 7, "与上年相同": 3,
                          "相同段落位置": ["导语", "主要举措和成效.章节[1].内容[1]", "存在的不足和原因.章节[1].内容"]}


def test_markdown(capsys):
    out = diff_of("md", capsys)
    assert out.startswith("## 数据对比：2023 年（对比_上年.yaml）→ 2024 年（对比_本年.yaml）\n\n| 组 | 指标 | 单位 | 上年 |")
    assert "| 行政复议 | 办结率 | % | 90.48% | 84.91% | -5.57个百分点 |  |\n" in out
    assert "| 法律援助 | 挽回损失 | 万元 | 80.5 | 100.25 | +19.75 | +24.53% |\n" in out
    assert "- 删除：下一年度工作安排：深化执法规范化建设\n" in out
    assert out.endswith("与上年完全相同的段落：3 段（本年共 7 段）\n\n- 导语\n- 主要举措和成效.章节[1].内容[1]\n"
                        "- 存在的不足和原因.章节[1].内容\n")


def test_output_file_csv_has_a_bom_for_excel(tmp_path, capsys):
    target = tmp_path / "对比.csv"
    code, out, _err = run(capsys, str(BEFORE), str(AFTER), "--format", "csv", "-o", str(target))
    assert code == 0 and out == f"已写入：{target}\n"
    assert target.read_bytes().startswith("\ufeff类别,组".encode("utf-8"))
    code, _out, err = run(capsys, str(BEFORE), str(AFTER), "-o", str(target))
    assert code == 2 and "--force" in err


def test_an_invalid_form_is_refused(tmp_path, capsys):
    bad = tmp_path / "坏.yaml"
    bad.write_text(AFTER.read_text(encoding="utf-8").replace("    受理: 50", "    受理: 五十"), encoding="utf-8")
    code, out, err = run(capsys, str(BEFORE), str(bad))
    assert code == 1 and out == ""
    assert "表单有 1 处错误" in err and "错误 [schema] 数据.行政复议.受理：应为整数" in err


def test_identical_forms_have_no_section_changes(capsys):
    code, out, _err = run(capsys, str(AFTER), str(AFTER))
    assert code == 0
    assert "（没有新增或删除的章节）" in out and "与上年完全相同的段落：7 段（本年共 7 段）" in out
    assert re.search(r"\n行政复议 +受理 +件 +50 +50 +0 +0%\n", out)


@given(st.text(alphabet="甲乙丙，。％", max_size=10), st.text(alphabet="ab1%", max_size=10))
def test_display_width_counts_wide_characters_twice(wide, narrow):
    assert display_width(wide + narrow) == 2 * len(wide) + len(narrow)


def test_a_paragraph_whose_figures_changed_is_not_listed_as_the_same_as_last_year(tmp_path, capsys):
    """The same wording with other figures (受理行政复议案件40件 → 50件) is not what the reader
    reads twice; drafter check --previous already compared printed text, diff did not."""
    intro = "导语: 示例区全年受理行政复议案件{{ 行政复议.受理 }}件，法治政府建设稳步推进。现将有关情况报告如下："
    for source in (BEFORE, AFTER):
        text = re.sub(r"^导语: .*$", intro, source.read_text(encoding="utf-8"), count=1, flags=re.M)
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path / BEFORE.name), str(tmp_path / AFTER.name), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["段落"]["相同段落位置"] == ["主要举措和成效.章节[1].内容[1]", "存在的不足和原因.章节[1].内容"]
