"""Random cell values and random files through drafter collect: always a Chinese message and
exit 0, 1 or 2, never a traceback; a refused collection writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.cli.main import main

from sheet_support import rows_by_name

_cells = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["23件", "1,234", "１２", "=1+1", "'=2", "#DIV/0!", " 7 ", "-0", "1e3", "0.5"]),
)


def _run(capsys, *args: str) -> tuple[int, str]:
    try:
        main(list(args))
    except SystemExit as exc:
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return exc.code, out + err
    raise AssertionError("main() returned without exiting")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_cells, min_size=1, max_size=8), dates=st.lists(_cells, max_size=3), data=st.data())
def test_random_cells(tmp_path_factory, capsys, blank_form_text, values, dates, data):
    folder = tmp_path_factory.mktemp("fuzz")
    form = folder / "表单.yaml"
    form.write_text(blank_form_text, encoding="utf-8")
    sheet = folder / "统计表.xlsx"
    assert _run(capsys, "sheet", str(form), "-o", str(sheet))[0] == 0
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    rows = list(rows_by_name(ws).values())
    for value in values:
        ws[f"D{data.draw(st.sampled_from(rows))}"] = value
    for value in dates:
        ws[f"G{data.draw(st.sampled_from(rows))}"] = value
    wb.save(sheet)
    out = folder / "o.yaml"
    code, text = _run(capsys, "collect", str(form), str(sheet), "-o", str(out))
    assert code in (0, 1, 2), text
    assert out.exists() == (code == 0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=2000),
                         st.dictionaries(st.sampled_from(["xl/workbook.xml", "[Content_Types].xml", "xl/x.xml",
                                                          "xl/worksheets/sheet1.xml", "mimetype"]),
                                         st.binary(max_size=300), max_size=4)))
def test_random_files(tmp_path_factory, capsys, blank_form_text, content):
    folder = tmp_path_factory.mktemp("fuzz")
    form = folder / "表单.yaml"
    form.write_text(blank_form_text, encoding="utf-8")
    bad = folder / "统计表.xlsx"
    if isinstance(content, dict):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            for name, data in content.items():
                package.writestr(name, data)
        content = buffer.getvalue()
    bad.write_bytes(content)
    code, text = _run(capsys, "collect", str(form), str(bad), "-o", str(folder / "o.yaml"))
    assert code == 2 and "统计表.xlsx" in text, text
    assert not (folder / "o.yaml").exists()
