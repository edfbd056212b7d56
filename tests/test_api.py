"""drafter.api: every function the CLI and the browser form call, without printing or exiting."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
import pytest

from drafter import api
from drafter.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DrafterError, Refused

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"
LAST_YEAR = Path(__file__).parent / "fixtures" / "示例县2023年法治政府建设报告.yaml"


@pytest.fixture
def sample():
    return api.load_form(SAMPLE)


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


# ---------------------------------------------------------------- loading


def test_load_form_text_is_load_form_without_a_file(sample):
    form = api.load_form_text(SAMPLE.read_text(encoding="utf-8"), "上传的表单.yaml")
    assert form.report == sample.report
    assert form.name == "上传的表单.yaml"


def test_load_form_text_locates_yaml_errors_at_its_name():
    with pytest.raises(DrafterError) as info:
        api.load_form_text("基本信息:\n  年度: 2024\n\t地区: 示例县\n", "网页表单.yaml")
    assert (info.value.file, info.value.line, info.value.column) == ("网页表单.yaml", 3, 1)
    assert info.value.exit_code == EXIT_UNREADABLE


def test_load_form_text_is_bounded():
    with pytest.raises(DrafterError, match="表单过大"):
        api.load_form_text("# " + "长" * (2 * 1024 * 1024) + "\n")


def test_load_form_of_a_missing_file_is_a_chinese_error(tmp_path):
    with pytest.raises(DrafterError, match="文件不存在"):
        api.load_form(tmp_path / "没有.yaml")


# ---------------------------------------------------------------- checking


def test_check_returns_findings_by_level(sample):
    form = api.load_form_text(SAMPLE.read_text(encoding="utf-8").replace("受理: 8", "受理: -3", 1))
    result = api.check(form)
    assert result.errors and all(f.level.value == "错误" for f in result.errors)
    assert set(map(id, result.errors + result.warnings + result.hints)) == set(map(id, result.findings))
    assert not result.can_render
    clean = api.check(sample)
    assert not clean.errors and clean.can_render


def test_can_render_is_false_when_render_would_refuse_for_a_value_the_text_needs():
    blank = api.load_form_text(api.new_form("示例县", 2024, "县"))
    result = api.check(blank)
    # check reports what render needs (成文日期 still 待填) as an error: one rule decides both
    assert "基本信息.成文日期" in {f.path for f in result.blocking}
    assert not result.can_render
    with pytest.raises(Refused):
        api.render(blank, "txt")


def test_check_disables_rules_and_takes_last_year(sample):
    previous = api.load_form(LAST_YEAR)
    rules = {f.rule for f in api.check(sample, previous=previous).findings}
    disabled = api.check(sample, previous=previous, disabled=frozenset(rules - {"schema"})).findings
    assert rules and not {f.rule for f in disabled} - {"schema"}


def test_check_reads_a_targets_file_by_path(sample, tmp_path):
    broken = tmp_path / "指标.yaml"
    broken.write_text("不是指标: 1\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="指标文件有错误"):
        api.check(sample, targets=broken)


# ---------------------------------------------------------------- rendering


def test_render_returns_the_bytes_of_each_format(sample):
    assert api.formats() == ["docx", "txt", "html", "pdf"]  # pdf: tests/test_pdf.py
    text = api.render(sample, "txt").data.decode("utf-8")
    assert text.startswith("关于2024年法治政府建设情况的报告")
    html = api.render(sample, "html").data.decode("utf-8")
    assert "<html" in html and "关于2024年法治政府建设情况的报告" in html
    word = docx.Document(io.BytesIO(api.render(sample, "docx").data))
    assert any("关于2024年法治政府建设情况的报告" in p.text for p in word.paragraphs)
    assert api.suffix("docx") == ".docx"


def test_render_refuses_an_unknown_format(sample):
    with pytest.raises(DrafterError, match="不支持的输出格式"):
        api.render(sample, "pdfx")


def test_render_refuses_a_form_with_errors_listing_them():
    form = api.load_form_text(SAMPLE.read_text(encoding="utf-8").replace("受理: 8", "受理: -3", 1))
    with pytest.raises(Refused) as info:
        api.render(form, "txt")
    assert info.value.exit_code == EXIT_FINDINGS
    assert "表单有" in info.value.lines[-1] and any("受理" in line for line in info.value.lines[:-1])


def test_render_of_a_draft_counts_its_marks_and_annotate_says_what_it_did(sample):
    blank = api.load_form_text(api.new_form("示例县", 2024, "县"))
    draft = api.render(blank, "txt", draft=True)
    assert draft.marks >= 1 and "【待填" in draft.data.decode("utf-8")
    annotated = api.render(sample, "docx", annotate=True)
    assert annotated.notes and "Word 批注" in annotated.notes[0]
    assert "只对 Word 文档有效" in api.render(sample, "txt", annotate=True).warnings[0]


def test_render_reports_removed_invisible_characters(sample):
    text = SAMPLE.read_text(encoding="utf-8").replace("地区: 示例县", '地区: "示例\\x07县"', 1)
    result = api.render(api.load_form_text(text, "带零宽.yaml"), "txt")
    assert result.removed and result.removed[0].startswith("带零宽.yaml:13:")


def _count_layouts(monkeypatch):
    import drafter.render as render

    calls = []
    real = render.run_layout

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "run_layout", counted)
    return calls


def test_render_reuses_the_layout_its_check_built(sample, monkeypatch):
    fresh = api.render(sample, "txt").data
    calls = _count_layouts(monkeypatch)
    checked = api.check(sample, blocking_only=True)
    assert checked.layout is not None and len(calls) == 1
    assert api.render(sample, "txt", checked=checked).data == fresh
    assert len(calls) == 1                      # render laid nothing out again
    api.render(sample, "txt")                   # without a check result: checked and laid out once
    assert len(calls) == 2


def test_a_reused_layout_is_not_changed_by_rendering(monkeypatch):
    text = SAMPLE.read_text(encoding="utf-8").replace("    受理: 812\n", "    受理: null\n", 1)
    form = api.load_form_text(text.replace("导语: 过去一年", "导语: 共开展专项检查 次。过去一年", 1))
    checked = api.check(form)
    before = checked.layout.document.plain_text()
    first = api.render(form, "txt", draft=True, checked=checked).data.decode("utf-8")
    second = api.render(form, "txt", draft=True, checked=checked).data.decode("utf-8")
    assert first == second and first.count("正文有未填的数字") == 1   # the error is marked once, not twice
    assert checked.layout.document.plain_text() == before
    with pytest.raises(Refused):                # the final document stays refused
        api.render(form, "txt", checked=checked)


def test_a_layout_built_otherwise_is_not_reused(sample, monkeypatch, tmp_path):
    profile = tmp_path / "一位小数.yaml"
    profile.write_text("数字:\n  小数位数: 1\n", encoding="utf-8")
    checked = api.check(sample)
    calls = _count_layouts(monkeypatch)
    one_place = api.render(sample, "txt", style=profile, checked=checked).data.decode("utf-8")
    assert len(calls) == 1                      # another number format: laid out anew
    assert one_place != api.render(sample, "txt", checked=checked).data.decode("utf-8")
    assert len(calls) == 1
    assert one_place == api.render(sample, "txt", style=profile).data.decode("utf-8")
    assert len(calls) == 3                      # its own check, then its own layout
    public = api.check(sample, public=True)
    api.render(sample, "html", public=True, checked=public)
    assert len(calls) == 5                      # the public copy leaves parts out: its own layout


def test_a_text_that_cannot_be_rendered_refuses_the_final_document_from_the_reused_layout(sample):
    text = SAMPLE.read_text(encoding="utf-8").replace("导语: 过去一年", "导语: 共受理{{ 行政复议.收理 }}件。过去一年", 1)
    form = api.load_form_text(text)
    checked = api.check(form)
    assert not checked.can_render and checked.layout.failures
    with pytest.raises(DrafterError, match="你是不是想写“受理”"):
        api.render(form, "txt", checked=api.check(form, disabled=frozenset({"placeholder"})))
    draft = api.render(form, "txt", draft=True, checked=checked).data.decode("utf-8")
    assert "{{ 行政复议.收理 }}" in draft


# ---------------------------------------------------------------- editing


def test_edit_values_changes_only_the_lines_it_edits(sample):
    text = api.edit_values(sample, {("数据", "行政复议", "受理"): 9, ("基本信息", "地区"): "样例县"})
    changed = _changed_lines(sample.text, text)
    assert len(changed) == 2
    assert all(old.split(":")[0] == new.split(":")[0] for old, new in changed)
    edited = api.load_form_text(text)
    assert edited.report.figures.model_dump(by_alias=True)["行政复议"]["受理"] == 9
    assert edited.report.meta.region == "样例县"
    assert api.load_form(SAMPLE).text == sample.text     # the form itself is untouched


def test_edit_values_keeps_an_end_of_line_comment():
    form = api.load_form_text("基本信息:\n  年度: 2024   # 报告年度\n  地区: 示例县\n")
    assert api.edit_values(form, {("基本信息", "年度"): 2025}) == "基本信息:\n  年度: 2025   # 报告年度\n  地区: 示例县\n"


def test_edit_values_refuses_a_place_the_form_does_not_have(sample):
    with pytest.raises(DrafterError, match="没有“数据.没有这组.受理”"):
        api.edit_values(sample, {("数据", "没有这组", "受理"): 1})


def test_fix_returns_the_fixed_text_and_the_fields(sample):
    text = SAMPLE.read_text(encoding="utf-8").replace("逐项细化措施、压实责任", "逐项细化措施,压实责任", 1)
    form = api.load_form_text(text)
    result = api.fix(form)
    assert [f.path for f in result.fixed] == ["主要举措和成效.内容"]
    assert len(_changed_lines(text, result.text)) == 1 and "逐项细化措施，压实责任" in result.text
    assert api.fix(sample).text == sample.text and not api.fix(sample).fixed


# ---------------------------------------------------------------- import, rollover, diff, new


def test_import_document_from_bytes():
    source = "关于2023年法治政府建设情况的报告\n\n一、主要举措和成效\n全县依法行政水平稳步提升。\n".encode("gb18030")
    result = api.import_document(source, "示例县2023年报告.txt", region="示例县", today=date(2024, 1, 5))
    form = api.load_form_text(result.text)
    assert form.report is not None and form.report.meta.year == 2023
    assert result.summary[0].startswith("已导入：示例县2023年报告.txt → 示例县2023年报告.yaml")


def test_import_document_refuses_a_pdf_with_advice():
    with pytest.raises(DrafterError, match="PDF") as info:
        api.import_document(b"%PDF-1.4", "报告.pdf")
    assert info.value.file == "报告.pdf"


def test_rollover_returns_next_years_text_and_name():
    last = api.load_form(LAST_YEAR)
    result = api.rollover(last)
    assert (result.old_year, result.year) == (2023, 2024)
    assert result.default_name == "示例县2024年法治政府建设报告.yaml"
    assert api.load_form_text(result.text).report.meta.year == 2024
    assert api.load_form(LAST_YEAR).text == last.text


def test_rollover_refuses_a_form_with_schema_errors():
    form = api.load_form_text("基本信息:\n  年度: 二〇二四\n")
    with pytest.raises(DrafterError, match="表单有 .* 处错误"):
        api.rollover(form)


def test_diff_and_its_outputs():
    last = api.load_form(Path(__file__).parent / "fixtures" / "对比_上年.yaml")
    this = api.load_form(Path(__file__).parent / "fixtures" / "对比_本年.yaml")
    d = api.diff(last, this)
    rows = json.loads(api.diff_output(d, "json"))
    assert rows and api.diff_output(d, "csv").splitlines()[0].startswith("类别,组,指标")


def test_new_form_is_a_valid_blank_form():
    form = api.load_form_text(api.new_form("样例市", 2025, "市"))
    assert form.report.meta.region == "样例市" and form.report.meta.year == 2025
    with pytest.raises(DrafterError):
        api.new_form("样例市", 2025, "村")


# ---------------------------------------------------------------- saving


def test_save_never_overwrites_without_force(tmp_path):
    target = tmp_path / "表单.yaml"
    api.save(target, "甲: 1\n")
    with pytest.raises(DrafterError, match="已存在"):
        api.save(target, "甲: 2\n")
    api.save(target, "甲: 2\n", force=True)
    assert target.read_text(encoding="utf-8") == "甲: 2\n"


def test_save_with_expected_refuses_a_file_changed_meanwhile(tmp_path):
    target = tmp_path / "表单.yaml"
    target.write_bytes(b"a: 1\n")
    api.save(target, "a: 2\n", expected=b"a: 1\n")
    assert target.read_bytes() == b"a: 2\n"
    with pytest.raises(DrafterError, match="已被其他程序修改"):
        api.save(target, "a: 3\n", expected=b"a: 1\n")
    assert target.read_bytes() == b"a: 2\n"


def test_save_refuses_to_write_over_an_input(tmp_path):
    source = tmp_path / "上年.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="不能与输入文件相同"):
        api.save(source, "a: 2\n", force=True, inputs=(source,))


# ---------------------------------------------------------------- the smaller helpers the CLI uses


def test_format_labels_and_suffixes_come_from_the_writer_registry():
    from drafter.writers import WRITERS

    assert api.formats() == list(WRITERS) and set(api.format_labels()) == set(WRITERS)
    assert all(api.suffix(name) == WRITERS[name].suffix for name in WRITERS)
    with pytest.raises(DrafterError, match="不支持的输出格式"):
        api.suffix("odt")


def test_schema_text_is_the_committed_schema():
    assert json.loads(api.schema_text())["title"] and json.loads(api.schema_text(targets=True))["title"]
    assert api.schema_text() == (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")


def test_fix_file_backs_up_the_form_first(tmp_path):
    form = tmp_path / "表单.yaml"
    form.write_text(SAMPLE.read_text(encoding="utf-8").replace("逐项细化措施、压实责任", "逐项细化措施,压实责任", 1),
                    encoding="utf-8")
    original = form.read_bytes()
    fixed = api.fix_file(form)
    assert [f.path for f in fixed] == ["主要举措和成效.内容"]
    assert api.backup_path(form) == tmp_path / "表单.yaml.bak" and api.backup_path(form).read_bytes() == original
    with pytest.raises(DrafterError, match="备份文件"):
        form.write_bytes(original)
        api.fix_file(form)


def test_valid_report_lists_the_errors_of_a_form_that_does_not_validate():
    assert api.valid_report(api.load_form(SAMPLE)).report is not None
    text = SAMPLE.read_text(encoding="utf-8").replace("年度: 2024", "年度: 二〇二四", 1)
    with pytest.raises(DrafterError, match="表单有 1 处错误") as info:
        api.valid_report(api.load_form_text(text, "坏.yaml"))
    assert info.value.exit_code == EXIT_FINDINGS and "坏.yaml:12:" in info.value.message and "应为整数" in info.value.message


def test_import_source_and_target(tmp_path):
    source = tmp_path / "上年.txt"
    source.write_text("关于2023年法治政府建设情况的报告\n", encoding="utf-8")
    assert api.read_import_source(source) == source.read_bytes()
    assert api.import_target(source) == tmp_path / "上年.yaml"
    with pytest.raises(DrafterError, match="找不到文件"):
        api.read_import_source(tmp_path / "没有.docx")


def test_check_target_refuses_before_any_work(tmp_path):
    existing = tmp_path / "已有.docx"
    existing.write_bytes(b"old")
    with pytest.raises(DrafterError, match="已存在"):
        api.check_target(existing)
    api.check_target(existing, force=True)
    with pytest.raises(DrafterError, match="文件夹不存在"):
        api.check_target(tmp_path / "没有" / "新.docx")


def test_loaded_form_types_are_reachable_without_loading_yaml_at_import():
    assert api.LoadedForm.__name__ == "LoadedForm" and api.Loc is not None
