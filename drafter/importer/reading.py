"""Reading last year's file into raw lines: .txt in any common Chinese encoding, and
.docx body paragraphs and tables in document order.

Formats that cannot be read reliably (.doc, .wps, .pdf) are refused with an
`ImportFailure` that tells the user how to save the file as .docx, including the
LibreOffice command when `soffice` is installed.
"""

from __future__ import annotations

import io
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from drafter.importer.errors import ImportFailure

if TYPE_CHECKING:   # python-docx is imported only when a .docx is read: .txt imports start faster
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAX_SOURCE_BYTES = 64 * 1024 * 1024   # a year's report with pictures is a few MB
_SAVE_AS_DOCX = "请用 WPS 或 Word 打开它，选择“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”，再导入新文件。"
_LEGACY = {".doc": "旧版 Word 文档", ".wps": "WPS 文字文档", ".wpt": "WPS 文字模板", ".dot": "旧版 Word 模板"}


def read_source(path: str | Path) -> list[str]:
    """The raw lines of a .txt or .docx file (a .docx table row is one tab-separated line)."""
    return source_lines(source_bytes(path), path)


def source_bytes(path: str | Path) -> bytes:
    """The bytes of last year's file, refused early when it is missing, too large or of a format we cannot read."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailure(f"找不到文件：{path}")
    _refuse_format(path)
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise ImportFailure(f"“{path.name}”过大（{size // (1024 * 1024)} MB，上限 {MAX_SOURCE_BYTES // (1024 * 1024)} MB），"
                            "请确认选对了文件。")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取“{path.name}”：{exc.strerror or exc}") from None


def source_lines(data: bytes, path: str | Path) -> list[str]:
    """The raw lines of a .txt or .docx file's bytes; `path` gives the name and the format."""
    path = Path(path)
    _refuse_format(path)
    lines = _read_text(data, path) if path.suffix.lower() == ".txt" else _read_docx(data, path)
    if not any(line.strip() for line in lines):
        raise ImportFailure(f"“{path.name}”里没有读到文字（可能是空文件，或者是扫描件图片）。")
    return lines


def _refuse_format(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in _LEGACY or suffix == ".pdf":
        raise ImportFailure(_conversion_advice(path))
    if suffix not in (".txt", ".docx"):
        raise ImportFailure(f"不支持的文件类型“{path.suffix or '无扩展名'}”：请提供 .docx 或 .txt 文件。")


def _conversion_advice(path: Path) -> str:
    """How to turn a .doc/.wps/.pdf file into a .docx the importer can read."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        message = (
            f"“{path.name}”是 PDF，PDF 不保留段落和标题结构，无法可靠导入。最好找到原始的 Word/WPS 文件；"
            "如果只有 PDF，可以用 WPS 或 Word 打开它（Word 会把 PDF 转成可编辑文档），"
            "再选择“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”，核对转换结果后导入。"
        )
        command = f"soffice --headless --infilter=writer_pdf_import --convert-to docx {shlex.quote(str(path))}"
    else:
        message = f"“{path.name}”是{_LEGACY[suffix]}（{suffix}），无法直接读取。{_SAVE_AS_DOCX}"
        command = f"soffice --headless --convert-to docx {shlex.quote(str(path))}"
    if shutil.which("soffice"):
        message += f"\n也可以用本机的 LibreOffice 转换（结果保存在当前目录）：\n  {command}"
    return message


def _read_text(data: bytes, path: Path) -> list[str]:
    """Decode a .txt file: UTF-16 with BOM, UTF-8 (with or without BOM), then GB18030."""
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ImportFailure(
        f"无法识别“{path.name}”的文字编码：它既不是 UTF-8，也不是 GB18030/GBK。"
        "请用记事本或 WPS 打开后另存为 UTF-8 编码的 .txt，或者直接提供 .docx 文件。"
    )


def _read_docx(data: bytes, path: Path) -> list[str]:
    """Body paragraphs and table rows of a .docx, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as error:
        raise ImportFailure(
            f"无法打开“{path.name}”：文件已损坏，或者并不是真正的 .docx"
            f"（例如把 .doc 直接改了扩展名）。{_SAVE_AS_DOCX}"
        ) from error
    lines: list[str] = []
    for block in _blocks(document.element.body, document):
        if isinstance(block, Paragraph):
            lines += block.text.split("\n")
        else:
            lines += _table_rows(block)
    return lines


def _blocks(parent, document: Document) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables under `parent` in order, looking inside content controls."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _blocks(content, document)


def _table_rows(table: Table) -> list[str]:
    """One line per table row: the texts of its cells joined by a tab (merged cells once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:
            if all(cell._tc is not element for element in seen):
                seen.append(cell._tc)
                cells.append(" ".join(cell.text.split("\n")).strip())
        if any(cells):
            rows.append("\t".join(cells))
    return rows
