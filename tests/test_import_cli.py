"""`drafter import`: files in, a checked form out, exit codes, no overwriting, the summary."""

from __future__ import annotations

import docx
import pytest
from import_support import DIRECTIVE, REPORT

from drafter.checks import Level, run_checks
from drafter.form.load import load_form


@pytest.fixture
def report_txt(tmp_path):
    path = tmp_path / "示例县2024年报告.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _errors(path):
    return [f for f in run_checks(load_form(path)) if f.level is Level.ERROR]


def test_import_writes_a_form_next_to_the_source_that_passes_check(run_cli, report_txt):
    before = report_txt.read_bytes()
    code, out, err = run_cli("import", str(report_txt))
    target = report_txt.with_suffix(".yaml")
    assert code == 0 and err == ""
    assert target.is_file() and report_txt.read_bytes() == before
    assert _errors(target) == []
    for expected in ("已导入", "一、党政主要负责人履行推进法治建设第一责任人职责情况 → 第一责任人履职",
                     "二、2024年法治政府建设主要举措和成效 → 主要举措和成效", "三、存在的问题 → 存在的不足和原因",
                     "四、2025年工作打算 → 下一年度工作安排（标题含“打算”）", "共 5 节、4 条",
                     "落款：中共示例县委、示例县人民政府", "成文日期：2025年1月20日",
                     "主送机关：中共示例市委、示例市人民政府", f"drafter check {target}"):
        assert expected in out
    code, out, _ = run_cli("check", str(target))
    assert code == 0
    # The addressees found are not introduced as missing.
    text = target.read_text(encoding="utf-8")
    assert "原文没有主送机关" not in text and "    - 中共示例市委\n" in text


def test_import_never_overwrites_without_force(run_cli, report_txt, tmp_path):
    target = tmp_path / "表单.yaml"
    target.write_text("原有内容", encoding="utf-8")
    code, _, err = run_cli("import", str(report_txt), "-o", str(target))
    assert code == 2 and "--force" in err and target.read_text(encoding="utf-8") == "原有内容"
    code, _, _ = run_cli("import", str(report_txt), "-o", str(target), "--force")
    assert code == 0 and "基本信息" in target.read_text(encoding="utf-8")


def test_the_output_may_not_be_the_input(run_cli, tmp_path):
    source = tmp_path / "报告.txt"
    source.write_text(REPORT, encoding="utf-8")
    code, _, err = run_cli("import", str(source), "-o", str(source), "--force")
    assert code == 2 and "输出文件不能与输入文件相同" in err and source.read_text(encoding="utf-8") == REPORT


def test_a_gb18030_text_file(run_cli, tmp_path):
    source = tmp_path / "报告.txt"
    source.write_bytes(REPORT.encode("gb18030"))
    code, out, _ = run_cli("import", str(source), "-o", str(tmp_path / "表单.yaml"))
    assert code == 0 and "地区 示例县" in out
    assert load_form(tmp_path / "表单.yaml").report.meta.addressees == ["中共示例市委", "示例市人民政府"]


def test_a_docx_file_with_a_table(run_cli, tmp_path):
    document = docx.Document()
    lines = REPORT.splitlines()
    for line in lines[:-7]:
        document.add_paragraph(line.strip())
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("指标", "数值"), ("受理行政复议案件", "23件"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    for line in lines[-7:]:
        document.add_paragraph(line.strip())
    source = tmp_path / "报告.docx"
    document.save(str(source))
    code, out, _ = run_cli("import", str(source), "--extract-figures")
    target = tmp_path / "报告.yaml"
    assert code == 0 and target.is_file() and _errors(target) == []
    report = load_form(target).report
    assert report.meta.signatures == ["中共示例县委", "示例县人民政府"]
    assert [s.area for s in report.measures.sections] == ["政府职能", "行政执法", "矛盾纠纷化解"]
    first, table = report.shortcomings.text
    assert first == "基层执法力量较为薄弱，部分干部法治意识仍需提升。"
    assert table.rows == [["指标", "数值"], ["受理行政复议案件", "23件"]]      # a table stays a table


@pytest.mark.parametrize("name, content, message", [
    ("报告.doc", b"\xd0\xcf\x11\xe0", "另存为"),
    ("缺少.txt", None, "找不到文件"),
])
def test_unimportable_files_exit_2_with_a_chinese_message(run_cli, tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, _, err = run_cli("import", str(source))
    assert code == 2 and message in err and err.startswith("错误：")
    assert not source.with_suffix(".yaml").exists()


def test_year_and_region_options(run_cli, tmp_path):
    source = tmp_path / "无年度.txt"
    source.write_text("一、主要举措和成效\n示例县推进依法行政。\n", encoding="utf-8")
    code, out, _ = run_cli("import", str(source), "--year", "2024", "--region", "示例县")
    assert code == 0 and "年度 2024，地区 示例县，层级 县（推断，请核对）" in out
    assert "原文没有“存在的不足和原因”，表单中留空待补写" in out


def test_a_directive_is_refused_unless_forced(run_cli, tmp_path):
    source = tmp_path / "实施意见.txt"
    source.write_text(DIRECTIVE, encoding="utf-8")
    code, _, err = run_cli("import", str(source))
    assert code == 2 and "不是法治政府建设情况报告" in err and "--force-report" in err
    code, out, _ = run_cli("import", str(source), "--force-report", "--year", "2024")
    assert code == 0 and "一、总体要求 → 主要举措和成效" in out
    # a directive issued during the year is dated before the year ended; besides, it has none
    # of a report's required parts (errors of the content still to write, not of the form)
    rules = [f.rule for f in _errors(source.with_suffix(".yaml"))]
    assert "date-early" in rules and set(rules) <= {"date-early", "empty-text", "first-responsible"}


def test_extract_figures_lists_every_replacement_with_its_line(run_cli, report_txt):
    code, out, _ = run_cli("import", str(report_txt), "--extract-figures")
    target = report_txt.with_suffix(".yaml")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert code == 0 and "提取数据：2 处数字改为占位符" in out
    listed = [line for line in out.splitlines() if "→ {{" in line]
    assert len(listed) == 2 and "“受理行政复议案件23件” → {{ 行政复议.受理 }} = 23" in listed[0]
    number = int(listed[0].split(":")[1].split()[0])
    assert "{{ 行政复议.受理 }}" in lines[number - 1]
    report = load_form(target).report
    assert report.figures.reconsideration.accepted == 23 and _errors(target) == []


def test_without_extract_figures_numbers_stay_in_the_text(run_cli, report_txt):
    run_cli("import", str(report_txt))
    report = load_form(report_txt.with_suffix(".yaml")).report
    assert "受理行政复议案件23件" in str(report.measures.sections[2].text)
    assert report.figures.reconsideration.accepted is None
