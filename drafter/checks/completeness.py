"""Completeness: figures still 待填 (null), required parts and sections left empty, 第一责任人履职 present."""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level
from drafter.model.figures import GROUPS_BY_KEY, missing_figures
from drafter.model.report import PartKey, iter_texts, paragraphs
from drafter.placeholders import PlaceholderError, parse_text

RULES = {
    "missing-figure": "待填的数据",
    "empty-text": "待填的正文",
    "first-responsible": "缺少第一责任人履职情况",
}

REQUIRED_PARTS = (PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS)


def check(ctx: CheckContext) -> None:
    _figures(ctx)
    _texts(ctx)


def _referenced(ctx: CheckContext) -> set[tuple[str, str]]:
    refs: set[tuple[str, str]] = set()
    for _loc, text in iter_texts(ctx.report):
        try:
            refs.update((r.group, r.name or "") for r in parse_text(text))
        except PlaceholderError:
            continue  # reported by the references family
    return refs


def _figures(ctx: CheckContext) -> None:
    """Null figures the text uses are warnings (render needs them); the others only hints."""
    custom_index = {c.name: i for i, c in enumerate(ctx.report.figures.custom)}
    used = _referenced(ctx)
    for group, name in missing_figures(ctx.report.figures):
        if group == "自定义":
            loc = ("数据", "自定义", custom_index[name], "数值")
            unit = ""
        else:
            loc = ("数据", group, name)
            unit = GROUPS_BY_KEY[group].figure(name).unit
        what = f"待填：{group}.{name}" + (f"（单位：{unit}）" if unit else "")
        if _uses(used, group, name):
            ctx.add(Level.WARNING, "missing-figure", what + "，正文引用了它", loc)
        else:
            ctx.add(Level.HINT, "missing-figure", what + "（正文未引用，可不填）", loc)


def _uses(used: set[tuple[str, str]], group: str, name: str) -> bool:
    """Whether the text uses the figure directly or through one of its group's rates."""
    if (group, name) in used:
        return True
    spec = GROUPS_BY_KEY.get(group)
    return spec is not None and any(
        (group, rate.key) in used and name in (*rate.numerator, *rate.denominator) for rate in spec.rates)


def _texts(ctx: CheckContext) -> None:
    report = ctx.report
    if not paragraphs(report.intro):
        ctx.add(Level.WARNING, "empty-text", "待填：导语", ("导语",))
    for key, part in report.parts():
        if part.is_empty() and (key in REQUIRED_PARTS or key is PartKey.FIRST_RESPONSIBLE):
            ctx.add(Level.WARNING, "empty-text", f"待填：{key.value}（本部分还没有内容）", (key.value,))
        for si, section in enumerate(part.sections):
            if section.not_applicable:
                continue
            loc = (key.value, "章节", si)
            if not report.section_title(section):
                ctx.add(Level.WARNING, "empty-text", f"待填：{key.value}第{si + 1}节的标题", loc)
            has_text = paragraphs(section.text) or any(
                paragraphs(item.text) or item.children for item in section.items)
            if not has_text:
                title = report.section_title(section) or f"第{si + 1}节"
                ctx.add(Level.WARNING, "empty-text", f"待填：{key.value}“{title}”还没有内容", loc)
    if not report.has_first_responsible():
        ctx.add(Level.WARNING, "first-responsible",
                "报告须包含党政主要负责人履行推进法治建设第一责任人职责情况：请填写“第一责任人履职”部分，"
                "或在主要举措和成效中加一节“纲要领域: 第一责任人履职”", ("第一责任人履职",) if report.first_responsible else ())
