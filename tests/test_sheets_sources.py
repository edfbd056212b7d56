"""drafter render --sources: every figure the text uses, with value, unit, source and cut-off
date; rates with their counts; a separate table, never part of the report."""

from __future__ import annotations

import openpyxl

from drafter.form.load import load_form

from _forms import form_text
from sheet_support import cell_of, fill


def test_sources_table_lists_used_figures_with_their_sources(run_cli, tmp_path):
    text = form_text("全年受理行政复议案件{{ 行政复议.受理 }}件，出庭应诉率{{ 行政应诉.出庭应诉率 }}。",
                     figures={"行政应诉": {"开庭": 10, "负责人出庭": 9}},
                     last={"行政复议": {"受理": 40}})
    text = text.replace("全年受理", "全年受理", 1)
    form = tmp_path / "县.yaml"
    form.write_text(text.replace("{{ 行政复议.受理 }}件", "{{ 行政复议.受理 | 同比 }}，{{ 行政复议.受理 }}件"),
                    encoding="utf-8")
    sheet = tmp_path / "统计表.xlsx"
    assert run_cli("sheet", str(form), "-o", str(sheet))[0] == 0
    fill(sheet, {"行政复议.受理": 50}, unit="示例县司法局")
    cell = cell_of(sheet, "行政复议.受理")
    filled = tmp_path / "已填.yaml"
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(filled))
    assert code == 0, err
    table = tmp_path / "来源.xlsx"
    code, out, err = run_cli("render", str(filled), "--sources", "-o", str(table))
    assert code == 0, err
    assert "不印入报告" in out
    ws = openpyxl.load_workbook(table)["数据来源表"]
    header = [c.value for c in ws[2]]
    assert header[:9] == ["指标", "数值", "单位", "来源单位", "来源数值", "文件", "工作表", "单元格", "截至日期"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    accepted = rows["行政复议.受理"]
    assert accepted[1:9] == (50, "件", "示例县司法局", 50, "统计表.xlsx", "统计表", cell, "2024-12-31")
    assert "上年数值 40" in accepted[10]
    rate = rows["行政应诉.出庭应诉率"]
    assert rate[1] == "90" and rate[2] == "%" and "负责人出庭 ÷ 开庭" in rate[10]
    hearing = rows["行政应诉.开庭"]
    assert hearing[1] == 10 and "未记录来源" in hearing[10] and "用于计算出庭应诉率" in hearing[10]
    assert "行政复议.办结" not in rows            # not used in the text
    # markdown as well; the report itself is a separate render
    code, _out, err = run_cli("render", str(filled), "--sources", "-o", str(tmp_path / "来源.md"))
    assert code == 0, err
    assert "| 行政复议.受理 | 50 | 件 | 示例县司法局 |" in (tmp_path / "来源.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.docx"))


def test_check_reports_a_figure_changed_by_hand_after_collection(run_cli, tmp_path, blank_form_text):
    form = tmp_path / "县.yaml"
    form.write_text(blank_form_text, encoding="utf-8")
    sheet = tmp_path / "统计表.xlsx"
    run_cli("sheet", str(form), "-o", str(sheet))
    fill(sheet, {"信访.受理": 12}, unit="示例县信访局")
    filled = tmp_path / "已填.yaml"
    assert run_cli("collect", str(form), str(sheet), "-o", str(filled))[0] == 0
    assert load_form(filled).report.figures.petitions.accepted == 12
    edited = filled.read_text(encoding="utf-8").replace("    受理: 12", "    受理: 13", 1)
    filled.write_text(edited, encoding="utf-8")
    _code, out, _err = run_cli("check", str(filled))
    assert "[source-total]" in out and "信访.受理 为 13，数据来源合计为 12（示例县信访局 12）" in out


def test_rollover_drops_last_years_sources(run_cli, tmp_path, blank_form_text):
    form = tmp_path / "示例县2024.yaml"
    form.write_text(blank_form_text, encoding="utf-8")
    sheet = tmp_path / "统计表.xlsx"
    run_cli("sheet", str(form), "-o", str(sheet))
    fill(sheet, {"信访.受理": 12}, unit="示例县信访局")
    filled = tmp_path / "示例县2024-已填.yaml"
    assert run_cli("collect", str(form), str(sheet), "-o", str(filled))[0] == 0
    rolled = tmp_path / "示例县2025.yaml"
    code, out, err = run_cli("rollover", str(filled), "-o", str(rolled))
    assert code == 0, err
    assert "数据来源" in out
    report = load_form(rolled).report
    assert report.sources == [] and "数据来源" not in rolled.read_text(encoding="utf-8")  # the key and its comment


def test_check_names_a_source_of_a_custom_figure_the_form_lacks(tmp_path):
    from _forms import findings

    text = form_text(figures={"自定义": [{"名称": "专题研究法治建设", "数值": 3, "单位": "次"}]})
    text += ("数据来源:\n  - 来源单位: 示例县政府办\n    文件: 统计表.xlsx\n    数值:\n"
             "      自定义.专题研究法治建设: 3\n      自定义.没有这项: 1\n")
    found = [f for f in findings(tmp_path, text) if f.rule.startswith("source-")]
    assert [(f.rule, f.path) for f in found] == [("source-figure", "数据来源[1].数值.自定义.没有这项")]


def test_the_schema_refuses_a_source_naming_an_unknown_figure(run_cli, tmp_path):
    form = tmp_path / "县.yaml"
    form.write_text(form_text() + "数据来源:\n  - 来源单位: 示例县司法局\n    数值:\n      行政复议.收案: 3\n",
                    encoding="utf-8")
    code, out, _err = run_cli("check", str(form))
    assert code == 1 and "没有指标“行政复议.收案”" in out
