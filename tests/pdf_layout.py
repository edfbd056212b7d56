"""The printed page of a .docx as LibreOffice lays it out: lines with their positions.

Converts with `soffice` (a throw-away profile per call) and reads `pdftotext -bbox-layout`;
tests using it skip when either program is missing.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="需要 LibreOffice（soffice）和 pdftotext")

_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


@dataclass
class Line:
    page: int
    x0: float
    y: float
    x1: float
    words: list[tuple[float, float, str]]

    @property
    def text(self) -> str:
        return "".join(w[2] for w in self.words)


def to_pdf(docx: Path, out_dir: Path) -> Path:
    profile = (out_dir / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=240)
    return out_dir / (docx.stem + ".pdf")


def pdf_lines(pdf: Path) -> list[Line]:
    """Every text line of the PDF, in reading order, page numbers from 1."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    lines = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for x0, y0, x1, _y1, body in _LINE.findall(page):
            words = [(float(a), float(b), html.unescape(t)) for a, b, t in _WORD.findall(body)]
            lines.append(Line(number, float(x0), float(y0), float(x1), words))
    return _merge_hanging(lines)


def _merge_hanging(lines: list[Line]) -> list[Line]:
    """A mark hanging past the right margin may come out as a line of its own: join it
    to the line it ends."""
    kept: list[Line] = []
    for line in lines:
        if len(line.text) == 1 and line.text in "、。，．":
            host = next((k for k in kept + lines if k is not line and k.page == line.page
                         and abs(k.y - line.y) < 2 and k.x1 <= line.x0 + 0.5), None)
            if host is not None:
                host.words.append(line.words[0])
                host.x1 = max(host.x1, line.x1)
                continue
        kept.append(line)
    return kept


def body_lines(lines: list[Line]) -> list[Line]:
    """Lines without the page numbers (— 1 —)."""
    return [line for line in lines if not re.fullmatch(r"—\s*\d+\s*—", line.text)]
