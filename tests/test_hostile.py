"""Hostile and broken input: nothing crashes, nothing is lost, nothing escapes.

Every case goes through the real entry point (`drafter.cli.main`, in process or in a
subprocess) and asserts the exit code, a Chinese message, the time taken, and what is
left on disk. Form text is untrusted; custom layout templates are trusted code whose
mistakes are reported at their file and line.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from render_support import FIXTURE, write_form

from drafter.doctree import Document, Kind
from drafter.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE
from drafter.writers import write_document

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile("[\u4e00-\u9fff]")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---------------------------------------------------------------- helpers


def set_at(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def edit(data: Any) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def form_with(folder: Path, value: str, at: tuple[Any, ...] = ("导语",), name: str = "示例县2024.yaml") -> Path:
    return write_form(folder / name, set_at(at, value))


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def paragraph_texts(path: Path) -> list[str]:
    """The text of each paragraph of the body (runs joined: characters outside GB2312 sit in
    runs of their own with a fallback font)."""
    import re

    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            for p in re.findall(r"<w:p[ >].*?</w:p>", document_xml(path), re.S)]


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` read-only, also for root (who ignores permissions: the immutable attribute)."""
    if IS_ROOT:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
            pytest.skip("以 root 运行且无法设置只读属性（chattr +i）")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def cli_subprocess(*args: object, cwd: Path | None = None, memory_limit: int | None = None, env: dict[str, str] | None = None,
                   timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m drafter ARGS` in a fresh process, optionally with an address-space cap."""

    def limit() -> None:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
                   "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "drafter", *map(str, args)], cwd=cwd or ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit)


def assert_chinese_refusal(code: int, err: str, expected: int = EXIT_FINDINGS) -> None:
    assert code == expected, err
    assert CJK.search(err), err
    assert "Traceback" not in err


# ---------------------------------------------------------------- 1. sandbox: form text is untrusted

ATTACKS = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "attribute-walk-to-globals": "{{ 行政复议.受理.__init__.__globals__ }}",
    "attribute-walk-by-item": "{{ 行政复议['__class__']['__base__'] }}",
    "private-attribute": "{{ 行政复议._values }}",
    "include-etc-passwd": "{% include '/etc/passwd' %}",
    "import-template": "{% import 'report.j2' as layout %}",
    "from-import": "{% from 'report.j2' import x %}",
    "macro": "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}",
    "set-statement": "{% set x = 1 %}",
    "for-loop-range-1e9": "{% for i in range(10**9) %}x{% endfor %}",
    "range-1e9": "{{ range(10**9) | list }}",
    "string-times-gigabytes": "{{ 'x' * 1000000000 }}",
    "string-times-power": "{{ 'x' * 10**10 }}",
    "power-tower": "{{ 9 ** 9 ** 9 }}",
    "huge-places-filter": "{{ 行政应诉.出庭应诉率 | 小数(1000000000) }}",
    "places-filter-keyword": "{{ 行政复议.受理 | 小数(x=1) }}",
    "join-filter-gigabytes": "{{ 行政复议.受理 | join('x' * 10**9) }}",
    "format-filter": "{{ '%s' | format(行政复议) }}",
    "lipsum-global": "{{ lipsum(n=10**9) }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "cycler-global": "{{ cycler.__init__.__globals__.os }}",
}

#: Attacks that would need gigabytes if anything evaluated them.
GIGABYTE_ATTACKS = ["for-loop-range-1e9", "range-1e9", "string-times-gigabytes", "string-times-power",
                    "power-tower", "huge-places-filter", "join-filter-gigabytes", "lipsum-global"]


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_render_refuses_smuggled_code(run_cli, tmp_path, attack):
    form = form_with(tmp_path, f"全年受理{attack}件。")
    started = time.monotonic()
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert time.monotonic() - started < 2
    assert_chinese_refusal(code, err)
    assert "导语" in err
    assert not (tmp_path / "报告.docx").exists()
    assert "root:" not in out + err


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_check_reports_smuggled_code_at_its_line(run_cli, tmp_path, attack):
    form = form_with(tmp_path, f"全年受理{attack}件。")
    line = next(i for i, text in enumerate(form.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("导语"))
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_FINDINGS
    assert f"{form}:{line}:" in out


TEXT_FIELDS = {
    "主送机关": ("基本信息", "主送机关", 0),
    "落款": ("基本信息", "落款", 0),
    "附注": ("基本信息", "附注"),
    "小标题": ("主要举措和成效", "章节", 0, "条目", 0, "小标题"),
    "条目内容": ("主要举措和成效", "章节", 0, "条目", 0, "内容"),
}


@pytest.mark.parametrize("where", list(TEXT_FIELDS.values()), ids=list(TEXT_FIELDS))
def test_smuggled_code_is_refused_in_every_printed_field(run_cli, tmp_path, where):
    form = form_with(tmp_path, "示例{{ ''.__class__.__mro__ }}", where)
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert_chinese_refusal(code, err)
    assert not (tmp_path / "报告.docx").exists()


def test_code_in_a_field_never_printed_as_text_is_never_evaluated(run_cli, tmp_path):
    """地区 only reaches the document properties, verbatim."""
    form = form_with(tmp_path, "示例县{{ ''.__class__.__mro__ }}", ("基本信息", "地区"))
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    with zipfile.ZipFile(tmp_path / "报告.docx") as package:
        everything = b"".join(package.read(name) for name in package.namelist()).decode("utf-8", "replace")
    assert code == EXIT_OK
    assert "<class" not in everything and "&lt;class" not in everything


@pytest.mark.parametrize("attack", GIGABYTE_ATTACKS)
def test_refusal_needs_no_memory(tmp_path, attack):
    """Under a 1 GB address-space cap, anything that evaluated the attack would die with MemoryError (exit 3)."""
    form = form_with(tmp_path, f"全年{ATTACKS[attack]}件。")
    result = cli_subprocess("render", form, "-o", form.with_suffix(".txt"), memory_limit=1 << 30)
    assert_chinese_refusal(result.returncode, result.stderr)


def test_custom_template_syntax_error_names_file_and_line(run_cli, tmp_path, form_path):
    templates = tmp_path / "我的模板"
    templates.mkdir()
    (templates / "report.j2").write_text("{{ doc.title('标题') }}\n{% if %}\n", encoding="utf-8")
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err)
    assert f"{templates / 'report.j2'}:2" in err


def test_custom_template_runtime_error_names_file_and_line(run_cli, tmp_path, form_path):
    templates = tmp_path / "我的模板"
    shutil.copytree(ROOT / "templates", templates)
    layout = templates / "report.j2"
    lines = layout.read_text(encoding="utf-8").splitlines()
    lines.append("{{ doc.no_such_method() }}")
    layout.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err)
    assert f"{layout}:{len(lines)}" in err


def test_custom_templates_folder_without_layout(run_cli, tmp_path, form_path):
    (tmp_path / "空模板").mkdir()
    code, out, err = run_cli("render", str(form_path), "--templates", str(tmp_path / "空模板"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "report.j2" in err


@pytest.fixture
def form_path(tmp_path) -> Path:
    return write_form(tmp_path / "示例县2024.yaml")


# ---------------------------------------------------------------- 2. text that breaks .docx


@pytest.mark.parametrize("escaped, name", [("\\x0b", "U+000B"), ("\\x00", "U+0000"), ("\\x1f", "U+001F"),
                                           ("\\ud800", "U+D800"), ("\\uffff", "U+FFFF")],
                         ids=["vertical-tab", "nul", "unit-separator", "lone-surrogate", "non-character"])
def test_check_reports_invisible_characters_with_their_place(run_cli, tmp_path, escaped, name):
    form = tmp_path / "表单.yaml"
    text = FIXTURE.read_text(encoding="utf-8").replace('导语: "2024年', f'导语: "2024{escaped}年')
    form.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("导语"))
    code, out, err = run_cli("check", str(form))
    # A warning: render removes them and makes the document, and check says what render does.
    assert code == EXIT_OK
    assert f"{form}:{line}:5: 警告 [invisible-char] 导语：" in out and name in out


def test_render_removes_invisible_characters_with_a_warning(run_cli, tmp_path):
    form = tmp_path / "表单.yaml"
    form.write_text(FIXTURE.read_text(encoding="utf-8").replace('导语: "2024年', '导语: "20\\x0b24\\ud800年'),
                    encoding="utf-8")
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert code == EXIT_OK
    assert "警告 导语" in err and "U+000B" in err and "已删除" in err
    xml = document_xml(tmp_path / "报告.docx")
    assert "2024年，示例县" in xml and "\x0b" not in xml


@pytest.mark.parametrize("extra", ["", "&"], ids=["alone", "with-an-ampersand"])
def test_raw_control_character_is_refused_with_line_and_column(run_cli, tmp_path, extra):
    form = tmp_path / "表单.yaml"
    text = FIXTURE.read_text(encoding="utf-8").replace('导语: "2024年', f'导语: "2024\x0b{extra}年')
    form.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("导语"))
    code, out, err = run_cli("check", str(form))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form}:{line}:10:" in err and "U+000B" in err


def test_paragraph_of_200000_characters_is_refused_cleanly(run_cli, tmp_path):
    form = form_with(tmp_path, "法" * 200_000)
    started = time.monotonic()
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert time.monotonic() - started < 5
    assert_chinese_refusal(code, err)
    assert "导语" in err and "50000" in err
    assert not (tmp_path / "报告.docx").exists()


def test_paragraph_of_40000_characters_reaches_the_page(run_cli, tmp_path):
    form = form_with(tmp_path, "法" * 40_000 + "。")
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert code == EXIT_OK, err
    assert "法" * 40_000 in document_xml(tmp_path / "报告.docx")


@pytest.mark.parametrize("fmt", ["docx", "txt", "html"])
def test_writers_take_a_200000_character_paragraph(tmp_path, fmt):
    doc = Document()
    doc.add(Kind.PARAGRAPH, "治" * 200_000)
    started = time.monotonic()
    write_document(doc, fmt, tmp_path / f"a.{fmt}")
    assert time.monotonic() - started < 5
    if fmt == "docx":
        assert "治" * 200_000 in document_xml(tmp_path / "a.docx")
    else:
        assert "治" * 200_000 in (tmp_path / f"a.{fmt}").read_text(encoding="utf-8")


SURVIVORS = {
    "emoji": "群众点赞👍🏽，满意度提升😀",
    "cjk-extension-b": "𠀀𠀁𪚥字库扩展B",
    "right-to-left-marks": "示例\u200f县\u202e法治\u202c建设\u200e",
    "zero-width-joiner": "👨\u200d👩\u200d👧家庭",
    "combining-marks": "e\u0301 n\u0303",
}


@pytest.mark.parametrize("text", list(SURVIVORS.values()), ids=list(SURVIVORS))
def test_unusual_but_valid_characters_reach_the_page(run_cli, tmp_path, text):
    form = form_with(tmp_path, text + "。")
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
    assert code == EXIT_OK, err
    assert any(text in paragraph for paragraph in paragraph_texts(tmp_path / "报告.docx"))
    assert run_cli("render", str(form), "-o", str(tmp_path / "报告.txt"))[0] == EXIT_OK
    assert text in (tmp_path / "报告.txt").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="需要 LibreOffice 和 pdftotext")
def test_cjk_extension_b_survives_to_the_pdf(run_cli, tmp_path):
    form = form_with(tmp_path, "𠀀字见于页面。")
    assert run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))[0] == EXIT_OK
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "报告.docx")], capture_output=True, timeout=120,
                   check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "报告.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "𠀀" in text


# ---------------------------------------------------------------- 3. files


def _big_form(folder: Path) -> Path:
    """A form whose .docx takes a while to write: 25 paragraphs of 20,000 characters."""
    paragraphs = [f"第{i}段" + "法治政府建设" * 3_300 + "。" for i in range(25)]
    return write_form(folder / "大表单.yaml", set_at(("第一责任人履职", "内容"), paragraphs))


def _temporary_files(folder: Path, target: Path) -> list[Path]:
    return list(folder.glob(f".{target.name}.*.tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["at-random", "while-writing"])
def test_killed_render_leaves_the_old_output_whole(tmp_path, moment):
    """SIGKILL a render of a big form: the output is the old file or the complete new one, never a part.

    A kill between creating and renaming the temporary file leaves it behind; it is
    named .报告.docx.<random>.tmp next to the output, is never read or replaced by
    drafter, and may be deleted.
    """
    form = _big_form(tmp_path)
    target = tmp_path / "报告.docx"
    started = time.monotonic()
    assert cli_subprocess("render", form, "-o", tmp_path / "完整.docx").returncode == EXIT_OK
    duration = time.monotonic() - started
    complete_text = document_xml(tmp_path / "完整.docx")
    rng = random.Random(moment)
    caught_writing = 0
    for _ in range(2):
        target.write_bytes(b"old report")
        process = subprocess.Popen([sys.executable, "-m", "drafter", "render", str(form), "-o", str(target), "--force"],
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if moment == "at-random":
            time.sleep(rng.uniform(0.2 * duration, 1.1 * duration))
        else:
            while process.poll() is None and not _temporary_files(tmp_path, target):
                time.sleep(0.0005)
            caught_writing += process.poll() is None
            time.sleep(rng.uniform(0, 0.005))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if target.read_bytes() != b"old report":
            assert document_xml(target) == complete_text
        for leftover in leftovers(tmp_path, {"大表单.yaml", "报告.docx", "完整.docx"}):
            assert re.fullmatch(r"\.报告\.docx\..+\.tmp", leftover), leftover
            (tmp_path / leftover).unlink()
    if moment == "while-writing":
        assert caught_writing > 0


def test_failed_write_keeps_old_output_and_no_temporary_file(run_cli, monkeypatch, tmp_path, form_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old report")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out, err = run_cli("render", str(form_path), "-o", str(target), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert target.read_bytes() == b"old report"
    assert leftovers(tmp_path, {form_path.name, "报告.docx"}) == []


@pytest.mark.parametrize("link", ["same-path", "hard-link", "symbolic-link", "relative-spelling"])
def test_output_equal_to_input_is_refused(run_cli, tmp_path, form_path, link):
    before = form_path.read_bytes()
    output = {"same-path": form_path, "hard-link": tmp_path / "硬链接.yaml", "symbolic-link": tmp_path / "软链接.yaml",
              "relative-spelling": tmp_path / "子目录" / ".." / form_path.name}[link]
    if link == "hard-link":
        os.link(form_path, output)
    elif link == "symbolic-link":
        output.symlink_to(form_path)
    elif link == "relative-spelling":
        (tmp_path / "子目录").mkdir()
    code, out, err = run_cli("render", str(form_path), "--format", "txt", "-o", str(output), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "输入文件相同" in err
    assert form_path.read_bytes() == before


def test_missing_output_folder(run_cli, tmp_path, form_path):
    code, out, err = run_cli("render", str(form_path), "-o", str(tmp_path / "没有这个文件夹" / "报告.docx"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "输出文件夹不存在" in err


def test_output_that_is_a_folder(run_cli, tmp_path, form_path):
    (tmp_path / "报告.docx").mkdir()
    code, out, err = run_cli("render", str(form_path), "-o", str(tmp_path / "报告.docx"), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)


def test_read_only_output_folder(run_cli, tmp_path, form_path):
    out_dir = tmp_path / "只读"
    out_dir.mkdir()
    (out_dir / "报告.docx").write_bytes(b"old report")
    with read_only(out_dir):
        code, out, err = run_cli("render", str(form_path), "-o", str(out_dir / "报告.docx"), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "没有写入该文件夹的权限" in err
    assert (out_dir / "报告.docx").read_bytes() == b"old report"
    assert leftovers(out_dir, {"报告.docx"}) == []


def test_form_in_a_read_only_folder_checks_and_renders_elsewhere(run_cli, tmp_path):
    forms = tmp_path / "只读表单"
    forms.mkdir()
    form = write_form(forms / "示例县2024.yaml")
    with read_only(forms):
        assert run_cli("check", str(form))[0] == EXIT_OK
        code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "报告.docx"))
        assert code == EXIT_OK, err
        next_to_form = run_cli("render", str(form))
    assert zipfile.is_zipfile(tmp_path / "报告.docx")
    assert_chinese_refusal(next_to_form[0], next_to_form[2], EXIT_UNREADABLE)
    assert sorted(p.name for p in forms.iterdir()) == ["示例县2024.yaml"]


def _needs(command: str) -> None:
    from drafter.cli import cli

    if command not in cli.commands:
        pytest.skip(f"drafter {command} 尚未合并")


def test_rollover_of_a_form_in_a_read_only_folder(run_cli, tmp_path):
    _needs("rollover")
    forms = tmp_path / "只读表单"
    forms.mkdir()
    last = forms / "示例县2024.yaml"
    last.write_bytes((ROOT / "samples" / "示例县2024年法治政府建设报告.yaml").read_bytes())
    before = last.read_bytes()
    with read_only(forms):
        code, out, err = run_cli("rollover", str(last), "-o", str(tmp_path / "示例县2025.yaml"))
        assert code == EXIT_OK, err
        next_to_last = run_cli("rollover", str(last))
    assert_chinese_refusal(next_to_last[0], next_to_last[2], EXIT_UNREADABLE)
    assert last.read_bytes() == before and sorted(p.name for p in forms.iterdir()) == [last.name]
    assert run_cli("check", str(tmp_path / "示例县2025.yaml"))[0] in (EXIT_OK, EXIT_FINDINGS)


def test_rollover_output_equal_to_input_is_refused(run_cli, form_path):
    _needs("rollover")
    before = form_path.read_bytes()
    code, out, err = run_cli("rollover", str(form_path), "-o", str(form_path), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert form_path.read_bytes() == before


def test_path_with_spaces_and_chinese(run_cli, tmp_path):
    folder = tmp_path / "我的 文件夹 (2024)" / "法治 报告"
    folder.mkdir(parents=True)
    form = write_form(folder / "示例县 2024 年 报告.yaml")
    assert run_cli("check", str(form))[0] == EXIT_OK
    code, out, err = run_cli("render", str(form))
    assert code == EXIT_OK, err
    assert zipfile.is_zipfile(folder / "示例县 2024 年 报告.docx")


@pytest.mark.parametrize("encode", [
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("gb18030"),
    lambda text: text.replace("\n", "\r").encode("utf-8"),
], ids=["crlf", "crlf-with-bom", "crlf-gb18030", "old-mac-cr"])
def test_windows_line_endings_and_encodings(run_cli, tmp_path, encode):
    text = FIXTURE.read_text(encoding="utf-8")
    lf = tmp_path / "lf.yaml"
    lf.write_text(text, encoding="utf-8")
    other = tmp_path / "windows.yaml"
    other.write_bytes(encode(text))
    assert run_cli("check", str(other))[0] == EXIT_OK
    assert run_cli("render", str(lf), "-o", str(tmp_path / "lf.txt"))[0] == EXIT_OK
    code, out, err = run_cli("render", str(other), "-o", str(tmp_path / "windows.txt"))
    assert code == EXIT_OK, err
    assert (tmp_path / "windows.txt").read_bytes() == (tmp_path / "lf.txt").read_bytes()


@pytest.mark.parametrize("make", [
    lambda folder: folder / "不存在.yaml",
    lambda folder: folder,
    lambda folder: _write(folder / "空.yaml", b""),
    lambda folder: _write(folder / "二进制.yaml", bytes(range(256)) * 4),
    lambda folder: _write(folder / "过大.yaml", b"a: " + b"x" * (5 * 1024 * 1024)),
    lambda folder: _write(folder / "列表.yaml", "- 一\n- 二\n".encode("utf-8")),
    lambda folder: _write(folder / "锚点.yaml", b"a: &x [1]\nb: *x\n"),
    lambda folder: _write(folder / "utf16.yaml", "导语: 你好\n".encode("utf-16")),
], ids=["missing", "a-folder", "empty", "binary", "too-large", "top-level-list", "yaml-alias", "utf-16"])
def test_unreadable_forms_are_refused_cleanly(run_cli, tmp_path, make):
    path = make(tmp_path)
    for command in ("check", "render"):
        code, out, err = run_cli(command, str(path), "-o", str(tmp_path / "报告.docx")) if command == "render" \
            else run_cli(command, str(path))
        assert code in (EXIT_FINDINGS, EXIT_UNREADABLE)
        assert CJK.search(err + out)
        assert not (tmp_path / "报告.docx").exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("date", ["2024-02-30", "2024-13-01", "2025-02-08 25:00:00"])
def test_a_date_the_calendar_does_not_have(run_cli, tmp_path, date):
    text = FIXTURE.read_text(encoding="utf-8").replace("成文日期: 2025-02-08", f"成文日期: {date}")
    form = tmp_path / "表单.yaml"
    form.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "成文日期" in t)
    code, out, err = run_cli("check", str(form))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form}:{line}:9:" in err and date in err


@pytest.mark.parametrize("text", [
    "导语: " + "[" * 5000 + "]" * 5000 + "\n",
    "导语: " + "{a: " * 2000 + "}" * 2000 + "\n",
    "".join(" " * i + f"k{i}:\n" for i in range(1500)),
], ids=["brackets-5000-deep", "braces-2000-deep", "indentation-1500-deep"])
def test_absurdly_deep_nesting_is_refused_quickly(run_cli, tmp_path, text):
    form = tmp_path / "深.yaml"
    form.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, out, err = run_cli("check", str(form))
    assert time.monotonic() - started < 2
    assert code in (EXIT_FINDINGS, EXIT_UNREADABLE) and CJK.search(out + err)


def test_a_gbk_console_cannot_crash_the_output(tmp_path):
    """Windows with output redirected prints in GBK: an emoji or 𠀀 in a message prints as "?", not a crash."""
    form = tmp_path / "表单.yaml"
    form.write_text(FIXTURE.read_text(encoding="utf-8").replace("导语:", "导语👍𠀀: 1\n导语:"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "drafter", "check", str(form)], cwd=ROOT, capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk"})
    assert result.returncode == EXIT_FINDINGS, result.stderr.decode("gbk", "replace")
    assert "未知的键“导语??”" in result.stdout.decode("gbk")


def test_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xff\xfe\xe8\xa1\xa8.yaml"
    with open(name, "wb") as handle:
        handle.write(FIXTURE.read_bytes())
    for encoding in ("utf-8", "gbk"):
        result = subprocess.run([sys.executable, "-m", "drafter", "render", name, "--format", "txt", "--force"],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding},
                                capture_output=True)
        assert result.returncode == EXIT_OK, result.stderr.decode("utf-8", "replace")
    assert os.path.exists(name[: -len(b".yaml")] + b".txt")


# ---------------------------------------------------------------- 5. exit codes


def test_exit_codes_are_documented_in_the_help(run_cli):
    code, out, err = run_cli("--help")
    assert code == EXIT_OK
    for line in ("0  成功", "1  表单有错误", "2  用法错误", "3  内部错误"):
        assert line in out


def test_exit_0_for_a_clean_form(run_cli, form_path):
    assert run_cli("check", str(form_path))[0] == EXIT_OK


def test_exit_1_for_findings(run_cli, tmp_path):
    form = write_form(tmp_path / "错.yaml", set_at(("数据", "行政复议", "受理"), "很多"))
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_FINDINGS and "错误" in out


@pytest.mark.parametrize("args", [["--no-such-option"], ["no-such-command"], ["render"], ["check"],
                                  ["render", "x.yaml", "--format", "pdf"]],
                         ids=["unknown-option", "unknown-command", "render-without-form", "check-without-form",
                              "unknown-format"])
def test_exit_2_for_usage_errors(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == EXIT_UNREADABLE
    assert "Traceback" not in err


@pytest.mark.parametrize("command, target", [("render", "drafter.render.render_report"),
                                             ("check", "drafter.checks.check_form")],
                         ids=["render", "check"])
def test_exit_3_writes_the_traceback_to_a_log_not_the_screen(run_cli, monkeypatch, tmp_path, form_path,
                                                            command, target):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug 42")

    monkeypatch.setattr(target, broken)
    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path / "日志"))
    (tmp_path / "日志").mkdir()
    code, out, err = run_cli(command, str(form_path))
    assert code == EXIT_INTERNAL
    assert "内部错误" in err and "维护人员" in err
    assert "simulated bug 42" not in out + err
    logs = list((tmp_path / "日志").glob("drafter-*.log"))
    assert len(logs) == 1
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in log and "simulated bug 42" in log and str(logs[0]) in err


@pytest.mark.slow
def test_exit_3_in_a_real_process_shows_no_traceback(tmp_path):
    """A bug in a subprocess: the user sees one Chinese sentence; the log has the traceback."""
    base = tmp_path
    form = base / "表单.yaml"
    form.write_bytes(FIXTURE.read_bytes())
    result = cli_subprocess("check", form, env={"DRAFTER_LOG_DIR": str(base), "PYTHONPATH": f"{ROOT}:{base}"},
                            cwd=base)
    assert result.returncode == EXIT_OK
    (base / "sitecustomize.py").write_text(
        "import drafter.checks as m\n"
        "def _broken(*a, **k):\n    raise ZeroDivisionError('bug')\n"
        "m.check_form = _broken\n", encoding="utf-8")
    result = cli_subprocess("check", form, env={"DRAFTER_LOG_DIR": str(base), "PYTHONPATH": f"{ROOT}:{base}"},
                            cwd=base)
    assert result.returncode == EXIT_INTERNAL
    assert "Traceback" not in result.stderr + result.stdout and "内部错误" in result.stderr
    assert any("ZeroDivisionError" in p.read_text(encoding="utf-8") for p in base.glob("drafter-*.log"))
