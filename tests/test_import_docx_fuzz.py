"""Property tests of the .docx body reader: random WordprocessingML (numbering, fields,
revisions, content controls, text boxes, nested tables) never crashes the reader, deleted
text never comes out, and Word's number formats read back as the numbers they show."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx_builder import GOVERNMENT_LIST, build_docx, num, p, r, table, text_box
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.importer import ImportFailure, read_source
from drafter.importer.docx_numbering import format_number
from drafter.text import parse_cn_numeral
from drafter.text.numerals import parse_positional

WORDS = st.sampled_from(["依法行政", "一、", "（一）", "1.", "特此报告。", "附件", "2025年1月20日", "样例县人民政府",
                         "目  录", "— 3 —", "。", "\t", "签发人：某", "样政〔2025〕1号"])
DELETED = "已删除的字样"


def _runs(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 7))
        word = draw(WORDS)
        if choice == 0:
            pieces.append(f'<w:del w:id="1"><w:r><w:delText>{DELETED}</w:delText></w:r></w:del>')
        elif choice == 1:
            pieces.append(f'<w:ins w:id="2">{r(word)}</w:ins>')
        elif choice == 2:
            pieces.append(f"<w:sdt><w:sdtContent>{r(word)}</w:sdtContent></w:sdt>")
        elif choice == 3:
            pieces.append(f'<w:fldSimple w:instr="{draw(st.sampled_from(["PAGE", "TOC", "REF x"]))}">{r(word)}</w:fldSimple>')
        elif choice == 4:
            kind = draw(st.sampled_from(["begin", "separate", "end"]))
            pieces.append(f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>')
        elif choice == 5:
            pieces.append(f'<w:moveFrom w:id="3"><w:r><w:t>{DELETED}</w:t></w:r></w:moveFrom>')
        else:
            pieces.append(r(word))
    return "".join(pieces)


@st.composite
def bodies(draw, depth: int = 0) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 4 if depth < 3 else 2))
        if choice <= 1:
            numbered = draw(st.one_of(st.none(), st.tuples(st.integers(0, 3), st.integers(-1, 9))))
            style = draw(st.sampled_from([None, "Heading1", "Heading2", "Title", "TOC1", "Missing"]))
            blocks.append(p(_runs(draw), style=style, num=numbered))
        elif choice == 2:
            blocks.append(p(r(draw(WORDS)), outline=draw(st.integers(0, 9))))
        elif choice == 3:
            blocks.append(p(text_box(draw(bodies(depth + 1)))))
        else:
            rows = draw(st.lists(st.lists(WORDS, min_size=1, max_size=3), min_size=1, max_size=3))
            blocks.append(table(rows))
    return "".join(blocks)


@settings(max_examples=60, deadline=None)
@given(bodies())
def test_random_bodies_read_without_crashing_and_without_deleted_text(body):
    with tempfile.TemporaryDirectory() as folder:
        path = build_docx(Path(folder) / "随机.docx", body, numbering=GOVERNMENT_LIST + num(1, 1) + num(2, 1))
        try:
            items = read_source(path)
        except ImportFailure as failure:
            assert failure.message and not failure.message.isascii()
            return
        text = "".join(item if isinstance(item, str) else item.text for item in items)
        assert DELETED not in text


@given(st.integers(1, 9999))
def test_chinese_counting_reads_back(value):
    assert parse_cn_numeral(format_number(value, "chineseCounting")) == value
    assert parse_cn_numeral(format_number(value, "chineseCountingThousand")) == value
    if value <= 99:
        assert parse_positional(format_number(value, "chineseCounting")) == value


@given(st.integers(0, 100_000), st.sampled_from(["decimal", "decimalZero", "upperRoman", "lowerLetter",
                                                  "ideographTraditional", "decimalEnclosedCircle", "bullet", "none",
                                                  "ideographDigital", "chineseLegalSimplified", "unknownFormat"]))
def test_every_format_gives_a_short_label(value, fmt):
    label = format_number(value, fmt)
    assert isinstance(label, str) and len(label) <= 8 + len(str(value)) * 2
    if fmt == "decimal":
        assert label == str(value)
