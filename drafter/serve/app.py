"""The Flask application of `drafter serve`: routes, request checks and responses.

Pages are rendered on the server (Jinja templates in `templates/`); the form page sends each
change with htmx (the one vendored file in `static/`, checked against its recorded hash
when the application is made) and gets back the findings and computed rates to swap in.

Every request must name this server in its Host header (DNS rebinding); every request that
changes something must come from this server's own pages (Origin / Referer /
Sec-Fetch-Site) and carry the token generated when the server started (CSRF); names of
forms are resolved by `Workspace`, which refuses anything outside the served folder;
uploads are limited in size and type. Nothing here holds a rule about forms: loading,
checks, rendering, import, rollover and saving are the CLI's own functions (`backend`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from flask import Flask, Response, abort, make_response, redirect, render_template, request, url_for

from drafter.errors import DrafterError, Refused
from drafter.form.review import unflag
from drafter.limits import ZIP_MAGIC, make_zip, read_bounded
from drafter.serve import backend, collection
from drafter.serve.collection import Pending, UploadRefused, read_upload, upload_name
from drafter.serve.editing import (
    FIGURE_ROOTS,
    EditError,
    add_item,
    add_part,
    coerce,
    edit_field,
    field_kind,
    move_item,
    remove_item,
    remove_part,
)
from drafter.serve.formview import anchor_id, build_view, by_anchor, picker_groups, place_findings, rate_text
from drafter.serve.workspace import Editing, OutsideFolder, Workspace

STATIC = Path(__file__).parent / "static"
HTMX_FILE = STATIC / "htmx.min.js"
#: The vendored htmx (npm package htmx.org, dist/htmx.min.js) and its SHA-256.
HTMX_VERSION = "2.0.11"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_SUFFIXES = (".docx", ".txt")
TOKEN_HEADER = "X-Drafter-Token"
FORMAT_LABELS = {"docx": "下载 Word", "txt": "下载文本", "html": "下载网页", "pdf": "下载 PDF"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")


def verify_htmx() -> None:
    digest = hashlib.sha256(read_bounded(HTMX_FILE, 1024 * 1024, "htmx 文件")).hexdigest()
    if digest != HTMX_SHA256:
        raise DrafterError(f"程序自带的 htmx 文件与记录的校验值不符（{digest}），可能已被改动，请重新安装 drafter",
                           file=str(HTMX_FILE))


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a request may carry: the names this server is reached by (loopback
    always; for a wildcard address also this computer's own name and addresses), with the port.
    Any other name is refused, so a page on another site cannot reach it by DNS rebinding."""
    names = {host, "127.0.0.1", "localhost", "::1"}
    if host in ("0.0.0.0", "::", ""):
        import socket

        try:
            own, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
            names |= {own, *aliases, *addresses, socket.gethostname()}
        except OSError:
            names.add(socket.gethostname())
        names -= {"0.0.0.0", "::", ""}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return {f"{n}:{port}" for n in names} | ({n for n in names} if port == 80 else set())


def listen_on(app: Flask, host: str, port: int) -> None:
    """Accept the Host headers of the address the server actually listens on (port 0 → the one chosen)."""
    hosts = app.extensions["drafter"]["hosts"]
    hosts.clear()
    hosts.update(allowed_hosts(host, port))


def create_app(root: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
               crash_log: Callable[[], Path] | None = None) -> Flask:
    """The application serving the forms in `root`. `crash_log` writes the traceback of an
    internal error to a file and returns its path (the CLI's crash log)."""
    verify_htmx()
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES, DEBUG=False, TESTING=False,
                      TEMPLATES_AUTO_RELOAD=False, SEND_FILE_MAX_AGE_DEFAULT=0)
    workspace = Workspace(root)
    secret = token or secrets.token_urlsafe(24)
    hosts = allowed_hosts(host, port)
    #: "stop": set by the launcher to the server's shutdown; POST /quit calls it
    app.extensions["drafter"] = {"workspace": workspace, "token": secret, "hosts": hosts, "stop": None}

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"token": secret, "htmx_version": HTMX_VERSION, "folder": str(workspace.root)}

    # ------------------------------------------------------------ request checks

    @app.before_request
    def _check_request() -> Response | None:
        if request.host not in hosts:
            return _refuse(400, "请求的主机名不是本机的 drafter（为防止 DNS 重绑定攻击，已拒绝）。"
                                "请用 drafter 打开的地址访问。")
        if request.method not in ("GET", "HEAD"):
            if not _same_origin(hosts):
                return _refuse(403, "请求来自其他网站，已拒绝（防止跨站请求伪造）。")
            sent = request.headers.get(TOKEN_HEADER) or request.form.get("token", "")
            if not hmac.compare_digest(sent.encode(), secret.encode()):
                return _refuse(403, "请求缺少有效的会话令牌，已拒绝。请从 drafter 打开的页面操作；"
                                    "如果刚重新启动过 drafter，请刷新页面。")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(413)
    def _too_large(_exc: Any) -> Response:
        return _refuse(413, f"上传的文件太大（上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）。")

    @app.errorhandler(404)
    def _not_found(_exc: Any) -> Response:
        return _refuse(404, "没有这个页面。")

    @app.errorhandler(405)
    def _bad_method(_exc: Any) -> Response:
        return _refuse(405, "不支持这种请求。")

    @app.errorhandler(OutsideFolder)
    def _outside(exc: OutsideFolder) -> Response:
        return _refuse(404 if exc.exit_code == 2 and "没有这个表单" in exc.message else 403, str(exc))

    @app.errorhandler(EditError)
    def _bad_edit(exc: EditError) -> Response:
        return _refuse(400, exc.message)

    @app.errorhandler(DrafterError)
    def _user_error(exc: DrafterError) -> Response:
        return _refuse(422, _message(exc))

    @app.errorhandler(Exception)
    def _internal(exc: Exception) -> Response:
        """Our own bug: the traceback goes to a log file (as the CLI's exit 3), the page says where."""
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return exc
        message = "内部错误：drafter 遇到了意外问题，刚才的操作没有完成（表单文件没有改动）。"
        if crash_log is None:
            app.logger.exception("内部错误")
            return _refuse(500, message)
        return _refuse(500, message + f"详细信息已写入 {crash_log()}，请把该文件发给维护人员。")

    # ------------------------------------------------------------ start page

    def start_page(message: str = "", status: int = 200, *, kind: str = "error", confirm_quit: bool = False) -> Response:
        forms = workspace.forms()
        body = render_template("start.html", forms=forms, reports=workspace.reports(UPLOAD_SUFFIXES),
                               message=message, kind=kind, confirm_quit=confirm_quit,
                               can_quit=app.extensions["drafter"]["stop"] is not None)
        return make_response(body, status)

    @app.get("/")
    def start() -> Response:
        return start_page()

    @app.post("/new")
    def new() -> Response:
        region = request.form.get("地区", "").strip()
        year_text = request.form.get("年度", "").strip()
        level = request.form.get("层级", "县")
        outline = request.form.get("纲要版本") or None
        if not region:
            return start_page("请填写地区或单位简称（如 示例县）。", 400)
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            return start_page("年度应为四位数年份，如 2024。", 400)
        year = int(year_text)
        name = f"{region}{year}年法治政府建设报告.yaml"
        try:
            target = workspace.resolve(name, new=True)
            text = backend.new_form(region, year, level, outline, target)
            backend.create(target, text)
        except OutsideFolder:
            return start_page("地区名称中不能有 / \\ : 等符号，也不能以“.”开头。", 400)
        except (DrafterError, ValueError) as exc:
            return start_page(_message(exc), 409)
        return _open(workspace.name_of(target), [f"已新建表单：{name}"])

    @app.post("/import")
    def import_report() -> Response:
        upload = request.files.get("文件")
        local = request.form.get("本地文件", "")
        if local:   # a report lying in the folder, offered on the start page
            try:
                path = workspace.resolve(local, suffixes=UPLOAD_SUFFIXES)
                filename, data = path.name, read_bounded(path, MAX_UPLOAD_BYTES, "报告文件")
            except OutsideFolder:
                return start_page("只能导入所服务文件夹中的 .docx 或 .txt 文件。", 400)
            except DrafterError as exc:   # too large, unreadable
                return start_page(_message(exc), 413)
            upload = None
        elif upload is None or not upload.filename:
            return start_page("请选择要导入的往年报告（.docx 或 .txt 文件）。", 400)
        else:
            filename = upload_name(upload.filename)
            data = b""
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            hint = "请在 Word 或 WPS 中“另存为” .docx 后再导入。" if suffix in (".doc", ".wps", ".pdf") else ""
            return start_page(f"只能导入 .docx 或 .txt 文件，“{filename}”不是。{hint}", 415)
        if upload is not None:
            try:
                data = read_upload(upload, MAX_UPLOAD_BYTES)
            except UploadRefused as exc:
                return start_page(exc.message, exc.status)
        if suffix == ".docx" and not data.startswith(ZIP_MAGIC):
            return start_page(f"“{filename}”不是有效的 Word（.docx）文件。", 415)
        year_text = request.form.get("年度", "").strip()
        if year_text and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            return start_page("年度应为四位数年份，如 2024；不知道时留空。", 400)
        region = request.form.get("地区", "").strip() or None
        try:
            target = workspace.resolve(Path(filename).stem + ".yaml", new=True)
            if target.exists():
                raise DrafterError(f"已有同名的表单“{target.name}”，没有覆盖。可以在上面的列表中打开它，"
                                   "或把要导入的文件改名后再导入")
            result = backend.import_document(data, filename, year=int(year_text) if year_text else None,
                                             region=region, extract_figures=bool(request.form.get("提取数据")),
                                             force_report=bool(request.form.get("按报告导入")), target=target)
            backend.create(target, result.text)
        except OutsideFolder:
            return start_page("文件名不合法，请改名后再导入。", 400)
        except DrafterError as exc:
            return start_page(_message(exc), 409)
        # the command line's last line names a command; here the checks are on the page
        summary = [line for line in result.summary if not line.startswith("下一步：")]
        summary.append("下一步：核对注有“请核对”的栏目；“检查结果”列出其余要改的地方。")
        return _open(workspace.name_of(target), summary)

    @app.post("/rollover")
    def rollover() -> Response:
        try:
            last = workspace.resolve(request.form.get("name", ""))
            result = backend.rollover(backend.load(last))
            target = workspace.resolve(workspace.name_of(last.parent / result.default_name), new=True)
            backend.create(target, result.text)
        except OutsideFolder:
            raise
        except DrafterError as exc:
            return start_page(_message(exc), 409)
        notes = [f"已生成 {result.year} 年表单：{target.name}（上年表单未改动）", *result.notes,
                 "请逐项核对标有“待核”的内容，填写本年数据和“上年计划落实”。"]
        return _open(workspace.name_of(target), notes)

    @app.post("/quit")
    def quit_server() -> Response:
        stop = app.extensions["drafter"]["stop"]
        unsaved = [e.name for e in workspace.open_forms() if e.dirty]
        if unsaved and request.form.get("force") != "1":
            return start_page(f"还有未保存的修改：{'、'.join(unsaved)}。请先回到表单保存；确需放弃修改，再点一次“关闭 drafter”。",
                              409, kind="error", confirm_quit=True)
        if stop is not None:
            threading.Timer(0.3, stop).start()
        return make_response(render_template("message.html", title="drafter 已关闭",
                                             message="drafter 已停止运行，可以关闭这个浏览器窗口了。", kind="ok",
                                             lines=[], back=None))

    @app.get("/open")
    def open_form() -> Response:
        return _open(request.args.get("name", ""), [])

    def _open(name: str, notices: list[str]) -> Response:
        try:
            editing = workspace.open(name)
        except OutsideFolder:
            raise
        except DrafterError as exc:
            return start_page(_message(exc), 422)
        editing.notices = notices
        return redirect(url_for("form_page", doc=editing.id), 303)

    # ------------------------------------------------------------ the form page

    def editing_or_404(doc: str) -> Editing:
        editing = workspace.editing(doc)
        if editing is None:
            abort(_refuse(404, "这个编辑页面已经失效（drafter 重新启动过，或打开的表单太多）。"
                               "请回到表单一览重新打开表单；尚未保存的修改已无法恢复。"))
        return editing

    @app.get("/doc/<doc>")
    def form_page(doc: str) -> Response:
        editing = editing_or_404(doc)
        view = build_view(editing.form)
        editing.anchors = view.anchors
        placed = place_findings(editing.check().findings, view.anchors)
        editing.shown_anchors = {p.anchor for p in placed}
        notices = editing.notices
        editing.notices = []
        return make_response(render_template(
            "form.html", doc=editing, view=view, placed=placed, found=by_anchor(placed), notices=notices,
            downloads=[(fmt, FORMAT_LABELS.get(fmt, f"下载 {fmt}")) for fmt in backend.download_formats()],
            summary=_summary(editing)))

    @app.get("/doc/<doc>/preview")
    def preview(doc: str) -> Response:
        editing = editing_or_404(doc)
        checked = editing.check()
        response = make_response(editing.preview(lambda form: _preview_html(form, checked)))
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
        return response

    @app.get("/doc/<doc>/figures")
    def figures(doc: str) -> Response:
        editing = editing_or_404(doc)
        return make_response(render_template("_picker_list.html", groups=picker_groups(editing.form)))

    @app.post("/doc/<doc>/edit")
    def edit(doc: str) -> Response:
        editing = editing_or_404(doc)
        loc = _loc(request.form.get("loc", ""))
        kind = field_kind(loc)
        value = coerce(kind, request.form.get("value", ""))
        editing.change(lambda data, lines: edit_field(data, loc, value, lines))
        rates = loc[1] if loc[0] in FIGURE_ROOTS and len(loc) == 3 else None
        return _updates(editing, rates_of=rates)

    @app.post("/doc/<doc>/op")
    def operation(doc: str) -> Response:
        editing = editing_or_404(doc)
        op = request.form.get("op", "")
        loc = _loc(request.form.get("loc", ""))
        index = _index(request.form.get("index", "0"))
        focus = ""
        if op == "add":
            new = editing.change(lambda data, lines: add_item(data, loc))
            focus = anchor_id((*loc, new))
        elif op == "remove":
            editing.change(lambda data, lines: remove_item(data, loc, index) or True)
        elif op in ("up", "down"):
            new = editing.change(lambda data, lines: move_item(data, loc, index, -1 if op == "up" else 1))
            focus = anchor_id((*loc, new))
        elif op == "reviewed":   # 已核对: the 待核 flag goes, the value stays
            editing.change(lambda data, lines: unflag(data, loc))
        elif op == "add-part" and len(loc) == 1:
            editing.change(lambda data, lines: add_part(data, str(loc[0])) or True)
            focus = anchor_id(loc)
        elif op == "remove-part" and len(loc) == 1:
            editing.change(lambda data, lines: remove_part(data, str(loc[0])) or True)
        else:
            raise EditError(f"不支持的操作：{op}")
        view = build_view(editing.form)
        editing.anchors = view.anchors
        placed = place_findings(editing.check().findings, view.anchors)
        editing.shown_anchors = {p.anchor for p in placed}
        body = render_template("_form_body.html", doc=editing, view=view, found=by_anchor(placed))
        oob = render_template("_status.html", doc=editing, placed=placed, summary=_summary(editing), oob=True)
        response = make_response(body + oob)
        response.headers["HX-Trigger"] = json.dumps({"drafter:preview": True, "drafter:focus": focus})
        return response

    @app.post("/doc/<doc>/save")
    def save(doc: str) -> Response:
        editing = editing_or_404(doc)
        try:
            editing.save(force=request.form.get("force") == "1")
        except backend.ChangedOnDisk as exc:
            body = render_template("_conflict.html", doc=editing, message=exc.message,
                                   theirs=editing.disk_diff(), ours=editing.own_diff())
            response = make_response(body, 409)
            response.headers["HX-Retarget"] = "#dialog-area"
            return response
        except DrafterError as exc:
            response = make_response(render_template("_message.html", message=_message(exc), kind="error"), 500)
            response.headers["HX-Retarget"] = "#dialog-area"
            return response
        body = render_template("_message.html", message=f"已保存：{editing.name}", kind="ok")
        body += render_template("_status.html", doc=editing, placed=None, summary=_summary(editing), oob=True,
                                only_state=True)
        return make_response(body)

    @app.post("/doc/<doc>/reload")
    def reload(doc: str) -> Response:
        editing = editing_or_404(doc)
        editing.reload()
        response = make_response("")
        response.headers["HX-Redirect"] = url_for("form_page", doc=editing.id)
        return response

    @app.get("/doc/<doc>/download/<fmt>")
    def download(doc: str, fmt: str) -> Response:
        editing = editing_or_404(doc)
        if fmt not in backend.formats():
            abort(404)
        try:
            result = backend.render(editing.form, fmt, editing.check())
        except DrafterError as exc:
            problems = [f"{p.level.value} [{p.rule}] {p.path}：{p.message}" for p in editing.check().blocking]
            if not problems and isinstance(exc, Refused):
                problems = exc.lines
            return make_response(render_template("message.html", title="无法生成文档", message=_message(exc),
                                                 lines=problems, back=url_for("form_page", doc=editing.id)), 409)
        stem = editing.path.stem + ("（草稿）" if result.draft else "")
        return _attachment(result.data, stem + backend.suffix(fmt), _MIME.get(fmt, "application/octet-stream"))

    # ------------------------------------------------------------ 数据收集 (统计表)

    def form_message(editing: Editing, title: str, message: str, status: int, lines: list[str] = ()) -> Response:
        return make_response(render_template("message.html", title=title, message=message, lines=list(lines),
                                             back=url_for("form_page", doc=editing.id) + "#数据收集"), status)

    @app.post("/doc/<doc>/sheet")
    def sheet(doc: str) -> Response:
        """The collection workbook of the form as the page holds it (`drafter sheet`)."""
        editing = editing_or_404(doc)
        form = editing.form
        try:
            units = collection.requested_units(request.form.get("单位", ""), request.files.get("单位文件"),
                                               MAX_UPLOAD_BYTES)
            if units is not None and len(units) > 1 and request.form.get("方式") == collection.PER_UNIT:
                files = backend.unit_workbooks(form, units)
                name = f"{editing.path.stem}-统计表（{len(units)}个单位）.zip"
                return _attachment(make_zip(files), name, "application/zip")
            data = backend.sheet_workbook(form, units)
        except UploadRefused as exc:
            return form_message(editing, "无法生成统计表", exc.message, exc.status)
        except DrafterError as exc:
            return form_message(editing, "无法生成统计表", _message(exc), 422)
        if units is not None and len(units) == 1:
            name = backend.unit_sheet_file_names(form.report.meta.region, form.report.meta.year, [units[0].name])[0]
        else:
            name = backend.sheet_file_name(editing.path.stem)
        return _attachment(data, name, _MIME["xlsx"])

    @app.post("/doc/<doc>/collect")
    def collect(doc: str) -> Response:
        """Filled workbooks checked against the form as the page holds it: the result, nothing applied yet."""
        editing = editing_or_404(doc)
        try:
            uploads = collection.workbook_uploads(request.files.getlist("统计表"), MAX_UPLOAD_BYTES)
        except UploadRefused as exc:
            return form_message(editing, "无法读取统计表", exc.message, exc.status)
        form = editing.form
        pending = Pending(uploads, form.text)
        collection.hold(editing, pending, workspace.open_forms())
        return collect_page(editing, form, pending)

    def collect_page(editing: Editing, form: Any, pending: Pending, *, changed: bool = False) -> Response:
        try:
            result = backend.collect(form, pending.uploads)
        except DrafterError as exc:
            return form_message(editing, "无法收集数据", _message(exc), 422)
        status = 422 if result.problems else 409 if result.conflicts else 200
        return make_response(render_template(
            "collect.html", doc=editing, result=result, pending=pending, changed=changed,
            names=[name for name, _data in pending.uploads], filled=collection.filled_rows(result),
            back=url_for("form_page", doc=editing.id) + "#数据收集"), status)

    @app.post("/doc/<doc>/collect/apply")
    def collect_apply(doc: str) -> Response:
        """填入: the collection shown, applied to the page's form (saved only by 保存, as every change)."""
        editing = editing_or_404(doc)
        pending = editing.collection
        if pending is None or not hmac.compare_digest(request.form.get("collection", "").encode(), pending.id.encode()):
            return form_message(editing, "无法填入", "这次核对的结果已经失效（之后又上传过统计表，或表单已重新打开），"
                                                  "请重新上传统计表。", 409)
        form = editing.form
        if form.text != pending.text:
            pending = editing.collection = Pending(pending.uploads, form.text)
            return collect_page(editing, form, pending, changed=True)
        result = backend.collect(form, pending.uploads, force=request.form.get("force") == "1")
        if result.text is None or not editing.take(result.text, based_on=form.text):
            if result.text is not None:      # changed in the meantime: check again on the new text
                form = editing.form
                pending = editing.collection = Pending(pending.uploads, form.text)
            return collect_page(editing, form, pending, changed=result.text is not None)
        editing.collection = None
        editing.notices = _collected_notices(result, len(pending.uploads))
        return redirect(url_for("form_page", doc=editing.id) + "#f-数据", 303)

    @app.get("/doc/<doc>/sources")
    def sources(doc: str) -> Response:
        """The 数据来源表 (`drafter render --sources`) of the form as the page holds it."""
        editing = editing_or_404(doc)
        try:
            result = backend.sources_table(editing.form, "xlsx")
        except DrafterError as exc:
            return form_message(editing, "无法生成数据来源表", _message(exc), 409)
        return _attachment(result.data, backend.sources_file_name(editing.path.stem), _MIME["xlsx"])

    @app.get("/doc/<doc>/public")
    def download_public(doc: str) -> Response:
        """The web copy for publication (`drafter render --public`): never a draft; refused with
        the problems listed while the form has errors or the review before publication finds some."""
        editing = editing_or_404(doc)
        try:
            result = backend.render_public(editing.form)
        except DrafterError as exc:
            lines = exc.lines if isinstance(exc, Refused) else []
            return make_response(render_template("message.html", title="无法生成公开版", message=_message(exc),
                                                 lines=lines, back=url_for("form_page", doc=editing.id)), 409)
        return _attachment(result, editing.path.stem + "（公开版）.html", _MIME["html"])

    def _updates(editing: Editing, rates_of: str | None = None) -> Response:
        # value edits never add or remove fields: the anchors of the page as drawn still hold
        view_anchors = editing.anchors or build_view(editing.form).anchors
        placed = place_findings(editing.check().findings, view_anchors)
        found = by_anchor(placed)
        anchors = sorted((editing.shown_anchors | set(found)) & (view_anchors | {"f-top"}))
        editing.shown_anchors = set(found)
        rates = []
        if rates_of is not None:
            from drafter.model.figures import GROUPS_BY_KEY

            spaces = backend.figure_values(editing.form) if editing.form.report is not None else None
            group = GROUPS_BY_KEY.get(rates_of)
            for root in FIGURE_ROOTS:
                for rate in group.rates if group else ():
                    rates.append((anchor_id(("rate", root, rates_of, rate.key)),
                                  rate_text(spaces, root, rates_of, rate.key)))
        body = render_template("_status.html", doc=editing, placed=placed, found=found, anchors=anchors,
                               rates=rates, summary=_summary(editing), oob=True)
        response = make_response(body)
        response.headers["HX-Trigger"] = json.dumps({"drafter:preview": True})
        return response

    return app


# ---------------------------------------------------------------- helpers

_MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _attachment(data: bytes, name: str, mime: str) -> Response:
    response = make_response(data)
    response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{_ascii_name(name)}\"; "
                                               f"filename*=UTF-8''{quote(name)}")
    return response


def _collected_notices(result: Any, workbooks: int) -> list[str]:
    """What the form page says after 填入 (the command line's summary, for the page)."""
    lines = [f"已从 {workbooks} 份统计表填入：新填 {result.new} 项，更新 {result.changed} 项，与表单相同 {result.same} 项；"
             "每项的来源已记入“数据来源”。"]
    lines += [f"以统计表为准：{conflict}" for conflict in result.conflicts]
    lines += result.notes
    if result.still_missing:
        lines.append(f"仍有 {result.still_missing} 项标准指标待填。")
    lines.append("尚未保存：请核对下面的数据，无误后点“保存”写入表单文件（不保存则表单文件不变）。")
    return lines


def _ascii_name(name: str) -> str:
    safe = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name)
    return safe or "drafter"


def _refuse(status: int, message: str) -> Response:
    if request.headers.get("HX-Request"):
        response = make_response(render_template("_message.html", message=message, kind="error"), status)
        response.headers["HX-Retarget"] = "#dialog-area"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return make_response(render_template("message.html", title="无法完成", message=message, lines=[], back="/"),
                         status)


def _same_origin(hosts: set[str]) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc in hosts
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        return parts.scheme == "http" and parts.netloc in hosts
    return True


def _loc(text: str) -> tuple[str | int, ...]:
    try:
        loc = json.loads(text)
    except ValueError:
        raise EditError("请求中的字段位置无法识别") from None
    if not isinstance(loc, list) or not loc or len(loc) > 12 or not all(
            isinstance(step, str) or (isinstance(step, int) and not isinstance(step, bool) and 0 <= step < 10000)
            for step in loc):
        raise EditError("请求中的字段位置无法识别")
    return tuple(loc)


def _index(text: str) -> int:
    if not text.isdigit() or len(text) > 5:
        raise EditError("请求中的序号无法识别")
    return int(text)


def _message(exc: Exception) -> str:
    if isinstance(exc, DrafterError):
        where = exc.location()
        return f"{exc.message}（{where}）" if where and where != exc.message else exc.message
    return str(exc)


def _summary(editing: Editing) -> dict[str, Any]:
    result = editing.check()
    return {"错误": len(result.errors), "警告": len(result.warnings), "提示": len(result.hints),
            "readable": editing.form.report is not None, "final": result.can_render}


def _preview_html(form: Any, checked: backend.CheckResult) -> str:
    from flask import render_template as render

    if form.report is None:
        return render("preview_error.html", message="表单有结构错误，改正后才能预览。左侧“检查结果”列出了要改的地方。")
    try:
        return backend.preview(form, checked)
    except DrafterError as exc:
        return render("preview_error.html", message=_message(exc))
