"""`drafter serve` through Flask's test client: every route, and every refusal (host, origin,
token, paths outside the folder, uploads, concurrent modification)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

flask = pytest.importorskip("flask")

from drafter.serve import app as serve_app  # noqa: E402
from drafter.serve.app import HTMX_FILE, HTMX_SHA256, create_app  # noqa: E402
from drafter.api import load_form  # noqa: E402

from serve_support import BASE, COUNTY, GOOD, SAMPLES, TOKEN  # noqa: E402


@pytest.fixture
def folder(tmp_path):
    for sample in SAMPLES.glob("*.yaml"):
        shutil.copy(sample, tmp_path / sample.name)
    return tmp_path


@pytest.fixture
def client(folder):
    app = create_app(folder, token=TOKEN)
    return app.test_client()


def get(client, url, **kw):
    return client.get(url, base_url=BASE, **kw)


def post(client, url, data=None, headers=GOOD, **kw):
    return client.post(url, data=data or {}, headers=headers, base_url=BASE, **kw)


def open_doc(client, name=COUNTY) -> str:
    response = get(client, "/open", query_string={"name": name})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def edit(client, doc, loc, value, headers=GOOD):
    return post(client, f"/doc/{doc}/edit", {"loc": json.dumps(loc, ensure_ascii=False), "value": value}, headers)


def op(client, doc, name, loc, index=0):
    return post(client, f"/doc/{doc}/op", {"op": name, "loc": json.dumps(loc, ensure_ascii=False), "index": str(index)})


def text(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- vendored htmx


def test_the_vendored_htmx_is_the_recorded_release():
    assert hashlib.sha256(HTMX_FILE.read_bytes()).hexdigest() == HTMX_SHA256
    assert HTMX_FILE.read_bytes().startswith(b"var htmx=function()")


def test_a_changed_htmx_file_stops_the_server(folder, tmp_path, monkeypatch):
    changed = tmp_path / "htmx.min.js"
    changed.write_bytes(HTMX_FILE.read_bytes() + b"\n// changed")
    monkeypatch.setattr(serve_app, "HTMX_FILE", changed)
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError, match="校验值不符"):
        create_app(folder)


def test_pages_load_only_local_scripts(client):
    page = text(get(client, "/"))
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts == ["/static/htmx.min.js", "/static/app.js"]
    assert "http://" not in page.replace(BASE, "") and "https://" not in page
    assert "@import" not in (Path(serve_app.STATIC) / "app.css").read_text(encoding="utf-8")
    response = get(client, "/static/htmx.min.js")
    assert response.status_code == 200 and hashlib.sha256(response.data).hexdigest() == HTMX_SHA256


# ---------------------------------------------------------------- start page


def test_start_page_lists_the_forms_with_region_year_and_status(client, folder):
    (folder / "坏表单.yaml").write_text("基本信息: [\n", encoding="utf-8")
    page = text(get(client, "/"))
    for name in (COUNTY, "样例县2019年法治政府建设报告.yaml", "示例市司法局2024年法治政府建设报告.yaml"):
        assert name in page
    assert "示例市司法局" in page and "2019" in page
    assert "通过" in page and "无法读取" in page
    assert "新建表单" in page and "导入往年报告" in page and "以上年表单开始新一年" in page
    assert 'name="token" value="' + TOKEN in page


def test_every_page_sends_the_protective_headers(client):
    response = get(client, "/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_new_form_is_written_and_opened(client, folder):
    response = post(client, "/new", {"地区": "样例镇", "年度": "2025", "层级": "乡镇", "token": TOKEN}, headers={"Origin": BASE})
    assert response.status_code == 303
    target = folder / "样例镇2025年法治政府建设报告.yaml"
    assert target.is_file()
    form = load_form(target)
    assert form.report.meta.region == "样例镇" and form.report.meta.level.value == "乡镇"
    page = text(get(client, response.headers["Location"]))
    assert "已新建表单" in page


def test_new_form_never_overwrites(client, folder):
    before = (folder / COUNTY).read_bytes()
    response = post(client, "/new", {"地区": "示例县", "年度": "2024", "token": TOKEN})
    assert response.status_code == 409 and "已有同名的表单" in text(response)
    assert (folder / COUNTY).read_bytes() == before


@pytest.mark.parametrize("fields, message", [
    ({"地区": "", "年度": "2024"}, "请填写地区"),
    ({"地区": "示例县", "年度": "24"}, "四位数年份"),
    ({"地区": "../外面", "年度": "2024"}, "不能有"),
])
def test_new_form_refuses_bad_fields(client, folder, fields, message):
    response = post(client, "/new", {**fields, "token": TOKEN})
    assert response.status_code == 400 and message in text(response)
    assert not list(folder.parent.glob("外面*"))


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


REPORT_LINES = [
    "样例区人民政府关于2023年法治政府建设情况的报告",
    "样例市人民政府：",
    "2023年，样例区深入贯彻落实法治政府建设实施纲要，现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）加强党的领导",
    "区委常委会专题研究法治建设工作，区政府常务会议集体学法12次。",
    "二、存在的不足和原因",
    "基层执法力量仍然不足。",
    "三、2024年工作安排",
    "继续深化行政执法体制改革。",
    "特此报告。",
    "样例区人民政府",
    "2024年2月20日",
]


def test_import_an_uploaded_report(client, folder):
    data = {"文件": (io.BytesIO(_docx_bytes(REPORT_LINES)), "样例区2023年报告.docx"), "token": TOKEN}
    response = post(client, "/import", data, content_type="multipart/form-data")
    assert response.status_code == 303, text(response)
    target = folder / "样例区2023年报告.yaml"
    form = load_form(target)
    assert form.report is not None and form.report.meta.year == 2023
    page = text(get(client, response.headers["Location"]))
    assert "已导入" in page and "样例区2023年报告.docx" in page


def test_a_report_lying_in_the_folder_is_offered_for_import_on_the_start_page(client, folder):
    """`drafter serve` in the folder holding last year's Word report: the start page names it
    and imports it in one click, instead of saying the folder is empty."""
    (folder / "样例区2023年报告.docx").write_bytes(_docx_bytes(REPORT_LINES))
    (folder / "~$样例区2023年报告.docx").write_bytes(b"lock")       # Word's lock file is no report
    page = text(get(client, "/"))
    assert 'name="本地文件" value="样例区2023年报告.docx"' in page and "~$" not in page
    response = post(client, "/import", {"本地文件": "样例区2023年报告.docx", "提取数据": "1", "token": TOKEN},
                    content_type="multipart/form-data")
    assert response.status_code == 303, text(response)
    assert load_form(folder / "样例区2023年报告.yaml").report.meta.year == 2023
    assert "样例区2023年报告.docx" not in text(get(client, "/")).split("导入往年报告", 1)[1]  # imported: not offered
    for name in ("../外面.docx", "/etc/passwd", COUNTY, "没有.docx"):
        refused = post(client, "/import", {"本地文件": name, "token": TOKEN}, content_type="multipart/form-data")
        assert refused.status_code in (400, 413) and "Traceback" not in text(refused), name


@pytest.mark.parametrize("name, content, status, message", [
    ("报告.doc", b"\xd0\xcf\x11\xe0", 415, "另存为"),
    ("报告.exe", b"MZ", 415, "只能导入"),
    ("报告.docx", b"not a zip", 415, "不是有效的"),
])
def test_import_refuses_other_types(client, folder, name, content, status, message):
    response = post(client, "/import", {"文件": (io.BytesIO(content), name), "token": TOKEN},
                    content_type="multipart/form-data")
    assert response.status_code == status and message in text(response)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in SAMPLES.glob("*.yaml"))


def test_import_refuses_an_oversized_upload(client, folder):
    big = io.BytesIO(b"PK\x03\x04" + b"0" * (serve_app.MAX_UPLOAD_BYTES + 10))
    response = post(client, "/import", {"文件": (big, "大.docx"), "token": TOKEN}, content_type="multipart/form-data")
    assert response.status_code == 413 and "太大" in text(response)
    assert not (folder / "大.yaml").exists()


NOTICE = ("关于印发示例县法治政府建设实施方案的通知\n各乡镇人民政府，县直各部门：\n一、工作目标\n"
          "（一）加强组织领导。责任单位：县司法局\n（二）完善制度。责任单位：县政府办公室\n"
          "二、保障措施\n各单位要高度重视。\n示例县人民政府办公室\n2024年3月1日\n")


@pytest.mark.parametrize("content, message", [(b"", "没有读到文字"), (NOTICE.encode("utf-8"), "不是法治政府建设情况报告")])
def test_import_refuses_a_file_that_is_not_a_report(client, folder, content, message):
    response = post(client, "/import", {"文件": (io.BytesIO(content), "通知.txt"), "token": TOKEN},
                    content_type="multipart/form-data")
    assert response.status_code == 409 and message in text(response)
    assert not (folder / "通知.yaml").exists()


def test_a_notice_can_still_be_imported_as_a_report_when_asked(client, folder):
    data = {"文件": (io.BytesIO(NOTICE.encode("utf-8")), "通知.txt"), "按报告导入": "1", "token": TOKEN}
    response = post(client, "/import", data, content_type="multipart/form-data")
    assert response.status_code == 303 and (folder / "通知.yaml").is_file()


def test_rollover_writes_next_year_and_opens_it(client, folder):
    before = (folder / COUNTY).read_bytes()
    response = post(client, "/rollover", {"name": COUNTY, "token": TOKEN})
    assert response.status_code == 303
    target = folder / "示例县2025年法治政府建设报告.yaml"
    assert load_form(target).report.meta.year == 2025
    assert (folder / COUNTY).read_bytes() == before
    page = text(get(client, response.headers["Location"]))
    assert "已生成 2025 年表单" in page and "待核" in page
    # above the form in the page's flow, not in the floating message area over the fields
    assert '<div id="dialog-area" class="dialog-area" aria-live="assertive"></div>' in page
    assert page.index('id="opened-notice"') < page.index('id="findings-panel"')
    again = post(client, "/rollover", {"name": COUNTY, "token": TOKEN})
    assert again.status_code == 409 and "已有同名的表单" in text(again)


def _rolled_over(client, folder) -> tuple[str, Path]:
    response = post(client, "/rollover", {"name": COUNTY, "token": TOKEN})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1], folder / "示例县2025年法治政府建设报告.yaml"


def test_after_rollover_the_page_can_clear_every_review_flag(client, folder):
    """The 待核 flags rollover writes are YAML comments the browser cannot delete: a value the
    user changes loses its flag, 已核对 takes it off an unchanged one; other comments stay."""
    source = folder / COUNTY
    source.write_text(re.sub(r"(权责事项: \d+)", r"\1  # 权责清单事项总数", source.read_text(encoding="utf-8")),
                      encoding="utf-8")
    doc, target = _rolled_over(client, folder)
    page = text(get(client, f"/doc/{doc}"))
    assert "删去这条注释" not in page and "--draft" not in page and "--fix" not in page and "不涉及: true" not in page
    assert "已核对" in page and "核对无误点“已核对”" in page
    stock = ("数据", "权责清单", "权责事项")
    flagged = [line for line in target.read_text(encoding="utf-8").splitlines() if "权责事项:" in line]
    assert "待核" in flagged[0] and "权责清单事项总数" in flagged[0]

    assert edit(client, doc, list(stock), "1301").status_code == 200      # changed: reviewed
    assert op(client, doc, "reviewed", ["导语"]).status_code == 200        # confirmed unchanged
    assert post(client, f"/doc/{doc}/save").status_code == 200
    saved = target.read_text(encoding="utf-8")
    line = next(line for line in saved.splitlines() if "  权责事项:" in line)
    assert line.endswith("权责事项: 1301  # 权责清单事项总数"), line
    assert "待核" not in next(line for line in saved.splitlines() if line.startswith("导语:"))
    form = load_form(target)
    from drafter.api import check
    left = {tuple(f.loc) for f in check(form).findings if f.rule == "unreviewed"}
    assert stock not in left and ("导语",) not in left and left   # the rest still to review
    assert text(get(client, f"/doc/{doc}")).count("已核对") >= len(left)


def test_a_paragraph_of_a_content_list_is_drawn_once_with_its_findings_once(client, folder):
    """In a 内容 list with tables or 不公开 paragraphs, a plain paragraph's box and its text field
    had the same id: the findings showed twice and a jump or focus could land on the box."""
    source = folder / COUNTY
    lines = source.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("导语:"))
    lines[at] = ('导语:\n  - "2024年,示例县扎实推进法治政府建设。"\n'
                 '  - 段落: 这一段只报送，不公开。\n    不公开: true')
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = text(get(client, f"/doc/{open_doc(client)}"))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert page.count('id="f-导语-0"') == 1 and page.count('id="fnd-f-导语-0"') == 1
    box = page.split('id="fnd-f-导语-0"', 1)[1].split("</div>", 1)[0]
    assert box.count("ascii-punct") == 1
    assert "--fix" not in page                    # the command line's remedy, not the page's


def test_the_public_copy_is_downloaded_from_the_page_without_what_is_not_public(client, folder):
    """The web copy for 1 April (drafter render --public) from the form page: 不公开 content left
    out; refused, with what to change, while the review before publication finds a problem."""
    source = folder / COUNTY
    lines = source.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("导语:"))
    lines[at] = lines[at].replace("导语: ", '导语:\n  - 段落: 这一段只报送，内部掌握。\n    不公开: true\n  - ', 1)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = open_doc(client)
    page = text(get(client, f"/doc/{doc}"))
    assert f'href="/doc/{doc}/public"' in page and "下载公开版" in page
    response = get(client, f"/doc/{doc}/public")
    assert response.status_code == 200, text(response)
    assert "%EF%BC%88%E5%85%AC%E5%BC%80%E7%89%88%EF%BC%89.html" in response.headers["Content-Disposition"]
    body = text(response)
    assert "法治政府建设" in body and "这一段只报送" not in body and "<script" not in body
    assert edit(client, doc, ["基本信息", "附注"], "联系人手机13812345678").status_code == 200
    refused = get(client, f"/doc/{doc}/public")
    assert refused.status_code == 409 and "无法生成公开版" in text(refused) and "手机" in text(refused)


def test_empty_figures_the_text_does_not_use_carry_no_hint_box_each(client, folder):
    """A fresh form has ~100 figures the text does not use; a hint box "正文未引用，可不填" under
    each buried the figures that matter. They are still counted and listed at the top."""
    post(client, "/new", {"地区": "样例镇", "年度": "2025", "层级": "乡镇", "token": TOKEN})
    doc = open_doc(client, "样例镇2025年法治政府建设报告.yaml")
    assert edit(client, doc, ["主要举措和成效", "章节", 0, "内容"], "全镇开展法治宣传活动。").status_code == 200
    page = text(get(client, f"/doc/{doc}"))      # the other areas: still empty, 不涉及 can be ticked
    body = page.split('id="form-body"', 1)[1]
    listed = page.split('id="form-body"', 1)[0]
    assert "可不填" in listed                                  # the list of all findings has them
    assert 'class="finding hint"><span class="lvl">提示</span>待填' not in body
    assert body.count('placeholder="待填"') > 50
    assert "不涉及: true" not in page and "勾选本节的“不涉及”" in page   # the page's words, not the YAML's


def test_the_start_page_imports_with_figures_extracted_unless_unticked(client):
    """An official importing last year's report means to fill next year's figures in 数据:
    the page ticks 提取数据 (the command line's --extract-figures) for them; it can be unticked."""
    page = text(get(client, "/"))
    box = re.search(r'<input type="checkbox" id="imp-figures"[^>]*>', page).group(0)
    assert 'name="提取数据"' in box and " checked" in box


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("url, data", [
    ("/new", {"地区": "样例镇", "年度": "2025"}),
    ("/rollover", {"name": COUNTY}),
])
def test_state_changes_without_the_token_are_refused(client, folder, url, data):
    names = sorted(p.name for p in folder.iterdir())
    for headers in ({"Origin": BASE}, {"Origin": BASE, "X-Drafter-Token": "wrong"}):
        response = post(client, url, data, headers=headers)
        assert response.status_code == 403 and "令牌" in text(response)
    assert sorted(p.name for p in folder.iterdir()) == names


def test_edits_and_saves_without_the_token_are_refused(client, folder):
    doc = open_doc(client)
    before = (folder / COUNTY).read_bytes()
    assert edit(client, doc, ["数据", "行政复议", "受理"], "1", headers={"Origin": BASE}).status_code == 403
    assert post(client, f"/doc/{doc}/save", headers={"Origin": BASE}).status_code == 403
    assert post(client, f"/doc/{doc}/save").status_code == 200
    assert (folder / COUNTY).read_bytes() == before  # nothing was changed, so nothing new written


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "http://127.0.0.1:9999"},
    {"Origin": "null"},
    {"Referer": "http://evil.example/page"},
    {"Sec-Fetch-Site": "cross-site"},
])
def test_requests_from_another_origin_are_refused(client, folder, headers):
    doc = open_doc(client)
    response = edit(client, doc, ["数据", "行政复议", "受理"], "1", headers={"X-Drafter-Token": TOKEN, **headers})
    assert response.status_code == 403 and "其他网站" in text(response)
    assert post(client, "/new", {"地区": "样例镇", "年度": "2025", "token": TOKEN}, headers=headers).status_code == 403
    assert not (folder / "样例镇2025年法治政府建设报告.yaml").exists()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1:9999", "192.168.1.5:8000"])
def test_a_foreign_host_header_is_refused(client, host):
    response = client.get("/", base_url=f"http://{host}")
    assert response.status_code == 400 and "重绑定" in text(response)
    assert client.get(f"/open?name={COUNTY}", base_url=f"http://{host}").status_code == 400


def test_localhost_names_are_accepted(client):
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert client.get("/", base_url=f"http://{host}").status_code == 200


def test_a_wildcard_address_accepts_this_computers_names_only():
    import socket

    hosts = serve_app.allowed_hosts("0.0.0.0", 8000)
    assert f"{socket.gethostname()}:8000" in hosts and "127.0.0.1:8000" in hosts
    assert "0.0.0.0:8000" not in hosts and "attacker.example:8000" not in hosts
    assert serve_app.allowed_hosts("192.168.1.5", 8000) >= {"192.168.1.5:8000", "localhost:8000"}


@pytest.mark.parametrize("name", [
    "../secret.yaml", "/etc/passwd.yaml", "sub/../../x.yaml", "..%2Fsecret.yaml", ".hidden.yaml",
    "C:/x.yaml", "a\\..\\b.yaml", "%00.yaml", "示例县.txt", "",
])
def test_paths_outside_the_folder_are_refused(client, folder, name):
    (folder.parent / "secret.yaml").write_text("基本信息: {}\n", encoding="utf-8")
    response = get(client, "/open", query_string={"name": name})
    assert response.status_code in (403, 404)
    assert "基本信息" not in text(response)
    response = post(client, "/rollover", {"name": name, "token": TOKEN})
    assert response.status_code in (403, 404)


def test_a_link_leading_out_of_the_folder_is_refused(client, folder):
    outside = folder.parent / "outside.yaml"
    shutil.copy(SAMPLES / COUNTY, outside)
    (folder / "link.yaml").symlink_to(outside)
    assert get(client, "/open", query_string={"name": "link.yaml"}).status_code == 403
    page = text(get(client, "/"))
    assert "link.yaml" not in page and COUNTY in page


def test_edits_to_keys_the_form_does_not_have_are_refused(client):
    doc = open_doc(client)
    for loc in (["数据", "行政复议", "不存在"], ["随便"], ["基本信息", 0], [], "not json", ["主要举措和成效", "章节", 99, "内容"]):
        payload = loc if isinstance(loc, str) else json.dumps(loc, ensure_ascii=False)
        response = post(client, f"/doc/{doc}/edit", {"loc": payload, "value": "x"})
        assert response.status_code == 400, loc
    assert op(client, doc, "explode", ["主要举措和成效", "章节"]).status_code == 400
    assert op(client, doc, "remove-part", ["主要举措和成效"]).status_code == 400


def test_unknown_documents_and_formats_are_not_found(client):
    response = get(client, "/doc/nonexistent")
    assert response.status_code == 404 and "已经失效" in text(response)
    assert post(client, "/doc/nonexistent/edit", {"loc": "[]", "value": ""}).status_code == 404
    doc = open_doc(client)
    assert get(client, f"/doc/{doc}/download/exe").status_code == 404


def test_an_internal_error_is_logged_not_shown(client, folder, monkeypatch, tmp_path):
    from drafter.serve import formview

    from drafter.cli.crashlog import write_crash_log

    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path))
    client = create_app(folder, token=TOKEN, crash_log=write_crash_log).test_client()
    doc = open_doc(client)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(serve_app, "build_view", broken)
    response = get(client, f"/doc/{doc}")
    assert response.status_code == 500
    body = text(response)
    assert "内部错误" in body and "Traceback" not in body and "boom" not in body
    (log,) = tmp_path.glob("drafter-错误-*.log")
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    assert formview.build_view is not broken


def test_the_application_never_runs_in_debug_mode(client):
    assert client.application.debug is False and client.application.testing is False


def test_get_cannot_change_anything(client):
    doc = open_doc(client)
    assert get(client, f"/doc/{doc}/save").status_code == 405
    assert get(client, f"/doc/{doc}/edit").status_code == 405


# ---------------------------------------------------------------- the form page


def test_form_page_lays_out_the_report_with_labels(client):
    doc = open_doc(client)
    page = text(get(client, f"/doc/{doc}"))
    for heading in ("基本信息", "导语", "第一责任人履职", "主要举措和成效", "存在的不足和原因", "下一年度工作安排",
                    "其他需要报告的情况", "结束语与附件", "数据", "上年数据", "检查设置"):
        assert heading in page
    assert page.index("基本信息") < page.index("导语") < page.index("主要举措和成效") < page.index("检查设置")
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', page)
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    assert ids and not [i for i in ids if i not in labels and not i.endswith("关闭规则")]
    for key in ("地区", "年度", "成文日期", "纲要领域", "条目写法", "不涉及", "小标题", "受理"):
        assert f">{key}</label>" in page
    assert "插入数据" in page and "保存" in page and "下载 Word" in page
    # rates are shown computed, never typed
    assert re.search(r'<output id="f-rate-数据-行政复议-办结率">[\d.]+%</output>', page)
    assert 'id="f-数据-行政复议-办结率"' not in page
    assert "件</td>" in page and "行政复议机关受理的行政复议申请数" in page or "受理" in page


def test_choices_left_out_show_the_default_the_report_uses(client):
    doc = open_doc(client)
    page = text(get(client, f"/doc/{doc}"))
    select = re.search(r'<select id="f-主要举措和成效-章节写法".*?</select>', page, re.S).group(0)
    assert '<option value="编号" selected>' in select and "未填" not in select
    select = re.search(r'<select id="f-主要举措和成效-章节-0-条目写法".*?</select>', page, re.S).group(0)
    assert '<option value="一是" selected>' in select


def test_fields_name_the_preview_block_they_fill(client):
    doc = open_doc(client)
    page = text(get(client, f"/doc/{doc}"))
    preview = text(get(client, f"/doc/{doc}/preview"))
    paths = set(re.findall(r'data-path="([^"]+)"', page))
    sources = set(re.findall(r'data-source="([^"]+)"', preview))
    assert "导语" in paths & sources
    assert "主要举措和成效.章节[2].条目[3].内容" in paths and "主要举措和成效.章节[2].条目[3]" in sources


def test_everything_from_the_form_is_escaped(client, folder):
    doc = open_doc(client)
    edit(client, doc, ["导语"], '<script>alert("x")</script>现将有关情况报告如下：')
    page = text(get(client, f"/doc/{doc}"))
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    preview = text(get(client, f"/doc/{doc}/preview"))
    assert "<script>alert" not in preview
    assert get(client, f"/doc/{doc}/preview").headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_an_edit_returns_findings_rates_and_asks_for_a_preview(client):
    doc = open_doc(client)
    response = edit(client, doc, ["数据", "行政复议", "受理"], "31")
    assert response.status_code == 200
    body = text(response)
    assert json.loads(response.headers["HX-Trigger"]) == {"drafter:preview": True}
    assert 'id="fnd-f-数据-行政复议-办结" hx-swap-oob="true"' in body
    assert "部分之和不能大于总数" in body and "有未保存的修改" in body
    assert re.search(r'<output id="f-rate-数据-行政复议-纠错率" hx-swap-oob="true">', body)
    # the finding goes away again when the value is put back: its place is emptied
    body = text(edit(client, doc, ["数据", "行政复议", "受理"], "96"))
    assert re.search(r'<div class="findings" id="fnd-f-数据-行政复议-办结" hx-swap-oob="true"></div>', body)


def test_the_summary_says_whether_the_final_document_can_be_made(client):
    doc = open_doc(client)
    assert "可以生成正式文档" in text(get(client, f"/doc/{doc}"))
    assert "现在下载的是草稿" in text(edit(client, doc, ["数据", "行政复议", "受理"], ""))
    assert "现在下载的是草稿" in text(edit(client, doc, ["数据", "行政复议", "受理"], "1"))
    assert "结构错误" in text(edit(client, doc, ["数据", "行政复议", "受理"], "23件"))


def test_a_unit_typed_into_a_number_gets_the_checks_own_words(client):
    doc = open_doc(client)
    body = text(edit(client, doc, ["数据", "行政复议", "受理"], "23件"))
    assert "单位不用写，请只填 23" in body
    assert "表单有结构错误" in text(get(client, f"/doc/{doc}/preview"))
    page = text(get(client, f"/doc/{doc}"))
    assert 'value="23件"' in page


def test_empty_number_is_pending_and_the_preview_marks_it(client):
    doc = open_doc(client)
    edit(client, doc, ["数据", "行政复议", "受理"], "")
    preview = text(get(client, f"/doc/{doc}/preview"))
    assert '<mark class="missing">【待填：行政复议.受理】</mark>' in preview


def test_preview_renders_the_current_text(client):
    doc = open_doc(client)
    edit(client, doc, ["导语"], "示例县今年的导语。现将有关情况报告如下：")
    preview = text(get(client, f"/doc/{doc}/preview"))
    assert "示例县今年的导语" in preview and "法治政府建设" in preview


def test_picker_lists_figures_by_group_with_values(client):
    doc = open_doc(client)
    body = text(get(client, f"/doc/{doc}/figures"))
    assert 'data-ref="行政复议.受理"' in body and 'data-ref="行政复议.办结率"' in body
    assert 'data-ref="自定义.专题研究法治建设"' in body
    assert re.search(r'data-ref="行政复议.受理"[^>]*>\s*<span class="name">受理</span><span class="value">96件', body)


# ---------------------------------------------------------------- structure


def test_add_move_and_remove_sections_and_items(client):
    doc = open_doc(client)
    sections = ["主要举措和成效", "章节"]
    response = op(client, doc, "add", sections)
    assert response.status_code == 200
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger["drafter:preview"] and trigger["drafter:focus"] == "f-主要举措和成效-章节-9"
    assert 'id="f-主要举措和成效-章节-9"' in text(response)
    edit(client, doc, [*sections, 9, "标题"], "新的一节")
    edit(client, doc, [*sections, 9, "内容"], "新的一节的正文。")
    op(client, doc, "add", [*sections, 9, "条目"])
    edit(client, doc, [*sections, 9, "条目", 0, "内容"], "新条目的正文。")
    op(client, doc, "up", sections, 9)
    page = text(get(client, f"/doc/{doc}"))
    assert page.index("新的一节") < page.index("数字法治政府：健全") or 'value="新的一节"' in page
    preview = text(get(client, f"/doc/{doc}/preview"))
    assert preview.index("新的一节") < preview.index("全面建设数字法治政府") and "新条目的正文" in preview
    op(client, doc, "remove", sections, 8)
    assert "新的一节" not in text(get(client, f"/doc/{doc}/preview"))
    assert op(client, doc, "up", sections, 0).status_code == 400


def test_optional_parts_can_be_added_and_removed(client):
    doc = open_doc(client, "样例县2019年法治政府建设报告.yaml")
    page = text(get(client, f"/doc/{doc}"))
    assert "添加本部分" in page
    assert op(client, doc, "add-part", ["第一责任人履职"]).status_code == 200
    edit(client, doc, ["第一责任人履职", "内容"], "县委书记履行第一责任人职责。")
    assert "县委书记履行第一责任人职责" in text(get(client, f"/doc/{doc}/preview"))
    assert op(client, doc, "remove-part", ["第一责任人履职"]).status_code == 200
    assert "县委书记履行第一责任人职责" not in text(get(client, f"/doc/{doc}/preview"))


def test_custom_figures_can_be_added(client):
    doc = open_doc(client)
    op(client, doc, "add", ["数据", "自定义"])
    page = text(get(client, f"/doc/{doc}"))
    index = len(re.findall(r'id="f-数据-自定义-\d+"', page)) - 1
    edit(client, doc, ["数据", "自定义", index, "名称"], "新建驿站")
    edit(client, doc, ["数据", "自定义", index, "数值"], "7")
    edit(client, doc, ["导语"], "全年新建驿站{{ 自定义.新建驿站 }}个。现将有关情况报告如下：")
    assert "全年新建驿站7个" in text(get(client, f"/doc/{doc}/preview"))


# ---------------------------------------------------------------- saving


def test_save_keeps_comments_and_untouched_lines(client, folder):
    path = folder / COUNTY
    before = path.read_text(encoding="utf-8").splitlines()
    doc = open_doc(client)
    edit(client, doc, ["数据", "行政复议", "受理"], "97")
    edit(client, doc, ["基本信息", "落款"], "中共示例县委\n示例县人民政府")  # unchanged
    response = post(client, f"/doc/{doc}/save")
    assert response.status_code == 200 and "已保存" in text(response)
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and changed == [("    受理: 96", "    受理: 97")]
    assert load_form(path).report.figures.reconsideration.accepted == 97


def test_save_refuses_when_the_file_changed_on_disk(client, folder):
    path = folder / COUNTY
    first, second = open_doc(client), open_doc(client)
    edit(client, first, ["数据", "行政复议", "受理"], "97")
    edit(client, second, ["数据", "行政复议", "受理"], "95")
    assert post(client, f"/doc/{second}/save").status_code == 200
    saved = path.read_bytes()
    response = post(client, f"/doc/{first}/save")
    assert response.status_code == 409
    body = text(response)
    assert "已被修改" in body and "-    受理: 96" in body and "+    受理: 95" in body
    assert path.read_bytes() == saved
    # an explicit overwrite, or reopening, are the ways out
    assert post(client, f"/doc/{first}/save", {"force": "1"}).status_code == 200
    assert "受理: 97" in path.read_text(encoding="utf-8")
    response = post(client, f"/doc/{second}/reload")
    assert response.headers["HX-Redirect"] == f"/doc/{second}"


def test_save_refuses_after_another_editor_wrote_the_file(client, folder):
    path = folder / COUNTY
    doc = open_doc(client)
    edit(client, doc, ["导语"], "本页写的导语。")
    path.write_text(path.read_text(encoding="utf-8").replace("受理: 96", "受理: 90"), encoding="utf-8")
    assert post(client, f"/doc/{doc}/save").status_code == 409
    assert "受理: 90" in path.read_text(encoding="utf-8") and "本页写的导语" not in path.read_text(encoding="utf-8")


def test_save_keeps_the_encoding_of_the_file(client, folder):
    path = folder / "旧表单.yaml"
    original = (SAMPLES / COUNTY).read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    gbk = folder / "国标.yaml"
    gbk.write_bytes(original.encode("gb18030"))
    for target in (path, gbk):
        doc = open_doc(client, target.name)
        edit(client, doc, ["数据", "行政复议", "受理"], "97")
        assert post(client, f"/doc/{doc}/save").status_code == 200
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and "受理: 97" in path.read_text(encoding="utf-8-sig")
    assert "受理: 97" in gbk.read_bytes().decode("gb18030")


# ---------------------------------------------------------------- downloads


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_downloads_in_every_format(client):
    doc = open_doc(client)
    edit(client, doc, ["导语"], "下载测试的导语。现将有关情况报告如下：")
    response = get(client, f"/doc/{doc}/download/docx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" + "%E7%A4%BA%E4%BE%8B%E5%8E%BF" in response.headers["Content-Disposition"]
    assert "下载测试的导语" in _docx_text(response.data)
    txt = get(client, f"/doc/{doc}/download/txt")
    assert txt.headers["Content-Type"].startswith("text/plain") and "下载测试的导语" in txt.get_data(as_text=True)
    html = get(client, f"/doc/{doc}/download/html")
    assert "下载测试的导语" in html.get_data(as_text=True)


def test_download_is_a_draft_while_figures_are_pending(client):
    doc = open_doc(client)
    edit(client, doc, ["数据", "行政复议", "受理"], "")
    response = get(client, f"/doc/{doc}/download/docx")
    assert response.status_code == 200
    assert "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89" in response.headers["Content-Disposition"]  # （草稿）
    assert "【待填：行政复议.受理】" in _docx_text(response.data)


def test_download_is_a_draft_while_the_form_has_errors(client):
    """As `drafter render --draft`: a readable form with a content error still gives the
    leader a draft to read, never the final document."""
    doc = open_doc(client)
    edit(client, doc, ["数据", "行政复议", "受理"], "1")
    response = get(client, f"/doc/{doc}/download/docx")
    assert response.status_code == 200
    assert "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89" in response.headers["Content-Disposition"]  # （草稿）


def test_download_is_refused_while_the_form_cannot_be_read(client, tmp_path):
    doc = open_doc(client)
    edit(client, doc, ["基本信息", "年度"], "二〇二四")
    response = get(client, f"/doc/{doc}/download/docx")
    assert response.status_code == 409
    assert "无法生成文档" in text(response)


def test_download_offers_every_format_this_computer_can_make(client, monkeypatch):
    from drafter import api
    from drafter.writers import pdf

    doc = open_doc(client)
    monkeypatch.setattr(pdf, "find_soffice", lambda: Path("/usr/bin/soffice"))
    page = text(get(client, f"/doc/{doc}"))
    for fmt in api.formats():
        assert f"/doc/{doc}/download/{fmt}" in page
    assert "下载 PDF" in page
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert "下载 PDF" not in text(get(client, f"/doc/{doc}"))


@pytest.mark.skipif(not shutil.which("soffice"), reason="需要 LibreOffice")
def test_download_pdf(client):
    doc = open_doc(client)
    response = get(client, f"/doc/{doc}/download/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"


# ---------------------------------------------------------------- stopping


def test_quit_stops_the_server_unless_changes_are_unsaved(folder):
    import threading

    app = create_app(folder, token=TOKEN)
    client = app.test_client()
    stopped = threading.Event()
    assert "关闭 drafter" not in text(get(client, "/"))  # not offered when nothing can stop it
    app.extensions["drafter"]["stop"] = stopped.set
    assert "关闭 drafter" in text(get(client, "/"))
    assert post(client, "/quit", {}, headers={"Origin": BASE}).status_code == 403
    doc = open_doc(client)
    edit(client, doc, ["导语"], "还没有保存的导语。")
    response = post(client, "/quit", {"token": TOKEN})
    assert response.status_code == 409 and "未保存的修改" in text(response) and 'name="force" value="1"' in text(response)
    assert not stopped.wait(0.6)
    response = post(client, "/quit", {"token": TOKEN, "force": "1"})
    assert response.status_code == 200 and "已停止运行" in text(response)
    assert stopped.wait(3)


# ---------------------------------------------------------------- tables, 不公开 paragraphs, attachments with text


RICH = """  内容:
    - 第一段文字。
    - 段落: 不公开的一段。
      不公开: true
    - 表格:
        - [项目, 数量]
        - [受理, "96"]
    - 全县对照纲要部署的九个方面任务"""


@pytest.fixture
def rich_doc(client, folder):
    text = (SAMPLES / COUNTY).read_text(encoding="utf-8")
    text = text.replace("  内容: 全县对照纲要部署的九个方面任务", RICH, 1)
    text = text.replace("结束语: 特此报告。", "结束语: 特此报告。\n附件:\n  - 名称: 示例县行政执法统计表\n    内容: 附件的正文。\n  - 第二个附件")
    (folder / "带表格.yaml").write_text(text, encoding="utf-8")
    return open_doc(client, "带表格.yaml"), folder / "带表格.yaml", text


def test_a_content_list_with_tables_is_edited_element_by_element(client, rich_doc):
    doc, path, original = rich_doc
    page = text(get(client, f"/doc/{doc}"))
    assert '<legend>内容</legend>' in page and ">第1段</label>" in page and ">数量（第2行）</label>" in page
    assert 'id="f-主要举措和成效-内容-1-不公开"' in page and ">不公开</label>" in page
    loc = ["主要举措和成效", "内容"]
    assert edit(client, doc, [*loc, 2, "表格", 1, 1], "97").status_code == 200
    assert edit(client, doc, [*loc, 1, "段落"], "改过的\n不公开段。").status_code == 200
    assert edit(client, doc, [*loc, 0], "第一段改过。").status_code == 200
    assert op(client, doc, "add", loc).status_code == 200
    assert post(client, f"/doc/{doc}/save").status_code == 200
    saved = path.read_text(encoding="utf-8")
    assert '        - [受理, "97"]' in saved and "    - 段落: 改过的不公开段。\n      不公开: true" in saved
    assert "    - 第一段改过。\n" in saved and '    - 全县对照纲要部署的九个方面任务' in saved
    form = load_form(path)
    assert form.report.measures.text[2].rows == [["项目", "数量"], ["受理", "97"]]
    assert "97" in text(get(client, f"/doc/{doc}/preview"))


def test_table_rows_can_be_added_and_removed(client, rich_doc):
    doc, path, _ = rich_doc
    rows = ["主要举措和成效", "内容", 2, "表格"]
    assert "＋ 添加一行" in text(get(client, f"/doc/{doc}"))
    assert op(client, doc, "add", rows).status_code == 200
    edit(client, doc, [*rows, 2, 0], "办结")
    edit(client, doc, [*rows, 2, 1], "98")
    assert post(client, f"/doc/{doc}/save").status_code == 200
    assert "        - [受理, \"96\"]\n        - [办结, '98']\n" in path.read_text(encoding="utf-8")
    assert op(client, doc, "remove", rows, 1).status_code == 200
    assert load_form(path).report is not None
    post(client, f"/doc/{doc}/save")
    assert load_form(path).report.measures.text[2].rows == [["项目", "数量"], ["办结", "98"]]


def test_attachments_with_text_and_private_sections(client, rich_doc):
    doc, path, _ = rich_doc
    page = text(get(client, f"/doc/{doc}"))
    assert 'value="示例县行政执法统计表"' in page and 'value="第二个附件"' in page
    edit(client, doc, ["附件", 0, "名称"], "改名的附件")
    edit(client, doc, ["附件", 1], "第二个附件改名")
    edit(client, doc, ["主要举措和成效", "章节", 0, "不公开"], "true")
    assert post(client, f"/doc/{doc}/save").status_code == 200
    form = load_form(path)
    assert form.report.attachments[0].name == "改名的附件" and form.report.attachments[1] == "第二个附件改名"
    assert form.report.measures.sections[0].private is True


# ---------------------------------------------------------------- what the browser form added to drafter.api


def test_api_figure_values_are_what_the_text_prints():
    from drafter import api

    form = api.load_form(SAMPLES / COUNTY)
    values = api.figure_values(form)
    assert values["行政复议"]["受理"].text() == "96" and values["行政复议"]["受理"].unit == "件"
    assert values["行政复议"]["办结率"].text().endswith("%") and not values["行政复议"]["办结率"].missing
    broken = api.load_form_text("基本信息: 1\n", "坏.yaml")
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError):
        api.figure_values(broken)


def test_api_available_formats_need_libreoffice_for_pdf(monkeypatch):
    from drafter import api
    from drafter.writers import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert "pdf" not in api.available_formats() and "docx" in api.available_formats()
    monkeypatch.setattr(pdf, "find_soffice", lambda: Path("/usr/bin/soffice"))
    assert api.available_formats() == api.formats()
