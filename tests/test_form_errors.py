"""Bad input to `drafter check`: each gets a Chinese message with file:line:column and exit 1 or 2."""

from __future__ import annotations

import re

import pytest

from drafter.errors import DrafterError
from drafter.form.load import load_form


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_blank_form_needs_only_content(run_cli, write_form, blank_form_text):
    """A blank form is well formed; what keeps it from a final document is content still
    to write (the required parts, the 成文日期), and check says so as render would."""
    code, out, _ = run_cli("check", str(write_form(blank_form_text)))
    assert code == 1
    rules = {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if " 错误 [" in line}
    assert rules <= {"empty-text", "missing-figure", "first-responsible"}
    assert "待填" in out and "不能生成正式文档" not in out.splitlines()[-1] or "--draft" in out.splitlines()[-1]


def test_tab_indentation_is_located(run_cli, write_form, blank_form_text):
    text = _with(blank_form_text, "  地区: 示例县", "\t地区: 示例县")
    path = write_form(text)
    code, _, err = run_cli("check", str(path))
    assert code == 2
    assert f"{path}:{_line_of(text, chr(9) + '地区')}:1" in err
    assert "制表符" in err


def test_broken_indentation(run_cli, write_form, blank_form_text):
    text = _with(blank_form_text, "  地区: 示例县", "     地区: 示例县")
    code, _, err = run_cli("check", str(write_form(text)))
    assert code == 2
    assert re.search(r":\d+:\d+: YAML 格式错误", err)


def test_list_where_mapping_belongs(run_cli, write_form):
    path = write_form("基本信息:\n  - 年度\n  - 地区\n")
    code, out, _ = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:2:3" in out
    assert "应为一组“键: 值”，实为一个列表" in out


def test_top_level_list_refused(run_cli, write_form):
    code, _, err = run_cli("check", str(write_form("- 年度\n")))
    assert code == 1
    assert "最外层" in err


def test_empty_file(run_cli, write_form):
    code, _, err = run_cli("check", str(write_form("")))
    assert code == 2
    assert "文件是空的" in err and "drafter new" in err


def test_duplicate_keys_name_both_lines(run_cli, write_form):
    text = "基本信息:\n  年度: 2024\n  地区: 示例县\n  年度: 2025\n"
    code, _, err = run_cli("check", str(write_form(text)))
    assert code == 2
    assert "“年度”重复出现（第 2 行和第 4 行）" in err


def test_gb18030_file_is_read(write_form, blank_form_text):
    form = load_form(write_form(blank_form_text.encode("gb18030")))
    assert form.encoding == "gb18030"
    assert form.report is not None and form.report.meta.region == "示例县"


def test_utf8_bom_is_read(write_form, blank_form_text):
    form = load_form(write_form(b"\xef\xbb\xbf" + blank_form_text.encode("utf-8")))
    assert form.report is not None


def test_undecodable_bytes_say_how_to_resave(run_cli, write_form):
    code, _, err = run_cli("check", str(write_form(b"\x81\x20\xff\xfe\xfd\n" * 3)))
    assert code == 2
    assert "另存为" in err and "UTF-8" in err


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",
    "基本信息: &base\n  年度: 2024\n",
    "a: &a [\"lol\"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
])
def test_anchors_and_aliases_refused(run_cli, write_form, text):
    code, _, err = run_cli("check", str(write_form(text)))
    assert code == 2
    assert "锚点" in err
    assert re.search(r":\d+:\d+:", err)


def test_ampersand_in_text_is_not_an_anchor(write_form, blank_form_text):
    text = _with(blank_form_text, '导语: ""', '导语: "R&D 投入与 *重点* 工作"')
    assert load_form(write_form(text)).report is not None


def test_oversized_file_refused_fast(run_cli, write_form):
    path = write_form("# " + "x" * (5 * 1024 * 1024) + "\n")
    code, _, err = run_cli("check", str(path))
    assert code == 2
    assert "表单过大" in err


def test_count_with_unit_suggests_number(run_cli, write_form, blank_form_text):
    text = _with(blank_form_text, "    受理: null  # 本年受理的行政复议案件数（件）", "    受理: 23件")
    path = write_form(text)
    code, out, _ = run_cli("check", str(path))
    assert code == 1
    line = _line_of(text, "    受理: 23件")
    assert f"{path}:{line}:9: 错误 [schema] 数据.行政复议.受理：应为整数，实为“23件”。单位不用写，请只填 23" in out


def test_chinese_numeral_in_count(write_form, blank_form_text):
    text = _with(blank_form_text, "    受理: null  # 本年受理的行政复议案件数（件）", "    受理: 二十三")
    form = load_form(write_form(text))
    assert [p.message for p in form.problems] == ["应为整数，实为“二十三”"]


def test_negative_count(write_form, blank_form_text):
    text = _with(blank_form_text, "    办结: null  # 本年办结案件数（件）", "    办结: -3")
    form = load_form(write_form(text))
    assert [p.message for p in form.problems] == ["不能为负数"]


@pytest.mark.parametrize("year", ["24", "3024"])
def test_implausible_year(write_form, blank_form_text, year):
    text = _with(blank_form_text, "  年度: 2024", f"  年度: {year}")
    form = load_form(write_form(text))
    assert form.problems[0].message == f"年度应为四位数年份（如 2024），实为 {year}"
    assert form.problems[0].line == _line_of(text, f"  年度: {year}")


def test_unknown_key_did_you_mean(run_cli, write_form, blank_form_text):
    text = _with(blank_form_text, "  行政复议:", "  行政复意:")
    path = write_form(text)
    code, out, _ = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:{_line_of(text, '  行政复意:')}:3" in out
    assert "未知的键“行政复意”，你是不是想写“行政复议”？" in out


def test_missing_required_key(write_form, blank_form_text):
    text = _with(blank_form_text, "  层级: 县  # 省 / 市 / 县 / 区 / 乡镇 / 部门\n", "")
    form = load_form(write_form(text))
    assert [p.message for p in form.problems] == ["缺少必填项“层级”"]


def test_bad_enum_value(write_form, blank_form_text):
    text = _with(blank_form_text, "  层级: 县", "  层级: 地级市")
    form = load_form(write_form(text))
    assert form.problems[0].message.startswith("应为以下之一：")
    assert "地级市" in form.problems[0].message


def test_area_must_belong_to_outline(write_form, blank_form_text):
    text = _with(blank_form_text, "纲要领域: 数字法治政府", "纲要领域: 法治思维能力")
    form = load_form(write_form(text))
    assert "不属于《2021-2025》纲要" in form.problems[0].message


def test_all_problems_reported_at_once(write_form, blank_form_text):
    text = _with(blank_form_text, "  年度: 2024", "  年度: 24")
    text = _with(text, "    受理: null  # 本年受理的行政复议案件数（件）", "    受理: 23件")
    text = _with(text, "  行政应诉:", "  行政应速:")
    assert len(load_form(write_form(text)).problems) == 3


def test_json_format(run_cli, write_form, blank_form_text):
    import json

    text = _with(blank_form_text, "    受理: null  # 本年受理的行政复议案件数（件）", "    受理: 23件")
    code, out, _ = run_cli("check", "--format", "json", str(write_form(text)))
    assert code == 1
    data = json.loads(out)
    errors = [p for p in data["问题"] if p["级别"] == "错误"]
    # one wave: the schema error together with what the content still lacks, by line
    schema = [p for p in errors if p["规则"] == "schema"]
    assert schema[0]["位置"] == "数据.行政复议.受理" and schema[0]["行"] > 0
    assert any(p["规则"] == "missing-figure" for p in errors)


def test_missing_file(run_cli, tmp_path):
    code, _, err = run_cli("check", str(tmp_path / "不存在.yaml"))
    assert code == 2 and "文件不存在" in err


def test_newer_form_version_refused(write_form, blank_form_text):
    text = _with(blank_form_text, "表单版本: 1", "表单版本: 99")
    with pytest.raises(DrafterError, match="较新版本"):
        load_form(write_form(text))
