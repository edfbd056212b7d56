"""The served folder and the forms open in the browser.

`Workspace` owns the folder: it lists the forms in it (region, year, last saved, check
status, cached by size and modification time) and turns a name sent by the browser into a
path, refusing anything outside the folder (`..`, absolute paths, links that lead out,
hidden files, anything but .yaml/.yml). `Editing` is one open form in one browser tab: the
bytes as they were on disk when it was opened (or last saved), the current text and its
loaded form, and whether it differs from the file (and the filled workbooks uploaded last,
until they are 填入 or replaced). Each change is applied to the tree of
the current text and the text dumped and loaded again, so that checks, preview and
downloads always see exactly what would be saved.
"""

from __future__ import annotations

import datetime as dt
import difflib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.form.load import LoadedForm, dump_yaml
from drafter.form.roundtrip import source_lines
from drafter.serve import backend
from drafter.serve.editing import IN_PLACE, as_parsed

FORM_SUFFIXES = (".yaml", ".yml")
MAX_OPEN = 32


class OutsideFolder(DrafterError):
    """A name that does not lead to a form inside the served folder."""


@dataclass
class FormEntry:
    name: str
    region: str
    year: str
    saved: str
    errors: int
    warnings: int
    problem: str = ""           # why the form could not be read at all

    @property
    def status(self) -> str:
        if self.problem:
            return "无法读取"
        if self.errors:
            return f"错误 {self.errors} 处"
        if self.warnings:
            return f"警告 {self.warnings} 处"
        return "通过"

    @property
    def css(self) -> str:
        return "error" if self.problem or self.errors else "warning" if self.warnings else "ok"


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._entries: dict[str, tuple[tuple[int, int], FormEntry]] = {}
        self._open: OrderedDict[str, Editing] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ paths

    def resolve(self, name: str, *, new: bool = False, suffixes: tuple[str, ...] | None = None) -> Path:
        """The form file `name` (relative to the folder, / separated). `new`: it may not exist yet.
        `suffixes`: another kind of file in the folder (a report to import: .docx, .txt)."""
        if not name or "\x00" in name or "\\" in name or ":" in name:
            raise OutsideFolder("文件名不合法", file=name)
        pure = PurePosixPath(name)
        if pure.is_absolute() or any(part in ("..", ".", "") or part.startswith(".") for part in pure.parts):
            raise OutsideFolder("只能打开所服务文件夹中的表单", file=name)
        if pure.suffix.lower() not in (suffixes or FORM_SUFFIXES):
            raise OutsideFolder("只能打开 .yaml 表单文件" if suffixes is None else "不是可以导入的文件", file=name)
        path = (self.root / pure).resolve()
        if not path.is_relative_to(self.root):
            raise OutsideFolder("只能打开所服务文件夹中的表单", file=name)
        if not new and not path.is_file():
            raise OutsideFolder("没有这个表单", file=name, exit_code=EXIT_UNREADABLE)
        return path

    def name_of(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    # ------------------------------------------------------------ the start page

    def forms(self) -> list[FormEntry]:
        found = sorted(p for p in self.root.iterdir()
                       if p.suffix.lower() in FORM_SUFFIXES and p.is_file() and not p.name.startswith(".")
                       and p.resolve().is_relative_to(self.root))   # a link leading out is not listed
        return [self._entry(path) for path in found]

    def reports(self, suffixes: tuple[str, ...]) -> list[str]:
        """Reports lying in the folder (.docx, .txt) that have no form of their name yet: what
        the start page offers to import without picking the file again. Word's lock files
        (~$…) and hidden files are not reports."""
        return sorted(p.name for p in self.root.iterdir()
                      if p.suffix.lower() in suffixes and p.is_file() and not p.name.startswith((".", "~$"))
                      and p.resolve().is_relative_to(self.root) and not p.with_suffix(".yaml").exists())

    def _entry(self, path: Path) -> FormEntry:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        name = self.name_of(path)
        cached = self._entries.get(name)
        if cached and cached[0] == stamp:
            return cached[1]
        saved = dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
        try:
            form = backend.load(path)
        except DrafterError as exc:
            entry = FormEntry(name, "", "", saved, 0, 0, problem=exc.message)
        else:
            result = backend.check(form)
            data = form.data if isinstance(form.data, dict) else {}
            meta = data.get("基本信息") if isinstance(data.get("基本信息"), dict) else {}
            entry = FormEntry(name, str(meta.get("地区") or ""), str(meta.get("年度") or ""), saved,
                              len(result.errors), len(result.warnings))
        self._entries[name] = (stamp, entry)
        return entry

    # ------------------------------------------------------------ open forms

    def open(self, name: str) -> "Editing":
        path = self.resolve(name)
        raw, form = backend.read_form(path)
        editing = Editing(secrets.token_urlsafe(9), self.name_of(path), path, raw, form)
        with self._lock:
            self._open[editing.id] = editing
            while len(self._open) > MAX_OPEN:
                oldest = next((k for k, e in self._open.items() if not e.dirty), next(iter(self._open)))
                del self._open[oldest]
        return editing

    def open_forms(self) -> list["Editing"]:
        with self._lock:
            return list(self._open.values())

    def editing(self, doc: str) -> "Editing | None":
        with self._lock:
            editing = self._open.get(doc)
            if editing is not None:
                self._open.move_to_end(doc)
            return editing


@dataclass
class Editing:
    id: str
    name: str
    path: Path
    base: bytes                      # the file's bytes when opened or last saved
    form: LoadedForm
    lock: threading.Lock = field(default_factory=threading.Lock)
    shown_anchors: set[str] = field(default_factory=set)   # fields showing findings in the page
    anchors: set[str] = field(default_factory=set)         # of the page as last drawn (fields, containers)
    notices: list[str] = field(default_factory=list)       # shown once on the form page (import, rollover)
    collection: Any = None     # the filled workbooks uploaded last, awaiting 填入 (serve.collection.Pending)
    _check: Any = None
    _preview: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return self.form.text

    @property
    def dirty(self) -> bool:
        return backend.encode(self.form, self.text, self.base) != self.base

    def change(self, edit: Callable[[Any, list[str]], Any]) -> Any:
        """Apply `edit(tree, source lines)` to the tree of the current text (it returns a false
        value when it changed nothing), then dump and load the new text."""
        with self.lock:
            tree = self.form.data      # parsed from self.text; replaced below, never reused
            try:
                result = edit(tree, source_lines(self.text))
            except BaseException:
                self._replace(self.text)   # the tree may be half edited
                raise
            if result is False:
                return result
            text = dump_yaml(tree, self.text)
            if result == IN_PLACE and text.count("\n") == self.text.count("\n"):
                as_parsed(tree)
                self.form = backend.form_from_tree(text, tree, self.path, self.form.encoding)
                self._check = self._preview = None
            else:
                self._replace(text)
            return result

    def take(self, text: str, *, based_on: str) -> bool:
        """Make `text` (a whole new form text computed from `based_on`, as a collection from
        统计表 makes it) the current text; False, and nothing changed, when the page has
        changed since `based_on`. Nothing is written: 保存 writes it as any other change."""
        with self.lock:
            if self.text != based_on:
                return False
            self._replace(text)
            return True

    def _replace(self, text: str) -> None:
        self.form = backend.load_text(text, self.path, self.form.encoding)
        self._check = None
        self._preview = None

    def check(self) -> backend.CheckResult:
        with self.lock:
            if self._check is None:
                self._check = backend.check(self.form)
            return self._check

    def preview(self, build: Callable[[LoadedForm], str]) -> str:
        with self.lock:
            if self._preview is None or self._preview[0] != self.text:
                self._preview = (self.text, build(self.form))
            return self._preview[1]

    def save(self, *, force: bool = False) -> None:
        with self.lock:
            data = backend.encode(self.form, self.text, self.base)
            backend.save(self.path, data, expected=None if force else self.base)
            self.base = data

    def reload(self) -> None:
        """Drop the changes made here and take the file as it is on disk now."""
        with self.lock:
            self.base, self.form = backend.read_form(self.path)
            self._check = None
            self._preview = None

    def disk_diff(self) -> str:
        """What the file on disk has that this page did not open (unified diff, Chinese headers)."""
        current = backend.current_bytes(self.path)
        if current is None:
            return "（文件已被删除或无法读取）"
        before = self.base.decode(self.form.encoding, errors="replace").splitlines()
        after = current.decode(self.form.encoding, errors="replace").splitlines()
        lines = difflib.unified_diff(before, after, "打开时的文件", "磁盘上现在的文件", lineterm="", n=1)
        return "\n".join(lines) or "（内容相同，只是文件被重新写入）"

    def own_diff(self) -> str:
        """What this page changed compared with the file as opened."""
        before = self.base.decode(self.form.encoding, errors="replace").lstrip("\ufeff").splitlines()
        lines = difflib.unified_diff(before, self.text.splitlines(), "打开时的文件", "本页的修改", lineterm="", n=1)
        return "\n".join(lines)
