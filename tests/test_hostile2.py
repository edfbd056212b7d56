"""Hostile input, second round: limits on every input, no exit 3 on user input, nothing
changed that was not asked for, nothing injected into the terminal or a spreadsheet.

Cases that could hang or exhaust memory if the behaviour broke run `python -m drafter`
in a subprocess with a timeout (and an address-space cap); the rest run the real entry
point in process.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from render_support import write_form
from test_hostile import CJK, ROOT, assert_chinese_refusal, cli_subprocess, form_with, read_only, set_at

from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.limits import (MAX_CORE_PROPERTY_CHARS, MAX_IMPORT_TXT_BYTES, MAX_INPUT_BYTES, quoted,
                            read_bounded)

HAS_FIFO = hasattr(os, "mkfifo")
GIGABYTE = 1 << 30


@pytest.fixture
def form_path(tmp_path) -> Path:
    return write_form(tmp_path / "示例县2024.yaml")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _core_properties(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("docProps/core.xml").decode("utf-8")


# ---------------------------------------------------------------- hangs and runaway memory


def test_a_4000_character_title_renders(tmp_path):
    """The title line-breaking search was far worse than linear: 4,000 characters took minutes."""
    title = "示例县人民政府关于法治政府建设情况和下一年度工作安排的报告" * 140
    form = write_form(tmp_path / "长标题.yaml", set_at(("基本信息", "标题"), title[:4000]))
    result = cli_subprocess("render", form, "-o", tmp_path / "长标题.docx", timeout=60)
    assert result.returncode == EXIT_OK, result.stderr
    body = zipfile.ZipFile(tmp_path / "长标题.docx").read("word/document.xml").decode("utf-8")
    assert title[:4000] in "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))   # all of it, on many lines


def test_title_breaking_work_grows_linearly():
    """Counted, not timed: the cost of breaking a title is the number of break candidates
    the search examines, which must grow in proportion to the title."""
    from drafter.writers import layout

    calls = []
    real = layout._best_breaks

    def counting(prefix, penalties, lines, max_width):
        calls.append(lines)
        return real(prefix, penalties, lines, max_width)

    layout._best_breaks = counting
    try:
        for size in (40, 80, 160):
            layout.split_title.cache_clear()
            lines = layout.split_title(("示例县关于法治政府建设情况的报告" * 20)[:size], 20)
            assert "".join(lines) == ("示例县关于法治政府建设情况的报告" * 20)[:size]
    finally:
        layout._best_breaks = real
    assert len(calls) <= 3 * 4   # at most _EXTRA_LINES + 1 searches per title, never one per character
    long = ("示例县关于法治政府建设情况的报告" * 300)
    layout.split_title.cache_clear()
    lines = layout.split_title(long, 20)
    assert "".join(lines) == long and all(layout.text_width(line) <= 20 for line in lines)


def _style_file(tmp_path: Path, text: str, name: str = "版式.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_style_profile_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path, form_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    style = _style_file(tmp_path, "\n".join(lines) + "\n")
    result = cli_subprocess("render", form_path, "--style", style, "-o", tmp_path / "a.docx",
                            memory_limit=GIGABYTE, timeout=60)
    assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)
    assert "锚点" in result.stderr and "第 1 行" in result.stderr
    assert len(result.stderr) < 1000
    assert not (tmp_path / "a.docx").exists()


def test_style_profile_with_20000_nested_brackets(run_cli, tmp_path, form_path):
    style = _style_file(tmp_path, "页边距: " + "[" * 20_000 + "]" * 20_000 + "\n")
    code, out, err = run_cli("render", str(form_path), "--style", str(style), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "嵌套过深" in err and "第 1 行" in err


def test_long_values_are_cut_in_style_messages(run_cli, tmp_path, form_path):
    style = _style_file(tmp_path, f"正文:\n  字体: {'仿' * 5000}\n")
    code, out, err = run_cli("render", str(form_path), "--style", str(style), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "第 2 行" in err and "共 5000 字" in err
    assert len(err) < 1000


DEVICE_OPTIONS = {
    "form": lambda dev, form: ("check", dev),
    "previous": lambda dev, form: ("check", "--previous", dev, form),
    "targets": lambda dev, form: ("check", "--targets", dev, form),
    "style": lambda dev, form: ("render", form, "--style", dev, "-o", form.with_suffix(".docx")),
}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="没有 /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("option", list(DEVICE_OPTIONS))
def test_a_device_linked_as_an_input_is_refused_without_reading_it(tmp_path, form_path, device, option):
    linked = tmp_path / "看起来是表单.yaml"
    linked.symlink_to(device)
    result = cli_subprocess(*DEVICE_OPTIONS[option](linked, form_path), memory_limit=GIGABYTE, timeout=60)
    assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)
    assert "不是普通文件" in result.stderr and "设备" in result.stderr


@pytest.mark.skipif(not HAS_FIFO, reason="系统不支持命名管道")
@pytest.mark.parametrize("option", list(DEVICE_OPTIONS))
def test_a_fifo_as_an_input_does_not_block(tmp_path, form_path, option):
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    result = cli_subprocess(*DEVICE_OPTIONS[option](fifo, form_path), timeout=60)
    assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)
    assert "管道" in result.stderr


@pytest.mark.skipif(not HAS_FIFO, reason="系统不支持命名管道")
@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_import_of_a_fifo_or_device_does_not_block(tmp_path, suffix):
    fifo = tmp_path / f"管道{suffix}"
    os.mkfifo(fifo)
    result = cli_subprocess("import", fifo, "-o", tmp_path / "a.yaml", timeout=60)
    assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)
    assert "管道" in result.stderr
    zero = tmp_path / f"零{suffix}"
    zero.symlink_to("/dev/zero")
    result = cli_subprocess("import", zero, "-o", tmp_path / "b.yaml", memory_limit=GIGABYTE, timeout=60)
    assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)


@pytest.mark.skipif(not HAS_FIFO, reason="系统不支持命名管道")
def test_collect_reads_workbooks_through_the_bounded_reader(tmp_path, form_path):
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    zero = tmp_path / "零.xlsx"
    zero.symlink_to("/dev/zero")
    for workbook, kind in ((fifo, "管道"), (zero, "设备")):
        result = cli_subprocess("collect", form_path, workbook, "-o", tmp_path / "汇总.yaml",
                                memory_limit=GIGABYTE, timeout=60)
        assert_chinese_refusal(result.returncode, result.stderr, EXIT_UNREADABLE)
        assert kind in result.stderr


def test_collect_lists_a_dangling_link_in_a_folder(run_cli, tmp_path, form_path):
    folder = tmp_path / "统计表"
    folder.mkdir()
    (folder / "失效.xlsx").symlink_to(folder / "不存在.xlsx")
    code, out, err = run_cli("collect", str(form_path), str(folder), "-o", str(tmp_path / "汇总.yaml"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "失效.xlsx" in out + err and "失效的链接" in out + err


def test_an_oversized_txt_is_refused_before_importing(run_cli, tmp_path):
    source = tmp_path / "去年报告.txt"
    source.write_text("示例县人民政府关于2024年法治政府建设情况的报告\n" + "全年办理案件。\n" * (MAX_IMPORT_TXT_BYTES // 20),
                      encoding="utf-8")
    assert source.stat().st_size > MAX_IMPORT_TXT_BYTES
    code, out, err = run_cli("import", str(source), "-o", str(tmp_path / "a.yaml"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "文本文件过大" in err and "1 MB" in err
    assert not (tmp_path / "a.yaml").exists()


def test_an_import_that_would_make_an_unreadable_form_writes_nothing(run_cli, tmp_path):
    """A .txt under the size limit whose form would pass the line limit of every YAML file."""
    from drafter.limits import MAX_YAML_LINES

    source = tmp_path / "去年报告.txt"
    source.write_text("示例县人民政府关于2024年法治政府建设情况的报告\n\n一、主要举措和成效\n\n"
                      + "".join(f"（{i}）一段。\n" for i in range(MAX_YAML_LINES + 1000)), encoding="utf-8")
    assert source.stat().st_size < MAX_IMPORT_TXT_BYTES
    code, out, err = run_cli("import", str(source), "-o", str(tmp_path / "a.yaml"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"上限 {MAX_YAML_LINES} 行" in err
    assert not (tmp_path / "a.yaml").exists()


def test_bounded_reader_reads_at_most_limit_plus_one(tmp_path, monkeypatch):
    """A file that grows after stat (or lies about its size) is still cut at limit + 1 bytes."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 5000)
    read = []
    real_read = os.read

    def counting_read(fd, n):
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr("drafter.limits.os.read", counting_read)
    monkeypatch.setattr("drafter.limits.os.fstat", lambda fd, real=os.fstat: _pretend_small(real(fd)))
    with pytest.raises(DrafterError, match="文件过大"):
        read_bounded(path, 1000)
    assert sum(read) == 1001
    assert read_bounded(path, 5000) == b"x" * 5000


def _pretend_small(info: os.stat_result) -> os.stat_result:
    values = list(info)
    values[6] = 10   # st_size
    return os.stat_result(values)


#: The one opener of packages from outside (drafter.limits.open_zip: member count and encryption
#: checked before a part is inflated), and the Word writer, which opens only its own cached empty
#: document, read through the bounded reader.
_PACKAGE_OPENERS = {"drafter/limits.py", "drafter/writers/docx.py"}
#: The form's YAML parsers: the round-trip one and the C reading of the same text.
_YAML_READERS = {"drafter/form/load.py", "drafter/form/plain.py"}


def test_every_file_read_goes_through_the_bounded_reader():
    """No other module opens input files itself (the one bounded reader rule)."""
    offenders = []
    for path in (ROOT / "drafter").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in (".read_bytes()", ".read_text(", "YAML(", "FileSystemLoader(", "ZipFile("):
            allowed = (needle == "YAML(" and path.relative_to(ROOT).as_posix() in _YAML_READERS) or (
                needle == "FileSystemLoader(" and "class _TemplateLoader(FileSystemLoader)" in text) or (
                needle == "ZipFile(" and path.relative_to(ROOT).as_posix() in _PACKAGE_OPENERS)
            if needle in text and not allowed:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_annotate_with_thousands_of_findings_is_capped(tmp_path):
    """python-docx adds each comment in time proportional to those already there: 10,000
    findings took more than five minutes. The most severe 500 are added, and the user told."""
    from drafter.limits import MAX_COMMENTS

    # “2023度” lacks 年: a finding a reviewer acts on (what render fixes itself gets no note)
    paragraphs = [f"第{i}段文字，2023度依法行政。" for i in range(1200)]
    form = write_form(tmp_path / "多问题.yaml", set_at(("第一责任人履职", "内容"), paragraphs))
    result = cli_subprocess("render", "--annotate", "--draft", form, "-o", tmp_path / "a.docx", timeout=120)
    assert result.returncode == EXIT_OK, result.stderr
    assert "另有" in result.stderr and f"最多加 {MAX_COMMENTS} 条" in result.stderr
    comments = zipfile.ZipFile(tmp_path / "a.docx").read("word/comments.xml").decode("utf-8")
    assert comments.count("<w:comment ") == MAX_COMMENTS


# ---------------------------------------------------------------- internal errors on user input


@pytest.mark.parametrize("field", ["标题", "报告机关", "地区"])
def test_values_longer_than_core_properties_allow_render(run_cli, tmp_path, field):
    value = ("示例县人民政府关于法治政府建设情况的报告" * 20)[:300] if field == "标题" else "示例县" * 100
    form = write_form(tmp_path / "示例县.yaml", set_at(("基本信息", field), value))
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_OK and "可以生成文档" in out
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "a.docx"))
    assert code == EXIT_OK, err
    core = _core_properties(tmp_path / "a.docx")
    for tag in ("dc:title", "dc:creator"):
        text = core.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0] if f"<{tag}>" in core else ""
        assert len(text) <= MAX_CORE_PROPERTY_CHARS


@pytest.mark.parametrize("section,key", [("正文", "字体"), ("西文字体", None), ("批注", "署名")])
@pytest.mark.parametrize("bad", ["\\x01", "\\x1b", "\\ud800"])
def test_control_character_or_surrogate_in_style_names(run_cli, tmp_path, form_path, section, key, bad):
    value = f'"仿宋{bad}"'
    text = f"{section}:\n  {key}: {value}\n" if key else f"{section}: {value}\n"
    style = _style_file(tmp_path, text)
    code, out, err = run_cli("render", str(form_path), "--annotate", "--style", str(style),
                             "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "Input should" not in err
    assert ("孤立代理项" if "ud800" in bad else "不可见的字符") in err
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize("shape", ["(", "[", "not ", "-"])
def test_deeply_nested_placeholder_is_a_located_error(run_cli, tmp_path, shape):
    closing = {"(": ")", "[": "]"}.get(shape, "")
    form = form_with(tmp_path, f"全年受理{{{{ {shape * 5000}行政复议.受理{closing * 5000} }}}}件。")
    line = _line_of(form, "导语")
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_FINDINGS
    assert f"{form}:{line}:" in out and "[placeholder]" in out
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err)
    assert f"{form}:{line}:" in err


def test_import_extract_figures_with_a_5000_digit_number(run_cli, tmp_path):
    source = tmp_path / "去年报告.txt"
    source.write_text("示例县人民政府关于2024年法治政府建设情况的报告\n\n一、主要举措和成效\n\n"
                      f"全年受理行政复议案件{'9' * 5000}件。\n\n二、存在的不足和原因\n\n基层力量不足。\n\n"
                      "三、下一年度工作安排\n\n继续推进。\n\n示例县人民政府\n2025年2月8日\n", encoding="utf-8")
    code, out, err = run_cli("import", str(source), "--extract-figures", "-o", str(tmp_path / "a.yaml"))
    assert code == EXIT_OK, err
    assert "9" * 5000 in (tmp_path / "a.yaml").read_text(encoding="utf-8")   # kept as text, not a figure
    code, out, err = run_cli("check", str(tmp_path / "a.yaml"))
    assert code in (EXIT_OK, EXIT_FINDINGS)


def test_batch_output_under_a_regular_file(run_cli, tmp_path, form_path):
    second = write_form(tmp_path / "样例县2024.yaml")
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    code, out, err = run_cli("render", str(form_path), str(second), "-o", str(tmp_path / "文件" / "输出"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "不是文件夹" in err


def test_batch_output_inside_a_read_only_folder(run_cli, tmp_path, form_path):
    second = write_form(tmp_path / "样例县2024.yaml")
    locked = tmp_path / "只读"
    locked.mkdir()
    with read_only(locked):
        code, out, err = run_cli("render", str(form_path), str(second), "-o", str(locked / "输出"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "权限" in err
    assert not (locked / "输出").exists()


# ---------------------------------------------------------------- nothing changed that was not asked for


def test_output_may_not_be_the_style_profile(run_cli, tmp_path, form_path):
    style = _style_file(tmp_path, "正文:\n  字号: 三号\n", "版式.txt")
    before = style.read_bytes()
    code, out, err = run_cli("render", str(form_path), "--style", str(style), "-o", str(style), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    linked = tmp_path / "链接.txt"
    os.link(style, linked)
    code, out, err = run_cli("render", str(form_path), "--style", str(style), "-o", str(linked), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert style.read_bytes() == before


def test_output_may_not_be_a_template(run_cli, tmp_path, form_path):
    import shutil

    templates = tmp_path / "模板"
    shutil.copytree(ROOT / "templates", templates)
    layout = templates / "report.j2"
    before = layout.read_bytes()
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "--format", "txt",
                             "-o", str(layout), "--force")
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert layout.read_bytes() == before


def test_diff_output_may_not_be_one_of_the_forms(run_cli, tmp_path, form_path):
    later = write_form(tmp_path / "示例县2025.yaml", set_at(("基本信息", "年度"), 2025))
    before = form_path.read_bytes()
    link = tmp_path / "链接.csv"
    link.symlink_to(form_path)
    for output in (form_path, link):
        code, out, err = run_cli("diff", str(form_path), str(later), "--format", "csv", "-o", str(output), "--force")
        assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert form_path.read_bytes() == before


def test_check_fix_on_a_symlinked_form_fixes_the_target(run_cli, tmp_path):
    real = form_with(tmp_path, "全年办理案件,全部办结.", name="真实表单.yaml")
    link = tmp_path / "链接.yaml"
    link.symlink_to(real.name)
    code, out, err = run_cli("check", "--fix", str(link))
    assert link.is_symlink() and os.readlink(link) == real.name
    assert "全年办理案件，全部办结" in real.read_text(encoding="utf-8")
    assert "全年办理案件,全部办结" in (tmp_path / "链接.yaml.bak").read_text(encoding="utf-8")


def test_a_new_output_is_created_exclusively(tmp_path):
    """Two renders of the same new file both pass check_output; the one that writes second
    is told the file exists, and the first one's file is kept. With --force it is replaced."""
    from drafter.form.files import check_output, write_atomic

    target = tmp_path / "报告.docx"
    check_output(target, force=False)
    check_output(target, force=False)
    write_atomic(target, b"first render")
    with pytest.raises(DrafterError, match="已存在"):
        write_atomic(target, b"second render")
    assert target.read_bytes() == b"first render"
    write_atomic(target, b"forced render", force=True)
    assert target.read_bytes() == b"forced render"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


@pytest.mark.slow
def test_two_concurrent_renders_without_force(tmp_path, form_path):
    target = tmp_path / "报告.txt"
    processes = [subprocess.Popen([sys.executable, "-m", "drafter", "render", str(form_path), "-o", str(target)],
                                  cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in processes]
    assert sorted(code for _, _, code in results) == [EXIT_OK] + [EXIT_UNREADABLE] * 3
    assert all("已存在" in err for _, err, code in results if code != EXIT_OK)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="需要 SIGTERM")
def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    paragraphs = [f"第{i}段" + "法治政府建设" * 3_300 + "。" for i in range(25)]
    form = write_form(tmp_path / "大表单.yaml", set_at(("第一责任人履职", "内容"), paragraphs))
    target = tmp_path / "报告.docx"
    caught = 0
    for attempt in range(3):
        target.write_bytes(b"old report")
        process = subprocess.Popen([sys.executable, "-m", "drafter", "render", str(form), "-o", str(target), "--force"],
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while process.poll() is None and not list(tmp_path.glob(".报告.docx.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.0005)
        if process.poll() is None:
            caught += 1
            process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert list(tmp_path.glob(".报告.docx.*.tmp")) == []
        if process.returncode != EXIT_OK:
            assert process.returncode == EXIT_UNREADABLE and "已终止" in err and "Traceback" not in err
            assert target.read_bytes() == b"old report"
    assert caught > 0


def test_crash_logs_of_the_same_second_do_not_overwrite_each_other(tmp_path, monkeypatch):
    from drafter.cli.crashlog import write_crash_log

    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path))
    logs = []
    for message in ("第一次", "第二次", "第三次"):
        try:
            raise RuntimeError(message)
        except RuntimeError:
            logs.append(write_crash_log())
    assert len(set(logs)) == 3
    assert [message in log.read_text(encoding="utf-8") for log, message in zip(logs, ("第一次", "第二次", "第三次"))] \
        == [True] * 3


# ---------------------------------------------------------------- injection into other programs


TERMINAL_ATTACK = "\x1b]0;PWNED\x07\x1b[2J"


def test_control_characters_are_escaped_on_the_terminal(tmp_path):
    form = tmp_path / "示例县.yaml"
    text = write_form(tmp_path / "原表单.yaml").read_text(encoding="utf-8")
    form.write_text(text.replace("导语:", '"\\e]0;PWNED\\a\\e[2J": 1\n"\\e[31m红字": 2\n导语:', 1), encoding="utf-8")
    for command in (("check", form), ("render", form, "-o", tmp_path / "a.docx")):
        result = cli_subprocess(*command)
        assert result.returncode == EXIT_FINDINGS
        shown = result.stdout + result.stderr
        assert "\x1b" not in shown and "\x07" not in shown
        if command[0] == "check":   # the invisible-character finding names the key as written
            assert "\\x1b]0;PWNED\\x07" in shown


def test_control_characters_in_file_names_are_escaped(tmp_path):
    folder = tmp_path / f"目录{TERMINAL_ATTACK}"
    folder.mkdir()
    result = cli_subprocess("check", folder / "没有.yaml")
    assert result.returncode == EXIT_UNREADABLE
    assert "\x1b" not in result.stderr and "\\x1b]0;PWNED\\x07" in result.stderr


def test_escaping_keeps_chinese_line_breaks_and_tabs():
    from drafter.cli.terminal import escape_controls

    assert escape_controls("示例县\t第1行\n第2行") == "示例县\t第1行\n第2行"
    assert escape_controls("a\rb\x9bc\u202ed") == "a\\x0db\\u009bc\\u202ed"


def test_escaped_json_output_stays_json(tmp_path):
    """check --format json: JSON escapes C0 itself; C1 and bidi controls become \\u escapes JSON reads back."""
    import json

    form = tmp_path / "示例县.yaml"
    text = write_form(tmp_path / "原.yaml").read_text(encoding="utf-8")
    form.write_text(text.replace("导语:", '"\\x85键\\u202e": 1\n导语:', 1), encoding="utf-8")
    result = cli_subprocess("check", "--format", "json", form)
    assert result.returncode == EXIT_FINDINGS
    assert "\x85" not in result.stdout and "\u202e" not in result.stdout
    assert "\x85键\u202e" in json.dumps(json.loads(result.stdout), ensure_ascii=False)


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://a.invalid\",\"点我\")", "+1+1", "-2+3+cmd|' /C calc'!A0",
                                  "@SUM(A1:A9)", "\t=1+1"])
def test_diff_csv_neutralises_formulas(run_cli, tmp_path, name):
    def edit(data):
        data["数据"]["自定义"][0]["名称"] = name
    before = write_form(tmp_path / "示例县2024.yaml", edit)
    after = write_form(tmp_path / "示例县2025.yaml", lambda data: (edit(data), set_at(("基本信息", "年度"), 2025)(data)))
    code, out, err = run_cli("diff", str(before), str(after), "--format", "csv", "-o", str(tmp_path / "对比.csv"))
    assert code == EXIT_OK, err
    cells = _csv_cells((tmp_path / "对比.csv").read_text(encoding="utf-8"))
    assert "'" + name in cells
    assert not any(cell.startswith(("=", "+", "@", "\t")) for cell in cells)
    assert all(cell.lstrip("-").replace(".", "").replace("%", "").isdigit() for cell in cells if cell.startswith("-"))


# ---------------------------------------------------------------- random style profiles


_STYLE_PIECES = st.sampled_from(["正文:", "字体:", "字号:", "批注:", "署名:", "页边距:", "上:", "  ", "\n", "- ", "[", "]",
                                 "{", "}", "&a ", "*a", "\"\\x01\"", "\"\\ud800\"", ".nan", "1e309", "9" * 50, "三号",
                                 "仿宋", "? ", ": ", "#", "'", "\"", "\t", "\x1b", "是", "否", "-1"])


@given(st.lists(_STYLE_PIECES, max_size=40).map("".join))
@example(text="? : 正文:")     # a mapping as a key: the YAML parser raises TypeError
def test_random_style_profiles_fail_only_in_chinese(tmp_path_factory, text):
    from drafter.writers.style import StyleError, load_style

    path = tmp_path_factory.mktemp("style") / "版式.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_style(path)
    except StyleError as exc:
        assert CJK.search(str(exc)) and "Input should" not in str(exc)
        assert len(str(exc)) < 3000


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize("value,shown", [(".nan", "非数"), ("1e309", "无穷大"), ("-.inf", "负无穷大")])
def test_non_finite_numbers_in_chinese(run_cli, tmp_path, value, shown):
    form = tmp_path / "示例县.yaml"
    text = write_form(tmp_path / "原.yaml").read_text(encoding="utf-8")
    form.write_text(re.sub(r"挽回损失: [\d.]+", f"挽回损失: {value}", text, count=1), encoding="utf-8")
    line = _line_of(form, "挽回损失: ")
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_FINDINGS
    assert f"{form}:{line}:" in out and "有限的数字" in out and shown in out
    assert "Input should" not in out


def test_a_5000_digit_integer_is_located(run_cli, tmp_path, form_path):
    text = form_path.read_text(encoding="utf-8").replace("受理: 45", "受理: " + "9" * 5000, 1)
    form_path.write_text(text, encoding="utf-8")
    line = _line_of(form_path, "9" * 50)
    code, out, err = run_cli("check", str(form_path))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form_path}:{line}:" in err and "数字过长" in err and "日期" not in err
    assert len(err) < 500


def test_a_40_digit_integer_is_located(run_cli, tmp_path, form_path):
    text = form_path.read_text(encoding="utf-8").replace("受理: 45", "受理: " + "9" * 40, 1)
    form_path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(form_path))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form_path}:{_line_of(form_path, '9' * 40)}:" in err and "数字过长" in err


def test_newer_form_version_is_located(run_cli, tmp_path, form_path):
    text = form_path.read_text(encoding="utf-8").replace("表单版本: 1", "表单版本: 999", 1)
    form_path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(form_path))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form_path}:{_line_of(form_path, '表单版本')}:" in err and "999" in err


@pytest.mark.parametrize("key", ["? [甲, 乙]\n: 1\n", "? : 正文:\n"], ids=["list-key", "mapping-key"])
def test_complex_keys_are_located(run_cli, tmp_path, form_path, key):
    """A list key is built and refused at its place; a mapping key makes the parser itself fail."""
    text = form_path.read_text(encoding="utf-8").replace("导语:", key + "导语:", 1)
    form_path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(form_path))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{form_path}:{_line_of(form_path, key.splitlines()[0])}:" in err and "复杂键" in err


@pytest.mark.parametrize("key", ['"\\x01备注"', '"备\\x0b注"', '"\\e]0;x\\a"'])
def test_a_key_with_a_control_character_is_located_at_its_line(run_cli, tmp_path, form_path, key):
    text = form_path.read_text(encoding="utf-8").replace("  附注: 此件公开发布", f"  附注: 此件公开发布\n  {key}: 1", 1)
    form_path.write_text(text, encoding="utf-8")
    line = _line_of(form_path, key)
    code, out, err = run_cli("check", str(form_path))
    assert code == EXIT_FINDINGS
    schema = [row for row in out.splitlines() if "[schema]" in row]
    assert schema and all(row.startswith(f"{form_path}:{line}:") for row in schema), out


@pytest.mark.parametrize("depth", [100, 3000])
def test_deep_block_nesting_is_refused_at_its_line(run_cli, tmp_path, form_path, depth):
    with form_path.open("a", encoding="utf-8") as handle:
        handle.write("附件:\n  - " + "- " * depth + "x\n")
    line = len(form_path.read_text(encoding="utf-8").splitlines())
    code, out, err = run_cli("check", str(form_path))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert "嵌套过深" in err and f"{form_path}:{line}:" in err


def test_a_form_of_too_many_lines_is_refused_before_parsing(run_cli, tmp_path, form_path):
    """The YAML parser needs about 0.1 ms a line: 4 MB of one-word paragraphs would take a minute."""
    from drafter.limits import MAX_YAML_LINES

    form = write_form(tmp_path / "多行.yaml", set_at(("第一责任人履职", "内容"), ["段。"] * MAX_YAML_LINES))
    code, out, err = run_cli("check", str(form))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"上限 {MAX_YAML_LINES} 行" in err


def test_more_items_than_the_numbering_has_is_a_located_error(run_cli, tmp_path):
    def many(data):
        data["主要举措和成效"]["章节"][0]["条目"] = [{"小标题": f"小标题{i}", "内容": "内容。"} for i in range(1000)]
    form = write_form(tmp_path / "多条目.yaml", many)
    code, out, err = run_cli("check", str(form))
    assert code == EXIT_FINDINGS
    assert "最多 999 项，实有 1000 项" in out
    code, out, err = run_cli("render", str(form), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err)
    assert "版式模板" not in err


def test_missing_include_is_located(run_cli, tmp_path, form_path):
    import shutil

    templates = tmp_path / "模板"
    shutil.copytree(ROOT / "templates", templates)
    layout = templates / "report.j2"
    with layout.open("a", encoding="utf-8") as handle:
        handle.write('{% include "没有的模板.j2" %}\n')
    line = len(layout.read_text(encoding="utf-8").splitlines())
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "-o", str(tmp_path / "a.docx"))
    assert_chinese_refusal(code, err)
    assert f"{layout}:{line}:" in err and "没有的模板.j2" in err


def test_gbk_template_renders_and_undecodable_template_is_located(run_cli, tmp_path, form_path):
    import shutil

    templates = tmp_path / "模板"
    shutil.copytree(ROOT / "templates", templates)
    layout = templates / "report.j2"
    layout.write_bytes(layout.read_text(encoding="utf-8").encode("gbk"))
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "-o", str(tmp_path / "a.docx"))
    assert code == EXIT_OK, err
    layout.write_bytes(layout.read_bytes() + b"\n{# \x80 #}\n")
    line = layout.read_bytes().count(b"\n")
    code, out, err = run_cli("render", str(form_path), "--templates", str(templates), "-o", str(tmp_path / "b.docx"))
    assert_chinese_refusal(code, err, EXIT_UNREADABLE)
    assert f"{layout}:{line}:" in err and "编码" in err


def test_a_240_byte_form_name_renders(run_cli, tmp_path):
    name = "示例县" * 26 + "2024.yaml"      # 3 × 26 × 3 + 9 = 243 bytes
    assert 240 <= len(name.encode("utf-8")) <= 255
    form = write_form(tmp_path / name)
    code, out, err = run_cli("render", str(form), "--format", "txt", "-o", str(tmp_path / (name[:-5] + ".txt")))
    assert code == EXIT_OK, err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_batch_lists_links_and_fifos_it_cannot_read(run_cli, tmp_path):
    folder = tmp_path / "表单"
    folder.mkdir()
    write_form(folder / "示例县2024.yaml")
    (folder / "失效.yaml").symlink_to(folder / "不存在.yaml")
    (folder / "循环.yaml").symlink_to(folder / "循环.yaml")
    if HAS_FIFO:
        os.mkfifo(folder / "管道.yaml")
    code, out, err = run_cli("check", str(folder))
    assert code == EXIT_FINDINGS
    table = out[out.index("文件"):]
    for name, reason in [("失效.yaml", "失效的链接"), ("循环.yaml", "链接循环")] + ([("管道.yaml", "管道")] if HAS_FIFO else []):
        assert name in table and reason in err
    assert f"共 {3 + HAS_FIFO} 份" in out


def test_quoted_cuts_long_values():
    assert quoted("短") == "短"
    assert quoted("长" * 500) == "长" * 60 + "…（共 500 字）"
    assert len(quoted(list(range(10 ** 5)))) < 200


def test_limits_stated_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 安全与可靠性"):]
    section = section[: section.index("\n## ", 3)]
    for number in (f"{MAX_INPUT_BYTES // (1024 * 1024)} MB", f"{MAX_IMPORT_TXT_BYTES // (1024 * 1024)} MB", "50 MB",
                   "255", "10 秒", "50 层", "30 位", "3 万行", "999 项"):
        assert number in section, number
