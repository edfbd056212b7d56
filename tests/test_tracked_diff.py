"""`drafter diff LAST THIS --format docx`: Word tracked changes between two years' reports.

Accepting every change must give exactly this year's report text, rejecting every change
last year's; the tracked-change elements are real w:ins / w:del with the author 本年修改."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from drafter.render import render_report
from drafter.writers.docx import write_docx
from drafter.writers.style import load_style
from drafter.writers.tracked import AUTHOR, SAME_NOTE, compare_text, tokens, tracked_docx
from drafter.form.load import load_form

FIXTURES = Path(__file__).parent / "fixtures"
LAST, THIS = FIXTURES / "对比_上年.yaml", FIXTURES / "对比_本年.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(data: bytes) -> etree._Element:
    return docx.Document(io.BytesIO(data)).element.body


def _paragraph_texts(body: etree._Element) -> list[str]:
    """Each body paragraph's text (w:t only), paragraphs whose mark is deleted joined to the next."""
    out: list[str] = []
    carry = ""
    for p in body.iter(f"{W}p"):
        text = carry + "".join(t.text or "" for t in p.iter(f"{W}t"))
        if p.find(f"{W}pPr/{W}rPr/{W}del") is not None or p.find(f"{W}pPr/{W}rPr/{W}ins") is not None:
            carry = text  # the paragraph mark goes: this text runs on into the next paragraph
            continue
        carry = ""
        out.append(text)
    return out


def _drop_rows(body: etree._Element, tag: str) -> None:
    """Rows marked inserted (rejected) or deleted (accepted) go."""
    for mark in list(body.iter(f"{W}{tag}")):
        if mark.getparent().tag == f"{W}trPr":
            row = mark.getparent().getparent()
            row.getparent().remove(row)


def accept_all(data: bytes) -> list[str]:
    body = copy.deepcopy(_body(data))
    _drop_rows(body, "del")
    for deleted in list(body.iter(f"{W}del")):
        parent = deleted.getparent()
        if parent.tag == f"{W}rPr":   # a deleted paragraph mark: the paragraph merges
            continue
        parent.remove(deleted)
    for inserted in list(body.iter(f"{W}ins")):
        parent = inserted.getparent()
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(inserted)   # an inserted paragraph mark or row stays
            continue
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    return _paragraph_texts(body)


def reject_all(data: bytes) -> list[str]:
    body = copy.deepcopy(_body(data))
    _drop_rows(body, "ins")
    for inserted in list(body.iter(f"{W}ins")):
        parent = inserted.getparent()
        if parent.tag == f"{W}rPr":
            continue
        parent.remove(inserted)
    for deleted in list(body.iter(f"{W}del")):
        parent = deleted.getparent()
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(deleted)
            continue
        for child in list(deleted):
            for text in child.iter(f"{W}delText"):
                text.tag = f"{W}t"
            deleted.addprevious(child)
        parent.remove(deleted)
    # an inserted paragraph mark, rejected: the (now empty) paragraph merges into the next
    return _paragraph_texts(body)


def plain_docx_texts(report) -> list[str]:
    buffer = io.BytesIO()
    write_docx(render_report(report, draft=True), buffer, load_style())
    return _paragraph_texts(_body(buffer.getvalue()))


def _compare(last_report, this_report):
    style = load_style()
    return tracked_docx(render_report(last_report, draft=True), render_report(this_report, draft=True), style)


def _reports():
    return load_form(LAST).report, load_form(THIS).report


def test_tracked_change_elements_exist_with_the_author():
    result = _compare(*_reports())
    body = _body(result.data)
    inserted, deleted = list(body.iter(f"{W}ins")), list(body.iter(f"{W}del"))
    assert inserted and deleted
    assert {e.get(f"{W}author") for e in inserted + deleted} == {AUTHOR}
    ids = [e.get(f"{W}id") for e in inserted + deleted]
    assert len(ids) == len(set(ids))
    assert list(body.iter(f"{W}delText"))
    assert result.changed and result.inserted and result.deleted


def test_accepting_all_changes_gives_this_years_report():
    last, this = _reports()
    assert accept_all(_compare(last, this).data) == plain_docx_texts(this)


def test_rejecting_all_changes_gives_last_years_report():
    last, this = _reports()
    assert reject_all(_compare(last, this).data) == plain_docx_texts(last)


def test_tables_deleted_inserted_and_rewritten(tmp_path):
    from render_support import load_report

    kept = {"表格": [["指标", "数量"], ["受理", "40"]]}

    def last_year(data):
        data["导语"] = ["开头一段。", {"表格": [["项目", "件数"], ["旧表", "1"]]}, kept, "末尾一段。"]

    def this_year(data):
        data["导语"] = ["开头一段。", {"表格": [["指标", "数量"], ["受理", "52"]]}, {"表格": [["新表", "2"]]},
                      "末尾一段。"]

    (tmp_path / "上年").mkdir()
    (tmp_path / "本年").mkdir()
    last, this = load_report(tmp_path / "上年", last_year), load_report(tmp_path / "本年", this_year)
    result = _compare(last, this)
    rows = {mark.tag for props in _body(result.data).iter(f"{W}trPr") for mark in props}
    assert {f"{W}ins", f"{W}del"} <= rows  # whole rows inserted and deleted
    assert accept_all(result.data) == plain_docx_texts(this)
    assert reject_all(result.data) == plain_docx_texts(last)


def test_a_changed_figure_is_a_whole_number_change():
    pieces = compare_text("受理行政复议案件40件，办结38件。", "受理行政复议案件52件，办结38件。")
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [("delete", "40"), ("insert", "52")]


def test_changes_read_as_phrases_not_scattered_characters():
    pieces = compare_text("组织开展行政执法案卷评查。", "组织开展行政执法专项监督检查。")
    changes = [(p.op, p.text) for p in pieces if p.op != "equal"]
    assert changes == [("delete", "案卷评查"), ("insert", "专项监督检查")]


def test_a_number_replaced_by_a_marker_leaves_its_unit_unchanged():
    pieces = compare_text("专题研究7次，协调解决", "专题研究【待填：学法.专题】次，协调解决")
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [("delete", "7"), ("insert", "【待填：学法.专题】")]


def test_unchanged_paragraphs_are_noted_and_nothing_else():
    last, this = _reports()
    result = _compare(last, this)
    with zipfile.ZipFile(io.BytesIO(result.data)) as package:
        comments = package.read("word/comments.xml").decode("utf-8") if "word/comments.xml" in package.namelist() \
            else ""
    assert comments.count(SAME_NOTE) >= 1
    # the note is for the comparison only: the documents rendered for it carry no comments
    assert all(not b.comments for b in render_report(this, draft=True).blocks)


def test_identical_reports_have_no_tracked_changes():
    _last, this = _reports()
    result = _compare(this, this)
    body = _body(result.data)
    assert not list(body.iter(f"{W}ins")) and not list(body.iter(f"{W}del"))
    assert result.changed == result.inserted == result.deleted == 0


def test_cli_writes_the_comparison_beside_this_years_form(run_cli, tmp_path):
    last, this = tmp_path / LAST.name, tmp_path / THIS.name
    last.write_bytes(LAST.read_bytes())
    this.write_bytes(THIS.read_bytes())
    code, out, err = run_cli("diff", str(last), str(this), "--format", "docx")
    assert code == 0, err
    target = tmp_path / "对比_本年（与上年对比）.docx"
    assert target.exists() and "审阅" in out and "待填" in out
    code, _out, err = run_cli("diff", str(last), str(this), "--format", "docx")
    assert code == 2 and "--force" in err
    assert last.read_bytes() == LAST.read_bytes() and this.read_bytes() == THIS.read_bytes()


def test_tokens_keep_numbers_whole():
    assert tokens("受理23件，办结率99.16%，ABC") == ["受", "理", "23", "件", "，", "办", "结", "率", "99.16%", "，",
                                                  "ABC"]


text_strategy = st.text(st.sampled_from("法治政府建设依法行政复议执法，。1234567890.%AB"), max_size=40)


@given(text_strategy, text_strategy)
def test_compare_text_rebuilds_both_sides(old, new):
    pieces = compare_text(old, new)
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert "".join(p.text for p in pieces if p.op != "insert") == old
