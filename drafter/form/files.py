"""Reading input files (size limit, encodings) and writing outputs atomically; which files
the forms named on a command line are (folders expanded).

Outputs are written to a temporary file in the target folder and renamed over the
target, so a failed or interrupted write leaves any old file whole. Existing files are
never replaced without `force`, and an output may never be one of the inputs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drafter.errors import EXIT_UNREADABLE, DrafterError

MAX_INPUT_BYTES = 4 * 1024 * 1024
FORM_SUFFIXES = (".yaml", ".yml")


def read_text(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, str]:
    """(text, encoding) of a UTF-8, UTF-8-with-BOM or GB18030 text file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes, str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DrafterError("文件不存在", file=str(path)) from None
    except IsADirectoryError:
        raise DrafterError("这是一个文件夹，不是文件", file=str(path)) from None
    except PermissionError:
        raise DrafterError("没有读取该文件的权限", file=str(path)) from None
    except OSError as exc:
        raise DrafterError(f"无法读取文件：{exc.strerror or exc}", file=str(path)) from None
    return decode(raw, str(path))


def check_text_size(text: str, name: str, max_bytes: int = MAX_INPUT_BYTES) -> None:
    """The same size limit for a text that did not come from a file (the browser form)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise _too_large(size, max_bytes, name)


def _too_large(size: int, max_bytes: int, name: str) -> DrafterError:
    return DrafterError(f"文件过大（{size // 1024} KB，上限 {max_bytes // 1024} KB），请确认选对了文件", file=name)


def decode(raw: bytes, name: str) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise DrafterError(
            "文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用记事本打开后“另存为”，编码选择“UTF-8”",
            file=name, line=line) from None


def check_output(target: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that would overwrite an input, or an existing file without --force."""
    for source in inputs:
        if source.exists() and target.exists() and os.path.samefile(source, target):
            raise DrafterError("输出文件不能与输入文件相同，请用 -o 指定另一个文件名", file=str(target))
        if target.resolve() == source.resolve():
            raise DrafterError("输出文件不能与输入文件相同，请用 -o 指定另一个文件名", file=str(target))
    if target.exists() and not force:
        raise DrafterError("输出文件已存在。如确需覆盖，请加 --force", file=str(target))
    folder = target.parent
    if not folder.exists():
        raise DrafterError(f"输出文件夹不存在：{folder}", file=str(target))
    if not folder.is_dir():
        raise DrafterError(f"输出位置不是文件夹：{folder}", file=str(target))


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename."""
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise DrafterError(f"没有写入该文件夹的权限：{folder}", file=str(target)) from None
    except OSError as exc:
        raise DrafterError(f"无法在该文件夹中写入：{exc.strerror or exc}", file=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except PermissionError:
        _discard(tmp)
        raise DrafterError("无法写入：文件可能正在被 Word/WPS 打开或为只读，请关闭后重试", file=str(target)) from None
    except OSError as exc:
        _discard(tmp)
        raise DrafterError(f"写入失败：{exc.strerror or exc}", file=str(target)) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def is_batch(paths: list[Path]) -> bool:
    """Several forms, or a folder of them."""
    return len(paths) > 1 or any(p.is_dir() for p in paths)


def collect_forms(paths: list[Path]) -> list[Path]:
    """The forms named: files as given, folders expanded to their .yaml/.yml files (not subfolders), by name."""
    forms: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in FORM_SUFFIXES and p.is_file())
            if not found:
                raise DrafterError(f"文件夹中没有表单（.yaml 文件）：{path}", exit_code=EXIT_UNREADABLE)
            forms += found
        else:
            forms.append(path)
    return list(dict.fromkeys(forms))
