"""The Excel commands write no cell that starts a formula (drafter.cells), and read their own
guarded cells back as they were."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from drafter.cells import FORMULA_STARTS, restore, safe_cell

from _forms import form_text


@given(st.text())
def test_neutralised_text_never_starts_a_formula_and_restores(text):
    safe = safe_cell(text)
    assert not safe.startswith(FORMULA_STARTS) or safe == text and float(text.strip("%").replace(",", "")) == float(
        text.strip("%").replace(",", ""))    # only a plain number keeps its sign
    assert restore(safe) == text


def test_non_text_values_pass_unchanged():
    assert safe_cell(-3) == -3 and safe_cell(None) is None and restore(12) == 12


def test_restore_leaves_apostrophes_it_did_not_add():
    assert restore("'这是引号") == "'这是引号" and restore("'-3") == "'-3"


HOSTILE = "=HYPERLINK(\"http://example.invalid\",\"点击\")"


def test_sheet_aggregate_and_sources_tables_write_hostile_text_as_text(run_cli, tmp_path):
    custom = [{"名称": "+1 热线", "数值": 3, "单位": "-", "说明": HOSTILE}]
    form = tmp_path / "县.yaml"
    form.write_text(form_text(figures={"自定义": custom}), encoding="utf-8")
    sheet = tmp_path / "统计表.xlsx"
    assert run_cli("sheet", str(form), "-o", str(sheet))[0] == 0
    ws = openpyxl.load_workbook(sheet)["统计表"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "自定义")
    assert [c.value for c in row[1:3]] == ["'+1 热线", "'-"] and row[4].value == "'" + HOSTILE
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    # drafter reads its own cells back: the custom figure is found by its real name
    row[3].value = 5
    wb = row[3].parent.parent
    wb.save(sheet)
    out = tmp_path / "汇入.yaml"
    code, _out, err = run_cli("collect", str(form), str(sheet), "-o", str(out), "--force")
    assert code == 0, err
    # aggregate's csv
    folder = tmp_path / "各县"
    folder.mkdir()
    (folder / "甲.yaml").write_text(form_text(figures={"自定义": custom}, meta={"地区": "甲县"}), encoding="utf-8")
    table = tmp_path / "汇总.csv"
    assert run_cli("aggregate", str(folder), "-o", str(table))[0] == 0
    rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert ["自定义", "'+1 热线", "'-"] == rows[-1][:3]
    assert not any(cell.startswith(FORMULA_STARTS) or cell.startswith("-") and not cell.lstrip("-").isdigit()
                   for r in rows for cell in r)
