"""drafter sheet and drafter collect: the workbook reopens with validation, comments and
protection; a filled workbook goes back into the form with comments kept and provenance
recorded; bad cells are named by cell; conflicts need --force; hostile workbooks are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from drafter.model.figures import GROUPS, fingerprint
from drafter.model.report import FORM_VERSION
from drafter.form.load import load_form

from sheet_support import COUNTY, SAMPLES, cell_of, fill, rows_by_name, set_formula

SAMPLE_FORMS = sorted(SAMPLES.glob("*.yaml"))


def _sheet(run_cli, tmp_path: Path, form: Path = COUNTY, *extra: str, name: str = "统计表.xlsx") -> Path:
    target = tmp_path / name
    code, out, err = run_cli("sheet", str(form), "-o", str(target), *extra)
    assert code == 0, err
    return target


@pytest.mark.parametrize("form", SAMPLE_FORMS, ids=lambda p: p.stem)
def test_sheet_from_each_sample_reopens_with_validation_comments_and_protection(run_cli, tmp_path, form):
    target = _sheet(run_cli, tmp_path, form)
    wb = openpyxl.load_workbook(target)
    ws = wb["统计表"]
    assert [c.value for c in ws[3]] == ["组", "指标", "单位", "数值", "说明", "来源单位", "截至日期"]
    rows = rows_by_name(ws)
    report = load_form(form).report
    expected = [f"{g.key}.{f.key}" for g in GROUPS for f in g.figures] + [f"自定义.{c.name}" for c in report.figures.custom]
    assert list(rows) == expected
    assert not any(name.endswith(("办结率", "出庭应诉率", "持证率")) for name in rows)  # rates are computed
    # meanings as 说明 and as comments
    row = rows["行政复议.受理"]
    assert ws[f"E{row}"].value == "本年受理的行政复议案件数"
    assert "本年受理的行政复议案件数" in ws[f"B{row}"].comment.text
    # protection: sheet protected, only 数值/来源单位/截至日期 unlocked
    assert ws.protection.sheet
    assert not ws[f"D{row}"].protection.locked and not ws[f"F{row}"].protection.locked
    assert ws[f"A{row}"].protection.locked and ws[f"B{row}"].protection.locked and ws[f"E{row}"].protection.locked
    # validation: counts whole ≥ 0, amounts decimal ≥ 0
    kinds = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            kinds[ref] = (dv.type, dv.operator, dv.formula1)
    assert kinds[f"D{row}"] == ("whole", "greaterThanOrEqual", "0")
    assert kinds[f"D{rows['法律援助.挽回损失']}"] == ("decimal", "greaterThanOrEqual", "0")
    assert kinds[f"G{row}"][0] == "date"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    # the hidden sheet names the form version and the figures table
    meta = wb["drafter"]
    assert meta.sheet_state == "veryHidden"
    values = {r[0]: r[1] for r in meta.iter_rows(values_only=True)}
    assert values["表单版本"] == FORM_VERSION and values["指标表"] == fingerprint()
    assert values["年度"] == report.meta.year and values["地区"] == report.meta.region


def test_units_get_one_sheet_each_with_only_their_groups(run_cli, tmp_path):
    units = tmp_path / "单位.txt"
    units.write_text("示例县司法局\n城关镇\n示例县公安局：行政执法、普法\n=HYPERLINK(\"x\")\n", encoding="utf-8")
    target = _sheet(run_cli, tmp_path, COUNTY, "--units", str(units))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:3] == ["示例县司法局", "城关镇", "示例县公安局"]
    town = {name.partition(".")[0] for name in rows_by_name(wb["城关镇"])}
    assert "矛盾纠纷调解" in town and "行政复议" not in town and "信访" not in town
    police = {name.partition(".")[0] for name in rows_by_name(wb["示例县公安局"])}
    assert police == {"行政执法", "普法", "自定义"}
    ws = wb["示例县公安局"]
    assert ws["F4"].value == "示例县公安局" and ws["D4"].value is None
    # a unit name that would start a formula is written as text
    hostile = wb.worksheets[3]
    assert hostile["F4"].value.startswith("'=") and hostile["A1"].value.startswith("'=") is False
    assert all(c.data_type != "f" for row in hostile.iter_rows() for c in row)


def test_units_as_one_workbook_each(run_cli, tmp_path):
    units = tmp_path / "单位.txt"
    units.write_text("示例县司法局\n城关镇\n", encoding="utf-8")
    folder = tmp_path / "发出"
    folder.mkdir()
    code, out, err = run_cli("sheet", str(COUNTY), "-o", str(folder), "--units", str(units))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["示例县2024年统计表-城关镇.xlsx", "示例县2024年统计表-示例县司法局.xlsx"]


def test_unknown_group_in_units_file_is_named_with_its_line(run_cli, tmp_path):
    units = tmp_path / "单位.txt"
    units.write_text("示例县司法局\n示例县公安局：行政执罚\n", encoding="utf-8")
    code, _out, err = run_cli("sheet", str(COUNTY), "-o", str(tmp_path / "s.xlsx"), "--units", str(units))
    assert code == 2 and "单位.txt:2" in err and "行政执罚" in err
    assert not (tmp_path / "s.xlsx").exists()


def _blank_form(tmp_path: Path, blank_form_text: str) -> Path:
    path = tmp_path / "示例县2024.yaml"
    path.write_text(blank_form_text, encoding="utf-8")
    return path


def test_filled_sheet_collects_with_comments_kept_and_provenance(run_cli, tmp_path):
    form = tmp_path / "县.yaml"
    text = COUNTY.read_text(encoding="utf-8").replace("    受理: 96\n", "    受理: null  # 待司法局报送\n", 1)
    text = text.replace("    挽回损失: 1863.4\n", "    挽回损失: ~\n")
    form.write_text(text, encoding="utf-8")
    sheet = _sheet(run_cli, tmp_path, form)
    fill(sheet, {"行政复议.受理": 97, "行政复议.办结": 98, "法律援助.挽回损失": 12.5}, unit="示例县司法局")
    out = tmp_path / "汇入.yaml"
    code, stdout, err = run_cli("collect", str(form), str(sheet), "-o", str(out))
    assert code == 0, err
    new = out.read_text(encoding="utf-8")
    assert "    受理: 97  # 待司法局报送\n" in new                  # the comment stays with its value
    assert form.read_text(encoding="utf-8") == text                  # the input is never modified
    old_lines = text.splitlines()
    new_lines = new.splitlines()
    changed = [line for line in old_lines if line not in new_lines]
    assert changed == ["    受理: null  # 待司法局报送", "    挽回损失: ~"]
    # every other line is kept byte for byte; the ledger follows at the end
    expected = text.replace("    受理: null  # 待司法局报送\n", "    受理: 97  # 待司法局报送\n", 1)
    assert new.startswith(expected.replace("    挽回损失: ~\n", "    挽回损失: 12.5\n"))
    report = load_form(out).report
    assert report.figures.reconsideration.accepted == 97
    assert str(report.figures.legal_aid.recovered) == "12.5"
    (entry,) = report.sources
    assert entry.unit == "示例县司法局" and entry.file == sheet.name and entry.sheet == "统计表"
    assert entry.as_of.isoformat() == "2024-12-31"
    assert entry.values == {"行政复议.受理": 97, "行政复议.办结": 98, "法律援助.挽回损失": pytest.approx(12.5)}
    assert "新填 2 项" in stdout and "与表单相同 1 项" in stdout
    assert entry.cells == {name: cell_of(sheet, name) for name in ("行政复议.受理", "行政复议.办结", "法律援助.挽回损失")}


def test_a_figure_given_again_takes_its_cell_out_of_the_earlier_entry(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    first = fill(_sheet(run_cli, tmp_path, form), {"信访.受理": 12, "信访.办结": 10}, unit="示例县信访局")
    once = tmp_path / "一次.yaml"
    assert run_cli("collect", str(form), str(first), "-o", str(once))[0] == 0
    second = fill(_sheet(run_cli, tmp_path, once, name="补报.xlsx"), {"信访.受理": 13}, unit="示例县信访局")
    twice = tmp_path / "两次.yaml"
    code, _out, err = run_cli("collect", str(once), str(second), "-o", str(twice), "--force")
    assert code == 0, err
    earlier, later = load_form(twice).report.sources
    assert (earlier.file, earlier.values, earlier.cells) == ("统计表.xlsx", {"信访.办结": 10},
                                                             {"信访.办结": cell_of(first, "信访.办结")})
    assert (later.file, later.values, later.cells) == ("补报.xlsx", {"信访.受理": 13},
                                                       {"信访.受理": cell_of(second, "信访.受理")})


@pytest.mark.parametrize("cells, message", [
    ("      信访.办结: D40\n", "单元格中的“信访.办结”不在该来源的数值中"),
    ("      信访.受理: 第40行\n", "不是单元格地址"),
])
def test_a_ledger_cell_that_does_not_fit_is_a_form_error(run_cli, tmp_path, blank_form_text, cells, message):
    form = tmp_path / "县.yaml"
    form.write_text(blank_form_text + "\n数据来源:\n  - 来源单位: 示例县信访局\n    文件: 统计表.xlsx\n"
                    "    数值:\n      信访.受理: 12\n    单元格:\n" + cells, encoding="utf-8")
    code, out, _err = run_cli("check", str(form))
    assert code == 1 and message in out


def test_figures_of_different_units_add_up_and_a_late_unit_adds_on(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    units = tmp_path / "单位.txt"
    units.write_text("示例县公安局：行政执法\n示例县市场监管局：行政执法\n示例县交通运输局：行政执法\n", encoding="utf-8")
    sheet = _sheet(run_cli, tmp_path, form, "--units", str(units))
    police = fill(sheet, {"行政执法.行政处罚": 120}, sheet="示例县公安局", target=tmp_path / "公安.xlsx")
    market = fill(sheet, {"行政执法.行政处罚": 80}, sheet="示例县市场监管局", target=tmp_path / "市场.xlsx")
    first = tmp_path / "一.yaml"
    code, out, err = run_cli("collect", str(form), str(police), str(market), "-o", str(first))
    assert code == 0, err
    assert "这些单位的统计表没有填写任何数值：示例县交通运输局" in out   # the unit still to chase
    assert load_form(first).report.figures.enforcement.penalties == 200
    transport = fill(sheet, {"行政执法.行政处罚": 15}, sheet="示例县交通运输局", target=tmp_path / "交通.xlsx")
    second = tmp_path / "二.yaml"
    code, _out, err = run_cli("collect", str(first), str(transport), "-o", str(second))
    assert code == 0, err
    report = load_form(second).report
    assert report.figures.enforcement.penalties == 215
    assert sorted(e.unit for e in report.sources) == ["示例县交通运输局", "示例县公安局", "示例县市场监管局"]


def test_bad_cells_are_named_and_nothing_is_written(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)
    fill(sheet, {"行政复议.受理": "23件", "行政复议.办结": -3, "行政应诉.案件": 4.5,
                 "行政应诉.开庭": 10, "行政应诉.负责人出庭": 12, "信访.受理": True})
    cells = {name: cell_of(sheet, name) for name in ("行政复议.受理", "行政复议.办结", "行政应诉.案件",
                                                      "行政应诉.负责人出庭", "信访.受理")}
    out = tmp_path / "汇入.yaml"
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(out))
    assert code == 1
    assert f"统计表.xlsx［统计表］{cells['行政复议.受理']}：“23件”不是数字" in err
    assert f"［统计表］{cells['行政复议.办结']}：-3 是负数" in err
    assert f"［统计表］{cells['行政应诉.案件']}：4.5 不是整数" in err
    assert f"［统计表］{cells['行政应诉.负责人出庭']}：行政应诉：负责人出庭 12" in err and "超过 开庭 10" in err
    assert f"［统计表］{cells['信访.受理']}：“TRUE”不是数字" in err
    assert not out.exists()


def test_conflicts_are_refused_without_force(run_cli, tmp_path):
    sheet = _sheet(run_cli, tmp_path, COUNTY)
    fill(sheet, {"行政复议.受理": 90})   # the form says 96
    out = tmp_path / "汇入.yaml"
    code, _out, err = run_cli("collect", str(COUNTY), str(sheet), "-o", str(out))
    assert code == 1 and "行政复议.受理：表单中已填 96，按统计表应为 90" in err and "--force" in err
    assert not out.exists()
    code, _out, err = run_cli("collect", str(COUNTY), str(sheet), "-o", str(out), "--force")
    assert code == 0, err
    assert load_form(out).report.figures.reconsideration.accepted == 90


def test_one_unit_giving_two_values_is_a_conflict(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)
    first = fill(sheet, {"信访.受理": 10}, unit="示例县信访局", target=tmp_path / "a.xlsx")
    second = fill(sheet, {"信访.受理": 12}, unit="示例县信访局", target=tmp_path / "b.xlsx")
    code, _out, err = run_cli("collect", str(form), str(first), str(second), "-o", str(tmp_path / "o.yaml"))
    assert code == 1 and "“示例县信访局”在 a.xlsx［统计表］" in err and "b.xlsx［统计表］" in err
    code, _out, err = run_cli("collect", str(form), str(first), str(second), "-o", str(tmp_path / "o.yaml"), "--force")
    assert code == 0 and load_form(tmp_path / "o.yaml").report.figures.petitions.accepted == 12


def test_formula_cells_use_the_saved_result_or_are_refused(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)
    fill(sheet, {"信访.受理": 1, "信访.办结": 1})
    accepted, done = cell_of(sheet, "信访.受理"), cell_of(sheet, "信访.办结")
    set_formula(sheet, accepted, "20+3", "23")
    out = tmp_path / "o.yaml"
    code, stdout, err = run_cli("collect", str(form), str(sheet), "-o", str(out))
    assert code == 0, err
    assert f"{accepted}：是公式，已读取保存的计算结果 23" in stdout
    assert load_form(out).report.figures.petitions.accepted == 23
    set_formula(sheet, done, "SUM(A1:A2)", None)
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(tmp_path / "p.yaml"))
    assert code == 1 and f"{done}：是公式，但工作簿没有保存计算结果" in err


def test_merged_cells_are_refused_and_hidden_rows_read_with_a_note(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)

    def merge(ws, rows):
        ws.merge_cells(f"D{rows['信访.受理']}:D{rows['信访.办结']}")

    fill(sheet, {"信访.受理": 5}, edit=merge, target=tmp_path / "merged.xlsx")
    code, _out, err = run_cli("collect", str(form), str(tmp_path / "merged.xlsx"), "-o", str(tmp_path / "o.yaml"))
    assert code == 1 and "合并单元格" in err

    def hide(ws, rows):
        ws.row_dimensions[rows["信访.受理"]].hidden = True

    fill(sheet, {"信访.受理": 5}, edit=hide, target=tmp_path / "hidden.xlsx")
    row = rows_by_name(openpyxl.load_workbook(sheet).worksheets[0])["信访.受理"]
    code, out, err = run_cli("collect", str(form), str(tmp_path / "hidden.xlsx"), "-o", str(tmp_path / "o.yaml"))
    assert code == 0, err
    assert f"第 {row} 行被隐藏" in out
    assert load_form(tmp_path / "o.yaml").report.figures.petitions.accepted == 5


def test_a_sheet_of_another_year_is_refused(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    other = tmp_path / "2025.yaml"
    other.write_text(blank_form_text.replace("年度: 2024", "年度: 2025"), encoding="utf-8")
    sheet = _sheet(run_cli, tmp_path, other)
    fill(sheet, {"信访.受理": 5})
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(tmp_path / "o.yaml"))
    assert code == 1 and "这份统计表是 2025 年的，表单是 2024 年的" in err


@pytest.mark.parametrize("content, message", [
    (b"this is not a workbook", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512,
     "设置了打开密码"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "旧版 Excel 工作簿（.xls）"),
])
def test_files_that_are_not_readable_workbooks(run_cli, tmp_path, blank_form_text, content, message):
    form = _blank_form(tmp_path, blank_form_text)
    bad = tmp_path / "统计表.xlsx"
    bad.write_bytes(content)
    code, _out, err = run_cli("collect", str(form), str(bad), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "统计表.xlsx" in err and message in err
    assert not (tmp_path / "o.yaml").exists()


def test_a_word_document_and_a_huge_file_are_refused(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    docx = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(docx, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    code, _out, err = run_cli("collect", str(form), str(docx), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "这是 Word 文档" in err
    huge = tmp_path / "大.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)   # sparse: costs no disk
    code, _out, err = run_cli("collect", str(form), str(huge), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "大.xlsx" in err and "过大" in err


def test_zip_bomb_and_endless_rows_are_refused(run_cli, tmp_path, blank_form_text, monkeypatch):
    from drafter.sheets import reading

    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)
    fill(sheet, {"信访.受理": 5})
    monkeypatch.setattr(reading, "MAX_ZIP_TOTAL_BYTES", 10_000)
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "解压后过大" in err
    monkeypatch.undo()
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("xl/media/zeros.bin", b"\0" * (6 * 1024 * 1024))   # inflates ~1000 times
    code, _out, err = run_cli("collect", str(form), str(bomb), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "压缩比异常" in err
    monkeypatch.setattr(reading, "MAX_SHEET_ROWS", 50)
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "行数过多" in err


def test_a_stock_carried_over_by_rollover_is_replaced_without_a_conflict(run_cli, tmp_path):
    rolled = tmp_path / "示例县2025年法治政府建设报告.yaml"
    assert run_cli("rollover", str(COUNTY), "-o", str(rolled))[0] == 0
    assert "    执法人员: 1142  # 待核：沿用上年数值" in rolled.read_text(encoding="utf-8")
    sheet = _sheet(run_cli, tmp_path, rolled)
    fill(sheet, {"行政执法.执法人员": 1150}, unit="示例县司法局")
    out = tmp_path / "汇入.yaml"
    code, stdout, err = run_cli("collect", str(rolled), str(sheet), "-o", str(out))
    assert code == 0, err
    assert "沿用上年的 1142 已按统计表改为 1150" in stdout
    text = out.read_text(encoding="utf-8")
    assert "    执法人员: 1150\n" in text            # the value, and the 待核 flag gone
    assert "    持证人员: 1128  # 待核：沿用上年数值" in text   # not reported: still flagged


def test_a_sheet_made_from_an_older_figures_table_is_recognised(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    sheet = _sheet(run_cli, tmp_path, form)

    def age(ws, rows):
        meta = ws.parent["drafter"]
        for row in meta.iter_rows():
            if row[0].value == "指标表":
                row[1].value = "0000000000000000"
        ws[f"B{rows['信访.办结']}"] = "办结件数"      # a figure the table no longer has

    fill(sheet, {"信访.受理": 5}, edit=age)
    code, out, err = run_cli("collect", str(form), str(sheet), "-o", str(tmp_path / "o.yaml"))
    assert code == 1
    assert "由较早版本的指标表生成" in out
    row = openpyxl.load_workbook(sheet).worksheets[0]
    named = next(r[1].coordinate for r in row.iter_rows(min_row=4) if r[1].value == "办结件数")
    assert f"［统计表］{named}：信访中没有指标“办结件数”" in err


def test_a_workbook_drafter_did_not_make_is_read_by_its_header(run_cli, tmp_path, blank_form_text):
    form = _blank_form(tmp_path, blank_form_text)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "各部门"
    ws.append(["序号", "组", "指标", "数值", "来源单位"])
    ws.append([1, "信访", "受理", 31, "示例县信访局"])
    ws.append([2, "信访", "办结", "30", "示例县信访局"])     # a number typed as text is still a number
    own = tmp_path / "自制.xlsx"
    wb.save(own)
    out = tmp_path / "o.yaml"
    code, stdout, err = run_cli("collect", str(form), str(own), "-o", str(out))
    assert code == 0, err
    assert "不是 drafter sheet 生成的统计表" in stdout
    report = load_form(out).report
    assert (report.figures.petitions.accepted, report.figures.petitions.concluded) == (31, 30)
    (entry,) = report.sources
    assert entry.unit == "示例县信访局" and entry.sheet == "各部门" and entry.as_of is None


@pytest.mark.parametrize("text, message", [
    ("示例县司法局\n示例县司法局\n", "单位.txt:2: 单位“示例县司法局”重复（第 1 行已有）"),
    ("示例县公安局：\n", "单位.txt:1: 冒号后没有写数据组"),
    ("# 只有注释\n\n", "单位.txt: 单位文件中没有单位"),
    ("甲" * 61 + "\n", "单位.txt:1: 单位名称过长"),
])
def test_units_file_problems_are_named_with_their_line(run_cli, tmp_path, text, message):
    units = tmp_path / "单位.txt"
    units.write_text(text, encoding="utf-8")
    code, _out, err = run_cli("sheet", str(COUNTY), "-o", str(tmp_path / "s.xlsx"), "--units", str(units))
    assert code == 2 and message in err.replace(str(tmp_path) + "/", "")
