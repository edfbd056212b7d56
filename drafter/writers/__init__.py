"""Output formats: the registry of writers and writing a `Document` by format name.

Each writer turns a `Document` into bytes on a binary stream; `write_document` also
accepts a path (atomic replacement of existing files is the caller's business, see
`drafter.form.files`). The registry is the one list of format names (the CLI's --format
choices come from it); a writer's module (python-docx, lxml) is imported only when a
document is written in its format, so reading the registry costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from drafter.doctree import Document
    from drafter.writers.style import StyleProfile


@dataclass(frozen=True)
class Writer:
    """An output format: its file suffix, its label for users and the function that writes a document tree in it."""

    suffix: str                    # file name suffix, e.g. ".docx"
    label: str                     # shown to users, e.g. in the CLI help
    write: Callable[[Document, IO[bytes], StyleProfile], None]


def _write_docx(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.docx import write_docx

    write_docx(doc, stream, style)


def _write_pdf(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.pdf import write_pdf

    write_pdf(doc, stream, style)


def _write_txt(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.text import write_text

    stream.write(write_text(doc).encode("utf-8"))


def _write_html(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.html import write_html

    stream.write(write_html(doc, style).encode("utf-8"))


WRITERS: dict[str, Writer] = {
    "docx": Writer(".docx", "Word 公文（GB/T 9704 版式）", _write_docx),
    "txt": Writer(".txt", "纯文本（每段一行）", _write_txt),
    "html": Writer(".html", "网页预览", _write_html),
    "pdf": Writer(".pdf", "PDF（由 LibreOffice 转换 Word 公文）", _write_pdf),
}


def write_document(doc: Document, fmt: str, target: str | Path | IO[bytes],
                   style: StyleProfile | None = None) -> None:
    """Write `doc` in format `fmt` ("docx", "txt", "html", "pdf") to a path or binary stream."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"不支持的输出格式「{fmt}」，可选：{'、'.join(WRITERS)}")
    if style is None:
        from drafter.writers.style import load_style

        style = load_style()
    if isinstance(target, (str, Path)):
        with open(target, "wb") as stream:
            writer.write(doc, stream, style)
    else:
        writer.write(doc, target, style)
