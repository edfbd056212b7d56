"""Every limit drafter puts on its input, and the one bounded reader that enforces the sizes.

All input files — forms, `--previous`, `--targets`, `--style`, layout templates, .txt and
.docx sources of `drafter import`, spreadsheets — are read through `read_bounded`: at most
`limit + 1` bytes are ever read, and only from a regular file (a device such as /dev/zero,
a FIFO or a socket is refused before a byte is read, also behind a symbolic link), so a
hostile path can neither exhaust memory nor block. The README's 安全与可靠性 section
states these numbers; change them here and there together.
"""

from __future__ import annotations

import errno
import io
import os
import reprlib
import stat
import zipfile
from pathlib import Path

from drafter.errors import DrafterError

# ---------------------------------------------------------------- file sizes (bytes)

#: A form, a previous year's form, a targets file, a style profile (a real form is 20–80 KB).
MAX_INPUT_BYTES = 4 * 1024 * 1024
#: One layout template file (report.j2 and what it includes).
MAX_TEMPLATE_BYTES = 1024 * 1024
#: A .txt source of `drafter import` (a year's report is about 60 KB); the form it becomes
#: must still be under MAX_INPUT_BYTES.
MAX_IMPORT_TXT_BYTES = 1024 * 1024
#: A .docx source of `drafter import`, as stored on disk (compressed).
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: A filled collection workbook (.xlsx) read by `drafter collect`.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
#: The PDF LibreOffice makes of one report (a 20-page report is under 2 MB).
MAX_PDF_BYTES = 200 * 1024 * 1024
#: Members (entries) of one .docx package (a real one has 10–40).
MAX_ZIP_MEMBERS = 5_000
#: One XML part of a .docx once inflated (lxml needs about 15 times that in memory).
MAX_ZIP_MEMBER_BYTES = 24 * 1024 * 1024
#: All parts read from one .docx, inflated.
MAX_ZIP_TOTAL_BYTES = 96 * 1024 * 1024
#: Inflated ÷ compressed size of a part above which it is treated as a zip bomb (ordinary
#: XML compresses 5–20 times) …
MAX_ZIP_RATIO = 200
#: … for parts larger than this (small parts may compress as well as they like).
ZIP_RATIO_FLOOR = 4 * 1024 * 1024
#: Paragraphs and tables, and characters of text, read from one .docx body (a year's
#: report has about 300 blocks and 10,000–50,000 characters).
MAX_DOCX_BLOCKS = 200_000
MAX_DOCX_CHARACTERS = 1_000_000
#: Tables nested inside tables.
MAX_TABLE_DEPTH = 12

# ---------------------------------------------------------------- spreadsheets (drafter collect)

#: Rows of one worksheet of a collection workbook (a 统计表 has about 130).
MAX_SHEET_ROWS = 10_000
#: Columns read from one worksheet (a 统计表 has 7).
MAX_SHEET_COLUMNS = 40

# ---------------------------------------------------------------- YAML structure

#: [ and { nested deeper than this are refused before parsing.
MAX_FLOW_DEPTH = 50
#: Mappings and lists nested deeper than this (block style), counted on the parsed tree.
MAX_NESTING_DEPTH = 50
#: Longest number (digits) a YAML file or an imported text may write.
MAX_NUMBER_DIGITS = 30
#: Lines of one YAML file (the largest real form has about 1,500; the parser needs about
#: 0.1 ms a line, so this also bounds the time of reading one).
MAX_YAML_LINES = 30_000
#: Items (1.) of one section and sub-items ((1)) of one item: the numbering goes to 999.
MAX_NUMBERED_ITEMS = 999

# ---------------------------------------------------------------- texts and rendering

#: Output cap of one text field after its placeholders are filled (characters).
MAX_TEXT_CHARS = 50_000
#: Output cap of all form text of one document (characters).
MAX_TOTAL_CHARS = 2_000_000
#: Time cap of rendering the form text of one document (placeholders filled), seconds.
RENDER_TIME_LIMIT = 10.0
#: Brackets nested inside one placeholder ({{ ((…)) }}).
MAX_PLACEHOLDER_DEPTH = 20
#: Characters of a title that the title line-breaking balances; longer titles are broken greedily.
MAX_BALANCED_TITLE_CHARS = 200
#: Word's limit for a core document property (标题, 作者, 主题 …), characters.
MAX_CORE_PROPERTY_CHARS = 255
#: Word comments `render --annotate` adds to one document (the most severe findings first).
MAX_COMMENTS = 500
#: A value quoted in a message is cut to this many characters.
MAX_QUOTED_CHARS = 60
#: Form files one batch command takes (a folder of a whole province's reports is a few hundred).
MAX_BATCH_FILES = 10_000

_O_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def size_text(size: int) -> str:
    """4 MB, 512 KB, 300 字节."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} 字节"


def read_bounded(path: str | Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of the regular file at `path` (symbolic links followed), reading at most
    `limit + 1` bytes; anything else is a DrafterError (exit 2) naming `path`.

    `what` names the file in messages (表单、版式配置、上级指标文件 …).
    """
    name = str(path)
    try:
        fd = os.open(path, _O_FLAGS)
    except OSError as exc:
        raise _open_error(exc, name, what) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DrafterError(f"这是一个文件夹，不是{what}", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise DrafterError(f"这不是普通文件（而是{_kind(info.st_mode)}），不能作为{what}读取", file=name)
        if info.st_size > limit:
            raise too_large(name, what, info.st_size, limit)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise too_large(name, what, None, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise DrafterError(f"无法读取{what}：{exc.strerror or exc}", file=name) from None
    finally:
        os.close(fd)


def too_large(name: str, what: str, size: int | None, limit: int) -> DrafterError:
    actual = f"{size_text(size)}，" if size is not None else "超过"
    return DrafterError(f"{what}过大（{actual}上限 {size_text(limit)}），请确认选对了文件", file=name)


def _open_error(exc: OSError, name: str, what: str) -> DrafterError:
    if exc.errno == errno.ENOENT:
        if os.path.islink(name):
            return DrafterError(f"这是一个失效的链接（指向的文件不存在），不能作为{what}读取", file=name)
        return DrafterError("文件不存在", file=name)
    if exc.errno == errno.ELOOP:
        return DrafterError("链接循环（符号链接最终指向它自己），无法读取", file=name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DrafterError(f"没有读取该{what}的权限", file=name)
    if exc.errno == errno.EISDIR:
        return DrafterError(f"这是一个文件夹，不是{what}", file=name)
    if exc.errno == errno.ENAMETOOLONG:
        return DrafterError("文件名或路径过长，无法打开", file=name)
    if exc.errno == errno.ENOTDIR:
        return DrafterError("路径中的某一级不是文件夹", file=name)
    return DrafterError(f"无法读取{what}：{exc.strerror or exc}", file=name)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISFIFO(mode):
        return "管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


#: How the packages start: a .docx/.xlsx is a zip; an encrypted Office file or an old .doc/.xls/.wps
#: is an OLE2 compound file.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ZipRefused(Exception):
    """Why `open_zip` refused a package: `reason` is "damaged", "members" (more than
    MAX_ZIP_MEMBERS, `count` of them) or "encrypted"; the caller words it for its kind of file."""

    def __init__(self, reason: str, count: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.count = count


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip package (.docx, .xlsx) in `data`, bytes already read by `read_bounded`: a damaged
    archive, too many members or an encrypted member is refused (ZipRefused) before any member
    is inflated. Members are then read by their callers within MAX_ZIP_MEMBER_BYTES and
    MAX_ZIP_TOTAL_BYTES."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ZipRefused("damaged") from None
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ZipRefused("members", len(infos))
    if any(info.flag_bits & 0x1 for info in infos):
        raise ZipRefused("encrypted")
    return archive


def make_zip(files: list[tuple[str, bytes]]) -> bytes:
    """A zip package of `files` (name, bytes), made in memory: the one place besides the Word
    writer where drafter makes a package (the browser form's download of one 统计表 per unit)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def quoted(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """`value` as text for a message, cut to `limit` characters (…后略，共 N 字)."""
    text = value if isinstance(value, str) else reprlib.repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 字）"
