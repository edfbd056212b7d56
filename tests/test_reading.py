"""The one bounded reader (drafter.limits) and decoding order (drafter.form.files) serve forms, style profiles and imports alike."""

from __future__ import annotations

import pytest

from drafter.errors import DrafterError
from drafter.form.files import Undecodable, decode
from drafter.form.load import load_form
from drafter.importer import read_source
from drafter.limits import read_bounded
from drafter.writers.style import StyleError, load_style

TEXT = "基本信息:\n  年度: 2024\n  地区: 示例县\n"


@pytest.mark.parametrize("encoding, bom, expected", [
    ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8"), ("gb18030", b"", "gb18030"),
    ("utf-16-le", b"\xff\xfe", "utf-16"), ("utf-16-be", b"\xfe\xff", "utf-16"),
])
def test_every_reader_decodes_the_same_encodings(tmp_path, encoding, bom, expected):
    raw = bom + TEXT.encode(encoding)
    assert decode(raw, "x") == (TEXT, expected)
    form_path = tmp_path / "表单.yaml"
    form_path.write_bytes(raw)
    assert load_form(form_path).data["基本信息"]["地区"] == "示例县"
    style_path = tmp_path / "版式.yaml"
    style_path.write_bytes(bom + "数字:\n  小数位数: 1  # 示例\n".encode(encoding))
    assert load_style(style_path).numbers.places == 1
    report = tmp_path / "上年.txt"
    report.write_bytes(bom + "关于2023年法治政府建设情况的报告\n一、主要举措\n".encode(encoding))
    assert read_source(report) == ["关于2023年法治政府建设情况的报告", "一、主要举措"]


def test_undecodable_bytes_are_located_and_explained_by_each_reader(tmp_path):
    raw = "甲: 1\n乙: 2\n".encode("utf-8") + b"\x80\xff\xfe\n"
    with pytest.raises(Undecodable) as info:
        decode(raw, "表单.yaml")
    assert info.value.line == 3 and "UTF-8" in info.value.message
    style_path = tmp_path / "版式.yaml"
    style_path.write_bytes(raw)
    with pytest.raises(StyleError, match="编码无法识别"):
        load_style(style_path)


def test_the_reader_is_bounded(tmp_path):
    big = tmp_path / "大.yaml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(DrafterError, match="过大"):
        read_bounded(big, 1024)
    assert read_bounded(big, 4096) == b"#" * 2048
