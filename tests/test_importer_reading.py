"""Reading last year's file: encodings, .docx paragraphs and tables, refused formats."""

from __future__ import annotations

import shlex

import docx
import pytest
from docx.oxml import OxmlElement

from drafter.importer import ImportFailure, read_source

LINES = ["示例县2024年法治政府建设情况报告", "2024年，示例县扎实推进依法行政。", "一、主要举措和成效"]
TEXT = "\n".join(LINES) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_files_in_every_common_encoding(tmp_path, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_source(path) == LINES


def test_windows_line_endings(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    assert read_source(path) == LINES


def test_undecodable_text_is_refused_in_chinese(tmp_path):
    path = tmp_path / "乱码.txt"
    path.write_bytes(b"\xfd\x80\x80\x81 \xff")
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    assert "编码" in failure.value.message and "乱码.txt" in failure.value.message


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "空.txt"
    path.write_text(" \n\u3000\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="没有读到文字"):
        read_source(path)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(ImportFailure, match="找不到文件"):
        read_source(tmp_path / "没有.docx")
    odt = tmp_path / "报告.odt"
    odt.write_bytes(b"odt")
    with pytest.raises(ImportFailure, match="不支持的文件类型"):
        read_source(odt)


def _docx_with_table(path):
    document = docx.Document()
    document.add_paragraph("示例县2024年法治政府建设情况报告")
    document.add_paragraph("一、主要举措和成效")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "指标"
    table.cell(0, 2).text = "数值"
    table.cell(1, 0).text = "行政复议"
    table.cell(1, 1).text = "受理"
    table.cell(1, 2).text = "12件"
    table.cell(2, 0).text = "行政应诉"
    table.cell(2, 1).text = "出庭"
    table.cell(2, 2).text = "第一行\n第二行"
    paragraph = document.add_paragraph("示例县人民政府")
    paragraph.add_run().add_break()
    paragraph.add_run("2025年1月20日")
    document.save(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    path = tmp_path / "报告.docx"
    _docx_with_table(path)
    items = read_source(path)
    assert items[:2] == ["示例县2024年法治政府建设情况报告", "一、主要举措和成效"]
    assert items[2].rows == [["指标", "", "数值"], ["行政复议", "受理", "12件"], ["行政应诉", "出庭", "第一行第二行"]]
    assert items[3:] == ["示例县人民政府", "2025年1月20日"]


def test_docx_content_controls_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("导语")
    inner = document.add_paragraph("控件里的段落")._p
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner.addprevious(sdt)
    content.append(inner)
    sdt.append(content)
    document.add_paragraph("结尾")
    path = tmp_path / "控件.docx"
    document.save(path)
    assert read_source(path) == ["导语", "控件里的段落", "结尾"]


def test_fake_docx_is_refused_with_save_as_advice(tmp_path):
    path = tmp_path / "改了扩展名.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    assert "另存为" in failure.value.message and ".docx" in failure.value.message


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".DOC"])
def test_legacy_formats_explain_how_to_convert(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"去年 报告{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)   # an OLE2 compound file
    monkeypatch.setattr("drafter.importer.reading.shutil.which", lambda name: None)
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    message = failure.value.message
    assert "另存为" in message and "Word 文档 (*.docx)" in message and "WPS" in message
    assert "soffice" not in message

    monkeypatch.setattr("drafter.importer.reading.shutil.which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    assert f"soffice --headless --convert-to docx '{path}'" in failure.value.message


def test_pdf_is_refused_with_advice(tmp_path, monkeypatch):
    path = tmp_path / "报告.pdf"
    path.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr("drafter.importer.reading.shutil.which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(ImportFailure) as failure:
        read_source(path)
    message = failure.value.message
    assert "PDF" in message and "另存为" in message
    assert f"soffice --headless --infilter=writer_pdf_import --convert-to docx {shlex.quote(str(path))}" in message


def test_the_format_is_decided_by_the_content_not_the_name(tmp_path):
    """A real .docx saved as 报告.doc is read; a .doc renamed .docx is refused with the advice."""
    named_doc = tmp_path / "去年报告.doc"
    document = docx.Document()
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    document.save(str(named_doc))
    assert read_source(named_doc) == ["关于2024年法治政府建设情况的报告"]
    renamed = tmp_path / "改名.docx"
    renamed.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ImportFailure) as failure:
        read_source(renamed)
    assert "另存为" in failure.value.message and ".docx" in failure.value.message


def test_wps_is_named_as_the_product_is():
    from drafter.importer.reading import _LEGACY

    assert _LEGACY[".wps"] == "WPS文字文档" and " 文字" not in "".join(_LEGACY.values())
