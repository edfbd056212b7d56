"""The layout template: a custom templates folder is used, a broken one is reported with file and line."""

from __future__ import annotations

import shutil

import pytest
from render_support import blocks, load_report

from drafter.doctree import Kind
from drafter.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DrafterError
from drafter.paths import TEMPLATES_DIR
from drafter.render import RenderError, render_report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return load_report(tmp_path_factory.mktemp("templates"))


def _folder(tmp_path, text: str):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "report.j2").write_text(text, encoding="utf-8")
    return folder


def test_default_template_is_the_shipped_file():
    assert (TEMPLATES_DIR / "report.j2").is_file()


def test_edited_copy_of_the_default_template_is_honoured(tmp_path, report):
    folder = tmp_path / "本单位模板"
    shutil.copytree(TEMPLATES_DIR, folder)
    layout = folder / "report.j2"
    text = layout.read_text(encoding="utf-8")
    text = text.replace("{{ doc.closing(form.closing) }}\n", "")
    text = text.replace("{{ doc.paragraphs(form.intro) }}\n",
                        "{{ doc.paragraphs(form.intro) }}\n{{ doc.paragraphs('本报告由县司法局汇总(初稿)。') }}\n")
    layout.write_text(text, encoding="utf-8")
    doc = render_report(report, templates_dir=folder)
    assert not blocks(doc, Kind.CLOSING)
    paragraphs = blocks(doc, Kind.PARAGRAPH)
    assert paragraphs[1].text == "本报告由县司法局汇总（初稿）。"
    assert render_report(report).blocks != doc.blocks


def test_template_can_reorder_parts_and_number_them(tmp_path, report):
    folder = _folder(tmp_path, """\
{{ doc.title(meta.display_title()) }}
{% for key in ["存在的不足和原因", "第一责任人履职"] %}
{% set part = form.part(key) %}
{{ doc.heading(1, loop.index, part.title, part.text, part.loc) }}
{% endfor %}
{{ doc.date(meta.date) }}
""")
    doc = render_report(report, templates_dir=folder)
    assert [b.text for b in doc.blocks] == [
        "关于2024年法治政府建设情况的报告", "一、存在的不足和原因",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "县政府主要负责人带头学法用法，全年主持政府常务会议学法12次，组织领导干部旁听庭审3次。",
        "2025年2月8日",
    ]


def test_syntax_error_reports_file_and_line(tmp_path, report):
    folder = _folder(tmp_path, "{{ doc.title(meta.display_title()) }}\n\n{% for part in form.parts %}\n")
    with pytest.raises(RenderError) as caught:
        render_report(report, templates_dir=folder)
    error = caught.value
    assert error.file == str(folder / "report.j2") and error.line == 3
    assert error.message.startswith("版式模板语法错误")
    assert error.exit_code == EXIT_FINDINGS
    assert str(error).startswith(f"{folder / 'report.j2'}:3: ")


@pytest.mark.parametrize("line2, message", [
    ("{{ doc.title(form.no_such_thing) }}", "未定义"),
    ("{{ doc.heading(5, 1, 'x') }}", "标题层级只能是 1 到 4"),
    ("{{ doc.no_such_method() }}", "未定义"),
])
def test_runtime_error_reports_file_and_line(tmp_path, report, line2, message):
    folder = _folder(tmp_path, "{{ doc.title(meta.display_title()) }}\n" + line2 + "\n")
    with pytest.raises(RenderError) as caught:
        render_report(report, templates_dir=folder)
    assert (caught.value.file, caught.value.line) == (str(folder / "report.j2"), 2)
    assert caught.value.message.startswith("版式模板出错") and message in caught.value.message


def test_text_outside_builder_calls_is_refused(tmp_path, report):
    folder = _folder(tmp_path, "{{ doc.title(meta.display_title()) }}\n特此报告\n")
    with pytest.raises(RenderError, match="没有放进 doc"):
        render_report(report, templates_dir=folder)


def test_form_text_errors_keep_their_form_location(tmp_path, report):
    folder = _folder(tmp_path, "{{ doc.paragraphs(form.intro) }}\n{{ doc.paragraphs('{{ 行政复议.收理 }}') }}\n")
    with pytest.raises(RenderError) as caught:
        render_report(report, templates_dir=folder)
    assert "你是不是想写“受理”" in caught.value.message and caught.value.file is None


def test_missing_folder_or_layout(tmp_path, report):
    with pytest.raises(DrafterError, match="模板文件夹不存在") as caught:
        render_report(report, templates_dir=tmp_path / "没有")
    assert caught.value.exit_code == EXIT_UNREADABLE
    with pytest.raises(DrafterError, match="没有版式模板 report.j2"):
        render_report(report, templates_dir=tmp_path)


def test_templates_cannot_reach_python_internals(tmp_path, report):
    folder = _folder(tmp_path, "{{ doc.title(doc.__class__.__init__.__globals__) }}\n")
    with pytest.raises(RenderError, match="版式模板出错"):
        render_report(report, templates_dir=folder)
