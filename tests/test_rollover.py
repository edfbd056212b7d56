"""Tests for `drafter rollover`: this year's form from last year's, LAST untouched, everything stale flagged."""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from drafter.checks import run_checks
from drafter.cli import main
from drafter.form.blank import new_form
from drafter.model.figures import iter_figures
from drafter.model.report import Level, Status
from drafter.edits.rollover import bump_years, default_output, plan_entries, roll_over
from drafter.text import yoy_phrase
from drafter.form.load import load_form

FIXTURE = Path(__file__).parent / "fixtures" / "示例县2023年法治政府建设报告.yaml"
THIS_NAME = "示例县2024年法治政府建设报告.yaml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([*args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def last(tmp_path) -> Path:
    path = tmp_path / FIXTURE.name
    shutil.copyfile(FIXTURE, path)
    return path


@pytest.fixture
def rolled(last, capsys):
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    return last.with_name(THIS_NAME), out


def loaded(path: Path):
    form = load_form(path)
    assert form.problems == []
    return form


# ---------------------------------------------------------------- the command


def test_rollover_writes_next_years_form_and_leaves_last_untouched(last, capsys):
    before = sha(last)
    code, out, _err = run(capsys, "rollover", str(last))
    assert code == 0
    assert sha(last) == before
    this = last.with_name(THIS_NAME)
    assert f"已生成 2024 年表单：{this}（上年表单未改动）" in out
    assert "年度：2023 → 2024" in out and "下一步：" in out
    assert loaded(this).report.meta.year == 2024


def test_existing_output_is_not_overwritten_without_force(rolled, last, capsys):
    this, _out = rolled
    this.write_text("# 我的修改\n", encoding="utf-8")
    code, _out, err = run(capsys, "rollover", str(last))
    assert code == 2 and "输出文件已存在" in err and "--force" in err
    assert this.read_text(encoding="utf-8") == "# 我的修改\n"
    code, _out, _err = run(capsys, "rollover", str(last), "--force")
    assert code == 0 and loaded(this).report.meta.year == 2024


def test_last_can_never_be_the_output(last, capsys):
    before = sha(last)
    code, _out, err = run(capsys, "rollover", str(last), "-o", str(last), "--force")
    assert code == 2 and "输出文件不能与输入文件相同" in err
    assert sha(last) == before


def test_a_form_with_schema_errors_is_refused_with_every_error_listed(tmp_path, capsys):
    bad = tmp_path / "示例县2023.yaml"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("  年度: 2023", "  年度: 二〇二三")
                   .replace("    受理: 48", "    受理: -1"), encoding="utf-8")
    code, _out, err = run(capsys, "rollover", str(bad))
    assert code == 1
    assert "表单有 2 处错误，请先修正" in err
    assert re.search(r"示例县2023\.yaml:\d+:\d+: 错误 \[schema\] 基本信息\.年度：", err)
    assert re.search(r"示例县2023\.yaml:\d+:\d+: 错误 \[schema\] 数据\.行政复议\.受理：不能为负数", err)
    assert not (tmp_path / "示例县2024.yaml").exists()


def test_the_last_year_the_form_allows_cannot_roll_over(tmp_path, capsys):
    last = tmp_path / "示例县2100.yaml"
    last.write_text(new_form("示例县", 2100, Level.COUNTY), encoding="utf-8")
    code, _out, err = run(capsys, "rollover", str(last))
    assert code == 1 and "年度 2100 已是表单允许的最后一年" in err


def test_default_output_name():
    assert default_output(Path("d/示例县2023年报告.yaml"), 2023, 2024) == Path("d/示例县2024年报告.yaml")
    assert default_output(Path("报告.yaml"), 2023, 2024) == Path("报告-2024.yaml")
    assert default_output(Path("报告20231.yaml"), 2023, 2024) == Path("报告20231-2024.yaml")


# ---------------------------------------------------------------- what changes


def test_year_date_and_figures(rolled):
    this, _out = rolled
    report = loaded(this).report
    assert report.meta.year == 2024 and report.meta.date is None
    old = loaded(FIXTURE).report
    for group, spec in iter_figures():
        last_value = getattr(getattr(old.figures, group.attr), spec.attr)
        assert getattr(getattr(report.last_figures, group.attr), spec.attr) == last_value
        now = getattr(getattr(report.figures, group.attr), spec.attr)
        assert now == (last_value if spec.stock else None), spec.key
    assert report.last_figures.reconsideration.accepted == 48
    assert report.last_figures.legal_aid.recovered == Decimal("126.5")
    assert [(c.name, c.value, c.unit, c.note) for c in report.figures.custom] == [("证明事项清理", None, "项", "本年清理的证明事项")]
    assert [(c.name, c.value) for c in report.last_figures.custom] == [("证明事项清理", Decimal("12"))]


def test_stock_figures_are_carried_with_a_review_comment(rolled):
    text = rolled[0].read_text(encoding="utf-8")
    assert "    应覆盖单位: 32  # 待核：沿用上年数值；应当聘请法律顾问的单位数（个；存量指标）\n" in text
    assert "    权责事项: 3120  # 待核：沿用上年数值；权责清单事项总数（项；存量指标）\n" in text
    assert "    受理: null  # 本年受理的行政复议案件数（件）\n" in text


def test_user_comments_survive(rolled):
    text = rolled[0].read_text(encoding="utf-8")
    for comment in ("        # 执法局已核对本节数字（李四，2024-01-10）\n",
                    "  # 数据来源：县统计局和各部门报送，2024-01-15 汇总\n",
                    "；县司法局牵头\n",
                    "# yaml-language-server: $schema=../../schemas/report.schema.json\n"):
        assert comment in text


def _unflag(line: str) -> str:
    """The line as it was before rollover added a 待核 comment to it."""
    line = re.sub(r"# 待核：[^；]*；", "# ", line)
    return re.sub(r"  # 待核：[^；]*$", "", line)


def test_lines_rollover_need_not_change_are_byte_identical(rolled):
    last_lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    this_text = rolled[0].read_text(encoding="utf-8")
    added, _sep, _rest = this_text.partition("\n# 上年数据：")
    this_lines = [line for line in added.splitlines() if not line.startswith("# 由 drafter rollover 根据")]
    assert len(this_lines) == len(last_lines)
    stock = {spec.key for _group, spec in iter_figures() if spec.stock}
    for old, new in zip(last_lines, this_lines):
        if new == old:
            continue
        if "不填时" in old:      # a default that names the year moves on with it
            assert new == old.replace("2024年", "2025年").replace("2023年", "2024年"), (old, new)
            continue
        assert "待核" in new or re.match(r"  (年度|成文日期):", old) or re.match(r"\s+(\S+): \d", old), (old, new)
        if re.match(r"  年度: 2023", old):
            assert new == old.replace("2023", "2024")
        elif re.match(r"  成文日期: ", old):
            assert new == "  成文日期:  # 如 2025-02-08；定稿时填写"
        elif "待核" in new:
            assert _unflag(new) == old
        else:
            figure = re.match(r"(\s+)(\S+): (\d+(?:\.\d+)?)((?:  #.*)?)$", old)
            assert figure and figure.group(2) not in stock
            assert new == f"{figure.group(1)}{figure.group(2)}: null{figure.group(4)}"


def test_paragraphs_with_literal_numbers_are_flagged_and_placeholder_only_ones_are_not(rolled):
    text = rolled[0].read_text(encoding="utf-8")
    assert "        - 主要负责人带头旁听庭审2次，为全县领导干部讲授法治专题课1次。  # 待核：含 2次、1次\n" in text
    assert "自2023年6月1日起施行《示例县行政执法公示办法》，执法信息及时向社会公开。  # 待核：含 2023年6月1日\n" in text
    assert "办复率100%。\"  # 待核：含 35件、28件、100%\n" in text
    assert "        - 县政府主要负责人主持召开常务会议专题学法{{ 学法.常务会议学法 }}次，研究法治政府建设重点任务。\n" in text
    assert "          内容: 网上可办率达到{{ 政务服务.网上可办率 }}，群众办事更加便捷。\n" in text
    assert "      内容: 县委、县政府把法治政府建设纳入年度综合考核，逐级压实推进责任。\n" in text


def test_last_years_plans_are_carried_flagged(rolled):
    text = rolled[0].read_text(encoding="utf-8")
    note = "待核：沿用上年的工作安排，请改写为新一年的安排"
    assert f"    - 标题: 深化行政执法规范化建设  # {note}\n" in text
    assert f"    - 标题: 提升基层法治水平  # {note}；县司法局牵头\n" in text
    assert f"        - 内容: 完成全县行政执法案卷集中评查。对发现的问题建立台账。  # {note}\n" in text
    assert "  标题:  # 不填时为：2025年法治政府建设工作安排\n" in text  # the comment names the new default
    report = loaded(rolled[0]).report
    assert report.part_title(*report.parts()[3]) == "2025年法治政府建设工作安排"


def test_the_follow_up_checklist_lists_last_years_plans(rolled):
    report = loaded(rolled[0]).report
    assert [(e.plan, e.result, e.status) for e in report.plan_follow_up] == [
        ("推行说理式执法：在县市场监管局、县综合执法局开展说理式执法，年底前覆盖80%的一般程序案件。", None, None),
        ("完成全县行政执法案卷集中评查。", None, None),
        ("加强法治宣传教育：组织“八五”普法中期评估；全面落实“谁执法谁普法”普法责任制。", None, None),
        ("提升基层法治水平：为每个村（社区）配齐法律顾问。", None, None),
    ]
    text = rolled[0].read_text(encoding="utf-8")
    assert "上年计划落实:\n  - 上年计划: 推行说理式执法：" in text
    assert "    落实情况: null\n    状态: null\n" in text


def test_plans_written_as_paragraphs_become_one_entry_each():
    report = loaded(FIXTURE).report
    plans = report.plans.model_copy(update={"sections": [], "text": ["推进执法规范化。年内完成评查。", "加强普法"]})
    assert plan_entries(report.model_copy(update={"plans": plans})) == ["推进执法规范化。", "加强普法"]


def test_printed_notes(rolled):
    out = rolled[1]
    for note in ("年度：2023 → 2024", "成文日期：已清空，定稿时填写",
                 "正文：4 段含数字、年份或日期，已标注“待核”，请逐段核对",
                 "下一年度工作安排：沿用上年的 8 段，已标注“待核”，请改写为 2025 年的安排",
                 "数据：上年 33 项数值已移入“上年数据”；本年数据待填，其中 8 项存量指标沿用上年数值（待核）",
                 "上年计划落实：按上年的工作安排生成 4 项，请填写落实情况和状态"):
        assert f"  · {note}\n" in out


def test_check_lists_figures_to_fill_paragraphs_to_review_and_open_checklist_entries(rolled):
    findings = run_checks(loaded(rolled[0]))
    by_rule: dict[str, list[str]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding.path)
    assert "数据.行政复议.受理" in by_rule["missing-figure"]
    assert "第一责任人履职.章节[1].内容[2]" in by_rule["unreviewed"]
    assert "数据.法律顾问.应覆盖单位" in by_rule["unreviewed"]
    assert "下一年度工作安排.章节[3].标题" in by_rule["unreviewed"]
    # Every carried paragraph of 存在的不足和原因 waits for review too, digits or not.
    assert "存在的不足和原因.章节[1].内容" in by_rule["unreviewed"]
    shortcomings = [p for p in by_rule["unreviewed"] if p.startswith("存在的不足和原因")]
    assert len(shortcomings) == 4 and len(by_rule["unreviewed"]) == 4 + 8 + 8 + len(shortcomings)
    assert by_rule["plan-follow-up"] == [f"上年计划落实[{i}].落实情况" for i in range(1, 5)]
    # What stops the final document is only what is still to fill in (figures, 成文日期).
    assert all(f.rule == "missing-figure" for f in findings if f.level.value == "错误")


def _fill(text: str) -> str:
    """What a user does after rollover: review every flag, fill the figures and the checklist."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"# 待核：[^；]*；", "# ", line)
        line = re.sub(r"  # 待核：[^；]*$", "", line)
        lines.append(line)
    text = "\n".join(lines) + "\n"
    for key, value in (("受理", "60"), ("上年结转", "2"), ("办结", "58")):
        text = text.replace(f"    {key}: null  # {'本年' if key != '上年结转' else ''}", f"    {key}: {value}  # {'本年' if key != '上年结转' else ''}", 1)
    text = text.replace("    落实情况: null\n    状态: null\n", "    落实情况: 已按计划完成。\n    状态: 已完成\n")
    return text


def test_after_the_user_reviews_and_fills_the_warnings_are_gone(rolled):
    this = rolled[0]
    this.write_text(_fill(this.read_text(encoding="utf-8")), encoding="utf-8")
    form = loaded(this)
    rules = {f.rule for f in run_checks(form)}
    assert "unreviewed" not in rules and "plan-follow-up" not in rules
    report = form.report
    assert all(e.status is Status.DONE for e in report.plan_follow_up)
    assert (report.figures.reconsideration.accepted, report.last_figures.reconsideration.accepted) == (60, 48)
    assert yoy_phrase(report.figures.reconsideration.accepted, report.last_figures.reconsideration.accepted) == "同比增长25%"


# ---------------------------------------------------------------- titles, outline, twice


def test_literal_titles_follow_the_year_and_are_flagged(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("  标题:  # 不填时自动生成：关于2023年法治政府建设情况的报告",
                        "  标题: 示例县人民政府关于2023年度法治政府建设情况的报告")
    text = text.replace("  标题:  # 不填时为：2024年法治政府建设工作安排", "  标题: 2024年工作打算")
    text = text.replace("  附注: 此件公开发布", "  发文字号: 示政〔2024〕3号\n  附注: 此件公开发布")
    path = tmp_path / "示例县2023.yaml"
    path.write_text(text, encoding="utf-8")
    result = roll_over(loaded(path))
    assert "  标题: 示例县人民政府关于2024年度法治政府建设情况的报告  # 待核：标题中的年份已随年度更新\n" in result.text
    assert "  标题: 2025年工作打算  # 待核：标题中的年份已随年度更新\n" in result.text
    assert "  发文字号: 示政〔2024〕3号  # 待核：上年的发文字号，请改为本年文号\n" in result.text
    assert "标题：“示例县人民政府关于2023年度法治政府建设情况的报告”改为“示例县人民政府关于2024年度法治政府建设情况的报告”（待核）" in result.notes


def test_a_null_title_stays_null(rolled):
    report = loaded(rolled[0]).report
    assert report.meta.title is None and report.meta.display_title() == "关于2024年法治政府建设情况的报告"


def test_bump_years_moves_only_the_report_and_plan_years():
    assert bump_years("2023年成效与2024年安排（2021-2025年纲要）", 2023) == "2024年成效与2025年安排（2021-2025年纲要）"


def form_2020(tmp_path: Path) -> Path:
    text = new_form("示例市", 2020, Level.CITY)
    text = text.replace('内容: ""  # 本领域总述（可选）', "内容: 本领域工作稳步推进。  # 本领域总述（可选）")
    path = tmp_path / "示例市2020年报告.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_crossing_2020_to_2021_maps_sections_to_the_new_outline(tmp_path):
    last = loaded(form_2020(tmp_path))
    result = roll_over(last)
    this = tmp_path / "示例市2021年报告.yaml"
    this.write_text(result.text, encoding="utf-8")
    report = loaded(this).report
    assert report.meta.outline.value == "2021-2025"
    assert '  纲要版本: "2021-2025"  # 2015-2020 或 2021-2025，按年度自动确定\n' in result.text
    sections = report.measures.sections
    assert [s.area for s in sections] == ["政府职能", "依法行政制度", "行政决策", "行政执法", "权力制约监督",
                                          "矛盾纠纷化解", None, "党的领导"]
    assert sections[6].title == "全面提高政府工作人员法治思维和依法行政能力"
    assert report.section_title(sections[0]) == "健全政府机构职能体系，推动更好发挥政府作用"
    assert ("    - 标题: 全面提高政府工作人员法治思维和依法行政能力  # 待核：原纲要领域“法治思维能力”"
            "在《2021-2025》纲要中没有对应领域，已改为自定义章节\n") in result.text
    assert "    - 纲要领域: 政府职能  # 标题默认为：健全政府机构职能体系，推动更好发挥政府作用\n" in result.text
    assert ("“法治思维能力”在《2021-2025》纲要中没有对应领域：已改为自定义章节，"
            "标题保留为“全面提高政府工作人员法治思维和依法行政能力”（待核）") in result.notes
    assert "纲要版本：2021 年适用《2021-2025》纲要（上年为《2015-2020》）" in result.notes
    assert any(n.startswith("新纲要中上年没有的领域：突发事件应对、数字法治政府") for n in result.notes)


def test_rolling_over_twice(tmp_path, capsys):
    first = tmp_path / "示例县2023年报告.yaml"
    shutil.copyfile(FIXTURE, first)
    assert run(capsys, "rollover", str(first))[0] == 0
    second = tmp_path / "示例县2024年报告.yaml"
    code, out, _err = run(capsys, "rollover", str(second))
    assert code == 0
    assert "另有 24 处上年已标注“待核”、尚未核对，标注保留" in out   # 20 + the 4 of 存在的不足和原因
    third = tmp_path / "示例县2025年报告.yaml"
    report = loaded(third).report
    assert report.meta.year == 2025
    assert report.last_figures.advisers.units_required == 32
    assert report.last_figures.reconsideration.accepted is None  # 2024 was never filled
    assert len(report.plan_follow_up) == 4
    text = third.read_text(encoding="utf-8")
    assert text.count("待核：沿用上年数值") == 8 and "待核：沿用上年数值；待核" not in text
    assert text.count("待核：沿用上年的工作安排，请改写为新一年的安排") == 8 and text.count("待核") == 24
    assert text.count("# 由 drafter rollover 根据") == 1
    assert "# 由 drafter rollover 根据“示例县2024年报告.yaml”（2024 年）生成。" in text
    assert text.count("\n上年数据:") == 1 and text.count("\n上年计划落实:") == 1
    assert "\n# 上年计划落实：上年报告中工作安排的落实情况" in text  # the comment above it is kept


def test_windows_line_endings_are_kept(tmp_path):
    path = tmp_path / "示例县2023.yaml"
    path.write_bytes(FIXTURE.read_bytes().replace(b"\n", b"\r\n"))
    text = roll_over(loaded(path)).text
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")



# ---------------------------------------------------------------- the samples

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_rolls_over(sample, tmp_path, capsys):
    last = tmp_path / sample.name
    shutil.copyfile(sample, last)
    before = sha(last)
    code, out, _err = run(capsys, "rollover", str(last), "-o", str(tmp_path / "本年.yaml"))
    assert code == 0 and sha(last) == before
    old, new = loaded(last).report, loaded(tmp_path / "本年.yaml").report
    assert new.meta.year == old.meta.year + 1
    for group, spec in iter_figures():
        last_value = getattr(getattr(old.figures, group.attr), spec.attr)
        assert getattr(getattr(new.last_figures, group.attr), spec.attr) == last_value
        assert getattr(getattr(new.figures, group.attr), spec.attr) == (last_value if spec.stock else None)
    last_lines = last.read_text(encoding="utf-8").splitlines()
    this_lines = {_unflag(line) for line in (tmp_path / "本年.yaml").read_text(encoding="utf-8").splitlines()}
    for line in last_lines:
        if line.lstrip().startswith("#"):
            assert line in this_lines  # every full-line comment survives
    changed = [line for line in last_lines if line not in this_lines]
    for line in changed:
        assert re.match(r"\s+\S+: \d|  (年度|成文日期): |  - 上年计划: |    (落实情况|状态): ", line), line
    rules = {f.rule for f in run_checks(loaded(tmp_path / "本年.yaml"))}
    assert {"missing-figure", "unreviewed", "plan-follow-up"} <= rules


def test_every_carried_paragraph_of_shortcomings_waits_for_review(tmp_path, capsys):
    """存在的不足和原因 must be new each year: prose without any digit is flagged too, and
    check keeps listing it until the 待核 note is removed."""
    last = tmp_path / "示例县2024年报告.yaml"
    shutil.copyfile(FIXTURE, last)
    text = last.read_text(encoding="utf-8")
    prose = next(line for line in text.splitlines() if line.startswith("存在的不足和原因:"))
    assert prose
    assert run(capsys, "rollover", str(last), "-o", str(tmp_path / "本年.yaml"))[0] == 0
    rolled = (tmp_path / "本年.yaml").read_text(encoding="utf-8")
    report = loaded(tmp_path / "本年.yaml").report
    for si, section in enumerate(report.shortcomings.sections):
        assert section.text
        findings = [f for f in run_checks(loaded(tmp_path / "本年.yaml")) if f.rule == "unreviewed"]
        assert f"存在的不足和原因.章节[{si + 1}].内容" in {f.path for f in findings}
    assert "待核：沿用上年的存在的不足" in rolled


def test_comments_naming_a_default_move_on_with_the_year(tmp_path, capsys):
    from drafter.form.blank import new_form
    from drafter.model.report import Level as OrganLevel

    last = tmp_path / "示例县2024年报告.yaml"
    last.write_text(new_form("示例县", 2024, OrganLevel.COUNTY), encoding="utf-8")
    assert "不填时为：2024年法治政府建设主要举措和成效" in last.read_text(encoding="utf-8")
    assert run(capsys, "rollover", str(last), "-o", str(tmp_path / "本年.yaml"))[0] == 0
    rolled = (tmp_path / "本年.yaml").read_text(encoding="utf-8")
    assert "不填时为：2025年法治政府建设主要举措和成效" in rolled
    assert "不填时为：2026年法治政府建设工作安排" in rolled
    assert "2024年法治政府建设主要举措和成效" not in rolled


# ---------------------------------------------------------------- tables

TABLE_FORM = '''  内容:
    - 主要数据见下表。
    - 表格:
        - ["指标", "2022年", "2023年"]
        - ["行政复议受理（件）", "18", "{{ 行政复议.受理 }}"]
        - ["备注", "无", "无"]
'''


def _with_tables(last: Path, measures: str, plans: str | None = None) -> None:
    text = last.read_text(encoding="utf-8")
    block = '  内容: ""  # 本部分的引言（可选）\n'
    start = text.index("主要举措和成效:")
    at = text.index(block, start)
    text = text[:at] + measures + text[at + len(block):]
    if plans is not None:
        start = text.index("下一年度工作安排:")
        at = text.index(block, start)
        text = text[:at] + plans + text[at + len(block):]
    last.write_text(text, encoding="utf-8")


def test_a_table_is_flagged_once_on_its_key_and_its_rows_stay_one_line_each(last, capsys):
    _with_tables(last, TABLE_FORM)
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    text = last.with_name(THIS_NAME).read_text(encoding="utf-8")
    lines = text.splitlines()
    key = next(line for line in lines if line.strip().startswith("- 表格:"))
    assert key.endswith("- 表格:  # 待核：含 2022年、2023年、18")
    assert text.count("待核：含 2022年") == 1
    assert '        - ["指标", "2022年", "2023年"]' in lines
    assert '        - ["行政复议受理（件）", "18", "{{ 行政复议.受理 }}"]' in lines
    assert '        - ["备注", "无", "无"]' in lines
    assert "表格：1 个表格含数字或年份" in out
    report = loaded(last.with_name(THIS_NAME)).report
    assert report.measures.text[1].rows[1] == ["行政复议受理（件）", "18", "{{ 行政复议.受理 }}"]
    # check reports the table once, at the table
    findings = [f for f in run_checks(loaded(last.with_name(THIS_NAME))) if f.rule == "unreviewed"
                and "表格" in f.loc]
    assert [f.loc for f in findings] == [("主要举措和成效", "内容", 1, "表格")]
    assert findings[0].line == lines.index(key) + 2      # the table itself: its first row


def test_a_table_without_numbers_is_not_flagged(last, capsys):
    _with_tables(last, TABLE_FORM.replace('"2022年", "2023年"', '"上年", "本年"').replace('"18"', '"{{ 行政复议.受理 | 上年 }}"'))
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    text = last.with_name(THIS_NAME).read_text(encoding="utf-8")
    assert "    - 表格:\n" in text and "表格：" not in out


def test_the_year_headings_of_a_figures_table_move_on_with_its_placeholders(last, capsys):
    """The table drafter import makes from a Word report's figures table: its columns are
    placeholders, so after rollover they hold 2023's and 2024's figures; the headings said
    2022年/2023年 and were left so (and flagged) for the user to retype."""
    _with_tables(last, TABLE_FORM.replace('"18", "{{ 行政复议.受理 }}"', '"{{ 行政复议.受理 | 上年 }}", "{{ 行政复议.受理 }}"')
                 .replace('["备注", "无", "无"]', '["办结（件）", "{{ 行政复议.办结 | 上年 }}", "{{ 行政复议.办结 }}"]'))
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    lines = last.with_name(THIS_NAME).read_text(encoding="utf-8").splitlines()
    assert '        - ["指标", "2023年", "2024年"]' in lines
    assert "    - 表格:" in lines                         # nothing left to review in it
    assert "表格：表头的年份随数据更新，“2022年”改为“2023年”、“2023年”改为“2024年”" in out
    # a table with a column of typed numbers keeps its headings: tests/test_form_tables.py


def test_a_table_in_the_plans_is_flagged_once_as_a_carried_plan(last, capsys):
    _with_tables(last, '  内容: ""\n', TABLE_FORM)
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    lines = last.with_name(THIS_NAME).read_text(encoding="utf-8").splitlines()
    key = next(line for line in lines if line.strip().startswith("- 表格:"))
    assert "沿用上年的工作安排" in key
    assert '        - ["行政复议受理（件）", "18", "{{ 行政复议.受理 }}"]' in lines


def test_a_table_flagged_last_year_and_not_reviewed_keeps_its_one_flag(last, capsys):
    _with_tables(last, TABLE_FORM)
    code, out, err = run(capsys, "rollover", str(last))
    assert code == 0, err
    this = last.with_name(THIS_NAME)
    code, out, err = run(capsys, "rollover", str(this), "-o", str(last.with_name("次年.yaml")))
    assert code == 0, err
    lines = last.with_name("次年.yaml").read_text(encoding="utf-8").splitlines()
    key = next(line for line in lines if line.strip().startswith("- 表格:"))
    assert key.count("待核") == 1 and "上年已标注“待核”、尚未核对" in out
    assert '        - ["行政复议受理（件）", "18", "{{ 行政复议.受理 }}"]' in lines
