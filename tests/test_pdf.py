"""`drafter render --format pdf`: measured on the printed page (pdftotext -bbox), batch and
--draft, the refusal without LibreOffice, finding soffice, the fontconfig file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from render_support import write_form

from drafter.errors import EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.writers import WRITERS
from drafter.writers import pdf as pdf_writer

HAVE_TOOLS = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_tools = pytest.mark.skipif(not HAVE_TOOLS, reason="需要 LibreOffice（soffice）和 pdftotext")

PT_PER_MM = 72 / 25.4
DRAFTER = Path(sys.executable).parent / "drafter"
#: The largest sample: 18 pages, full pages of running text.
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "示例县2024年法治政府建设报告.yaml"

pytestmark = pytest.mark.slow   # every test here starts LibreOffice


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    def lines(self) -> list[list[Word]]:
        """Words grouped by baseline (same yMax within half a point), top to bottom."""
        rows: dict[float, list[Word]] = {}
        for word in self.words:
            key = next((y for y in rows if abs(y - word.y1) < 0.5), word.y1)
            rows.setdefault(key, []).append(word)
        return [sorted(rows[y], key=lambda w: w.x0) for y in sorted(rows)]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pdf_pages(path: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True,
                         text=True).stdout
    return [Page(float(w), float(h), [Word(*map(float, m.groups()[:4]), m.group(5)) for m in _WORD.finditer(body)])
            for w, h, body in _PAGE.findall(xml)]


def page_number_words(page: Page) -> list[Word]:
    """The footer: the words below the text area (35 mm bottom margin)."""
    bottom = page.height - 35 * PT_PER_MM
    return [w for w in page.words if w.y0 > bottom]


def body_lines(page: Page) -> list[list[Word]]:
    bottom = page.height - 35 * PT_PER_MM
    return [line for line in page.lines() if line[0].y0 < bottom]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, list[Page]]:
    folder = tmp_path_factory.mktemp("pdf")
    form = folder / SAMPLE.name
    shutil.copyfile(SAMPLE, form)
    result = subprocess.run([str(DRAFTER), "render", str(form), "--format", "pdf"], capture_output=True, text=True)
    assert result.returncode == EXIT_OK, result.stderr
    target = form.with_suffix(".pdf")
    return target, pdf_pages(target)


@needs_tools
def test_pdf_pages_are_a4_with_gbt9704_margins(rendered):
    _target, pages = rendered
    assert len(pages) >= 2
    for page in pages:
        assert page.width == pytest.approx(210 * PT_PER_MM, abs=1)
        assert page.height == pytest.approx(297 * PT_PER_MM, abs=1)
        lines = body_lines(page)
        # a line may end with a hanging full-width mark one character past the text area
        assert max(line[-1].x1 for line in lines) <= page.width - 26 * PT_PER_MM + 16 + 1
        assert min(line[0].y0 for line in lines) >= 37 * PT_PER_MM - 1, "天头 37 mm"
        if len(lines) > 10:  # a page of running text: lines start at the left margin
            assert min(line[0].x0 for line in lines) == pytest.approx(28 * PT_PER_MM, abs=2.5), "订口 28 mm"
            assert max(line[-1].x1 for line in lines) == pytest.approx(page.width - 26 * PT_PER_MM, abs=17)


@needs_tools
def test_pdf_full_page_has_22_lines_of_28_characters(rendered):
    _target, pages = rendered
    counts = [len(body_lines(page)) for page in pages]
    assert max(counts) == 22 and all(n <= 22 for n in counts), counts
    lines = body_lines(pages[counts.index(22)])
    pitch = (lines[-1][0].y1 - lines[0][0].y1) / 21
    assert pitch == pytest.approx(225 * PT_PER_MM / 22, abs=0.3)
    # a plain full line of body text (no digits, starts at the margin) holds 28 characters
    texts = ["".join(w.text for w in line) for line in lines
             if len(line) == 1 and line[0].x0 < 28 * PT_PER_MM + 3 and line[0].x1 > 515]
    widths = [len(text) for text in texts if not any(ch.isascii() and ch.isalnum() for ch in text)]
    assert widths and all(27 <= n <= 29 for n in widths), widths


@needs_tools
def test_pdf_page_numbers_odd_right_even_left(rendered):
    _target, pages = rendered
    for number, page in enumerate(pages, start=1):
        footer = page_number_words(page)
        assert "".join(w.text for w in footer) == f"—{number}—"
        middle = page.width / 2
        if number % 2:
            assert min(w.x0 for w in footer) > middle, f"第 {number} 页页码应居右"
        else:
            assert max(w.x1 for w in footer) < middle, f"第 {number} 页页码应居左"


@needs_tools
def test_pdf_signature_block_is_right_aligned_below_the_text(rendered):
    _target, pages = rendered
    page = pages[-1]
    lines = [("".join(w.text for w in line), line) for line in body_lines(page)]
    texts = [text for text, _line in lines]
    closing = texts.index("特此报告。")
    joint = texts.index("示例县人民政府")
    assert texts[closing + 1] == "中共示例县委" and joint == closing + 2  # 联合行文: one organ a line
    assert texts[joint + 1].startswith("2025年") and texts[joint + 1].endswith("日")
    pitch = 225 * PT_PER_MM / 22
    gap = lines[closing + 1][1][0].y1 - lines[closing][1][0].y1
    assert gap == pytest.approx(2 * pitch, abs=1), "署名在正文下空一行"
    right_edge = page.width - 26 * PT_PER_MM
    char = 16  # 三号
    longest = max(lines[closing + 1][1][-1].x1, lines[joint][1][-1].x1)
    assert right_edge - longest == pytest.approx(2 * char, abs=char / 2), "署名右空二字"
    date = lines[joint + 1][1]
    # The date is placed by its first character (two right of the organ's, tests/test_layout_page.py);
    # LibreOffice adds 0.2 em around each number of it, so its end may reach into the margin.
    assert date[0].x0 > page.width / 2 and date[-1].x1 <= right_edge + char


@needs_tools
def test_pdf_holds_the_report_text(rendered):
    _target, pages = rendered
    text = "".join(w.text for page in pages for w in page.words)
    assert "关于2024年法治政府建设情况的报告" in text
    assert "特此报告。" in text
    assert "示例县人民政府" in text


@needs_tools
def test_pdf_batch_and_draft(tmp_path):
    forms = tmp_path / "表单"
    forms.mkdir()

    def gappy(data):
        data["数据"]["行政复议"]["受理"] = None

    write_form(forms / "甲.yaml", gappy)
    write_form(forms / "乙.yaml", gappy)
    out = tmp_path / "输出"
    refused = subprocess.run([str(DRAFTER), "render", str(forms), "-o", str(out), "--format", "pdf"],
                             capture_output=True, text=True)
    assert refused.returncode == 1
    result = subprocess.run([str(DRAFTER), "render", str(forms), "-o", str(out), "--format", "pdf", "--draft"],
                            capture_output=True, text=True)
    assert result.returncode == EXIT_OK, result.stderr + result.stdout
    produced = sorted(p.name for p in out.iterdir())
    assert produced == ["乙.pdf", "甲.pdf"]
    text = "".join(w.text for page in pdf_pages(out / "甲.pdf") for w in page.words)
    assert "【待填：行政复议.受理】" in text


@needs_tools
@pytest.mark.skipif(shutil.which("pdffonts") is None or subprocess.run(["fc-list", "-q", "HanaMinB"]).returncode != 0,
                    reason="需要 pdffonts 和扩展 B 区字体 HanaMinB（fonts-hanazono）")
def test_pdf_sets_extension_b_characters_in_a_font_that_has_them(tmp_path):
    """𠀀 (U+20000) is in no GB2312 or GBK font: the PDF embeds HanaMinB for it and keeps the character."""

    def rare(data):
        data["导语"] = "𠀀𠀁镇和堃村的工作。" + data["导语"]

    form = write_form(tmp_path / "生僻字.yaml", rare)
    result = subprocess.run([str(DRAFTER), "render", str(form), "--format", "pdf"], capture_output=True, text=True)
    assert result.returncode == EXIT_OK, result.stderr
    target = form.with_suffix(".pdf")
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "HanaMinB" in fonts
    text = "".join(w.text for page in pdf_pages(target) for w in page.words)
    assert "𠀀𠀁镇和堃村" in text


def test_without_libreoffice_a_chinese_message_and_exit_2(tmp_path):
    if any(path.is_file() for path in pdf_writer._install_folders()):
        pytest.skip("本机在常见安装位置装有 LibreOffice")
    form = write_form(tmp_path / "示例县2024.yaml")
    empty = tmp_path / "空"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_SOFFICE"}
    env["PATH"] = str(empty)
    result = subprocess.run([str(DRAFTER), "render", str(form), "--format", "pdf"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == EXIT_UNREADABLE
    assert "LibreOffice" in result.stderr and "WPS" in result.stderr and "另存为 PDF" in result.stderr
    assert "Traceback" not in result.stderr
    assert not form.with_suffix(".pdf").exists()


def test_drafter_soffice_names_the_program(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_SOFFICE", str(fake))
    assert pdf_writer.find_soffice() == fake
    monkeypatch.setenv("DRAFTER_SOFFICE", str(tmp_path / "没有"))
    assert pdf_writer.find_soffice() is None
    with pytest.raises(DrafterError) as refused:
        pdf_writer.require_soffice()
    assert refused.value.exit_code == EXIT_UNREADABLE and "没有" in str(refused.value)


def test_install_folders_cover_windows_and_macos(monkeypatch):
    monkeypatch.setenv("ProgramFiles", r"D:\软件")
    folders = [str(p) for p in pdf_writer._install_folders()]
    assert any("LibreOffice" in p and p.endswith("soffice.exe") and "软件" in p for p in folders)
    assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in folders


def test_a_hanging_libreoffice_is_stopped(tmp_path, monkeypatch):
    if sys.platform == "win32":
        pytest.skip("用 sh 脚本模拟")
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(DrafterError) as stopped:
        pdf_writer.docx_to_pdf(b"PK", soffice=fake, timeout=0.5)
    assert stopped.value.exit_code == EXIT_UNREADABLE and "0.5 秒" in str(stopped.value)


def test_a_failing_conversion_is_reported(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(DrafterError) as failed:
        pdf_writer.docx_to_pdf(b"PK", soffice=fake, timeout=10)
    assert "could not be loaded" in str(failed.value) and "退出码 1" in str(failed.value)


def test_each_run_has_its_own_profile_and_our_fontconfig(tmp_path):
    """The fake soffice records its arguments and FONTCONFIG_FILE, then writes a PDF."""
    log = tmp_path / "log"
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$1|$FONTCONFIG_FILE" >> "{log}"\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'printf "%%PDF-1.4" > "$2/报告.pdf"\n', encoding="utf-8")
    fake.chmod(0o755)
    assert pdf_writer.docx_to_pdf(b"PK", soffice=fake, timeout=10) == b"%PDF-1.4"
    assert pdf_writer.docx_to_pdf(b"PK", soffice=fake, timeout=10) == b"%PDF-1.4"
    first, second = log.read_text(encoding="utf-8").splitlines()
    assert first.startswith("-env:UserInstallation=file://") and first.split("|")[0] != second.split("|")[0]
    assert first.split("|")[1] == str(pdf_writer.FONTS_CONF)
    assert "FONTCONFIG_FILE" not in os.environ or os.environ["FONTCONFIG_FILE"] != str(pdf_writer.FONTS_CONF)


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="需要 fontconfig（fc-match）")
@pytest.mark.parametrize("family", ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "仿宋", "楷体"])
def test_fontconfig_maps_the_official_fonts(family):
    env = {**os.environ, "FONTCONFIG_FILE": str(pdf_writer.FONTS_CONF)}
    plain = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True).stdout
    mapped = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True, env=env).stdout
    if family not in plain and not any(f in mapped for f in ("Noto", "AR PL")):
        pytest.skip("本机没有可替代的自由中文字体（fonts-noto-cjk、fonts-arphic-gkai00mp）")
    assert family in plain or any(f in mapped for f in ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL")), mapped
    if "楷" in family and "AR PL" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        assert "AR PL" in mapped
    if family == "黑体" and family not in plain:
        assert "Noto Sans CJK SC" in mapped


def test_pdf_is_a_registered_format():
    from drafter import api

    assert "pdf" in api.formats() and api.suffix("pdf") == ".pdf" and WRITERS["pdf"].suffix == ".pdf"


def test_windows_and_macos_profiles_get_a_replacement_table(tmp_path, monkeypatch):
    """Without fontconfig, the throw-away profile carries LibreOffice's font replacement table
    (only where the named font is missing); the fake soffice copies what it finds."""
    seen = tmp_path / "seen.xcu"
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'profile="${1#-env:UserInstallation=file://}"\n'
        f'cp "$profile/user/registrymodifications.xcu" "{seen}"\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'printf "%%PDF-1.4" > "$2/报告.pdf"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_writer, "uses_fontconfig", lambda platform=None: False)
    pdf_writer.docx_to_pdf(b"PK", soffice=fake, timeout=10, substitutions={"仿宋_GB2312": "仿宋", "A&B": "C"})
    from lxml import etree

    root = etree.fromstring(seen.read_bytes())
    values = [v.text for v in root.iter("value")]
    assert values[0] == "true"  # Replacement on
    assert values[1:5] == ["false", "false", "仿宋_GB2312", "仿宋"] and "A&B" in values


def test_linux_profiles_leave_the_mapping_to_fontconfig(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_writer, "uses_fontconfig", lambda platform=None: True)
    pdf_writer._seed_profile(tmp_path, {"仿宋_GB2312": "仿宋"})
    assert not (tmp_path / "user").exists()
