"""附件说明: from the form (附件) to the page, from a new form, and from an imported report."""

from __future__ import annotations

import docx
from _forms import dump, form_data

from drafter.doctree import Kind
from drafter.render import render_report
from drafter.form.load import load_form, parse_yaml


def _render(tmp_path, names):
    data = form_data()
    data["附件"] = names
    path = tmp_path / "表单.yaml"
    path.write_text(dump(data), encoding="utf-8")
    form = load_form(path)
    assert form.problems == []
    return render_report(form.report)


def _attachment_lines(document):
    return [b.text for b in document.blocks if b.kind is Kind.ATTACHMENT]


def test_one_attachment_is_not_numbered(tmp_path):
    assert _attachment_lines(_render(tmp_path, ["示例县行政执法数据统计表"])) == ["附件：示例县行政执法数据统计表"]


def test_several_attachments_are_numbered_and_sit_between_closing_and_signature(tmp_path):
    document = _render(tmp_path, ["示例县行政执法数据统计表", "示例县法治政府建设工作台账"])
    assert _attachment_lines(document) == ["附件：1.示例县行政执法数据统计表", "2.示例县法治政府建设工作台账"]
    kinds = [b.kind for b in document.blocks]
    assert kinds.index(Kind.CLOSING) < kinds.index(Kind.ATTACHMENT) < kinds.index(Kind.SIGNATURE)
    assert document.blocks[kinds.index(Kind.ATTACHMENT)].source == "附件[1]"


def test_no_attachments_no_lines(tmp_path):
    assert _attachment_lines(_render(tmp_path, [])) == []


def test_attachments_reach_the_docx(tmp_path, run_cli):
    data = form_data()
    data["附件"] = ["示例县行政执法数据统计表", "示例县法治政府建设工作台账"]
    form = tmp_path / "表单.yaml"
    form.write_text(dump(data), encoding="utf-8")
    code, _, _ = run_cli("render", str(form), "-o", str(tmp_path / "a.docx"))
    assert code == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs]
    assert "附件：1.示例县行政执法数据统计表" in texts and "2.示例县法治政府建设工作台账" in texts


def test_blank_attachment_name_is_refused(write_form, blank_form_text):
    form = load_form(write_form(blank_form_text.replace("附件: []", "附件: [\"  \"]")))
    assert [p.message for p in form.problems] == ["附件名称不能为空"]


def test_new_form_has_an_empty_attachment_list(blank_form_text):
    assert parse_yaml(blank_form_text, "x")["附件"] == []


def test_imported_attachments_are_written_to_the_form(tmp_path, run_cli):
    source = tmp_path / "示例县2024年报告.txt"
    source.write_text("关于2024年法治政府建设情况的报告\n2024年，示例县扎实推进法治政府建设。\n"
                      "一、主要举措和成效\n全县推行行政执法三项制度。\n二、存在的不足和原因\n基层力量薄弱。\n"
                      "三、2025年工作安排\n加强执法培训。\n特此报告。\n附件：1.示例县行政执法数据统计表\n"
                      "2.示例县法治政府建设工作台账\n示例县人民政府\n2025年2月10日\n", encoding="utf-8")
    code, _, _ = run_cli("import", str(source))
    assert code == 0
    report = load_form(source.with_suffix(".yaml")).report
    assert report.attachments == ["示例县行政执法数据统计表", "示例县法治政府建设工作台账"]
