"""drafter aggregate: three unit forms give the sums, rates recomputed from the sums (not
averaged), custom figures matched by name, the unit with a 待填 figure named; a form that
does not load is named and the rest still added up; the fast reader agrees with load_form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.errors import DrafterError
from drafter.model.figures import GROUPS, rate_value
from drafter.form.plain import plain as _plain
from drafter.model.report import Meta
from drafter.sheets import formdata
from drafter.form.load import load_form

from _forms import form_text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

UNITS = {
    "甲县": {"行政复议": {"受理": 10, "上年结转": 2, "办结": 9}, "行政应诉": {"开庭": 10, "负责人出庭": 9},
            "法律援助": {"挽回损失": 12.5},
            "自定义": [{"名称": "专题研究法治建设", "数值": 3, "单位": "次"}]},
    "乙县": {"行政复议": {"受理": 20, "上年结转": 0, "办结": 20}, "行政应诉": {"开庭": 5, "负责人出庭": 5},
            "法律援助": {"挽回损失": 0.25},
            "自定义": [{"名称": "专题研究法治建设", "数值": 4, "单位": "次"}]},
    "丙县": {"行政复议": {"受理": 30, "上年结转": 1, "办结": None}, "行政应诉": {"开庭": 15, "负责人出庭": 14},
            "自定义": [{"名称": "专题研究法治建设", "数值": None, "单位": "次"}]},
}


def _units(tmp_path: Path) -> Path:
    folder = tmp_path / "各县"
    folder.mkdir()
    for name, figures in UNITS.items():
        text = form_text(figures=figures, meta={"地区": name, "报告机关": f"{name}人民政府", "落款": [f"{name}人民政府"]})
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_three_units_sum_recompute_rates_and_name_the_pending_unit(run_cli, tmp_path):
    folder = _units(tmp_path)
    out, table = tmp_path / "汇总.yaml", tmp_path / "汇总.xlsx"
    code, stdout, err = run_cli("aggregate", str(folder), "-o", str(out), "-o", str(table))
    assert code == 0, err
    assert "已汇总 3 个单位" in stdout
    assert "行政复议.办结：1 个单位待填（丙县）" in stdout
    # the data block goes into a form and validates; rates come from the sums
    block = out.read_text(encoding="utf-8")
    assert "办结: 29  # 待核：1 个单位待填（丙县），合计只含已填的单位" in block
    city = tmp_path / "市.yaml"
    city.write_text(form_text(meta={"地区": "示例市", "层级": "市"}).split("数据:")[0] + block, encoding="utf-8")
    report = load_form(city).report
    assert report is not None
    assert report.figures.reconsideration.accepted == 60 and report.figures.reconsideration.carried_over == 3
    assert report.figures.litigation.hearings == 30 and report.figures.litigation.leader_appearances == 28
    assert report.figures.legal_aid.recovered == Decimal("12.75")
    rate = rate_value(report.figures, "行政应诉", "出庭应诉率")
    assert round(rate, 2) == Decimal("93.33")          # 28 ÷ 30, not the mean of 90, 100 and 93.33
    (custom,) = report.figures.custom
    assert (custom.name, custom.value) == ("专题研究法治建设", 7)
    (source,) = report.sources
    assert source.unit == "下级单位汇总" and source.values["行政复议.受理"] == 60
    # the per-unit table
    wb = openpyxl.load_workbook(table)
    ws = wb["汇总"]
    header = [c.value for c in ws[2]]
    assert header[:7] == ["组", "指标", "单位", "合计", "待填单位数", "缺项单位数", "丙县"]
    rows = {(r[0], r[1]): r for r in ws.iter_rows(min_row=3, values_only=True)}
    done = rows[("行政复议", "办结")]
    assert done[3] == 29 and done[4] == 1 and done[header.index("丙县")] == "待填"
    assert rows[("行政应诉", "出庭应诉率")][3] == "93.33"
    assert rows[("行政应诉", "出庭应诉率")][header.index("甲县")] == "90"
    gaps = {(r[0], r[2], r[3]): r[4] for r in wb["待填和缺项"].iter_rows(min_row=2, values_only=True)}
    assert gaps[("丙县", "行政复议", "办结")] == "待填" and gaps[("丙县", "自定义", "专题研究法治建设")] == "待填"


def test_a_form_that_does_not_load_is_named_and_the_rest_still_summed(run_cli, tmp_path):
    folder = _units(tmp_path)
    (folder / "丁县.yaml").write_text("基本信息:\n  年度: 2024\n  地区: [丁县\n", encoding="utf-8")
    (folder / "戊县.yaml").write_text(form_text(figures={"行政复议": {"受理": -1}}, meta={"地区": "戊县"}),
                                      encoding="utf-8")
    out = tmp_path / "汇总.md"
    code, stdout, err = run_cli("aggregate", str(folder), "-o", str(out))
    assert code == 1
    assert "未计入：" in err and "丁县.yaml" in err and "YAML" in err
    assert "戊县.yaml：表单有错误" in err
    assert "已汇总 3 个单位" in stdout
    md = out.read_text(encoding="utf-8")
    assert "| 行政复议 | 受理 | 件 | 60 |" in md and "丁县.yaml" in md.split("## 未计入")[1]


def test_a_second_form_of_one_unit_and_another_year_are_left_out(run_cli, tmp_path):
    folder = _units(tmp_path)
    (folder / "甲县副本.yaml").write_text((folder / "甲县.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    old = form_text(figures={"行政复议": {"受理": 99}}, meta={"地区": "己县", "年度": 2023})
    (folder / "己县.yaml").write_text(old, encoding="utf-8")
    code, stdout, err = run_cli("aggregate", str(folder), "-o", str(tmp_path / "s.csv"))
    assert code == 1
    assert "甲县副本.yaml：与" in err and "是同一单位" in err
    assert "己县.yaml：年度为 2023，与多数单位（2024）不同" in err
    csv = (tmp_path / "s.csv").read_bytes().decode("utf-8-sig")
    assert "行政复议,受理,件,60," in csv


def test_into_writes_the_totals_into_the_city_form_and_refuses_a_typed_value(run_cli, tmp_path):
    folder = _units(tmp_path)
    city = tmp_path / "市.yaml"
    city.write_text(form_text(figures={"行政复议": {"受理": 55}}, meta={"地区": "示例市", "层级": "市"}), encoding="utf-8")
    out = tmp_path / "市-汇总.yaml"
    code, _out, err = run_cli("aggregate", str(folder), "--into", str(city), "-o", str(out))
    assert code == 1 and "行政复议.受理：本级表单中已填 55，汇总为 60" in err and not out.exists()
    code, _out, err = run_cli("aggregate", str(folder), "--into", str(city), "-o", str(out), "--force")
    assert code == 0, err
    report = load_form(out).report
    assert report.figures.reconsideration.accepted == 60
    assert [c.name for c in report.figures.custom] == ["专题研究法治建设"]
    # a second run after a late unit updates what the first run wrote, without a conflict
    extra = form_text(figures={"行政复议": {"受理": 5}}, meta={"地区": "庚县"})
    (folder / "庚县.yaml").write_text(extra, encoding="utf-8")
    again = tmp_path / "市-再汇总.yaml"
    code, _out, err = run_cli("aggregate", str(folder), "--into", str(out), "-o", str(again))
    assert code == 0, err
    assert load_form(again).report.figures.reconsideration.accepted == 65


@pytest.mark.parametrize("crlf", [False, True], ids=["LF", "CRLF"])
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fast_reader_agrees_with_load_form_on_the_samples(path, crlf, monkeypatch, tmp_path):
    if crlf:   # a form saved by Windows Notepad
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        path = copy

    def refuse(_path):
        raise AssertionError("fell back to load_form")

    monkeypatch.setattr(formdata, "_full", refuse)
    unit = formdata.read_unit(path)
    report = load_form(path).report
    assert unit.figures == report.figures and unit.meta == report.meta


_names = st.sampled_from([(g.key, f.key) for g in GROUPS for f in g.figures])
_values = st.one_of(st.integers(-5, 10**9).map(str), st.sampled_from(["null", "~", "", "NULL", "1.5", "0.25", "12件",
                                                                     "true", "'7'", "\"8\"", "0x10", "1e3", "012"]))
_comments = st.sampled_from(["", "  # 说明", "  #", " # x: y"])


_texts = st.sampled_from(["专题研究法治建设", "“法律明白人”培育", "yes", "12件", "a: b", "'引号'", "— 破折号",
                          "（一）事项", "人大代表建议 # 注", "null", "件", "2024-01-01", "《条例》宣讲"])
_custom = st.lists(st.tuples(_texts, _values, _texts, st.booleans()), max_size=3)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_names, _values, _comments), max_size=12), st.sampled_from([2, 4]), _custom,
       st.booleans())
def test_fast_reader_reads_what_the_yaml_parser_reads(tmp_path_factory, entries, indent, custom, compact):
    """For any 数据 block, the fast reader's figures equal load_form's, or it defers to load_form."""
    by_group: dict[str, dict[str, tuple[str, str]]] = {}
    for (group, key), value, comment in entries:
        by_group.setdefault(group, {})[key] = (value, comment)
    lines = ["数据:"]
    for group, figures in by_group.items():
        lines.append(" " * indent + f"{group}:")
        lines += [" " * (2 * indent) + f"{key}:{' ' + value if value else ''}{comment}"
                  for key, (value, comment) in figures.items()]
    if custom:
        lines.append(" " * indent + "自定义:")
        dash = " " * (indent if compact else 2 * indent)
        for name, value, unit, with_note in custom:
            lines += [f"{dash}- 名称: {name}", f"{dash}  数值: {value}".rstrip(), f"{dash}  单位: {unit}"]
            if with_note:
                lines.append(f"{dash}  说明: {name}")
    base = form_text().split("数据:")[0]
    path = tmp_path_factory.mktemp("f") / "表单.yaml"
    path.write_text(base + "\n".join(lines) + "\n", encoding="utf-8")
    try:
        form = load_form(path)
    except DrafterError:   # not YAML at all: the fast reader gives the same error
        with pytest.raises(DrafterError):
            formdata.read_unit(path)
        return
    try:
        unit = formdata.read_unit(path)
    except formdata.UnitFailure:
        assert form.report is None
        return
    assert form.report is not None and unit.figures == form.report.figures
    assert unit.present == {(g, k) for g, figures in by_group.items() for k in figures}


def test_markdown_for_many_units_keeps_the_totals_and_leaves_unit_columns_to_xlsx(run_cli, tmp_path):
    folder = tmp_path / "各乡镇"
    folder.mkdir()
    for index in range(21):
        text = form_text(figures={"矛盾纠纷调解": {"受理纠纷": 10, "调解成功": 9 if index else None}},
                         meta={"地区": f"示例镇{index:02d}"})
        (folder / f"{index:02d}.yaml").write_text(text, encoding="utf-8")
    md, csv = tmp_path / "汇总.md", tmp_path / "汇总.csv"
    code, out, err = run_cli("aggregate", str(folder), "-o", str(md), "-o", str(csv))
    assert code == 0, err
    text = md.read_text(encoding="utf-8")
    assert "| 矛盾纠纷调解 | 受理纠纷 | 件 | 210 | 0 | 0 |" in text and "示例镇05" not in text.split("## 待填")[0]
    assert "单位较多（21 个）" in text
    # 180 ÷ 210: what the report computes from these totals; the row says one unit is pending
    assert "| 矛盾纠纷调解 | 调解成功率 | % | 85.71 | 1 | 0 |" in text
    header = csv.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.count("示例镇") == 21


def test_fast_reader_takes_lists_written_at_the_keys_indent(tmp_path, monkeypatch):
    """Forms dumped by other YAML tools write `落款:` then `- …` at column 0: still the fast path."""
    def refuse(_path):
        raise AssertionError("fell back to load_form")

    path = tmp_path / "表单.yaml"
    text = form_text(figures=UNITS["甲县"], meta={"地区": "甲县"}) + "附件:\n- 示例县法治政府建设重点任务清单\n"
    assert "  主送机关:\n  - " in text and "成文日期: '2025-02-10'" in text
    path.write_text(text, encoding="utf-8")
    expected = load_form(path).report
    monkeypatch.setattr(formdata, "_full", refuse)
    unit = formdata.read_unit(path)
    assert unit.figures == expected.figures and unit.meta == expected.meta


_META_VARIANTS = [
    "  落款:\n  - 示例县人民政府\n",
    "  落款:\n    - 示例县人民政府  # 注释\n",
    "  落款: [示例县人民政府, 中共示例县委]\n",
    "  落款: ['示例县人民政府']\n",
    "  落款: []\n",
    "  落款:\n",
    "  落款:\n  - '示例县人民政府'\n",
    "  落款: 示例县人民政府\n",
    "  落款:\n  - 示例县人民政府\n  成文日期: \"2025-02-30\"\n",
    "  落款:\n  - 示例县人民政府\n  成文日期: '2025-02-10'\n  标题: \"关于2024年法治政府建设情况的报告\"\n",
    "  落款:\n  - 示例县人民政府\n  附注: '它''s'\n",
    "  落款:\n  - 示例县人民政府\n  层级: 市级\n",
    "  落款:\n  - 示例县人民政府\n  纲要版本: '2015-2020'\n",
]


@pytest.mark.parametrize("variant", _META_VARIANTS)
def test_fast_reader_reads_basic_information_as_load_form_does(tmp_path, variant):
    head = "基本信息:\n  年度: 2024\n  地区: 示例县\n  层级: 县\n  报告机关: 示例县人民政府\n"
    body = form_text().split("导语:", 1)[1]
    path = tmp_path / "表单.yaml"
    path.write_text(head + variant + "导语:" + body, encoding="utf-8")
    try:
        form = load_form(path)
    except DrafterError:
        with pytest.raises(DrafterError):
            formdata.read_unit(path)
        return
    if form.report is not None:
        assert formdata.read_unit(path).meta == form.report.meta
    elif any(problem.loc[:1] == ("基本信息",) for problem in form.problems):
        with pytest.raises(formdata.UnitFailure):
            formdata.read_unit(path)
    else:   # the form fails elsewhere (sections of another outline): aggregation reads only these two parts
        expected = Meta.model_validate(_plain(form.data)["基本信息"])
        assert formdata.read_unit(path).meta == expected
