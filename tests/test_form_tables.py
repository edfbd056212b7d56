"""Tables and attachment pages in the form (issue #13): checked, fixed, rolled over and
rendered like the rest of the text, each cell located at its line and column."""

from __future__ import annotations

from docx_builder import build_docx, p, table

DATA = [["指标", "2023年", "2024年"], ["行政复议受理(件)", "18", "{{ 行政复议.受理 }}"]]


def _form(tmp_path, run_cli, rows=DATA):
    body = "".join([
        p("关于2024年法治政府建设情况的报告", style="Title"),
        p("2024年，样例县坚持依法行政。现将有关情况报告如下："),
        p("一、主要举措和成效"), p("主要数据见下表。"), table(rows),
        p("二、存在的问题"), p("队伍建设有待加强。"),
        p("三、下一步工作计划"), p("推进执法规范化。"),
        p("特此报告。"), p("附件：执法数据表"), p("样例县人民政府"), p("2025年1月20日"),
        p("附件"), p("执法数据表"), table([["项目", "数量"], ["行政许可,件", "1520"]]),
    ])
    source = build_docx(tmp_path / "表格.docx", body)
    form = tmp_path / "表格.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(form))
    assert code == 0, err
    # the importer keeps a source's {{ literal (full-width ｛); an office then writes a real placeholder
    form.write_text(form.read_text(encoding="utf-8").replace("｛{", "{{"), encoding="utf-8")
    return form


def _extracted(tmp_path, run_cli, name: str, data_table: str, *, short: bool = False):
    """A 2024 report of 样例县 with `data_table` in its first part (`short`: title, that part,
    问题 and the signature only), imported with --extract-figures: (form path, screen output)."""
    if short:
        parts = [p("关于2024年法治政府建设情况的报告", style="Title"), p("一、主要举措和成效"), data_table,
                 p("二、存在的问题"), p("队伍建设有待加强。")]
    else:
        parts = [p("关于2024年法治政府建设情况的报告", style="Title"), p("2024年，样例县坚持依法行政。现将有关情况报告如下："),
                 p("一、主要举措和成效"), p("主要数据见下表。"), data_table,
                 p("二、存在的问题"), p("队伍建设有待加强。"), p("三、下一步工作计划"), p("推进执法规范化。")]
    source = build_docx(tmp_path / f"{name}.docx", "".join([*parts, p("样例县人民政府"), p("2025年1月20日")]))
    form = tmp_path / f"{name}.yaml"
    code, out, err = run_cli("import", str(source), "-o", str(form), "--extract-figures")
    assert code == 0, err
    return form, out


def test_cells_are_checked_at_their_line_and_column(tmp_path, run_cli):
    form = _form(tmp_path, run_cli, [["指标", "2023年", "2024年"], ["受理(件)", "18", "{{ 不存在.受理 }}"]])
    lines = form.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, 1) if "不存在" in line)
    code, out, err = run_cli("check", str(form))
    text = out + err
    assert code == 1
    column = lines[row - 1].index('"{{') + 1              # the quoted cell starts at its quote
    assert f"{form}:{row}:{column}: 错误 [placeholder]" in text and "表格[2][3]" in text
    assert "[ascii-punct]" in text and "附件[1].内容[1].表格[2][1]" in text
    assert "[year-stale]" not in text           # column heads naming years are not stale text


def test_fix_corrects_cells_and_keeps_the_table(tmp_path, run_cli):
    form = _form(tmp_path, run_cli)
    code, out, err = run_cli("check", "--fix", str(form))
    fixed = form.read_text(encoding="utf-8")
    assert "行政复议受理（件）" in fixed and "行政许可，件" in fixed
    assert '- ["指标", "2023年", "2024年"]' in fixed


def test_a_table_placeholder_is_filled_when_rendered(tmp_path, run_cli):
    form = _form(tmp_path, run_cli)
    text = form.read_text(encoding="utf-8").replace("  受理: null", "  受理: 23", 1)
    form.write_text(text, encoding="utf-8")
    output = tmp_path / "表格.txt"
    code, out, err = run_cli("render", str(form), "--draft", "--format", "txt", "-o", str(output))
    assert code == 0, err
    rendered = output.read_text(encoding="utf-8")
    assert "行政复议受理（件）\t18\t23" in rendered
    assert rendered.index("2025年1月20日") < rendered.index("附件\n执法数据表") < rendered.index("行政许可，件\t1520")


def test_rollover_and_diff_keep_tables(tmp_path, run_cli):
    form = _form(tmp_path, run_cli)
    following = tmp_path / "次年.yaml"
    code, out, err = run_cli("rollover", str(form), "-o", str(following))
    assert code == 0, err
    from drafter.model.report import Table
    from drafter.form.load import load_form

    report = load_form(following).report
    table_entry = report.measures.text[1]
    assert isinstance(table_entry, Table) and table_entry.rows[0] == ["指标", "2023年", "2024年"]
    assert report.attachments[0].name == "执法数据表" and "1520" in following.read_text(encoding="utf-8")
    rolled = following.read_text(encoding="utf-8").splitlines()
    keys = [line for line in rolled if line.strip().startswith("- 表格:")]
    assert len(keys) == 2 and all("# 待核：含 " in line for line in keys)     # the body's table and the page's
    assert any(line.endswith('- ["行政许可,件", "1520"]') for line in rolled)   # rows stay one line each
    assert not any(line.strip() in ("- 指标", "- 1520", '- "1520"') for line in rolled)
    code, out, err = run_cli("diff", str(form), str(following))
    assert code in (0, 1) and "Traceback" not in out + err


def test_extract_figures_reads_table_cells_too(tmp_path, run_cli):
    form, out = _extracted(tmp_path, run_cli, "表中数字", table([["事项", "情况"], ["行政复议", "受理行政复议案件23件，办结21件"]]))
    lines = form.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, 1) if "{{ 行政复议.受理 }}" in line)
    assert f"表中数字.yaml:{row}  “受理行政复议案件23件” → {{{{ 行政复议.受理 }}}} = 23" in out
    assert "    受理: 23" in lines[row:] or any(line.startswith("    受理: 23") for line in lines)


def test_extract_figures_takes_this_years_column_of_a_data_table(tmp_path, run_cli):
    rows = [["指标", "2023年", "2024年"], ["行政复议受理（件）", "18", "23"], ["行政复议办结（件）", "17", "21"],
            ["其他事项（项）", "5", "6"]]
    form, out = _extracted(tmp_path, run_cli, "数据表", table(rows))
    text = form.read_text(encoding="utf-8")
    assert '["行政复议受理（件）", "{{ 行政复议.受理 | 上年 }}", "{{ 行政复议.受理 }}"]' in text
    assert '["行政复议办结（件）", "{{ 行政复议.办结 | 上年 }}", "{{ 行政复议.办结 }}"]' in text
    assert '["其他事项（项）", "5", "6"]' in text                  # no figure of ours: left as written
    assert "“行政复议受理23件” → {{ 行政复议.受理 }} = 23" in out
    assert "“行政复议受理18件” → {{ 行政复议.受理 | 上年 }} = 18" in out
    from drafter.form.load import load_form
    from drafter.model.figures import figure_value
    report = load_form(form).report
    figures, last = report.figures, report.last_figures
    assert (figure_value(figures, "行政复议", "受理"), figure_value(figures, "行政复议", "办结")) == (23, 21)
    assert (figure_value(last, "行政复议", "受理"), figure_value(last, "行政复议", "办结")) == (18, 17)
    assert figure_value(last, "行政应诉", "案件") is None
    # the table renders as it was written, both columns
    output = tmp_path / "数据表.txt"
    code, _, err = run_cli("render", str(form), "--draft", "--format", "txt", "-o", str(output))
    assert code == 0, err
    rendered = output.read_text(encoding="utf-8")
    assert "行政复议受理（件）\t18\t23" in rendered and "行政复议办结（件）\t17\t21" in rendered


def test_extract_figures_reads_a_last_year_column_headed_shang_nian(tmp_path, run_cli):
    rows = [["项目", "本年", "上年"], ["行政复议受理（件）", "23", "18"]]
    form, out = _extracted(tmp_path, run_cli, "上年列", table(rows))
    text = form.read_text(encoding="utf-8")
    assert '["行政复议受理（件）", "{{ 行政复议.受理 }}", "{{ 行政复议.受理 | 上年 }}"]' in text
    from drafter.form.load import load_form
    from drafter.model.figures import figure_value
    report = load_form(form).report
    assert figure_value(report.last_figures, "行政复议", "受理") == 18
    assert figure_value(report.figures, "行政复议", "受理") == 23


def test_without_a_last_year_column_the_form_has_no_last_year_figures(tmp_path, run_cli):
    rows = [["指标", "2024年"], ["行政复议受理（件）", "23"]]
    form, out = _extracted(tmp_path, run_cli, "无上年", table(rows), short=True)
    assert "上年数据" not in form.read_text(encoding="utf-8")


def test_a_column_comparing_the_years_is_not_last_years_figures(tmp_path, run_cli):
    rows = [["指标", "2024年", "比2023年增减（件）"], ["行政复议受理（件）", "23", "5"]]
    form, out = _extracted(tmp_path, run_cli, "增减", table(rows), short=True)
    text = form.read_text(encoding="utf-8")
    assert '["行政复议受理（件）", "{{ 行政复议.受理 }}", "5"]' in text and "上年数据" not in text
