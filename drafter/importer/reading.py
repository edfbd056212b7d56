"""Reading last year's file into the document tree: .txt in any common Chinese
encoding (one paragraph per line), .docx through `docx_body` (paragraphs with their
displayed numbering, data tables as tables, what was left out as notes).

`source_bytes` reads a file within the size limit (refusing formats we cannot read
before reading them); `document_of` turns a file's bytes into the tree, so the CLI
and the browser form (which has bytes, not a path) read alike. `read_document` is
both; `read_source` / `source_lines` give the tree's lines in document order: one
string per printed line, a data table as its TABLE block.

The format is decided by the file's content (a ZIP package is a .docx whatever its name);
formats that cannot be read reliably (.doc, .wps, .pdf) are refused with an
`ImportFailure` that tells the user how to save the file as .docx, including the
LibreOffice command when `soffice` is installed.
"""

from __future__ import annotations

import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from drafter.doctree import Block, Document, Kind, Run
from drafter.form.files import Undecodable, decode
from drafter.importer.cleaning import Cleaning, CleaningKind
from drafter.errors import DrafterError
from drafter.importer.errors import ImportFailure
from drafter.limits import MAX_DOCX_BYTES, MAX_IMPORT_TXT_BYTES, OLE_MAGIC, ZIP_MAGIC, read_bounded, too_large


_OMITTED = {
    "修订中删除的文字": CleaningKind.DELETED,
    "目录": CleaningKind.TOC,
    "隐藏文字": CleaningKind.HIDDEN,
    "页眉页脚": CleaningKind.HEADER_FOOTER,
    "脚注和批注": CleaningKind.NOTES,
}


@dataclass
class Reading:
    """A source file as a document tree, and what reading left out (for the form's header)."""

    document: Document
    omitted: list[Cleaning] = field(default_factory=list)

    def items(self) -> list[str | Block]:
        """The document as lines in order: a paragraph's lines as strings, a table as its block."""
        items: list[str | Block] = []
        for block in self.document.blocks:
            if block.kind is Kind.TABLE:
                items.append(block)
            else:
                items += block.text.split("\n")
        return items

_SAVE_AS_DOCX = "请用 WPS 或 Word 打开它，选择“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”，再导入新文件。"
_LEGACY = {".doc": "旧版 Word 文档", ".wps": "WPS文字文档", ".wpt": "WPS文字模板", ".dot": "旧版 Word 模板"}
#: How the formats start: a .docx is a ZIP package, .doc/.wps are OLE2 compound files.
_PDF = b"%PDF-"


def _kind(data: bytes) -> str:
    """What a file is by its content: docx, legacy (.doc/.wps), pdf, or text."""
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return "docx"
    if head.startswith(OLE_MAGIC):
        return "legacy"
    if head.startswith(_PDF):
        return "pdf"
    return "text"


def read_source(path: str | Path) -> list[str | Block]:
    """The raw lines of a .txt or .docx file; a data table of a .docx is one TABLE block."""
    return read_document(path).items()


def read_document(path: str | Path) -> Reading:
    """The document tree of a .txt or .docx file (raises ImportFailure)."""
    return document_of(source_bytes(path), path)


def source_lines(data: bytes, path: str | Path) -> list[str | Block]:
    """The raw lines of a .txt or .docx file's bytes; `path` gives the name and the format."""
    return document_of(data, path).items()


def source_bytes(path: str | Path) -> bytes:
    """The bytes of last year's file, refused early when it is missing, too large, not a regular
    file or of a format we cannot read (through the bounded reader)."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ImportFailure(f"找不到文件：{path}")
    _refuse_format(path)
    limit, what = _limit(path)
    try:
        return read_bounded(path, limit, what)
    except DrafterError as exc:   # the importer's failures all name the file the same way
        raise ImportFailure(f"“{path.name}”：{exc.message}") from None


def _limit(path: Path) -> tuple[int, str]:
    """The read limit by the name (a .doc may hold a .docx: the larger limit of a document)."""
    return (MAX_IMPORT_TXT_BYTES, "文本文件") if path.suffix.lower() == ".txt" else (MAX_DOCX_BYTES, "Word 文档")


def document_of(data: bytes, path: str | Path) -> Reading:
    """The document tree of a .txt or .docx file's bytes; `path` gives the name and the format."""
    path = Path(path)
    _refuse_format(path)
    limit, what = _limit(path)
    if len(data) > limit:   # bytes that did not come through source_bytes (the browser form's upload)
        raise too_large(str(path), what, len(data), limit)
    # The format is decided by the content, not the name: a real .docx saved as 报告.doc is
    # read; a .doc renamed 报告.docx gets the advice for a .doc.
    # (An encrypted .docx is an OLE2 file too: the .docx reader names that.)
    kind, suffix = _kind(data), path.suffix.lower()
    if kind == "legacy" and suffix == ".docx":
        kind = "docx"
    if kind in ("legacy", "pdf") or (kind == "text" and suffix != ".txt"):
        raise ImportFailure(_conversion_advice(path, kind))
    reading = _read_docx(data, path) if kind == "docx" else _read_text(data, path)
    if not any(block.text.strip() for block in reading.document.blocks):
        raise ImportFailure(f"“{path.name}”里没有读到文字（可能是空文件，或者是扫描件图片）。")
    return reading


def _refuse_format(path: Path) -> None:
    """Refuse a name no reader knows; .doc/.wps/.pdf are judged by their content."""
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".docx", ".pdf", *_LEGACY):
        raise ImportFailure(f"不支持的文件类型“{path.suffix or '无扩展名'}”：请提供 .docx 或 .txt 文件。")


def _conversion_advice(path: Path, kind: str) -> str:
    """How to turn a .doc/.wps/.pdf file (by content) into a .docx the importer can read."""
    suffix = path.suffix.lower()
    if kind == "pdf":
        message = (
            f"“{path.name}”是 PDF，PDF 不保留段落和标题结构，无法可靠导入。最好找到原始的 Word/WPS 文件；"
            "如果只有 PDF，可以用 WPS 或 Word 打开它（Word 会把 PDF 转成可编辑文档），"
            "再选择“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”，核对转换结果后导入。"
        )
        command = f"soffice --headless --infilter=writer_pdf_import --convert-to docx {shlex.quote(str(path))}"
    else:
        what, renamed = _LEGACY.get(suffix, "旧版 Word 或 WPS文字文档"), ""
        if kind == "text":
            what, renamed = "纯文本文件", f"，只是扩展名写成了 {suffix}（可改名为 .txt 后导入）"
        message = f"“{path.name}”的内容是{what}{renamed}，无法直接读取。{_SAVE_AS_DOCX}"
        command = f"soffice --headless --convert-to docx {shlex.quote(str(path))}"
    if shutil.which("soffice"):
        message += f"\n也可以用本机的 LibreOffice 转换（结果保存在当前目录）：\n  {command}"
    return message


def _read_text(data: bytes, path: Path) -> Reading:
    """Decode a .txt file in drafter's one decoding order (`drafter.form.files.decode`)."""
    try:
        lines = decode(data, path.name)[0].splitlines()
    except Undecodable:
        raise ImportFailure(
            f"无法识别“{path.name}”的文字编码：它既不是 UTF-8，也不是 GB18030/GBK。"
            "请用记事本或 WPS 打开后另存为 UTF-8 编码的 .txt，或者直接提供 .docx 文件。"
        ) from None
    return Reading(Document(blocks=[Block(Kind.PARAGRAPH, [Run(line)]) for line in lines]))


def _read_docx(data: bytes, path: Path) -> Reading:
    """Body paragraphs and tables of a .docx, in document order (see `docx_body`)."""
    from drafter.importer.docx_body import read_docx_document

    body = read_docx_document(data, path)
    return Reading(body.document, [Cleaning(_OMITTED.get(o.kind, CleaningKind.TOC), o.text, o.paragraph)
                                   for o in body.omitted])
