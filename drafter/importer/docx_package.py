"""Opening a .docx without trusting it: the bounded reader of the importer.

A .docx is a zip of XML parts. Before anything is parsed, the package is checked
against fixed limits (number of members, each part's and the total
uncompressed size, compression ratio), and parts are inflated in chunks that stop at
the limit whatever the zip header claims. XML is parsed without DTDs, entities or
network access; a part with a DOCTYPE (entity declarations) is refused. Encrypted
files (Word's password protection makes an OLE compound file, zip encryption sets a
flag), unsupported compression, damaged zips and malformed XML all become an
`ImportFailure` naming the file, which the CLI reports with exit 2.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from drafter.importer.errors import ImportFailure
#: Limits (drafter.limits, stated in the README's 安全与可靠性).
from drafter.limits import MAX_ZIP_MEMBER_BYTES as MAX_PART_BYTES
from drafter.limits import MAX_ZIP_MEMBERS as MAX_MEMBERS
from drafter.limits import OLE_MAGIC, ZipRefused, open_zip
from drafter.limits import MAX_ZIP_RATIO as MAX_RATIO
from drafter.limits import MAX_ZIP_TOTAL_BYTES as MAX_TOTAL_BYTES
from drafter.limits import ZIP_RATIO_FLOOR as _RATIO_FLOOR

_CHUNK = 1024 * 1024

_SAVE_AS_DOCX = "请用 WPS 或 Word 打开它，选择“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”，再导入新文件。"


@dataclass
class Package:
    """The parts of an opened .docx, read on demand within the limits."""

    path: Path
    archive: zipfile.ZipFile
    total: int = 0

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part `name`, or None when the package has no such part."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        return parse_xml(self._read(info), self.path, name)

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        if info.flag_bits & 0x1:
            raise ImportFailure(_encrypted(self.path))
        if info.file_size > MAX_PART_BYTES:
            raise ImportFailure(_too_large(self.path, info.filename, info.file_size))
        chunks, size = [], 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > MAX_PART_BYTES:
                        raise ImportFailure(_too_large(self.path, info.filename, size))
                    if size > _RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                        raise ImportFailure(
                            f"“{self.path.name}”中的“{info.filename}”解压后异常膨胀"
                            f"（压缩 {info.compress_size} 字节，解压已超过 {size} 字节），"
                            "可能是恶意构造的压缩包，已停止读取。")
                    self.total += len(chunk)
                    if self.total > MAX_TOTAL_BYTES:
                        raise ImportFailure(f"“{self.path.name}”解压后超过 {MAX_TOTAL_BYTES // 2 ** 20} MB，"
                                            "不像是一份报告，已停止读取。")
                    chunks.append(chunk)
        except NotImplementedError:
            raise ImportFailure(f"“{self.path.name}”使用了不支持的压缩方式，无法读取。{_SAVE_AS_DOCX}") from None
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ImportFailure(_damaged(self.path, f"“{info.filename}”无法解压：{error}")) from None
        except RuntimeError as error:   # zipfile: "File is encrypted, password required"
            raise ImportFailure(_encrypted(self.path)) from error
        return b"".join(chunks)


def open_package(data: bytes, path: Path) -> Package:
    """Open the bytes `data` of the .docx `path` (already within the file size limit, see
    `reading.document_of`) within the package limits, or raise ImportFailure."""
    head = data[:8]
    if head == OLE_MAGIC:
        raise ImportFailure(
            f"“{path.name}”是加密的文档（设置了打开密码），或是改了扩展名的旧版 .doc 文件，无法读取。"
            "请在 Word/WPS 中打开，取消密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码），"
            f"或另存为 .docx 后再导入。")
    try:
        archive = open_zip(data)
    except ZipRefused as refused:
        if refused.reason == "members":
            raise ImportFailure(f"“{path.name}”里有 {refused.count} 个部件，超过上限 {MAX_MEMBERS}，"
                                "不像是一份 Word 文档。") from None
        if refused.reason == "encrypted":
            raise ImportFailure(_encrypted(path)) from None
        raise ImportFailure(_damaged(path, "它不是有效的 .docx（zip）文件")) from None
    if "word/document.xml" not in archive.namelist():
        raise ImportFailure(_damaged(path, "里面没有 Word 正文（word/document.xml）"))
    return Package(path, archive)


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, path: Path, part: str) -> etree._Element:
    """Parse one XML part safely: no DTD, no entities, no network."""
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        why = "元素嵌套超过 256 层" if "depth" in str(error).lower() else f"第 {line} 行第 {column} 列出错"
        raise ImportFailure(_damaged(path, f"“{part}”不是完整的 XML：{why}")) from None
    except ValueError:
        raise ImportFailure(_damaged(path, f"“{part}”不是完整的 XML")) from None
    if root is None:
        raise ImportFailure(_damaged(path, f"“{part}”是空的"))
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ImportFailure(_damaged(path, f"“{part}”含有 DOCTYPE/实体声明，Word 不会生成这样的文件"))
    return root


def _damaged(path: Path, why: str) -> str:
    return f"无法打开“{path.name}”：文件已损坏（{why}），或者并不是真正的 .docx（例如把 .doc 直接改了扩展名）。{_SAVE_AS_DOCX}"


def _encrypted(path: Path) -> str:
    return f"“{path.name}”已加密，无法读取。请在 Word/WPS 中取消密码后另存为 .docx 再导入。"


def _too_large(path: Path, part: str, size: int) -> str:
    return (f"“{path.name}”中的“{part}”解压后超过 {MAX_PART_BYTES // 2 ** 20} MB"
            f"（至少 {size // 2 ** 20} MB），不像是一份报告，已停止读取。")
