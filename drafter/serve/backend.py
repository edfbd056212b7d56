"""What the browser form asks of drafter: the shape of `drafter/api.py`, until that module lands.

Each function here is a call-through to the functions the CLI uses (loading, checks, the
renderer and writers, import, rollover, the blank form, atomic writing), with the
signatures of the API contract, so that the web application never holds a rule of its
own. It returns values or raises `DrafterError`; it never prints.
"""

from __future__ import annotations

import codecs
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from drafter.checks import Finding, Level, characters, run_checks
from drafter.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DrafterError
from drafter.fileio import write_atomic
from drafter import yamlio
from drafter.yamlio import LoadedForm, load_form, load_form_text


@dataclass
class CheckResult:
    findings: list[Finding]

    def of(self, level: Level) -> list[Finding]:
        return [f for f in self.findings if f.level is level]

    @property
    def errors(self) -> list[Finding]:
        # invisible characters are removed on reading: they never stop a render
        return [f for f in self.of(Level.ERROR) if f.rule != characters.RULE]


@dataclass
class RenderResult:
    data: bytes
    draft: bool                       # rendered as a draft because figures are still 待填
    missing: list[str] = field(default_factory=list)   # what is 待填 (Chinese descriptions)


def load(path: Path) -> LoadedForm:
    return load_form(path)


def load_text(text: str, path: Path, encoding: str = "utf-8") -> LoadedForm:
    """A form from text; `encoding` is what saving it writes (that of the file it came from)."""
    return load_form_text(text, path, encoding=encoding)


def form_from_tree(text: str, data, path: Path, encoding: str) -> LoadedForm:
    """The form of an edited tree whose lines all kept their numbers (no second parse)."""
    return yamlio.form_from_tree(text, data, path, encoding=encoding)


def check(form: LoadedForm) -> CheckResult:
    return CheckResult(run_checks(form))


def formats() -> list[str]:
    from drafter.writers import WRITERS

    return list(WRITERS)


def format_suffix(fmt: str) -> str:
    from drafter.writers import WRITERS

    return WRITERS[fmt].suffix


def render(form: LoadedForm, fmt: str, *, draft: bool | None = None, preview: bool = False) -> RenderResult:
    """The document as bytes. `draft=None`: the final document, or a draft when figures are 待填.
    A form with errors is refused, as `drafter render` refuses it, except for a `preview`."""
    from drafter.render import MissingFigures, RenderError, render_report
    from drafter.writers import write_document
    from drafter.writers.style import load_style

    errors = [] if preview else check(form).errors
    if form.report is None or errors:
        raise DrafterError(f"表单有 {len(errors)} 处错误，请修改后再生成文档（见“检查结果”）", file=form.name,
                           exit_code=EXIT_FINDINGS)
    style = load_style()
    missing: list[str] = []
    try:
        try:
            document = render_report(form.report, draft=bool(draft), style=style)
        except MissingFigures as exc:
            if draft is False:
                raise DrafterError(exc.message, file=form.name, exit_code=EXIT_FINDINGS) from None
            missing = [item.describe() for item in exc.items]
            document = render_report(form.report, draft=True, style=style)
    except RenderError as exc:
        raise DrafterError(exc.message, file=form.name, exit_code=exc.exit_code) from None
    buffer = io.BytesIO()
    write_document(document, fmt, buffer, style)
    return RenderResult(buffer.getvalue(), bool(draft) or bool(missing), missing)


def new_form(region: str, year: int, level: str, outline: str | None, target: Path) -> str:
    from drafter.formgen import new_form as blank
    from drafter.model.outline import Outline
    from drafter.model.report import Level as FormLevel

    return blank(region, year, FormLevel(level), Outline(outline) if outline else None, target)


@dataclass
class Imported:
    text: str
    summary: list[str]


def import_document(data: bytes, filename: str, target: Path, *, year: int | None = None,
                    region: str | None = None, extract_figures: bool = False) -> Imported:
    """Last year's .docx/.txt (uploaded bytes) → form text meant to be saved as `target`."""
    from drafter.importer import ImportFailure
    from drafter.importer.importing import import_report, summary_lines

    with tempfile.TemporaryDirectory(prefix="drafter-import-") as folder:
        source = Path(folder) / Path(filename).name
        source.write_bytes(data)
        try:
            result = import_report(source, target, year=year, region=region, figures=extract_figures)
        except ImportFailure as exc:
            raise DrafterError(exc.message, file=filename, exit_code=EXIT_FINDINGS) from None
        lines = summary_lines(result)
    return Imported(result.form.text, [line.replace(str(source), filename) for line in lines])


@dataclass
class RolledOver:
    text: str
    year: int
    target: Path
    notes: list[str]


def rollover(form: LoadedForm) -> RolledOver:
    from drafter.rollover import default_output, roll_over

    if form.report is None:
        raise DrafterError("上年表单有错误，请先打开它按检查结果修改", file=form.name, exit_code=EXIT_FINDINGS)
    result = roll_over(form)
    return RolledOver(result.text, result.new_year, default_output(form.path, result.old_year, result.new_year),
                      result.notes)


def encode(form: LoadedForm, text: str, original: bytes) -> bytes:
    """`text` in the encoding (and byte-order mark) of the file it was read from."""
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom + text.encode(form.encoding)


class ChangedOnDisk(DrafterError):
    """The file is no longer what was opened: someone else saved it in the meantime."""

    def __init__(self, path: Path, current: bytes | None):
        super().__init__("文件在打开之后已被修改（可能是另一个窗口或编辑器），为避免覆盖别人的修改，没有保存",
                         file=str(path), exit_code=EXIT_FINDINGS)
        self.current = current


def save(path: Path, data: bytes, *, expected: bytes | None = None, create: bool = False) -> None:
    """Write atomically. `create`: refuse an existing file; `expected`: refuse unless the file
    on disk still holds exactly these bytes."""
    try:
        current = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise DrafterError(f"无法读取文件：{exc.strerror or exc}", file=str(path), exit_code=EXIT_UNREADABLE) from None
    if create and current is not None:
        raise DrafterError("文件已存在，没有覆盖", file=str(path), exit_code=EXIT_UNREADABLE)
    if expected is not None and current != expected:
        raise ChangedOnDisk(path, current)
    write_atomic(path, data)
