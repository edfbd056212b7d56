"""Command line: `drafter new | check | schema | render | …`. Thin: parse, call, print, exit.

Heavy modules are imported inside the commands so `drafter --help` stays fast. Every
user error ends as a Chinese message with its location and exit code 1 or 2; an
unexpected failure writes the traceback to a log file and exits 3.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from drafter import __version__
from drafter.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, DrafterError
from drafter.i18n import install_click_translations

install_click_translations()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s")
def cli() -> None:
    """drafter：法治政府建设年度报告起草助手。

    \b
    常用流程：
      drafter new -o 报告.yaml          生成空白表单
      drafter check 报告.yaml           检查表单
      drafter render 报告.yaml          生成 Word 文档

    \b
    退出码：
      0  成功
      1  表单有错误，或正文引用的数据待填
      2  用法错误，或文件无法读取、无法写入
      3  内部错误（详细信息写入日志文件，请发给维护人员）
    """


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
    from drafter.fileio import check_output, write_atomic
    from drafter.formgen import new_form
    from drafter.model.outline import Outline
    from drafter.model.report import Level

    target = output or Path(f"{region}{year}年法治政府建设报告.yaml")
    check_output(target, force=force)
    text = new_form(region, year, Level(level), Outline(outline) if outline else None, target)
    write_atomic(target, text.encode("utf-8"))
    click.echo(f"已生成表单：{target}")
    click.echo(f"下一步：填写后运行 drafter check {target}")


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式")
@click.option("--disable", "disabled", multiple=True, metavar="规则", help="关闭某条检查规则（可多次使用）")
@click.option("--quiet", "-q", is_flag=True, help="不显示“提示”级别的问题")
def check_command(files: tuple[Path, ...], fmt: str, disabled: tuple[str, ...], quiet: bool) -> None:
    """检查表单：结构、取值、待填数据和正文，一次列出全部问题。

    退出码：0 无错误（可有警告），1 有错误，2 文件无法读取。
    """
    from drafter.report_check import check_files

    sys.exit(check_files(list(files), fmt, frozenset(disabled), quiet))


@cli.command("schema")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出文件（默认打印到屏幕）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def schema_command(output: Path | None, force: bool) -> None:
    """输出表单的 JSON Schema（供编辑器补全和悬停提示）。"""
    from drafter.fileio import check_output, write_atomic
    from drafter.schema_export import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    check_output(output, force=force)
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"已写入：{output}")


@cli.command("render", options_metavar="[选项]")
@click.argument("form", metavar="FORM.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="输出文件（默认：与表单同名、同一文件夹）")
@click.option("--format", "fmt", type=click.Choice(["docx", "txt", "html"]), default=None,
              help="输出格式：docx（Word公文）、txt（纯文本）或html（网页预览），默认按文件名判断")
@click.option("--draft", is_flag=True, help="草稿：待填的数据显示为【待填：…】（黄色底色），不拒绝生成")
@click.option("--style", "style_path", metavar="PROFILE.yaml", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="版式配置文件（默认：templates/styles/gbt9704.yaml，即国家标准版式）")
@click.option("--templates", "templates_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="版式模板文件夹（含 report.j2），用于调整各部分顺序和固定文字")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def render_command(form: Path, output: Path | None, fmt: str | None, draft: bool, style_path: Path | None,
                   templates_dir: Path | None, force: bool) -> None:
    """由表单生成公文（Word、纯文本或网页）。

    表单有错误时不生成；正文引用的数据还没填时列出待填项并退出，加 --draft 可先出草稿。
    不会覆盖已有文件（除非加 --force）；写入失败时原文件保持不变。

    退出码：0 已生成，1 表单有错误或数据待填，2 文件无法读取或写入。
    """
    from drafter.render_command import render_file

    sys.exit(render_file(form, output, fmt, draft=draft, style_path=style_path, templates_dir=templates_dir,
                         force=force))


def _tolerant_output() -> None:
    """Never fail on printing: a GBK console (Windows, redirected) cannot show an emoji, 𠀀 or
    an undecodable file name; such characters print as "?" instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(args: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every failure into a message and an exit code."""
    _tolerant_output()
    try:
        code = cli.main(args=args, prog_name="drafter", standalone_mode=False)
    except DrafterError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(EXIT_UNREADABLE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_UNREADABLE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(EXIT_UNREADABLE)
    except Exception:  # noqa: BLE001 - last line of defence: log, never show a traceback
        from drafter.crashlog import write_crash_log

        log = write_crash_log()
        click.echo(f"内部错误：drafter 遇到了意外问题。详细信息已写入 {log}，请把该文件发给维护人员。", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


__all__ = ["cli", "main", "EXIT_FINDINGS"]
