"""Small report forms for 示例县 used by the check tests, and a helper to check them.

`form_text(...)` builds a complete, clean form (no errors, no warnings) and lets a test
replace the pieces it is about: the text of one section of 主要举措和成效, figures,
basic information, plans, settings. `findings(...)` writes it to a file and runs the checks.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from drafter.checks import CheckOptions, Finding, run_checks
from drafter.model.outline import AREAS, outline_for_year
from drafter.form.load import load_form

CLEAN_TEXT = "县政府常务会议定期研究法治政府建设工作，各部门按照年度要点逐项推进，整体工作有序开展。"



def _base(year: int) -> dict[str, Any]:
    return {
        "基本信息": {
            "年度": year,
            "地区": "示例县",
            "层级": "县",
            "报告机关": "示例县人民政府",
            "主送机关": ["中共示例县委"],
            "落款": ["示例县人民政府"],
            "成文日期": f"{year + 1}-02-10",
        },
        "导语": f"{year}年，示例县按照年度工作要点推进法治政府建设，各项任务总体完成。现将有关情况报告如下：",
        "第一责任人履职": {"内容": "县长主持召开专题会议，研究部署全县法治政府建设重点任务，并在年终述职中专门述法。"},
        "主要举措和成效": {
            "章节": [{"纲要领域": area, "内容": CLEAN_TEXT} for area in AREAS[outline_for_year(year)]],
        },
        "存在的不足和原因": {"章节": [{"标题": "基层执法力量仍然薄弱", "内容": "部分乡镇执法人员偏少，专业培训还不够系统。"}]},
        "下一年度工作安排": {"章节": [{"标题": "充实基层执法力量", "内容": f"{year + 1}年，继续为乡镇补充执法人员，分批开展业务培训。"}]},
    }


def form_data(text: Any = None, *, figures: dict | None = None, last: dict | None = None,
              meta: dict | None = None, plans: Any = None, settings: dict | None = None,
              section: dict | None = None, intro: Any = None) -> dict[str, Any]:
    data = _base((meta or {}).get("年度", 2024))
    sections = data["主要举措和成效"]["章节"]
    if text is not None:
        sections[0]["内容"] = text
    if section is not None:
        sections[0] = {"纲要领域": sections[0]["纲要领域"], **section}
    if figures is not None:
        data["数据"] = figures
    if last is not None:
        data["上年数据"] = last
    if meta:
        data["基本信息"].update(meta)
    if plans is not None:
        data["下一年度工作安排"]["章节"][0]["内容"] = plans
    if settings is not None:
        data["检查设置"] = settings
    if intro is not None:
        data["导语"] = intro
    return data


def dump(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def form_text(*args: Any, **kwargs: Any) -> str:
    return dump(form_data(*args, **kwargs))


def findings(tmp_path: Path, text: str, *, previous: str | None = None, targets: Any = None,
             name: str = "表单.yaml") -> list[Finding]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    form = load_form(path)
    assert form.problems == [], form.problems
    prev = None
    if previous is not None:
        prev_path = tmp_path / "上年.yaml"
        prev_path.write_text(previous, encoding="utf-8")
        prev = load_form(prev_path)
    return run_checks(form, options=CheckOptions(previous=prev, targets=targets))


def of_rule(found: list[Finding], rule: str) -> list[Finding]:
    return [f for f in found if f.rule == rule]
