"""PDF output: the GB/T 9704 .docx converted by LibreOffice running headless.

Owns finding `soffice` (the DRAFTER_SOFFICE environment variable, PATH, then the usual
Windows and macOS install folders), the conversion itself and its failures. Every run
gets its own throw-away LibreOffice user profile (`-env:UserInstallation=…`) in a
temporary folder, so parallel renders and a LibreOffice the user has open do not clash.
A timeout kills the whole LibreOffice process group. Fonts the document names but the
machine lacks are mapped as well as it allows: on Linux and other fontconfig systems the
child process alone gets `templates/fonts/fonts.conf` through FONTCONFIG_FILE (方正小标宋简体,
仿宋_GB2312, 楷体_GB2312, 黑体, 宋体 → free look-alikes); on Windows and macOS the
throw-away profile gets LibreOffice's font replacement table from the style profile's
后备字体.字体对应 (仿宋_GB2312 → 仿宋 …), applied only where the named font is missing.

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
from typing import IO, Mapping
from xml.sax.saxutils import escape

from drafter.doctree import Document
from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.limits import MAX_PDF_BYTES, read_bounded
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
    if uses_fontconfig() and FONTS_CONF.is_file():
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


def uses_fontconfig(platform: str = sys.platform) -> bool:
    return platform not in ("win32", "darwin")


def replacement_table(pairs: Mapping[str, str]) -> str:
    """A LibreOffice registrymodifications.xcu with a font replacement table: each font is
    replaced by its counterpart only when it is not installed (Always and OnScreenOnly off)."""
    nodes = []
    for index, (font, substitute) in enumerate(pairs.items()):
        props = "".join(f'<prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop>'
                        for name, value in (("Always", "false"), ("OnScreenOnly", "false"),
                                            ("ReplaceFont", escape(font)), ("SubstituteFont", escape(substitute))))
        nodes.append(f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
                     f'<node oor:name="_{index}" oor:op="replace">{props}</node></item>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
            '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n'
            + "\n".join(nodes) + "\n</oor:items>\n")


def _seed_profile(profile: Path, substitutions: Mapping[str, str] | None) -> None:
    """Where fontconfig does not do the mapping, give the fresh profile a replacement table."""
    if substitutions and not uses_fontconfig():
        user = profile / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(replacement_table(substitutions), encoding="utf-8")


def docx_to_pdf(docx: bytes, soffice: Path | None = None, timeout: float | None = None,
                substitutions: Mapping[str, str] | None = None) -> bytes:
    """The PDF LibreOffice makes of a .docx (bytes in, bytes out); `substitutions` (font →
    counterpart) become the profile's replacement table where fontconfig is not used."""
    soffice = soffice or require_soffice()
    timeout = _timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as folder:
        work = Path(folder)
        source, outdir, profile = work / "报告.docx", work / "out", work / "profile"
        outdir.mkdir()
        profile.mkdir()
        _seed_profile(profile, substitutions)
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
        return read_bounded(target, MAX_PDF_BYTES, "PDF 文件")


def write_pdf(doc: Document, stream: IO[bytes], style: StyleProfile) -> None:
    """The writer registry's entry: the Word document, then LibreOffice's PDF of it."""
    soffice = require_soffice()  # before the work, so a missing LibreOffice is reported at once
    buffer = io.BytesIO()
    write_docx(doc, buffer, style)
    stream.write(docx_to_pdf(buffer.getvalue(), soffice, substitutions=style.fallback.fonts))
