"""`drafter render`: outputs, formats, refusals with exit codes, --force, --draft, atomic writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from render_support import write_form

from drafter.cli import main
from drafter.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE
from drafter.form.load import load_form

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(monkeypatch, capsys, *args: object) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["drafter", "render", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def docx_lines(path: Path) -> list[str]:
    """One line per body paragraph of a .docx (line breaks inside a paragraph are layout)."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


@pytest.fixture
def form(tmp_path) -> Path:
    return write_form(tmp_path / "示例县2024.yaml")


def _gappy(data):
    data["数据"]["行政复议"]["受理"] = None
    data["基本信息"]["成文日期"] = None


def test_default_output_is_a_docx_next_to_the_form(monkeypatch, capsys, form):
    code, out, err = run(monkeypatch, capsys, form)
    target = form.with_suffix(".docx")
    assert code == EXIT_OK
    # The fixture writes ASCII commas in Chinese: render puts them right and says where.
    assert err and all(": 提示 已调整 " in line for line in err.splitlines())
    assert out == f"已生成：{target}\n"
    lines = docx_lines(target)
    assert lines[0] == "关于2024年法治政府建设情况的报告"
    assert "1.健全推进机制。县委全面依法治县委员会召开专题会议4次，研究解决重点难点问题。" in lines
    assert "2025年2月8日" in lines and lines[-1] == "（此件公开发布）"


def test_txt_output_equals_text_of_the_docx(monkeypatch, capsys, form, tmp_path):
    assert run(monkeypatch, capsys, form, "--format", "txt")[0] == EXIT_OK
    assert run(monkeypatch, capsys, form, "-o", tmp_path / "报告.docx")[0] == EXIT_OK
    text = form.with_suffix(".txt").read_text(encoding="utf-8")
    assert text.splitlines() == docx_lines(tmp_path / "报告.docx")
    assert "同比下降28.61%" in text and "99.16%" in text


def test_no_placeholder_or_null_reaches_the_page(monkeypatch, capsys, form):
    assert run(monkeypatch, capsys, form, "--format", "txt")[0] == EXIT_OK
    text = form.with_suffix(".txt").read_text(encoding="utf-8")
    for leak in ("{{", "}}", "None", "null", "\ue000"):
        assert leak not in text
    assert not re.search("[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]", text)


def test_format_follows_the_output_suffix(monkeypatch, capsys, form, tmp_path):
    assert run(monkeypatch, capsys, form, "-o", tmp_path / "预览.html")[0] == EXIT_OK
    assert (tmp_path / "预览.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    code, _, err = run(monkeypatch, capsys, form, "-o", tmp_path / "报告.odt")
    assert code == EXIT_UNREADABLE and "--format" in err and not (tmp_path / "报告.odt").exists()


def test_existing_output_needs_force(monkeypatch, capsys, form):
    target = form.with_suffix(".docx")
    target.write_bytes(b"old")
    code, _, err = run(monkeypatch, capsys, form)
    assert code == EXIT_UNREADABLE and "--force" in err
    assert target.read_bytes() == b"old"
    assert run(monkeypatch, capsys, form, "--force")[0] == EXIT_OK
    assert zipfile.is_zipfile(target)


def test_output_may_not_be_the_form(monkeypatch, capsys, form):
    before = form.read_bytes()
    code, _, err = run(monkeypatch, capsys, form, "-o", form, "--format", "txt", "--force")
    assert code == EXIT_UNREADABLE and "不能与输入文件相同" in err
    assert form.read_bytes() == before


def test_missing_output_folder(monkeypatch, capsys, form, tmp_path):
    code, _, err = run(monkeypatch, capsys, form, "-o", tmp_path / "没有这个文件夹" / "报告.docx")
    assert code == EXIT_UNREADABLE and "输出文件夹不存在" in err


def test_unreadable_form(monkeypatch, capsys, tmp_path):
    code, _, err = run(monkeypatch, capsys, tmp_path / "没有.yaml")
    assert code == EXIT_UNREADABLE and "文件不存在" in err


def test_missing_figures_are_listed_with_locations(monkeypatch, capsys, tmp_path):
    form = write_form(tmp_path / "草稿.yaml", _gappy)
    code, out, err = run(monkeypatch, capsys, form)
    assert code == EXIT_FINDINGS and out == ""
    assert not form.with_suffix(".docx").exists()
    source = form.read_text(encoding="utf-8").splitlines()
    lines = err.splitlines()
    # The same findings as drafter check prints (one rule decides both), then the verdict.
    located = {}
    for line in lines[:-1]:
        where, message = line[len(str(form)) + 1:].split(": ", 1)
        located[message.split("：", 1)[1]] = int(where.split(":")[0])
    accepted = ("待填：数据.行政复议.受理（单位：件）（用于 主要举措和成效.章节[5].条目[1].内容）"
                "：填好后才能生成正式文档（--draft 可先出草稿）")
    assert source[located[accepted] - 1].strip().startswith("受理:")
    assert source[located[accepted] - 2].strip() == "行政复议:"
    date = "待填：基本信息.成文日期（如 2025-02-08）：填好后才能生成正式文档（--draft 可先出草稿）"
    assert source[located[date] - 1].strip().startswith("成文日期:")
    assert "--draft" in lines[-1]


def test_draft_marks_missing_figures_in_yellow(monkeypatch, capsys, tmp_path):
    form = write_form(tmp_path / "草稿.yaml", _gappy)
    code, out, _ = run(monkeypatch, capsys, form, "--draft")
    assert code == EXIT_OK and "有 3 处" in out
    target = form.with_suffix(".docx")
    assert "【待填：成文日期】" in docx_lines(target)
    body = docx.Document(str(target)).element.body
    marked = [r for r in body.iter(f"{W}r") if "【待填：" in "".join(t.text or "" for t in r.iter(f"{W}t"))]
    assert len(marked) == 3
    for run_element in marked:
        assert run_element.find(f"{W}rPr/{W}highlight").get(f"{W}val") == "yellow"


def test_form_with_errors_is_refused_like_check_prints_them(monkeypatch, capsys, tmp_path):
    def edit(data):
        data["数据"]["行政复议"]["受理"] = "四十五件"
        data["基本信息"]["层级"] = "镇"
    form = write_form(tmp_path / "有错.yaml", edit)
    code, out, err = run(monkeypatch, capsys, form)
    assert code == EXIT_FINDINGS and not form.with_suffix(".docx").exists()
    lines = err.splitlines()
    assert any(line.startswith(f"{form}:") and "错误 [schema] 数据.行政复议.受理：应为整数" in line for line in lines)
    assert any(line.startswith(f"{form}:") and "错误 [schema] 基本信息.层级" in line for line in lines)
    assert lines[-1] == f"{form}：表单有 2 处结构错误，无法读取，请按上面的提示修改（草稿也需要表单能读取）"


def test_unknown_figure_in_text_is_refused_before_rendering(monkeypatch, capsys, tmp_path):
    form = write_form(tmp_path / "有错.yaml", lambda d: d.__setitem__("导语", "全年受理{{ 行政复议.收理 }}件。"))
    code, _, err = run(monkeypatch, capsys, form)
    assert code == EXIT_FINDINGS
    assert "错误 [placeholder] 导语：{{ 行政复议.收理 }}：“行政复议”中没有指标“收理”，你是不是想写“受理”？" in err


def test_text_that_cannot_render_points_at_the_form(monkeypatch, capsys, tmp_path):
    form = write_form(tmp_path / "比率.yaml", lambda d: d.__setitem__("导语", "出庭应诉率{{ 行政应诉.出庭应诉率 | 同比 }}。"))
    code, _, err = run(monkeypatch, capsys, form)
    line = load_form(form).data.lc.value("导语")[0] + 1
    assert code == EXIT_FINDINGS
    assert err.startswith(f"错误：{form}:{line}:") and "导语：行政应诉.出庭应诉率是比率" in err


def test_failed_render_leaves_the_old_file_whole(monkeypatch, capsys, tmp_path):
    form = write_form(tmp_path / "示例县.yaml", _gappy)
    target = form.with_suffix(".docx")
    target.write_bytes(b"last good version")
    assert run(monkeypatch, capsys, form, "--force")[0] == EXIT_FINDINGS
    assert target.read_bytes() == b"last good version"


def test_failed_write_leaves_the_old_file_whole(monkeypatch, capsys, form, tmp_path):
    import drafter.writers.docx

    def broken(doc, stream, style):
        stream.write(b"half a file")
        raise RuntimeError("disk trouble")

    monkeypatch.setitem(drafter.writers.WRITERS, "docx", drafter.writers.WRITERS["docx"].__class__(
        ".docx", "Word", broken))
    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path))
    target = form.with_suffix(".docx")
    target.write_bytes(b"last good version")
    code, _, err = run(monkeypatch, capsys, form, "--force")
    assert code == EXIT_INTERNAL and "内部错误" in err
    assert target.read_bytes() == b"last good version"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".log") == sorted([form.name, target.name])


def test_style_profile_sets_number_format(monkeypatch, capsys, form, tmp_path):
    profile = tmp_path / "本单位.yaml"
    profile.write_text("数字:\n  小数位数: 1\n", encoding="utf-8")
    assert run(monkeypatch, capsys, form, "--format", "txt", "--style", profile)[0] == EXIT_OK
    assert "出庭应诉率99.2%" in form.with_suffix(".txt").read_text(encoding="utf-8")


def test_bad_style_profile(monkeypatch, capsys, form, tmp_path):
    profile = tmp_path / "坏.yaml"
    profile.write_text("数字:\n  舍入方式: 进一\n", encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, form, "--style", profile)
    assert code == EXIT_UNREADABLE and "舍入方式" in err
    code, _, err = run(monkeypatch, capsys, form, "--style", tmp_path / "没有.yaml")
    assert code == EXIT_UNREADABLE and "找不到样式配置文件" in err


def test_custom_templates(monkeypatch, capsys, form, tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "report.j2").write_text("{{ doc.title(meta.display_title()) }}\n{{ doc.date(meta.date) }}\n",
                                      encoding="utf-8")
    assert run(monkeypatch, capsys, form, "--format", "txt", "--templates", folder)[0] == EXIT_OK
    assert form.with_suffix(".txt").read_text(encoding="utf-8") == "关于2024年法治政府建设情况的报告\n2025年2月8日\n"
    (folder / "report.j2").write_text("{{ doc.title(meta.display_title()) }}\n{% if %}\n", encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, form, "--format", "txt", "--templates", folder, "--force")
    assert code == EXIT_FINDINGS and err.startswith(f"错误：{folder / 'report.j2'}:2: 版式模板语法错误")
    code, _, err = run(monkeypatch, capsys, form, "--templates", tmp_path / "没有")
    assert code == EXIT_UNREADABLE and "模板文件夹不存在" in err


@pytest.mark.slow
def test_end_to_end_in_a_subprocess(tmp_path):
    form = write_form(tmp_path / "示例县.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "drafter", "render", str(form), "--format", "txt"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_OK, done.stderr
    assert form.with_suffix(".txt").read_text(encoding="utf-8").startswith("关于2024年法治政府建设情况的报告\n")



def test_locked_output_is_explained(monkeypatch, capsys, form):
    import drafter.form.files

    def locked(source, target):
        raise PermissionError(13, "Permission denied")

    target = form.with_suffix(".docx")
    target.write_bytes(b"open in Word")
    monkeypatch.setattr(drafter.form.files.os, "replace", locked)
    code, _, err = run(monkeypatch, capsys, form, "--force")
    assert code == EXIT_UNREADABLE and "正在被 Word/WPS 打开" in err
    assert target.read_bytes() == b"open in Word"
    assert sorted(p.name for p in form.parent.iterdir()) == sorted([form.name, target.name])
