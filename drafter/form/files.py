"""Reading input files (through the bounded reader, encodings) and writing outputs atomically.

The one decoding order (`decode`: UTF-16 with a BOM, UTF-8 with or without a BOM, then
GB18030) for every text drafter reads: forms, targets files, style profiles and last year's
.txt reports; the bytes come through the one bounded reader, `drafter.limits.read_bounded`.

Outputs are written to a temporary file in the target folder and renamed over the
target, so a failed or interrupted write leaves any old file whole; a new output is
created exclusively. Existing files are never replaced without `force`, and an output
may never be one of the inputs (by path, symbolic link or hard link).
"""

from __future__ import annotations

import os
from pathlib import Path

from drafter.errors import DrafterError
from drafter.limits import MAX_INPUT_BYTES, read_bounded, too_large


def read_text(path: Path, max_bytes: int = MAX_INPUT_BYTES, what: str = "文件") -> tuple[str, str]:
    """(text, encoding) of a text file in one of the encodings `decode` reads, read through the bounded reader."""
    return decode(read_bounded(path, max_bytes, what), str(path))


def check_text_size(text: str, name: str, max_bytes: int = MAX_INPUT_BYTES) -> None:
    """The same size limit for a text that did not come from a file (the browser form)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise too_large(name, "表单", size, max_bytes)


class Undecodable(DrafterError):
    """Bytes in none of the encodings drafter reads; `line` is where UTF-8 reading failed."""


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-16 when the bytes start with its BOM, else UTF-8 (a BOM is dropped),
    else GB18030 (which includes GBK). Raises `Undecodable`."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Undecodable("文件以 UTF-16 标记开头，但内容不是 UTF-16。请用记事本打开后“另存为”，编码选择“UTF-8”",
                              file=name, line=1) from None
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        # the encoding that read further is the one the file is meant to be in
        line = raw[: max(utf8_error.start, exc.start)].count(b"\n") + 1
        raise Undecodable(
            "文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用记事本打开后“另存为”，编码选择“UTF-8”",
            file=name, line=line) from None


def check_output(target: Path, *, force: bool, inputs: tuple[Path | None, ...] = ()) -> None:
    """Refuse an output that would overwrite an input (the same path, or a symbolic or hard
    link to it: any file of an input folder counts), or an existing file without --force."""
    for source in inputs:
        if source is not None and _is_input(target, source):
            raise DrafterError(f"输出文件不能与输入文件相同（{source}），请用 -o 指定另一个文件名", file=str(target))
    if (target.exists() or target.is_symlink()) and not force:
        raise DrafterError("输出文件已存在。如确需覆盖，请加 --force", file=str(target))
    folder = target.parent
    if not folder.exists():
        raise DrafterError(f"输出文件夹不存在：{folder}", file=str(target))
    if not folder.is_dir():
        raise DrafterError(f"输出位置不是文件夹：{folder}", file=str(target))


def _is_input(target: Path, source: Path) -> bool:
    if source.is_dir():   # an input folder (templates): a new output cannot be one of its files
        return target.exists() and any(_is_input(target, child) for child in source.rglob("*") if child.is_file())
    try:
        if source.exists() and target.exists() and os.path.samefile(source, target):
            return True
    except OSError:
        pass
    return target.resolve() == source.resolve()


def write_atomic(target: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `target` through a temporary file in the same folder.

    With `force` an existing target is replaced in one rename. Without it the target is
    created exclusively, by a hard link from the temporary file: if it exists — also when
    another process created it after `check_output` — nothing is replaced and the writer
    is told the file exists.
    """
    folder = target.parent
    names: list[str] = []   # the temporary file's name is known before it exists (a signal may come any time)
    try:
        fd = _open_temporary(folder, target, names)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp = names[-1]
        if force and target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
            os.replace(tmp, target)
        else:
            os.chmod(tmp, 0o644)
            _create_exclusively(tmp, target, replace=force)
    except FileExistsError:
        _discard(names)
        raise DrafterError("输出文件已存在（刚由另一个程序生成）。如确需覆盖，请加 --force", file=str(target)) from None
    except PermissionError:
        _discard(names)
        raise DrafterError("无法写入：文件可能正在被 Word/WPS 打开或为只读，请关闭后重试", file=str(target)) from None
    except OSError as exc:
        _discard(names)
        raise DrafterError(f"写入失败：{exc.strerror or exc}", file=str(target)) from None
    except BaseException:
        _discard(names)
        raise


def _open_temporary(folder: Path, target: Path, names: list[str]) -> int:
    """Create `.name.<random>.tmp` in `folder`, appending its name to `names` before creating it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    prefix = _temp_prefix(target.name)
    for _ in range(100):
        names.append(os.path.join(folder, f"{prefix}{os.urandom(4).hex()}.tmp"))
        try:
            return os.open(names[-1], flags, 0o600)
        except FileExistsError:
            names.pop()
            continue
        except PermissionError:
            names.pop()
            raise DrafterError(f"没有写入该文件夹的权限：{folder}", file=str(target)) from None
        except OSError as exc:
            names.pop()
            raise DrafterError(f"无法在该文件夹中写入：{exc.strerror or exc}", file=str(target)) from None
    raise DrafterError(f"无法在该文件夹中建立临时文件：{folder}", file=str(target))


def _create_exclusively(tmp: str, target: Path, *, replace: bool) -> None:
    """Give `tmp` the name `target`, failing with FileExistsError if `target` exists (unless
    `replace`: then a file created meanwhile is replaced)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        if not replace:
            raise
        os.replace(tmp, target)
        return
    except OSError:  # a file system without hard links: reserve the name, then rename over it
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        os.replace(tmp, target)
        return
    _discard([tmp])


#: Longest temporary-file prefix in bytes: 8 random characters and ".tmp" follow, and a
#: file name may have 255 bytes.
_MAX_PREFIX_BYTES = 200


def _temp_prefix(name: str) -> str:
    """`.name.`, the name shortened so the temporary name is not longer than the system allows."""
    prefix = f".{name}."
    while len(os.fsencode(prefix)) > _MAX_PREFIX_BYTES:
        name = name[: -max(1, (len(os.fsencode(prefix)) - _MAX_PREFIX_BYTES) // 4)]
        prefix = f".{name}."
    return prefix


def _discard(names: list[str]) -> None:
    for name in names:
        try:
            os.unlink(name)
        except OSError:
            pass
