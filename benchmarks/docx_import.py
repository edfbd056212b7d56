"""In-process speed of importing a 25,000-character .docx (aim: under 1 s).

`python benchmarks/docx_import.py [--runs N]`, or as part of `benchmarks/run.py`. The
document is our own: the 示例县 2024 sample rendered to a document tree, its 主要举措和成效
sections repeated until the text has at least 25,000 characters, then written as Word
would store it — parts and sections numbered by Word's automatic numbering
(numbering.xml, 一、 and （一） not typed), items under a Heading 3 style, a data table
in every section. The import (read, clean, parse, map, form text) is timed in process,
median of N runs, next to a baseline measured in the same run: python-docx opening the
same file and reading the text of every paragraph (what the old importer did).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"
TARGET_CHARS = 25_000
AIM_S = 1.0

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')


def _p(text: str, props: str = "") -> str:
    return (f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}"
            f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


def _table(section: int) -> str:
    rows = [["指标", "上年", "本年"], [f"第{section}节事项（件）", str(10 + section), str(12 + section)],
            ["办结（件）", str(9 + section), str(11 + section)]]
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{_p(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/>{cells}</w:tbl>"


def report_docx() -> tuple[bytes, int]:
    """(the .docx, its number of text characters)."""
    sys.path.insert(0, str(ROOT))
    import docx

    from drafter.doctree import Kind, Role
    from drafter.render import render_report
    from drafter.form.load import load_form

    report = load_form(SAMPLE).report
    sections = list(report.measures.sections)
    while True:
        document = render_report(report, draft=True)
        if len(document.plain_text()) >= TARGET_CHARS:
            break
        report.measures.sections += [section.model_copy(deep=True) for section in sections]
    body, chars, count = [], 0, 0
    for block in document.blocks:
        text = "".join(run.text for run in block.runs if run.role is not Role.NUMBER)
        chars += len(block.text)
        if block.kind is Kind.HEADING and block.level <= 2:
            body.append(_p(text, f'<w:numPr><w:ilvl w:val="{block.level - 1}"/><w:numId w:val="1"/></w:numPr>'))
            if block.level == 2:
                count += 1
                body.append(_table(count))
        elif block.kind is Kind.HEADING:
            body.append(_p(text, '<w:pStyle w:val="Heading3"/>'))
        else:
            body.append(_p(block.text))
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = f'<w:document {_NS}><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>'.encode()
            elif info.filename == "word/numbering.xml":
                data = f"<w:numbering {_NS}>{_NUMBERING}</w:numbering>".encode()
            target.writestr(info.filename, data)
    return out.getvalue(), chars


def measure(runs: int) -> dict[str, float | int]:
    """Median seconds of an in-process import and of the python-docx baseline, and their ratio."""
    sys.path.insert(0, str(ROOT))
    import docx

    from drafter.importer.importing import import_report

    data, chars = report_docx()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "示例县报告.docx"
        source.write_bytes(data)
        ours, bare = [], []
        for index in range(runs + 1):
            start = time.perf_counter()
            result = import_report(source, Path(folder) / "表单.yaml", today=date(2025, 3, 1))
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            texts = [paragraph.text for paragraph in docx.Document(str(source)).paragraphs]
            baseline = time.perf_counter() - start
            if index:                       # the first run warms the imports
                ours.append(elapsed)
                bare.append(baseline)
        sections = sum(len(part.sections) for _, part in result.mapped.report.parts())
    assert texts and sections
    median, base = statistics.median(ours), statistics.median(bare)
    return {"chars": chars, "sections": sections, "import_s": round(median, 4), "import_min_s": round(min(ours), 4),
            "python_docx_read_s": round(base, 4), "ratio": round(median / base, 2), "aim_s": AIM_S}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    figures = measure(args.runs)
    print(f"导入 .docx（{figures['chars']} 字，{figures['sections']} 节，自动编号和表格）："
          f"中位数 {figures['import_s']:.3f} s，最快 {figures['import_min_s']:.3f} s（目标 < {AIM_S:g} s）")
    print(f"python-docx 打开同一文件并读出各段文字：中位数 {figures['python_docx_read_s']:.3f} s")
    print(f"比值 {figures['ratio']:.2f}")


if __name__ == "__main__":
    main()
