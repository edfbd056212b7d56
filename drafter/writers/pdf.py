"""PDF output: the GB/T 9704 .docx converted by LibreOffice running headless.

Owns finding `soffice` (the DRAFTER_SOFFICE environment variable, PATH, then the usual
Windows and macOS install folders), the conversion itself and its failures. Every run
gets its own throw-away LibreOffice user profile (`-env:UserInstallation=…`) in a
temporary folder, so parallel renders and a LibreOffice the user has open do not clash.
A timeout kills the whole LibreOffice process group. On Linux and other fontconfig
systems the child process alone gets `templates/fonts/fonts.conf` through
FONTCONFIG_FILE, which maps the fonts a 公文 names (方正小标宋简体, 仿宋_GB2312,
楷体_GB2312, 黑体, 宋体) to free look-alikes when they are not installed.

Without LibreOffice the user is told how to install it or to print to PDF from Word or
WPS (exit 2); nothing is written.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

from drafter.doctree import Document
from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.paths import TEMPLATES_DIR
from drafter.writers.docx import write_docx
from drafter.writers.style import StyleProfile

FONTS_CONF = TEMPLATES_DIR / "fonts" / "fonts.conf"
#: Seconds a conversion may take (a large report takes 3–10 s; the first start of a
#: fresh profile takes longest). DRAFTER_PDF_TIMEOUT overrides it.
DEFAULT_TIMEOUT = 180

NO_LIBREOFFICE = (
    "生成 PDF 需要 LibreOffice，但本机没有找到（已查找 PATH 和常见安装位置{checked}）。\n"
    "可以任选一种办法：\n"
    "  1. 安装 LibreOffice（免费）：https://zh-cn.libreoffice.org/download/ 下载安装；"
    "Debian/Ubuntu 运行 sudo apt install libreoffice-writer；"
    "安装到其他位置时，用环境变量 DRAFTER_SOFFICE 指明 soffice 程序的路径；\n"
    "  2. 先生成 Word 文档（drafter render 表单.yaml --format docx），"
    "用 Word 或 WPS 打开后选“另存为 PDF”或“输出为 PDF”。"
)


def _install_folders() -> list[Path]:
    """Where the LibreOffice installers put soffice off PATH: Windows, macOS, /opt."""
    folders: list[Path] = []
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        if base:
            folders.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
            if variable == "LOCALAPPDATA":
                folders.append(Path(base) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    folders += [Path("C:/Program Files/LibreOffice/program/soffice.exe"),
                Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
                Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                Path.home() / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"]
    # The tarball/rpm/deb packages from libreoffice.org install to /opt/libreofficeX.Y.
    folders += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    return folders


def find_soffice() -> Path | None:
    """The soffice program: DRAFTER_SOFFICE if set (and nothing else), else PATH
    (soffice, libreoffice), else the usual install folders; None when there is none."""
    override = os.environ.get("DRAFTER_SOFFICE")
    if override:
        path = Path(override)
        return path if path.is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((path for path in _install_folders() if path.is_file()), None)


def require_soffice() -> Path:
    """The soffice program, or a DrafterError (exit 2) saying how to get a PDF without it."""
    found = find_soffice()
    if found is None:
        override = os.environ.get("DRAFTER_SOFFICE")
        checked = f"，以及 DRAFTER_SOFFICE 指定的 {override}" if override else ""
        raise DrafterError(NO_LIBREOFFICE.format(checked=checked), exit_code=EXIT_UNREADABLE)
    return found


def _timeout() -> float:
    value = os.environ.get("DRAFTER_PDF_TIMEOUT")
    try:
        return float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise DrafterError(f"环境变量 DRAFTER_PDF_TIMEOUT 应为秒数，实际为“{value}”",
                           exit_code=EXIT_UNREADABLE) from None


def _child_environment() -> dict[str, str]:
    env = dict(os.environ)
    if sys.platform != "win32" and sys.platform != "darwin" and FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def _run(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in its own process group; on timeout kill the whole group."""
    options: dict[str, object] = {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        options["start_new_session"] = True
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, **options) as process:  # type: ignore[call-overload]
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            raise DrafterError(f"LibreOffice 在 {timeout:g} 秒内没有完成 PDF 转换，已停止。"
                               "可以稍后重试，或设置环境变量 DRAFTER_PDF_TIMEOUT 放宽时限（秒）",
                               exit_code=EXIT_UNREADABLE) from None
        return subprocess.CompletedProcess(command, process.returncode, out, err)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def docx_to_pdf(docx: bytes, soffice: Path | None = None, timeout: float | None = None) -> bytes:
    """The PDF LibreOffice makes of a .docx (bytes in, bytes out)."""
    soffice = soffice or require_soffice()
    timeout = _timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as folder:
        work = Path(folder)
        source, outdir, profile = work / "报告.docx", work / "out", work / "profile"
        outdir.mkdir()
        profile.mkdir()
        source.write_bytes(docx)
        command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(source)]
        try:
            result = _run(command, _child_environment(), timeout)
        except OSError as exc:
            raise DrafterError(f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}",
                               exit_code=EXIT_UNREADABLE) from None
        target = outdir / "报告.pdf"
        if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
            tail = f"：{detail[-1][:200]}" if detail else ""
            raise DrafterError(f"LibreOffice 没能把文档转换为 PDF（退出码 {result.returncode}）{tail}",
                               exit_code=EXIT_UNREADABLE)
        return target.read_bytes()


def write_pdf(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    """The writer registry's entry: the Word document, then LibreOffice's PDF of it."""
    soffice = require_soffice()  # before the work, so a missing LibreOffice is reported at once
    buffer = io.BytesIO()
    write_docx(doc, buffer, style)
    stream.write(docx_to_pdf(buffer.getvalue(), soffice))
