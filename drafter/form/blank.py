"""`drafter new`: write a complete, self-explaining blank form.

Every part and every standard section of the chosen outline is present with its default
title and a one-line Chinese hint; every standard figure is present as null with its
meaning and unit in a comment; the first line is a `yaml-language-server` modeline
pointing at the JSON Schema so an editor offers completion and hover help.

`FormWriter`, `scalar` and `figures_section` are shared with `drafter import`, which
writes an imported report in the same layout.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from drafter.model.figures import GROUPS, figure_value
from drafter.model.outline import AREAS, Outline, outline_for_year
from drafter.model.report import DEFAULT_PART_TITLES, FORM_VERSION, Level, PartKey
from drafter.paths import SCHEMAS_DIR

SCHEMA_FILE = SCHEMAS_DIR / "report.schema.json"

_PLAIN = re.compile(r"^[\u3400-\u9fff（）、·\w-]+\Z")
#: Running Chinese text that YAML reads back unchanged as a plain scalar: it starts with a
#: CJK character or full-width mark (never a YAML indicator), then CJK, full-width marks,
#: letters, digits, single spaces and the ASCII marks that are harmless inside a plain
#: scalar; no ASCII colon, hash, quote or backslash.
_CJK = "\u3400-\u9fff\u3001-\u303f\u2010-\u2027\u2030-\u205e\uff01-\uff5e\uff5f-\uffef"
_PLAIN_TEXT = re.compile(rf"^[{_CJK}][{_CJK}\w.%+/()\[\]{{}},=<>~^$|!?@&*-]*(?: [{_CJK}\w.%+/()\[\]{{}},=<>~^$|!?@&*-]+)*\Z")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}

PART_HINTS: dict[PartKey, str] = {
    PartKey.FIRST_RESPONSIBLE: "党政主要负责人如何履行推进法治建设第一责任人职责：研究部署、带头学法、述法等",
    PartKey.MEASURES: "按纲要领域逐项写本年度的主要举措和成效；不涉及的领域填 不涉及: true",
    PartKey.SHORTCOMINGS: "实事求是写存在的不足及其原因，每项一节",
    PartKey.PLANS: "下一年度的主要工作安排，每项一节",
    PartKey.OTHER: "可选：其他需要报告的情况；没有时可删除本部分",
}


def scalar(value: object) -> str:
    """A YAML scalar for `value`, quoted only when a plain scalar would be misread."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not re.match(r"^[\d.+-]", text):
        return text
    if _PLAIN_TEXT.match(text):
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def schema_reference(target: Path | None) -> str:
    """Path of the JSON Schema as seen from the form's folder (relative when possible)."""
    if target is None:
        return SCHEMA_FILE.as_uri()
    try:
        return Path(os.path.relpath(SCHEMA_FILE, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return SCHEMA_FILE.as_uri()


class FormWriter:
    """Builds a form line by line: keys with scalar values and end-of-line notes, list items, comments."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(f"{' ' * indent}# {text}")

    def key(self, indent: int, key: str, value: object = None, note: str = "", *, blank: bool = False) -> None:
        rendered = scalar(value)
        line = f"{' ' * indent}{key}:" + (f" {rendered}" if rendered or blank else "")
        if blank and not rendered:
            line += ' ""'
        if note:
            line += f"  # {note}"
        self.lines.append(line)

    def item(self, indent: int, value: object, note: str = "") -> None:
        self.lines.append(f"{' ' * indent}- {scalar(value)}" + (f"  # {note}" if note else ""))

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def default_organs(region: str, level: Level) -> tuple[str, list[str]]:
    """(报告机关, 落款) of a region when nothing else is known: its 人民政府, or the department itself."""
    issuer = region if level is Level.DEPARTMENT else region + "人民政府"
    return issuer, [issuer]


def new_form(region: str, year: int, level: Level, outline: Outline | None = None, target: Path | None = None) -> str:
    outline = outline or outline_for_year(year)
    issuer, signatures = default_organs(region, level)
    w = FormWriter()
    w.lines.append(f"# yaml-language-server: $schema={schema_reference(target)}")
    w.comment(0, f"{region}{year}年法治政府建设情况报告 · 表单（由 drafter new 生成）")
    w.comment(0, "填写方法：在冒号后填写内容；正文可用 {{ 组名.指标名 }} 引用下方“数据”中的数字，如 {{ 行政复议.受理 }}。")
    w.comment(0, "编号（一、（一）1.（1））由程序自动生成，正文和标题中不要自己写编号。")
    w.comment(0, "不宜在政府网站公开的章节、条目加一行 不公开: true，单独一段写成 - 段落: …… 加 不公开: true；"
                 "drafter render --public 生成的公开版不含这些内容。")
    w.comment(0, "填完后运行 drafter check 本文件 检查，再运行 drafter render 本文件 生成 Word 文档。")
    w.key(0, "表单版本", FORM_VERSION, "由 drafter 维护，请勿修改")
    w.blank()
    w.key(0, "基本信息")
    w.key(2, "年度", year, "报告年度")
    w.key(2, "地区", region, "地区或单位简称")
    w.key(2, "层级", level.value, "省 / 市 / 县 / 区 / 乡镇 / 部门")
    w.key(2, "报告机关", issuer, "报告机关全称，写入文档属性“作者”")
    w.key(2, "主送机关", None, "报告报送的机关，如本级党委和上级政府；不需要时写 主送机关: []")
    w.item(4, f"中共{region}委" if level is not Level.DEPARTMENT else "示例市人民政府", "请改为实际主送机关")
    w.key(2, "落款", None, "落款机关；联合行文时逐行写多个，如 中共示例县委、示例县人民政府")
    for organ in signatures:
        w.item(4, organ)
    w.key(2, "成文日期", None, "如 2025-02-08；定稿时填写")
    w.key(2, "标题", None, f"不填时自动生成：关于{year}年法治政府建设情况的报告")
    w.key(2, "纲要版本", outline.value, "2015-2020 或 2021-2025，按年度自动确定")
    w.key(2, "附注", "此件公开发布", "不需要时删除本行")
    w.blank()
    w.key(0, "导语", "", "开头一段：总体情况，以“现将有关情况报告如下：”收尾", blank=True)
    w.blank()
    for key in PartKey:
        if key is PartKey.OTHER:
            w.comment(0, "可选部分，没有需要报告的情况时可整段删除")
        w.key(0, key.value)
        w.comment(2, PART_HINTS[key])
        default_title = DEFAULT_PART_TITLES[key].format(年度=year, 下一年度=year + 1)
        w.key(2, "标题", None, f"不填时为：{default_title}")
        w.key(2, "内容", "", "本部分的引言（可选）", blank=True)
        w.key(2, "章节")
        if key is PartKey.MEASURES:
            for area, title in AREAS[outline].items():
                w.key(4, "- 纲要领域", area, f"标题默认为：{title}")
                w.key(6, "内容", "", "本领域总述（可选）", blank=True)
                w.key(6, "条目")
                w.key(8, "- 小标题", None, "可选；以“。”结尾时与正文同段")
                w.key(10, "内容", "", "一项具体举措及成效", blank=True)
        else:
            w.key(4, "- 标题", "", "本节标题", blank=True)
            w.key(6, "内容", "", "本节正文", blank=True)
        w.blank()
    w.key(0, "结束语", "特此报告。")
    w.lines.append("附件: []  # 有附件时逐行写名称（- 名称），不写编号和书名号；没有附件保持 []")
    w.blank()
    figures_section(w)
    return w.text()


def figures_section(w: FormWriter, figures: BaseModel | None = None) -> None:
    """The 数据 section: every standard figure with its meaning and unit, null unless `figures` has it."""
    w.key(0, "数据")
    w.comment(2, "本年度数字。null 表示待填；比率（办结率、出庭应诉率等）自动计算，不用填。")
    for group in GROUPS:
        w.key(2, group.key, None, group.meaning)
        for spec in group.figures:
            value = figure_value(figures, group.key, spec.key) if figures is not None else None
            stock = "；存量指标" if spec.stock else ""
            w.lines.append(f"    {spec.key}: {'null' if value is None else scalar(value)}  # {spec.meaning}（{spec.unit}{stock}）")
        for rate in group.rates:
            w.comment(4, f"自动计算：{rate.key} = {rate.meaning}")
    w.lines.append("  自定义: []  # 标准指标以外的数字，每项写 名称、数值、单位、说明；正文中用 {{ 自定义.名称 }} 引用")
