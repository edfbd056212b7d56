"""Batch render and check: a folder of generated forms, some broken, one summary, exit 1."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.forms import BROKEN_KINDS, write_forms  # noqa: E402
from drafter.cli.batch import Outcome, summary_table
from drafter.cli.forms import collect_forms
from drafter.text import display_width  # noqa: E402
from drafter.errors import EXIT_OK  # noqa: E402

COUNT = 24
#: Every 5th form from 表单007 is broken, one of each kind in turn (yaml, schema, reference, missing);
#: the two worker processes each get good and broken forms.
BROKEN = {n: BROKEN_KINDS[i % len(BROKEN_KINDS)] for i, n in enumerate(range(7, COUNT, 5))}
#: What the table says for each kind in render and in check.
RENDER_RESULT = {"yaml": "无法读取", "schema": "有错误", "reference": "有错误", "missing": "数据待填"}
CHECK_RESULT = {"yaml": "无法读取", "schema": "有错误", "reference": "有错误", "missing": "数据待填"}   # as render says


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    write_forms(folder, COUNT, items=9, broken=BROKEN)
    return folder


@pytest.fixture(scope="module")
def few_forms(tmp_path_factory) -> Path:
    """Forms 0-11 with one broken form of each kind (3, 5, 7, 9)."""
    folder = tmp_path_factory.mktemp("few")
    write_forms(folder, 12, items=9, broken={3: "yaml", 5: "schema", 7: "reference", 9: "missing"})
    return folder


def _rows(out: str) -> dict[str, list[str]]:
    """Summary table rows by form file name."""
    return {Path(line.split()[0]).name: line.split()[1:] for line in out.splitlines()
            if line.split() and line.split()[0].endswith(".yaml") and ":" not in line.split()[0]}


@pytest.mark.slow
def test_a_folder_renders_every_good_form_and_reports_the_broken_ones(forms, tmp_path, run_cli):
    out_dir = tmp_path / "输出" / "文本"   # created, parents too
    code, out, err = run_cli("render", str(forms), "-o", str(out_dir), "--format", "txt", "--jobs", "2")
    assert code == 1
    rows = _rows(out)
    assert len(rows) == COUNT
    for n in range(COUNT):
        name = f"表单{n:03d}.yaml"
        expected = RENDER_RESULT[BROKEN[n]] if n in BROKEN else "已生成"
        assert rows[name][0] == expected, name
        assert (out_dir / f"表单{n:03d}.txt").exists() == (n not in BROKEN)
    assert f"共 {COUNT} 份：成功 {COUNT - len(BROKEN)} 份，失败 {len(BROKEN)} 份" in out
    # each broken form's own messages are shown, located in that form
    assert "表单007.yaml:" in err and "制表符" in err
    assert "不存在的指标" in err
    assert "[#" not in err and f"0/{COUNT}" not in err   # no progress bar when stderr is not a terminal
    text = (out_dir / "表单000.txt").read_text(encoding="utf-8")
    assert "法治政府建设" in text


def test_errors_and_warnings_are_counted_per_form(forms, tmp_path, run_cli):
    code, out, _err = run_cli("render", str(forms / "表单000.yaml"), str(forms / "表单012.yaml"),
                              str(forms / "表单017.yaml"), "-o", str(tmp_path / "o"), "--format", "txt")
    rows = _rows(out)
    assert code == 1
    assert rows["表单012.yaml"][:2] == ["有错误", "1"]            # schema error
    assert rows["表单017.yaml"][0] == "有错误"                     # unknown placeholder
    assert rows["表单000.yaml"][:2] == ["已生成", "0"]


def test_a_few_forms_render_to_word(forms, tmp_path, run_cli):
    out_dir = tmp_path / "word"
    code, out, _err = run_cli("render", str(forms / "表单000.yaml"), str(forms / "表单001.yaml"),
                              str(forms / "表单007.yaml"), "-o", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["表单000.docx", "表单001.docx"]
    assert (out_dir / "表单000.docx").read_bytes()[:2] == b"PK"


def test_all_good_forms_exit_0_and_existing_outputs_are_not_overwritten(forms, tmp_path, run_cli):
    good = [str(forms / f"表单{n:03d}.yaml") for n in (0, 1, 2)]
    code, out, _err = run_cli("render", *good, "-o", str(tmp_path), "--format", "txt")
    assert code == 0 and "失败 0 份" in out
    code, out, err = run_cli("render", *good, "-o", str(tmp_path), "--format", "txt")
    assert code == 1 and _rows(out)["表单001.yaml"][0] == "未生成" and "--force" in err
    code, out, _err = run_cli("render", *good, "-o", str(tmp_path), "--format", "txt", "--force")
    assert code == 0


def test_check_of_a_folder_lists_findings_then_the_summary(few_forms, run_cli):
    code, out, err = run_cli("check", str(few_forms), "-q", "--jobs", "2")
    assert code == 1
    rows = _rows(out)
    assert len(rows) == 12
    for n, kind in {3: "yaml", 5: "schema", 7: "reference", 9: "missing", 0: None}.items():
        assert rows[f"表单{n:03d}.yaml"][0] == CHECK_RESULT.get(kind, "通过")
    assert "共 12 份：成功 8 份，失败 4 份" in out     # 数据待填 fails check as it fails render
    assert "制表符" in err
    assert out.index("[placeholder]") < out.index("文件")


def test_check_json_of_several_forms_is_one_list(forms, run_cli):
    import json

    code, out, _err = run_cli("check", "--format", "json", str(forms / "表单000.yaml"), str(forms / "表单007.yaml"))
    data = json.loads(out)
    assert code == 1 and [d["文件"].endswith(n) for d, n in zip(data, ("表单000.yaml", "表单007.yaml"))] == [True, True]
    assert "无法读取" in data[1]


def test_two_forms_with_the_same_name_are_refused_before_anything_is_written(tmp_path, run_cli):
    for sub in ("甲", "乙"):
        write_forms(tmp_path / sub, 1, items=9)
    code, _out, err = run_cli("render", str(tmp_path / "甲"), str(tmp_path / "乙"), "-o", str(tmp_path / "o"))
    assert code == 2 and "同一个文件" in err and not (tmp_path / "o").exists()


def test_output_that_is_a_file_is_refused_for_a_batch(forms, tmp_path, run_cli):
    target = tmp_path / "已有.txt"
    target.write_text("x", encoding="utf-8")
    code, _out, err = run_cli("render", str(forms / "表单000.yaml"), str(forms / "表单002.yaml"), "-o", str(target))
    assert code == 2 and "文件夹" in err


def test_an_empty_folder_is_an_error(tmp_path, run_cli):
    code, _out, err = run_cli("render", str(tmp_path))
    assert code == 2 and "没有表单" in err


def test_collect_forms_expands_folders_in_name_order_without_duplicates(tmp_path):
    for name in ("b.yaml", "a.yml", "c.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "子文件夹").mkdir()
    assert [p.name for p in collect_forms([tmp_path, tmp_path / "b.yaml"])] == ["a.yml", "b.yaml"]


def test_the_summary_table_aligns_chinese_and_latin_text():
    outcomes = [Outcome(Path("表单甲.yaml"), EXIT_OK, "已生成", 0, 12),
                Outcome(Path("form-b.yaml"), 1, "数据待填", 3, 0)]
    lines = summary_table(outcomes).splitlines()
    widths = {display_width(line) for line in lines[:4]}
    assert len(widths) == 1                                  # header, rule and rows line up
    assert lines[-1] == "共 2 份：成功 1 份，失败 1 份"
    assert display_width("表单a") == 5


def test_an_internal_error_in_one_form_is_logged_and_the_others_still_render(few_forms, tmp_path, run_cli,
                                                                            monkeypatch):
    import drafter.render as render_command   # drafter.api.render looks it up there

    real = render_command.render_report

    def flaky(report, **kwargs):
        flaky.calls += 1
        if flaky.calls == 2:     # the second form
            raise RuntimeError("boom")
        return real(report, **kwargs)

    flaky.calls = 0
    monkeypatch.setattr(render_command, "render_report", flaky)
    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path))
    forms = [str(few_forms / f"表单{n:03d}.yaml") for n in (0, 1, 2)]
    code, out, err = run_cli("render", *forms, "-o", str(tmp_path / "o"), "--format", "txt")
    rows = _rows(out)
    assert code == 1
    assert [rows[f"表单{n:03d}.yaml"][0] for n in (0, 1, 2)] == ["已生成", "内部错误", "已生成"]
    assert "内部错误" in err and list(tmp_path.glob("drafter-错误-*.log"))
