"""Output formats: the registry of writers and writing a `Document` by format name.

Each writer turns a `Document` into bytes on a binary stream; `write_document` also
accepts a path (atomic replacement of existing files is the caller's business, see
`drafter.form.files`). A writer's module is imported when it first writes, so a render
loads only its own format's writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import IO

from drafter.doctree import Document
from drafter.writers.style import StyleProfile, load_style


@dataclass(frozen=True)
class Writer:
    suffix: str                    # file name suffix, e.g. ".docx"
    label: str                     # shown to users, e.g. in the CLI help
    function: str                  # "module:function" writing (Document, binary stream, StyleProfile)

    def write(self, doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
        module, name = self.function.split(":")
        getattr(import_module(module), name)(doc, stream, style)


def write_txt(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.text import write_text

    stream.write(write_text(doc).encode("utf-8"))


def write_html(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    from drafter.writers.html import write_html as html

    stream.write(html(doc, style).encode("utf-8"))


WRITERS: dict[str, Writer] = {
    "docx": Writer(".docx", "Word 公文（GB/T 9704 版式）", "drafter.writers.docx:write_docx"),
    "txt": Writer(".txt", "纯文本（每段一行）", "drafter.writers:write_txt"),
    "html": Writer(".html", "网页预览", "drafter.writers:write_html"),
    "pdf": Writer(".pdf", "PDF（由 LibreOffice 转换 Word 公文）", "drafter.writers.pdf:write_pdf"),
}


def write_document(doc: Document, fmt: str, target: str | Path | IO[bytes],
                   style: StyleProfile | None = None) -> None:
    """Write `doc` in format `fmt` ("docx", "txt", "html", "pdf") to a path or binary stream."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"不支持的输出格式「{fmt}」，可选：{'、'.join(WRITERS)}")
    style = style or load_style()
    if isinstance(target, (str, Path)):
        with open(target, "wb") as stream:
            writer.write(doc, stream, style)
    else:
        writer.write(doc, target, style)
