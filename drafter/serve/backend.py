"""What the browser form asks of drafter, on top of `drafter.api` (the layer the CLI calls too).

The API's functions are used as they are; this module adds only what a long-lived page
needs beyond a command: a form's text kept in the encoding of its file (and its byte-order
mark), validating an edited tree without parsing its text again, the automatic choice
between the final document and a draft for a download, and telling a save refused because
the file changed on disk (`ChangedOnDisk`, whose page shows the difference) from other
failures. No rule about forms lives here.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter import api
from drafter.api import CheckResult, LoadedForm
from drafter.checks import Level
from drafter.errors import EXIT_FINDINGS, DrafterError

__all__ = ["CheckResult", "ChangedOnDisk", "Level", "LoadedForm", "RenderResult", "check", "encode",
           "form_from_tree", "formats", "load", "load_text", "render", "render_public", "save", "suffix"]

load = api.load_form
download_formats = api.available_formats
figure_values = api.figure_values
check = api.check
formats = api.formats
suffix = api.suffix
new_form = api.new_form
import_document = api.import_document
rollover = api.rollover
# 数据收集 (统计表): the functions of `drafter sheet`, `drafter collect` and `render --sources`
units_from_text = api.units_from_text
sheet_workbook = api.sheet_workbook
unit_workbooks = api.unit_workbooks
sheet_file_name = api.sheet_file_name
unit_sheet_file_names = api.unit_sheet_file_names
collect = api.collect
sources_table = api.sources_table
sources_file_name = api.sources_file_name
figure_sources = api.figure_sources


def load_text(text: str, path: Path, encoding: str = "utf-8") -> LoadedForm:
    """A form from text; `encoding` is what saving it writes (that of the file it came from)."""
    from drafter.form import load as loading

    return loading.load_form_text(text, path, encoding=encoding)


def form_from_tree(text: str, data: Any, path: Path, encoding: str) -> LoadedForm:
    """The form of an edited tree whose lines all kept their numbers (no second parse)."""
    from drafter.form import load as loading

    return loading.form_from_tree(text, data, path, encoding=encoding)


@dataclass
class RenderResult:
    data: bytes
    draft: bool                                        # a draft: figures the text needs are 待填
    notes: list[str] = field(default_factory=list)     # what the renderer says about the document


def render(form: LoadedForm, fmt: str, checked: CheckResult) -> RenderResult:
    """The final document when `drafter render` would make it; otherwise the draft that
    `drafter render --draft` makes (待填 figures and content errors marked; the download says
    so in its name). A form that cannot be read at all is refused as the command refuses it."""
    try:        # api.render refuses a form with errors or pending figures itself
        result = api.render(form, fmt, checked=checked)
        draft = False
    except DrafterError:
        result = api.render(form, fmt, draft=True, checked=checked)
        draft = True
    return RenderResult(result.data, draft, [*result.removed, *result.warnings, *result.notes])


def render_public(form: LoadedForm) -> bytes:
    """The clean web copy for publication, as `drafter render --public` makes it (checked with
    the review before publication; refused, never a draft, while anything blocks it)."""
    return api.render(form, "html", public=True).data


def preview(form: LoadedForm, checked: CheckResult) -> str:
    """The HTML writer's page for the preview: always the draft (待填 and content errors marked)."""
    return api.render(form, "html", draft=True, checked=checked).data.decode("utf-8")


def encode(form: LoadedForm, text: str, original: bytes) -> bytes:
    """`text` in the encoding (and byte-order mark) of the file it was read from."""
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom + text.encode(form.encoding)


class ChangedOnDisk(DrafterError):
    """The file is no longer what was opened: someone else saved it in the meantime."""

    def __init__(self, path: Path):
        super().__init__("文件在打开之后已被修改（可能是另一个窗口或编辑器），为避免覆盖别人的修改，没有保存",
                         file=str(path), exit_code=EXIT_FINDINGS)


def save(path: Path, data: bytes, *, expected: bytes | None) -> None:
    """Replace the form atomically; with `expected`, only while the file still holds those bytes."""
    try:
        api.save(path, data, expected=expected, force=expected is None)
    except DrafterError:
        if expected is not None and current_bytes(path) != expected:
            raise ChangedOnDisk(path) from None
        raise


def create(path: Path, text: str) -> None:
    """Write a new form; an existing file is never replaced."""
    if path.exists():
        raise DrafterError(f"已有同名的表单“{path.name}”，没有覆盖。可以在上面的列表中打开它", file=path.name,
                           exit_code=EXIT_FINDINGS)
    api.save(path, text)


def read_form(path: Path) -> tuple[bytes, LoadedForm]:
    """The form file's bytes (through the bounded reader) and the form they hold: one read, so
    that what a later save compares with is exactly what was loaded."""
    from drafter.form.files import decode
    from drafter.limits import MAX_INPUT_BYTES, read_bounded

    raw = read_bounded(path, MAX_INPUT_BYTES, "表单")
    text, encoding = decode(raw, str(path))
    return raw, load_text(text, path, encoding)


def current_bytes(path: Path) -> bytes | None:
    """What the file holds now (None when it is gone or cannot be read)."""
    from drafter.limits import MAX_INPUT_BYTES, read_bounded

    try:
        return read_bounded(path, MAX_INPUT_BYTES, "表单")
    except DrafterError:
        return None

