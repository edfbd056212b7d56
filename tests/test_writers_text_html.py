"""The plain-text and HTML writers and the writer registry."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest

from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.writers import WRITERS, write_document
from drafter.writers.html import write_html
from drafter.writers.style import load_style, profile_from_data
from drafter.writers.text import write_text
from writer_sample import COMMENT, DATE, MISSING, TITLE, build_sample_document


def test_text_is_one_line_per_block_with_the_title_whole():
    doc = build_sample_document()
    text = write_text(doc)
    assert text == doc.plain_text()
    lines = text.split("\n")
    assert lines[0] == TITLE
    assert text.endswith("（此件公开发布）\n")
    assert "指标\t2023年\t2024年\n行政复议案件受理数（件）\t41\t56" in text
    assert "1.重大行政决策程序全面落实。对县城供水价格调整" in text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.open: list[str] = []
        self.text: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    assert collector.open == []
    return collector


@pytest.fixture(scope="module")
def page() -> str:
    return write_html(build_sample_document(), load_style())


def test_html_is_well_formed_and_self_contained(page):
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert ('html', {'lang': 'zh-CN'}) in parsed.tags
    assert not any(t in ("link", "script", "img") for t, _ in parsed.tags)


def test_html_imitates_the_page(page):
    assert "width: 210mm" in page
    assert "padding: 37mm 26mm 35mm 28mm" in page
    assert "line-height: 28.95pt" in page
    assert '"Times New Roman", "仿宋_GB2312"' in page
    assert '"方正小标宋简体"' in page and '"黑体"' in page and '"楷体_GB2312"' in page
    assert "text-indent: 31.35pt" in page            # 2 body characters at 98 %
    assert "font-size: 22pt" in page


def test_html_title_lines_and_headings(page):
    assert '<h1 class="title">示例县人民政府关于2024年度<br>法治政府建设情况的报告</h1>' in page
    assert '<h2 class="heading heading-1"' in page
    assert ('<p class="heading heading-3 run-in" data-source="主要举措和成效.章节[3]">'
            '<span class="lead">1.重大行政决策程序全面落实。</span><span class="text">') in page
    assert ".heading-3.run-in .lead { font-weight: bold; }" in page


def test_html_closing_placement(page):
    # Signature right 2 characters, date 1.5 (first character 2 right of the signature's).
    assert ".signature { padding-right: 31.35pt; }" in page
    assert ".date { padding-right: 23.50pt; }" in page
    assert f'<p class="date">{DATE}</p>' in page


def test_html_marks_missing_and_shows_comments(page):
    assert f'<mark class="missing">{MISSING}</mark>' in page
    assert "mark.missing { background: #ffff00;" in page
    assert f"批注（起草助手）：{COMMENT}" in page


def test_html_escapes_all_text():
    doc = Document()
    doc.add(Kind.TITLE, "<script>alert('标题')</script>")
    doc.add(Kind.PARAGRAPH, Run("a < b & c > d"), Run("<script>x()</script>", Role.MISSING))
    doc.blocks[-1].comments.append("<img src=x onerror=alert(1)>")
    doc.blocks[-1].source = '数据."><script>'
    doc.blocks.append(Block(Kind.TABLE, rows=[["<b>表</b>", "1"]]))
    style = profile_from_data({"正文": {"字体": '仿宋"</style><script>alert(1)</script>'},
                               "批注": {"署名": "<i>审</i>"}})
    page = write_html(doc, style)
    parsed = _parse(page)
    assert parsed.scripts == 0
    assert not any(t in ("img", "b", "i") for t, _ in parsed.tags)
    assert "&lt;script&gt;alert(&#x27;标题&#x27;)&lt;/script&gt;" in page
    assert "a &lt; b &amp; c &gt; d" in page
    assert "</style><script>" not in page
    assert page.count("</style>") == 1


def test_registry_writes_every_format(tmp_path):
    doc = build_sample_document()
    assert set(WRITERS) == {"docx", "txt", "html", "pdf"}
    for fmt, writer in WRITERS.items():
        if fmt == "pdf":
            continue  # needs LibreOffice: tests/test_pdf.py
        buffer = io.BytesIO()
        write_document(doc, fmt, buffer)
        data = buffer.getvalue()
        target = tmp_path / f"report{writer.suffix}"
        write_document(doc, fmt, target)
        assert target.read_bytes()[:2] == data[:2]
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == doc.plain_text()
    assert (tmp_path / "report.docx").read_bytes()[:2] == b"PK"
    assert "<!DOCTYPE html>" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_unknown_format_is_explained_in_chinese():
    with pytest.raises(ValueError, match="不支持的输出格式「odt」"):
        write_document(Document(), "odt", io.BytesIO())
