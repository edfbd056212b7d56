"""Command line: `drafter new | check | schema | render | …`. Thin: parse, call, print, exit.

Heavy modules are imported inside the commands so `drafter --help` stays fast. Every
user error ends as a Chinese message with its location and exit code 1 or 2; an
unexpected failure writes the traceback to a log file and exits 3.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from drafter import __version__, api
from drafter.errors import EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.cli.i18n import ChineseCommand, install_click_translations

install_click_translations()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s")
def cli() -> None:
    """drafter：法治政府建设年度报告起草助手。

    \b
    常用流程：
      drafter new -o 报告.yaml          生成空白表单
      drafter import 去年报告.docx      把往年的报告导入为表单
      drafter check 报告.yaml           检查表单
      drafter render 报告.yaml          生成 Word 文档
      drafter rollover 上年.yaml        以上年表单为基础生成本年表单
      drafter diff 上年.yaml 本年.yaml  对比两年的数据和正文
      drafter sheet 报告.yaml           生成发给各单位的数据统计表（Excel）
      drafter collect 报告.yaml 统计表/ 把填好的统计表读回表单
      drafter aggregate 各县/           汇总下级单位的表单
      drafter serve                     在浏览器中填写表单（不用编辑 YAML）

    \b
    退出码：
      0  成功
      1  表单有错误，或正文引用的数据待填
      2  用法错误，或文件无法读取、无法写入
      3  内部错误（详细信息写入日志文件，请发给维护人员）
    """



cli.command_class = ChineseCommand

@cli.command("new")
@click.option("--region", "region", required=True, help="地区或单位简称，如 示例县、示例市司法局")
@click.option("--year", "year", type=click.IntRange(2000, 2100), required=True, help="报告年度，如 2024")
@click.option("--level", "level", default="县", show_default=True,
              type=click.Choice(["省", "市", "县", "区", "乡镇", "部门"]), help="层级")
@click.option("--outline", "outline", type=click.Choice(["2015-2020", "2021-2025"]), default=None,
              help="纲要版本（默认按年度确定）")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出文件（默认：地区+年度.yaml）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def new_command(region: str, year: int, level: str, outline: str | None, output: Path | None, force: bool) -> None:
    """生成一份完整的空白表单（含全部部分、纲要领域和数据项及填写说明）。"""
    from drafter import api

    target = output or Path(f"{region}{year}年法治政府建设报告.yaml")
    api.check_target(target, force=force)
    api.save(target, api.new_form(region, year, level, outline, target), force=force)
    click.echo(f"已生成表单：{target}")
    click.echo(f"下一步：填写后运行 drafter check {target}")


@cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="表单文件...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式")
@click.option("--disable", "disabled", multiple=True, metavar="规则", help="关闭某条检查规则（可多次使用）")
@click.option("--quiet", "-q", is_flag=True, help="不显示“提示”级别的问题（也不显示提示的条数）")
@click.option("--hints", "hints", is_flag=True, help="逐条列出“提示”（默认只列错误和警告，提示只给条数）")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="上年表单",
              help="上年的表单：找出与上年完全相同、没有更新的段落")
@click.option("--targets", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="指标文件",
              help="上级指标文件（YAML）：逐条核对数据是否达到要求")
@click.option("--fix", "fix", is_flag=True,
              help="先自动修正安全的排版问题（英文标点、多余空格、全角数字、重复标点、手写编号）再检查；"
                   "修改前把原文件备份为 文件名.bak")
@click.option("--force", is_flag=True, help="与 --fix 同用：备份文件已存在时覆盖它")
@click.option("--rules", "show_rules", is_flag=True, help="列出全部检查规则（编号、类别、名称）后退出")
@click.option("-j", "--jobs", "jobs", type=click.IntRange(1), default=1, metavar="N",
              help="批量时同时处理的表单数（N 个进程，可设为 CPU 核数），默认 1")
@click.option("--public", "public", is_flag=True,
              help="公开前审查：只看公开版会有的文字，查找密级和不宜公开字样、身份证号、手机号、银行卡号、邮箱、人名")
def check_command(files: tuple[Path, ...], fmt: str, disabled: tuple[str, ...], quiet: bool, hints: bool,
                  previous: Path | None, targets: Path | None, fix: bool, force: bool, show_rules: bool, jobs: int,
                  public: bool) -> None:
    """检查表单：结构、取值、待填数据、数据与正文是否一致、年份与日期、排版，一次列出全部问题。

    可以给多个表单或文件夹（检查其中全部 .yaml 表单），最后列出汇总表。

    退出码：0 无错误（可有警告），1 有错误，2 文件无法读取；多个表单时 1 表示有表单未通过。
    """
    from drafter.cli import check_cmd

    if show_rules:
        click.echo(check_cmd.rules_table())
        return
    if not files:
        raise click.UsageError("请指定要检查的表单文件，如 drafter check 报告.yaml")
    unknown = check_cmd.unknown_rules(frozenset(disabled))
    if unknown:
        raise click.BadParameter(f"没有这些规则：{'、'.join(unknown)}（drafter check --rules 列出全部规则）",
                                 param_hint="--disable")
    check_cmd.load_options(previous, targets)  # unreadable: exit 2 before any form is checked
    paths, worst = list(files), 0
    if fix:
        from drafter.cli.forms import collect_forms

        worst, paths = check_cmd.fix_files(collect_forms(paths), force, err=fmt == "json")
        if not paths:
            sys.exit(worst)
    sys.exit(max(worst, check_cmd.check_files(paths, fmt, frozenset(disabled), quiet, previous, targets, jobs,
                                              public, hints)))


@cli.command("schema")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出文件（默认打印到屏幕）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--targets", "targets", is_flag=True, help="输出上级指标文件（drafter check --targets）的 JSON Schema")
def schema_command(output: Path | None, force: bool, targets: bool) -> None:
    """输出表单的 JSON Schema（供编辑器补全和悬停提示）。"""
    from drafter import api

    text = api.schema_text(targets=targets)
    if output is None:
        click.echo(text, nl=False)
        return
    api.save(output, text, force=force)
    click.echo(f"已写入：{output}")


@cli.command("render")
@click.argument("forms", metavar="表单.yaml...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", metavar="输出", type=click.Path(path_type=Path), default=None,
              help="输出文件；多个表单或文件夹时为输出文件夹（不存在时自动建立）。默认：与表单同名、同一文件夹")
@click.option("--format", "fmt", type=click.Choice(api.formats()), default=None,
              help="输出格式（默认按文件名判断）：" + "；".join(f"{name} 为{label}" for name, label in api.format_labels().items()))
@click.option("--draft", is_flag=True, help="草稿：待填的数据显示为【待填：…】（黄色底色），不拒绝生成")
@click.option("--style", "style_path", metavar="版式配置.yaml", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="版式配置文件（默认：templates/styles/gbt9704.yaml，即国家标准版式）")
@click.option("--templates", "templates_dir", metavar="模板文件夹", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="版式模板文件夹（含 report.j2），用于调整各部分顺序和固定文字")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("-j", "--jobs", "jobs", type=click.IntRange(1), default=1, metavar="N",
              help="批量时同时处理的表单数（N 个进程，可设为 CPU 核数），默认 1")
@click.option("--annotate", is_flag=True, help="把 drafter check 的警告和提示作为 Word 批注加在相关段落旁，便于审核")
@click.option("--sources", is_flag=True,
              help="不生成公文，改为生成数据来源表（-o 来源.xlsx / .md / .csv）：正文引用的每项数据的数值、单位、"
                   "来源单位和截至日期，供办公室核对，不印入报告")
@click.option("--public", is_flag=True,
              help="政府网站公开版：不含标为“不公开”的内容，默认生成可直接粘贴的网页（.html，也可 --format docx/txt/pdf）；"
                   "先做公开前审查，有不宜公开的内容时不生成")
def render_command(forms: tuple[Path, ...], output: Path | None, fmt: str | None, draft: bool,
                   style_path: Path | None, templates_dir: Path | None, force: bool, jobs: int,
                   annotate: bool, sources: bool, public: bool) -> None:
    """由表单生成公文（Word、PDF、纯文本或网页；加 --public 生成政府网站公开版）。

    表单有错误时不生成；正文引用的数据还没填时列出待填项并退出，加 --draft 可先出草稿。
    不会覆盖已有文件（除非加 --force）；写入失败时原文件保持不变。

    可以给多个表单或文件夹（drafter render 表单/ -o 输出/）：逐份生成，某份出错不影响其他，
    最后列出汇总表。

    退出码：0 已生成，1 表单有错误或数据待填，2 文件无法读取或写入；多个表单时 1 表示有表单未生成。
    """
    from drafter.cli.forms import is_batch

    if sources:
        if len(forms) != 1 or forms[0].is_dir():
            raise click.UsageError("--sources 一次只处理一份表单")
        from drafter.cli.sheets_cmd import sources_file

        _print_outcome(sources_file(forms[0], output, force))
    if is_batch(list(forms)):
        from drafter.cli.render_cmd import render_batch

        sys.exit(render_batch(list(forms), output, fmt, jobs=jobs, draft=draft, style_path=style_path,
                              templates_dir=templates_dir, force=force, annotate=annotate, public=public))
    from drafter.cli.render_cmd import render_file

    sys.exit(render_file(forms[0], output, fmt, draft=draft, style_path=style_path, templates_dir=templates_dir,
                         force=force, annotate=annotate, public=public))


@cli.command("rollover")
@click.argument("last", metavar="上年.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="本年.yaml", help="输出文件（默认：把上年文件名中的年份换成本年）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def rollover_command(last: Path, output: Path | None, force: bool) -> None:
    """以上年表单为基础生成本年表单（上年表单不会被修改）。

    \b
    年度加一，成文日期清空；上年数据移入“上年数据”，本年数据待填（存量指标沿用并标注待核）；
    正文保留，含数字、年份、日期的段落标注“待核”；上年的工作安排生成“上年计划落实”清单。
    """
    from drafter import api

    result = api.rollover(api.load_form(last))
    target = output or last.with_name(result.default_name)
    api.save(target, result.text, force=force, inputs=(last,))
    click.echo(f"已生成 {result.year} 年表单：{target}（上年表单未改动）")
    for note in result.notes:
        click.echo(f"  · {note}")
    click.echo("下一步：")
    click.echo("  1. 打开新表单，逐项核对注释中标有“待核”的内容，核对或修改后删去该注释；")
    click.echo("  2. 填写本年数据和“上年计划落实”；")
    click.echo(f"  3. 运行 drafter check {target}，直到没有“待核”“待填”的警告。")


@cli.command("diff")
@click.argument("before", metavar="上年.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("after", metavar="本年.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md", "docx"]), default="table",
              show_default=True,
              help="输出格式；docx：本年报告的 Word 文档，与上年相比的改动显示为修订（审阅窗格中逐条查看）")
@click.option("--all", "all_rows", is_flag=True, help="也列出两年都未填写的指标")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出文件（默认打印到屏幕；docx 默认为本年表单旁的“表单名（与上年对比）.docx”）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def diff_command(before: Path, after: Path, fmt: str, all_rows: bool, output: Path | None, force: bool) -> None:
    """对比两份表单（上年在前，本年在后）：数据逐项对比、章节增删、与上年相同的段落。

    \b
    --format docx 生成供领导审阅的 Word 文档：正文为本年报告，与上年相比改动的字词显示为修订
    （作者“本年修改”），接受全部修订即为本年报告，拒绝全部修订即为上年报告；与上年一字不差的段落加批注。
    """
    from drafter import api

    earlier = api.valid_report(api.load_form(before))
    later = api.valid_report(api.load_form(after))
    if fmt == "docx":
        target = output or after.with_name(f"{after.stem}（与上年对比）.docx")
        api.check_target(target, force=force, inputs=(before, after))
        result = api.compare_docx(earlier, later)
        api.save(target, result.data, force=force, inputs=(before, after))
        click.echo(f"已生成对比文档：{target}")
        click.echo(f"  与上年相比：改写 {result.changed} 段，新增 {result.inserted} 段，删去 {result.deleted} 段，"
                   f"未改动 {result.same} 段。用 Word 打开，在“审阅”中逐条查看修订。")
        if result.marks:
            click.echo(f"  本年表单还有 {result.marks} 处数据待填，文档中显示为“【待填：…】”。")
        return
    text = api.diff_output(api.diff(earlier, later), fmt, all_rows)
    if output is None:
        click.echo(text, nl=False)
        return
    bom = "\ufeff" if fmt == "csv" else ""  # so that Excel reads the Chinese correctly
    api.save(output, bom + text, force=force, inputs=(before, after))
    click.echo(f"已写入：{output}")


@cli.command("import")
@click.argument("source", metavar="文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出表单（默认：与原文同名的 .yaml，放在原文旁边）")
@click.option("--year", "year", type=click.IntRange(2000, 2100), default=None, help="报告年度（默认从原文推断）")
@click.option("--region", "region", default=None, help="地区或单位简称（默认从原文推断）")
@click.option("--extract-figures", "figures", is_flag=True,
              help="把正文中常见的数据表述（受理行政复议案件23件等）提取到“数据”，原文数字改为占位符")
@click.option("--force-report", is_flag=True, help="原文看起来是上级下发的意见、通知时，仍按报告导入")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def import_command(source: Path, output: Path | None, year: int | None, region: str | None, figures: bool,
                   force_report: bool, force: bool) -> None:
    """把往年的报告（.docx 或 .txt）导入为表单，保留原文文字和结构。

    \b
    例如：drafter import 2024年法治政府建设情况报告.docx
    导入后核对表单中注有“请核对”的内容，再运行 drafter check。
    """
    from drafter import api

    target = output or api.import_target(source)
    api.check_target(target, force=force, inputs=(source,))
    result = api.import_document(api.read_import_source(source), str(source), year=year, region=region,
                                 extract_figures=figures, force_report=force_report, target=target)
    api.save(target, result.text, force=force, inputs=(source,))
    for line in result.summary:
        click.echo(line)


def _print_outcome(outcome) -> None:
    for line in outcome.lines:
        click.echo(line)
    for line in outcome.errors:
        click.echo(line, err=True)
    sys.exit(outcome.code)


@cli.command("sheet")
@click.argument("form", metavar="表单.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, metavar="统计表.xlsx",
              help="输出的统计表（默认：表单名-统计表.xlsx）；与 --units 同用且为文件夹时，每个单位一个工作簿")
@click.option("--units", "units", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="单位.txt",
              help="填报单位名单，每行一个单位（可写“单位：组、组”指定填报的数据组）；每个单位一张工作表")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def sheet_command(form: Path, output: Path | None, units: Path | None, force: bool) -> None:
    """由表单生成数据统计表（Excel），发给各单位填写。

    \b
    每项数据一行：组、指标、单位、数值、说明、来源单位、截至日期；只有“数值”“来源单位”
    “截至日期”可以填写（有数据验证），其余单元格受保护；比率由程序计算，不列入。
    填好后用 drafter collect 读回表单。
    """
    from drafter.cli.sheets_cmd import make_sheets

    _print_outcome(make_sheets(form, output, units, force))


@cli.command("collect")
@click.argument("form", metavar="表单.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("workbooks", nargs=-1, required=True, metavar="统计表.xlsx...", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="输出.yaml", help="写入的表单（默认：表单名-汇入.yaml；原表单不会被改动）")
@click.option("--force", is_flag=True, help="有冲突时以统计表为准；输出文件已存在时覆盖")
def collect_command(form: Path, workbooks: tuple[Path, ...], output: Path | None, force: bool) -> None:
    """把填好的统计表读回表单的“数据”，并在“数据来源”中记录每项数据的来源。

    \b
    逐格检查：数值格里的文字、负数、应为整数处的小数、没有计算结果的公式、合并单元格、
    部分大于总数等，每处给出工作簿、工作表和单元格（如 D12）；有问题时不写入任何文件。
    不同单位的同一项数据相加；同一单位填了两个不同的数、或与表单中已填的数不同，列为冲突，
    需加 --force。表单的注释和未改动的行原样保留。

    退出码：0 已写入，1 统计表有问题或有冲突，2 文件无法读取。
    """
    from drafter.cli.sheets_cmd import collect_into

    _print_outcome(collect_into(form, list(workbooks), output, force))


@cli.command("aggregate")
@click.argument("forms", nargs=-1, required=True, metavar="下级表单.yaml...", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="输出", help="汇总.yaml：数据块（与 --into 同用时为写入后的本级表单）；"
                                   "汇总.xlsx / .md / .csv：各单位明细表。可多次使用")
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="本级表单.yaml",
              help="把合计写入本级表单（写到 -o 指定的新文件，原表单不会被改动）")
@click.option("--force", is_flag=True, help="本级表单中已填的数与汇总不同时以汇总为准；输出文件已存在时覆盖")
def aggregate_command(forms: tuple[Path, ...], outputs: tuple[Path, ...], into: Path | None, force: bool) -> None:
    """汇总下级单位的表单：数量和存量指标相加，比率按合计数重新计算，自定义数据按名称合并。

    \b
    可以给多个表单或文件夹。列出每项数据有哪些单位待填或缺项；某份表单无法读取时
    给出原因并继续汇总其余表单。例如：
      drafter aggregate 各县/ -o 数据汇总.yaml -o 汇总表.xlsx

    退出码：0 全部汇总，1 有表单未计入或有冲突，2 用法错误或文件无法写入。
    """
    from drafter.cli.sheets_cmd import aggregate_forms

    _print_outcome(aggregate_forms(list(forms), list(outputs), into, force))


@cli.command("serve")
@click.argument("target", metavar="[表单.yaml | 文件夹]", required=False, type=click.Path(path_type=Path))
@click.option("--host", "host", default="127.0.0.1", show_default=True,
              help="监听的地址。默认只允许本机访问；改为其他地址时同一网络的电脑也能访问（会给出警告）")
@click.option("--port", "port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="端口")
@click.option("--no-browser", "no_browser", is_flag=True, help="不自动打开浏览器")
def serve_command(target: Path | None, host: str, port: int, no_browser: bool) -> None:
    """在浏览器中填写表单：列出文件夹中的表单，新建、导入、以上年表单开始新一年；
    按报告顺序填写，边写边预览，检查结果显示在相关栏目旁，保存时保留注释和格式，可下载 Word 文档。

    \b
    不给参数时服务当前文件夹中的表单；给出表单文件时直接打开它。
    例如：drafter serve 示例县2024年法治政府建设报告.yaml
    """
    from drafter.cli.crashlog import write_crash_log
    from drafter.serve.launcher import serve, target_of

    folder, name = target_of(target)
    serve(folder, open_name=name, host=host, port=port, browser=not no_browser, echo=click.echo,
          crash_log=write_crash_log)


def serve_gui() -> None:
    """The `drafter-serve` entry point (a GUI script: no console window on Windows): serves the
    folder used last time, or 文档, and opens the browser."""
    from drafter.cli.crashlog import write_crash_log
    from drafter.serve.launcher import gui_main

    gui_main(crash_log=write_crash_log)


def _tolerant_output() -> None:
    """Never fail on printing: a GBK console (Windows, redirected) cannot show an emoji, 𠀀 or
    an undecodable file name; such characters print as "?" instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(args: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every failure into a message and an exit code."""
    from drafter.cli.terminal import Terminated, session

    _tolerant_output()
    with session():
        try:
            code = cli.main(args=args, prog_name="drafter", standalone_mode=False)
        except DrafterError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort as exc:   # click turns Ctrl-C and SIGTERM into Abort
            click.echo("已终止。" if isinstance(exc.__context__, Terminated) else "已取消。", err=True)
            sys.exit(EXIT_UNREADABLE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_UNREADABLE)
        except SystemExit:
            raise
        except Terminated:
            click.echo("已终止。", err=True)
            sys.exit(EXIT_UNREADABLE)
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(EXIT_UNREADABLE)
        except Exception:  # noqa: BLE001 - last line of defence: log, never show a traceback
            from drafter.cli.crashlog import write_crash_log

            log = write_crash_log()
            click.echo(f"内部错误：drafter 遇到了意外问题。详细信息已写入 {log}，请把该文件发给维护人员。", err=True)
            sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def program() -> None:
    """The `drafter` program (console script and `python -m drafter`): `main`, then the process ends.

    Everything alive when the command is done is freed by the operating system with the
    process; `gc.freeze()` spares the interpreter's final garbage collections walking it
    (a tenth of a render's time: pydantic's and Jinja's objects are many). `main` itself is
    for in-process callers (tests), whose garbage must stay collectable.
    """
    import gc

    try:
        main()
    finally:
        gc.freeze()

