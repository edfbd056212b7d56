"""`drafter render --annotate`: findings become Word comments anchored at their paragraphs."""

from __future__ import annotations

import docx
from _forms import dump, form_data

from drafter.checks import Finding, Level
from drafter.doctree import Document, Kind, Run
from drafter.render.annotate import annotate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc() -> Document:
    doc = Document()
    doc.add(Kind.TITLE, "关于2024年法治政府建设情况的报告", source="基本信息.标题")
    doc.add(Kind.HEADING, Run("（一）"), Run("标题"), level=2, source="主要举措和成效.章节[1]")
    doc.add(Kind.PARAGRAPH, "正文", source="主要举措和成效.章节[1].内容")
    doc.add(Kind.HEADING, Run("1."), Run("小标题。"), Run("正文"), level=3, source="主要举措和成效.章节[1].条目[1]")
    doc.add(Kind.PARAGRAPH, "其他", source="主要举措和成效.章节[10].内容")
    return doc


def _finding(path: str, level: Level = Level.WARNING, rule: str = "doubled-punct",
             message: str = "有 1 处标点重复（如“成效，，现将”）") -> Finding:
    return Finding(level, rule, message, path, "表单.yaml", 12, 5)


def test_finding_lands_on_the_paragraph_of_its_field():
    doc = _doc()
    assert annotate(doc, [_finding("主要举措和成效.章节[1].条目[1].内容")]) == (1, 0, 0)
    assert doc.blocks[3].comments == ["请核对：有 1 处标点重复（如“成效，，现将”）。"]
    assert all(not b.comments for i, b in enumerate(doc.blocks) if i != 3)


def test_prefix_matches_whole_segments_only():
    doc = _doc()
    annotate(doc, [_finding("主要举措和成效.章节[10].内容")])
    assert doc.blocks[4].comments and not doc.blocks[1].comments


def test_figure_findings_go_to_the_title_but_hints_there_are_dropped():
    doc = _doc()
    result = annotate(doc, [_finding("数据.行政复议.办结", Level.ERROR), _finding("数据.信访.受理", Level.HINT)])
    assert result == (0, 1, 0)
    assert doc.blocks[0].comments == ["请修改：有 1 处标点重复（如“成效，，现将”）。"]


def test_notes_speak_of_the_document_not_of_the_form():
    """A Word reviewer sees neither YAML nor placeholders nor rule ids; what render fixed is left out."""
    doc = _doc()
    findings = [
        _finding("主要举措和成效.章节[1].内容", Level.ERROR, "text-figure",
                 "正文“受理45件”与数据不符：行政复议.受理 = 40件。建议改用 {{ 行政复议.受理 }}"),
        _finding("数据.行政复议.受理", Level.ERROR, "missing-figure",
                 "待填：数据.行政复议.受理（单位：件）（用于 主要举措和成效.章节[1].内容）：填好后才能生成正式文档"
                 "（--draft 可先出草稿）"),
        _finding("主要举措和成效.章节[2]", Level.WARNING, "empty-text",
                 "主要举措和成效中纲要领域“行政决策”还没有内容，生成文档时略去这一节；确不涉及的，写 不涉及: true"),
        _finding("主要举措和成效.章节[1].内容", Level.WARNING, "ascii-punct", "有 1 处英文标点用在中文里"),
        _finding("主要举措和成效.章节[1].内容", Level.HINT, "literal-figure", "正文直接写了“45件”：建议改用 {{ 行政复议.受理 }}"),
    ]
    annotate(doc, findings)
    notes = [note for block in doc.blocks for note in block.comments]
    assert notes == ["请修改：尚缺“本年受理的行政复议案件数”（单位：件）：填好后才能生成正式文档。",
                     "请核对：主要举措和成效中纲要领域“行政决策”还没有内容，生成文档时略去这一节。",
                     "请修改：正文“受理45件”与数据不符：“本年受理的行政复议案件数” = 40件。"]
    for note in notes:
        assert not any(mark in note for mark in ("{{", "数据.", "章节[", "[", "第 12 行", "drafter", "--", ": true"))


def _comment_anchors(path):
    """(comment text, text of the paragraph holding its range start) for every comment."""
    document = docx.Document(str(path))
    texts = {str(c.comment_id): c.text for c in document.comments}
    out = []
    for paragraph in document.paragraphs:
        for start in paragraph._p.iter(f"{W}commentRangeStart"):
            out.append((texts[start.get(f"{W}id")], paragraph.text))
    return out


def test_render_annotate_puts_comments_in_the_docx(run_cli, tmp_path):
    data = form_data()
    data["主要举措和成效"]["章节"][1]["内容"] = "全县推行告知承诺制,办事更加便利；；群众满意度提高。"
    form = tmp_path / "表单.yaml"
    form.write_text(dump(data), encoding="utf-8")
    code, out, _ = run_cli("render", str(form), "-o", str(tmp_path / "批注.docx"), "--annotate")
    assert code == 0 and "检查意见加为 Word 批注" in out
    anchors = _comment_anchors(tmp_path / "批注.docx")
    # The ASCII comma is put right by render: no comment about it.
    assert not any("英文标点" in note for note, _para in anchors)
    assert any("标点重复" in note and "告知承诺制" in para for note, para in anchors)
    assert not any("[" in note or "{{" in note for note, _para in anchors)
    code, _, _ = run_cli("render", str(form), "-o", str(tmp_path / "无批注.docx"))
    assert code == 0 and _comment_anchors(tmp_path / "无批注.docx") == []
