"""Every sample renders to a .docx that reads back clean and that LibreOffice converts to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pytest

from drafter.paths import SAMPLES_DIR
from drafter.render import render_report
from drafter.writers.docx import write_docx
from drafter.writers.text import write_text
from drafter.form.load import load_form

SAMPLES = sorted(SAMPLES_DIR.glob("*.yaml"))
ASCII_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]")


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.stem for p in SAMPLES])
def rendered(request, tmp_path_factory):
    document = render_report(load_form(request.param).report)
    target = tmp_path_factory.mktemp("docx") / f"{request.param.stem}.docx"
    write_docx(document, target)
    return document, target


def _page_text(path) -> list[str]:
    """Every paragraph's text as Word shows it (the title may be split into lines)."""
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_nothing_unrendered_reaches_the_page(rendered):
    _, target = rendered
    text = "\n".join(_page_text(target))
    for leftover in ("{{", "}}", "{%", "None", "null", "【待填"):
        assert leftover not in text
    assert not ASCII_IN_CHINESE.search(text), ASCII_IN_CHINESE.search(text)


def test_text_writer_equals_the_docx_text(rendered):
    document, target = rendered
    squeeze = "".join
    assert squeeze(write_text(document).split()) == squeeze("".join(_page_text(target)).split())


def test_numbering_is_generated_in_order(rendered):
    document, _ = rendered
    level_one = [b.runs[0].text for b in document.blocks if b.kind.value == "heading" and b.level == 1]
    assert level_one == ["一、", "二、", "三、", "四、", "五、"][: len(level_one)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_converts_each_sample(rendered, tmp_path):
    _, target = rendered
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(target)], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / f"{target.stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
