"""数据收集 in `drafter serve`, through Flask's test client: the 统计表 download (one workbook,
one sheet per unit, one workbook per unit as a zip, units typed or uploaded), uploads of filled
workbooks checked cell by cell, conflicts applied only when confirmed, 填入 through the page's
own save path, 数据来源 shown beside the figures, the sources table, and every refusal
(token, origin, type, size, stale results)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

pytest.importorskip("flask")
openpyxl = pytest.importorskip("openpyxl")

from drafter import api  # noqa: E402
from drafter.model.figures import figure_value  # noqa: E402
from drafter.serve.app import MAX_UPLOAD_BYTES, create_app  # noqa: E402

from sheet_support import fill, rows_by_name  # noqa: E402

from serve_support import BASE, COUNTY, GOOD, SAMPLES, TOKEN  # noqa: E402
EMPTY_FIGURE = "矛盾纠纷调解.村居调委会"     # empty in the county sample
FILLED_FIGURE = "行政复议.受理"               # 96 in the county sample


@pytest.fixture
def folder(tmp_path):
    served = tmp_path / "表单"
    served.mkdir()
    shutil.copy(SAMPLES / COUNTY, served / COUNTY)
    return served


@pytest.fixture
def client(folder):
    return create_app(folder, token=TOKEN).test_client()


@pytest.fixture
def doc(client):
    response = client.get("/open", query_string={"name": COUNTY}, base_url=BASE)
    return response.headers["Location"].rsplit("/", 1)[1]


def post(client, url, data=None, headers=GOOD, **kw):
    return client.post(url, data=data or {}, headers=headers, base_url=BASE, content_type="multipart/form-data", **kw)


def text(response) -> str:
    return response.get_data(as_text=True)


def plain(response) -> str:
    """The page's text without tags (what the official reads)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def workbook(client, doc, tmp_path, values: dict, *, unit="示例县司法局", name="统计表.xlsx", edit=None) -> Path:
    """The form's 统计表 downloaded from the page and filled as a unit fills it."""
    response = post(client, f"/doc/{doc}/sheet")
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(response.data)
    return fill(path, values, unit=unit, edit=edit)


def upload(client, doc, *paths: Path, headers=GOOD):
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in paths]
    return post(client, f"/doc/{doc}/collect", {"统计表": files}, headers=headers)


def pending_id(response) -> str:
    return re.search(r'name="collection" value="([^"]+)"', text(response)).group(1)


def apply(client, doc, response, *, force: bool = False, headers=GOOD):
    data = {"collection": pending_id(response)}
    if force:
        data["force"] = "1"
    return post(client, f"/doc/{doc}/collect/apply", data, headers=headers)


def editing_of(client, doc):
    return client.application.extensions["drafter"]["workspace"].editing(doc)


# ---------------------------------------------------------------- the 数据收集 area


def test_the_form_page_offers_the_collection_in_chinese(client, doc):
    page = client.get(f"/doc/{doc}", base_url=BASE)
    body = text(page)
    assert 'id="数据收集"' in body and "数据收集（统计表）" in body
    assert "下载统计表" in body and "上传并核对" in body and "下载数据来源表" in body
    assert "发给各填报单位" in body and "只在“数值”列填写数字" in body
    # both forms carry the session token and post to this form's routes
    assert body.count(f'name="token" value="{TOKEN}"') >= 2
    assert f'action="/doc/{doc}/sheet"' in body and f'action="/doc/{doc}/collect"' in body
    assert "尚未记录" in plain(page)


# ---------------------------------------------------------------- the 统计表 download


def test_the_workbook_for_all_units_is_the_commands_workbook(client, doc, folder):
    response = post(client, f"/doc/{doc}/sheet")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    name = api.sheet_file_name(Path(COUNTY).stem)
    assert name.endswith("-统计表.xlsx")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith(_quoted(name))
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames[0] == "统计表" and len(rows_by_name(wb["统计表"])) > 100
    assert sorted(p.name for p in folder.iterdir()) == [COUNTY]     # nothing written into the folder


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def test_the_workbook_is_made_from_the_form_as_the_page_holds_it(client, doc, folder):
    before = (folder / COUNTY).read_bytes()
    added = client.post(f"/doc/{doc}/op", data={"op": "add", "loc": json.dumps(["数据", "自定义"], ensure_ascii=False),
                                               "index": "0"}, headers=GOOD, base_url=BASE)
    assert added.status_code == 200
    count = len(editing_of(client, doc).form.data["数据"]["自定义"])
    named = client.post(f"/doc/{doc}/edit", data={"loc": json.dumps(["数据", "自定义", count - 1, "名称"],
                                                                    ensure_ascii=False), "value": "本页新加的数据"},
                        headers=GOOD, base_url=BASE)
    assert named.status_code == 200
    response = post(client, f"/doc/{doc}/sheet")
    assert "自定义.本页新加的数据" in rows_by_name(openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0])
    assert (folder / COUNTY).read_bytes() == before                  # not saved by the download


def test_units_typed_in_get_one_sheet_each_with_only_their_groups(client, doc):
    response = post(client, f"/doc/{doc}/sheet", {"单位": "示例县司法局\r\n示例县公安局：行政执法、普法\r\n", "方式": "一份"})
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert [s for s in wb.sheetnames if s != "drafter"] == ["示例县司法局", "示例县公安局"]
    groups = {name.partition(".")[0] for name in rows_by_name(wb["示例县公安局"])}
    assert groups - {"自定义"} == {"行政执法", "普法"}


def test_one_workbook_per_unit_comes_as_a_zip_named_as_the_command_names_them(client, doc):
    response = post(client, f"/doc/{doc}/sheet", {"单位": "示例县司法局\n城关镇\n", "方式": "每单位一份"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert names == api.unit_sheet_file_names("示例县", 2024, ["示例县司法局", "城关镇"])
        wb = openpyxl.load_workbook(io.BytesIO(archive.read(names[1])))
    assert [s for s in wb.sheetnames if s != "drafter"] == ["城关镇"]


def test_one_unit_gets_the_file_the_command_names_for_it(client, doc):
    response = post(client, f"/doc/{doc}/sheet", {"单位": "城关镇", "方式": "每单位一份"})
    assert response.status_code == 200
    (name,) = api.unit_sheet_file_names("示例县", 2024, ["城关镇"])
    assert response.headers["Content-Disposition"].endswith(_quoted(name))
    assert [s for s in openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames if s != "drafter"] == ["城关镇"]


def test_a_units_file_can_be_uploaded_in_gbk(client, doc):
    data = "示例县司法局\n示例县公安局：行政执法\n".encode("gb18030")
    response = post(client, f"/doc/{doc}/sheet", {"单位文件": (io.BytesIO(data), "单位.txt"), "方式": "一份"})
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert [s for s in wb.sheetnames if s != "drafter"] == ["示例县司法局", "示例县公安局"]


@pytest.mark.parametrize("data, status, words", [
    ({"单位": "示例县司法局\n示例县公安局：行政执罚\n"}, 422, ["没有数据组“行政执罚”", "单位名单:2"]),
    ({"单位": "示例县司法局\n示例县司法局\n"}, 422, ["重复", "单位名单:2"]),
    ({"单位文件": (io.BytesIO(b"x"), "units.docx")}, 415, ["单位文件应为文本文件"]),
    ({"单位文件": (io.BytesIO("示例县司法局".encode()), "单位.txt"), "单位": "城关镇"}, 400, ["只能用一种"]),
])
def test_bad_units_are_refused_in_chinese_with_the_line(client, doc, data, status, words):
    response = post(client, f"/doc/{doc}/sheet", data)
    assert response.status_code == status
    assert all(word in text(response) for word in words)
    assert "返回" in text(response)


# ---------------------------------------------------------------- uploading filled workbooks


def test_a_filled_workbook_is_checked_then_filled_in_and_saved_with_its_source(client, doc, folder, tmp_path):
    path = folder / COUNTY
    before = path.read_bytes()
    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12})
    response = upload(client, doc, filled)
    assert response.status_code == 200
    page = plain(response)
    cell = f"D{rows_by_name(openpyxl.load_workbook(filled).worksheets[0])[EMPTY_FIGURE]}"
    assert "核对通过：新填 1 项" in page
    assert f"{EMPTY_FIGURE} 新填 待填 12 示例县司法局 · 统计表.xlsx［统计表］{cell}" in page
    assert "填入表单" in page and path.read_bytes() == before      # nothing applied yet
    assert sorted(p.name for p in folder.iterdir()) == [COUNTY]    # the upload was never written

    applied = apply(client, doc, response)
    assert applied.status_code == 303 and applied.headers["Location"].startswith(f"/doc/{doc}")
    assert path.read_bytes() == before                               # only 保存 writes the file
    assert editing_of(client, doc).dirty
    form_page = client.get(f"/doc/{doc}", base_url=BASE)
    shown = plain(form_page)
    assert "已从 1 份统计表填入：新填 1 项" in shown and "尚未保存" in shown
    assert 'id="f-数据-矛盾纠纷调解-村居调委会" value="12"' in text(form_page)
    assert f"来源 示例县司法局 · 统计表.xlsx［统计表］{cell} · 截至 2024-12-31 · 填报 12" in shown
    assert "已记录 1 项数据的来源" in shown

    assert post(client, f"/doc/{doc}/save").status_code == 200
    saved = path.read_text(encoding="utf-8")
    old_lines = before.decode("utf-8").splitlines()
    new_lines = saved.splitlines()
    assert [line for line in old_lines if line not in new_lines] == []   # every line and comment kept
    report = api.load_form(path).report
    assert figure_value(report.figures, *EMPTY_FIGURE.split(".")) == 12
    (entry,) = report.sources
    assert (entry.unit, entry.file, entry.sheet, dict(entry.values), entry.cells) == (
        "示例县司法局", "统计表.xlsx", "统计表", {EMPTY_FIGURE: 12}, {EMPTY_FIGURE: cell})


def test_units_workbooks_uploaded_together_add_up(client, doc, folder, tmp_path):
    response = post(client, f"/doc/{doc}/sheet", {"单位": "甲镇：矛盾纠纷调解\n乙镇：矛盾纠纷调解\n", "方式": "每单位一份"})
    paths = []
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        for index, name in enumerate(archive.namelist()):
            path = tmp_path / name
            path.write_bytes(archive.read(name))
            paths.append(fill(path, {EMPTY_FIGURE: 5 + index}))
    result = upload(client, doc, *paths)
    assert result.status_code == 200
    page = plain(result)
    assert f"{EMPTY_FIGURE} 新填 待填 11" in page and "甲镇 · " in page and "乙镇 · " in page
    assert apply(client, doc, result).status_code == 303
    assert len(editing_of(client, doc).form.report.sources) == 2


def test_a_custom_figures_source_is_shown_with_its_entry(client, doc, tmp_path):
    result = upload(client, doc, workbook(client, doc, tmp_path, {"自定义.专题研究法治建设": 7}, unit="县委办"))
    assert result.status_code == 200 and "自定义.专题研究法治建设 相同 7 7" in plain(result)
    assert apply(client, doc, result).status_code == 303
    body = text(client.get(f"/doc/{doc}", base_url=BASE))
    shown = re.search(r'id="src-f-数据-自定义-0">(.*?)</span></span></span>', body)
    assert shown and "县委办" in shown.group(1) and "统计表.xlsx［统计表］D" in shown.group(1)


def test_a_bad_cell_is_named_with_workbook_sheet_and_cell_and_nothing_is_filled(client, doc, folder, tmp_path):
    path = folder / COUNTY
    before = path.read_bytes()
    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: "十二个", "矛盾纠纷调解.乡镇调委会": -3}, name="司法局.xlsx")
    rows = rows_by_name(openpyxl.load_workbook(filled).worksheets[0])
    response = upload(client, doc, filled)
    assert response.status_code == 422
    body = text(response)
    for figure, message in ((EMPTY_FIGURE, "“十二个”不是数字"), ("矛盾纠纷调解.乡镇调委会", "负数")):
        row = re.search(rf"<tr><td>司法局.xlsx</td><td>统计表</td><td class=\"cell\">D{rows[figure]}</td><td>([^<]*)</td>",
                        body)
        assert row and message in row.group(1)
    assert "统计表中有 2 处问题" in plain(response) and 'id="collect-apply"' not in body
    assert "改正后重新上传" in body and f'action="/doc/{doc}/collect"' in body       # upload again from here
    # a confirmation cannot push it through either
    forced = post(client, f"/doc/{doc}/collect/apply", {"collection": editing_of(client, doc).collection.id,
                                                         "force": "1"})
    assert forced.status_code == 422
    assert not editing_of(client, doc).dirty and path.read_bytes() == before


@pytest.mark.parametrize("name, content, status, words", [
    ("统计表.xls", b"\xd0\xcf\x11\xe0", 415, ["只能上传统计表（.xlsx 文件）", "另存为"]),
    ("统计表.pdf", b"%PDF-1.4", 415, ["只能上传统计表（.xlsx 文件）"]),
    ("改名的.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 422, ["改名的.xlsx", "旧版 Excel"]),
    ("乱码.xlsx", b"not a workbook at all", 422, ["乱码.xlsx", "不是 Excel 工作簿"]),
])
def test_files_that_are_not_workbooks_are_refused_in_chinese(client, doc, tmp_path, name, content, status, words):
    path = tmp_path / name
    path.write_bytes(content)
    response = upload(client, doc, path)
    assert response.status_code == status
    assert all(word in text(response) for word in words)
    assert not editing_of(client, doc).dirty


def test_an_upload_without_a_file_is_refused(client, doc):
    response = post(client, f"/doc/{doc}/collect", {})
    assert response.status_code == 400 and "请选择各单位填好的统计表" in text(response)


def test_a_conflict_is_filled_in_only_when_confirmed(client, doc, tmp_path):
    filled = workbook(client, doc, tmp_path, {FILLED_FIGURE: 100, EMPTY_FIGURE: 7})
    response = upload(client, doc, filled)
    assert response.status_code == 409
    page = plain(response)
    assert "有 1 处冲突" in page and f"{FILLED_FIGURE}：表单中已填 96，按统计表应为 100" in page
    assert "以统计表为准，填入表单" in page and 'name="force" value="1"' in text(response)
    # without the confirmation nothing is applied
    refused = apply(client, doc, response, force=False)
    assert refused.status_code == 409 and not editing_of(client, doc).dirty
    applied = apply(client, doc, response, force=True)
    assert applied.status_code == 303
    report = editing_of(client, doc).form.report
    assert report.figures.reconsideration.accepted == 100
    assert any("以统计表为准" in line for line in editing_of(client, doc).notices)


def test_a_result_shown_before_the_page_changed_is_checked_again(client, doc, tmp_path):
    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12})
    response = upload(client, doc, filled)
    edit = client.post(f"/doc/{doc}/edit", data={"loc": json.dumps(["数据", "行政复议", "受理"], ensure_ascii=False),
                                                 "value": "97"}, headers=GOOD, base_url=BASE)
    assert edit.status_code == 200
    again = apply(client, doc, response)
    assert again.status_code == 200 and "已按表单现在的内容重新核对" in text(again)
    assert editing_of(client, doc).form.report.figures.reconsideration.accepted == 97   # the edit kept
    assert apply(client, doc, again).status_code == 303
    form = editing_of(client, doc).form.report
    assert form.figures.reconsideration.accepted == 97 and form.sources[0].values == {EMPTY_FIGURE: 12}


def test_an_old_result_cannot_be_applied(client, doc, tmp_path):
    first = upload(client, doc, workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12}))
    upload(client, doc, workbook(client, doc, tmp_path, {EMPTY_FIGURE: 13}, name="第二份.xlsx"))
    response = apply(client, doc, first)
    assert response.status_code == 409 and "已经失效" in text(response)
    assert not editing_of(client, doc).dirty


def test_results_kept_for_other_forms_lapse_when_the_uploads_held_grow_too_large(client, doc, tmp_path, monkeypatch):
    from drafter.serve import collection

    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12})
    monkeypatch.setattr(collection, "MAX_HELD_BYTES", int(filled.stat().st_size * 1.5))
    first = upload(client, doc, filled)
    other = client.get("/open", query_string={"name": COUNTY}, base_url=BASE).headers["Location"].rsplit("/", 1)[1]
    second = upload(client, other, filled)
    assert editing_of(client, doc).collection is None
    response = apply(client, doc, first)
    assert response.status_code == 409 and "已经失效" in text(response)
    assert apply(client, other, second).status_code == 303


def test_applied_figures_go_through_the_saves_conflict_check(client, doc, folder, tmp_path):
    path = folder / COUNTY
    assert apply(client, doc, upload(client, doc, workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12}))).status_code == 303
    path.write_text(path.read_text(encoding="utf-8").replace("受理: 96", "受理: 90"), encoding="utf-8")
    response = post(client, f"/doc/{doc}/save")
    assert response.status_code == 409 and "已被修改" in text(response)
    assert "村居调委会" not in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("route", ["sheet", "collect", "collect/apply"])
@pytest.mark.parametrize("headers, status", [
    ({"Origin": BASE}, 403),                                            # no token
    ({"X-Drafter-Token": "wrong", "Origin": BASE}, 403),
    ({"X-Drafter-Token": TOKEN, "Origin": "http://evil.example"}, 403),
    ({"X-Drafter-Token": TOKEN, "Sec-Fetch-Site": "cross-site"}, 403),
])
def test_collection_routes_need_the_token_and_this_servers_origin(client, doc, tmp_path, route, headers, status):
    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12})
    first = upload(client, doc, filled)
    data = {"统计表": (io.BytesIO(filled.read_bytes()), filled.name), "collection": pending_id(first)}
    response = post(client, f"/doc/{doc}/{route}", data, headers=headers)
    assert response.status_code == status
    assert "已拒绝" in text(response)
    assert not editing_of(client, doc).dirty


def test_the_token_may_come_as_a_form_field_as_the_pages_forms_send_it(client, doc):
    response = post(client, f"/doc/{doc}/sheet", {"token": TOKEN}, headers={"Origin": BASE})
    assert response.status_code == 200


def test_an_oversized_upload_is_refused(client, doc):
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES + 10))
    response = post(client, f"/doc/{doc}/collect", {"统计表": (big, "大.xlsx")})
    assert response.status_code == 413 and "上传的文件太大" in text(response)
    assert editing_of(client, doc).collection is None


def test_a_collection_of_an_unknown_page_is_not_found(client, tmp_path):
    response = post(client, "/doc/nosuchdoc/collect", {})
    assert response.status_code == 404 and "已经失效" in text(response)


# ---------------------------------------------------------------- the sources table


def test_the_sources_table_downloads_with_the_recorded_source(client, doc, tmp_path):
    apply(client, doc, upload(client, doc, workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12})))
    # the text uses the figure, so the table lists it with its source
    client.post(f"/doc/{doc}/edit", data={"loc": json.dumps(["导语"], ensure_ascii=False),
                                          "value": f"全县村居调委会{{{{ {EMPTY_FIGURE} }}}}个。"},
                headers=GOOD, base_url=BASE)
    response = client.get(f"/doc/{doc}/sources", base_url=BASE)
    assert response.status_code == 200
    assert _quoted(api.sources_file_name(Path(COUNTY).stem)) in response.headers["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    hit = [row for row in rows if row and row[0] == EMPTY_FIGURE]
    assert hit and hit[0][3] == "示例县司法局" and hit[0][5] == "统计表.xlsx"


def test_the_sources_table_of_a_broken_form_is_refused_in_chinese(client, folder):
    (folder / "坏.yaml").write_text("基本信息:\n  地区: 示例县\n  年度: 两千\n", encoding="utf-8")
    response = client.get("/open", query_string={"name": "坏.yaml"}, base_url=BASE)
    doc = response.headers["Location"].rsplit("/", 1)[1]
    response = client.get(f"/doc/{doc}/sources", base_url=BASE)
    assert response.status_code == 409 and "表单有" in text(response) and "返回" in text(response)
    assert post(client, f"/doc/{doc}/sheet").status_code == 422


# ---------------------------------------------------------------- the API the pages use


def test_collect_from_uploads_equals_collect_from_files(client, doc, tmp_path):
    filled = workbook(client, doc, tmp_path, {EMPTY_FIGURE: 12, FILLED_FIGURE: 96})
    form = api.load_form(SAMPLES / COUNTY)
    from_file = api.collect(form, [filled])
    from_upload = api.collect(form, [(filled.name, filled.read_bytes())])
    assert from_upload.text == from_file.text and from_upload.text is not None
    assert sorted((f.figure, f.status) for f in from_upload.filled) == sorted([(FILLED_FIGURE, "相同"),
                                                                               (EMPTY_FIGURE, "新填")])
    (cell,) = next(f for f in from_upload.filled if f.figure == EMPTY_FIGURE).cells
    assert cell.where().startswith("统计表.xlsx［统计表］D")


def test_an_uploaded_workbook_over_the_limit_is_refused_by_the_reader():
    from drafter.limits import MAX_WORKBOOK_BYTES

    form = api.load_form(SAMPLES / COUNTY)
    result = api.collect(form, [("大.xlsx", b"PK\x03\x04" + b"\0" * MAX_WORKBOOK_BYTES)])
    assert result.unreadable and "过大" in result.problems[0].message and result.problems[0].workbook == "大.xlsx"


def test_figure_sources_follow_the_ledger():
    form = api.load_form_text((SAMPLES / COUNTY).read_text(encoding="utf-8") + (
        "\n数据来源:\n  - 来源单位: 甲镇\n    文件: a.xlsx\n    工作表: 甲镇\n    截至日期: 2024-12-31\n"
        "    数值:\n      矛盾纠纷调解.村居调委会: 5\n    单元格:\n      矛盾纠纷调解.村居调委会: D88\n"))
    (line,) = api.figure_sources(form)[EMPTY_FIGURE]
    assert (line.unit, line.file, line.sheet, line.cell, line.as_of.isoformat(), int(line.value)) == (
        "甲镇", "a.xlsx", "甲镇", "D88", "2024-12-31", 5)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_numbers_are_shown_exactly_as_the_unit_wrote_them(value):
    from decimal import Decimal

    from drafter.serve.collection import number

    shown = number(value)
    assert Decimal(shown) == value and "E" not in shown and not shown.endswith(".")
    assert ("." in shown) == (value != value.to_integral_value())
