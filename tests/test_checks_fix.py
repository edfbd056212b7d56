"""`drafter check --fix`: safe fixes written through the round-trip tree, comments and layout kept,
the original kept as FILE.bak (never overwritten without --force)."""

from __future__ import annotations

import pytest

from drafter.edits.fix import fix_form
from drafter.errors import DrafterError
from drafter.paths import SAMPLES_DIR

FORM = """\
# 示例县2024年表单（测试用）
表单版本: 1
基本信息:
  年度: 2024
  地区: 示例县
  层级: 县
  报告机关: 示例县人民政府
  落款:
    - 示例县人民政府
  成文日期:  # 定稿时填写
  标题: null  # 不填时自动生成
导语: "2024年,示例县推进法治政府建设。现将有关情况报告如下:"  # 导语的注释
第一责任人履职:
  内容: 县长主持专题会议，研究部署重点任务。
主要举措和成效:
  章节:
    - 纲要领域: 党的领导
      标题: （一）加强党的领导  # 手写了编号
      条目:
        - 小标题: 1.完善制度。
          内容: |
            制定议事规则,明确工作程序。
            开展培训１２次，覆盖 全体 干部。
        - 内容:
            - 开展专项检查 次,查处 起。
            - 受理{{ 行政复议.受理 }}件,办结率{{ 行政复议.办结率 }}。
存在的不足和原因:
  内容: '基层力量薄弱,培训不够。'
下一年度工作安排:
  内容: 2025年，补充执法人员。
数据:
  行政复议:
    受理: 4
    办结: 4
    上年结转: 0
"""

FIXED = FORM \
    .replace('"2024年,示例县推进法治政府建设。现将有关情况报告如下:"', '"2024年，示例县推进法治政府建设。现将有关情况报告如下："') \
    .replace("标题: （一）加强党的领导", "标题: 加强党的领导") \
    .replace("小标题: 1.完善制度。", "小标题: 完善制度。") \
    .replace("制定议事规则,明确工作程序。", "制定议事规则，明确工作程序。") \
    .replace("开展培训１２次，覆盖 全体 干部。", "开展培训12次，覆盖全体干部。") \
    .replace("开展专项检查 次,查处 起。", "开展专项检查 次，查处 起。") \
    .replace("受理{{ 行政复议.受理 }}件,办结率", "受理{{ 行政复议.受理 }}件，办结率") \
    .replace("'基层力量薄弱,培训不够。'", "'基层力量薄弱，培训不够。'")


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "表单.yaml"
    path.write_text(FORM, encoding="utf-8")
    return path


def test_fix_rewrites_only_the_fixed_texts_and_keeps_everything_else(form):
    fixed = fix_form(form)
    assert form.read_text(encoding="utf-8") == FIXED
    assert {f.path for f in fixed} == {
        "导语", "主要举措和成效.章节[1].标题", "主要举措和成效.章节[1].条目[1].小标题",
        "主要举措和成效.章节[1].条目[1].内容", "主要举措和成效.章节[1].条目[2].内容[1]",
        "主要举措和成效.章节[1].条目[2].内容[2]", "存在的不足和原因.内容"}


def test_fix_keeps_the_original_as_bak(form):
    original = form.read_bytes()
    fix_form(form)
    assert (form.parent / "表单.yaml.bak").read_bytes() == original


def test_fix_refuses_to_overwrite_an_existing_bak_without_force(form):
    bak = form.parent / "表单.yaml.bak"
    bak.write_text("更早的备份", encoding="utf-8")
    with pytest.raises(DrafterError, match="--force"):
        fix_form(form)
    assert form.read_text(encoding="utf-8") == FORM
    assert bak.read_text(encoding="utf-8") == "更早的备份"
    fix_form(form, force=True)
    assert bak.read_text(encoding="utf-8") == FORM
    assert form.read_text(encoding="utf-8") == FIXED


def test_nothing_to_fix_writes_nothing(form):
    fix_form(form)
    assert fix_form(form) == []
    (form.parent / "表单.yaml.bak").unlink()
    assert fix_form(form) == []
    assert not (form.parent / "表单.yaml.bak").exists()


def test_fix_keeps_gb18030_encoding(tmp_path):
    path = tmp_path / "旧表单.yaml"
    path.write_bytes(FORM.encode("gb18030"))
    fix_form(path)
    assert path.read_bytes().decode("gb18030") == FIXED


def test_fix_keeps_a_byte_order_mark(tmp_path):
    path = tmp_path / "带BOM.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FORM.encode("utf-8"))
    fix_form(path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")


def test_fix_refuses_a_form_with_schema_errors(tmp_path):
    path = tmp_path / "坏表单.yaml"
    path.write_text(FORM.replace("年度: 2024", "年度: 两千"), encoding="utf-8")
    with pytest.raises(DrafterError, match="结构错误"):
        fix_form(path)


def test_samples_need_no_fixes(tmp_path):
    for sample in SAMPLES_DIR.glob("*.yaml"):
        copy = tmp_path / sample.name
        copy.write_bytes(sample.read_bytes())
        assert fix_form(copy) == [], sample.name


def test_cli_fix_reports_and_then_checks(form, run_cli):
    code, out, _ = run_cli("check", "--fix", str(form))
    assert "已自动修正" in out and "表单.yaml.bak" in out
    assert "主要举措和成效.章节[1].标题：手写的编号 1 处" in out
    assert "[blank]" in out          # the blanks are not a safe fix: still reported
    assert "[ascii-punct]" not in out
    assert code == 1
    code, out, err = run_cli("check", "--fix", str(form))
    assert "没有可自动修正的问题" in out


def test_cli_fix_with_existing_bak_fails_but_still_checks(form, run_cli):
    (form.parent / "表单.yaml.bak").write_text("旧备份", encoding="utf-8")
    code, out, err = run_cli("check", "--fix", str(form))
    assert "--force" in err
    assert "[ascii-punct]" in out
    assert code == 1
