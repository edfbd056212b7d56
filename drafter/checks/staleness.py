"""Staleness and dates: text left over from another year, and a 成文日期 out of its window.

- years in the text that do not fit 年度: "2025度" (a typo for 2025年度); a paragraph or
  heading opening with another year than the one it reports on (年度, or 年度+1 in
  下一年度工作安排); a year three or more before 年度 in this year's work;
- paragraphs that read the same as last year's (`--previous`), compared as printed: figures
  substituted on both sides, so a paragraph of placeholders whose figures changed is new
  (paragraphs rollover flagged `# 待核` are reported by the carryover family);
- 成文日期 before the year ended, or on/after the deadline for the report's 层级
  (检查设置.报送截止; by default 04-01, departments 03-01).
"""

from __future__ import annotations

import re
from typing import Any, Callable


from drafter.checks.base import CheckContext, Level
from drafter.errors import DrafterError
from drafter.checks.texts import TextField
from drafter.model.report import PartKey
from drafter.text import find_year_typos, find_years, format_cn_date, normalize_text

FAMILY = "时效"
RULES = {
    "year-typo": "年份笔误（“2025度”）",
    "year-stale": "与报告年度不符的年份",
    "same-as-last-year": "与上年报告相同的段落",
    "date-early": "成文日期早于年度结束",
    "date-late": "成文日期晚于报送截止日期",
}

#: Parts that report on 年度 itself; 下一年度工作安排 reports on 年度 + 1.
_THIS_YEAR = {"导语", "基本信息", PartKey.FIRST_RESPONSIBLE.value, PartKey.MEASURES.value, PartKey.OTHER.value,
              "上年计划落实"}
_NEXT_YEAR = {PartKey.PLANS.value}
#: Parts whose every year is this year's work (a much older year there is suspicious).
_WORK = {"导语", PartKey.FIRST_RESPONSIBLE.value, PartKey.MEASURES.value}
#: Shorter paragraphs (特此报告。, set phrases) may repeat from year to year.
MIN_REPEAT_CHARS = 20
OLD_YEARS = 3

_RANGE_GAP_RE = re.compile(r"[ \u3000]*(?:-|–|—{1,2}|－|~|～|至)[ \u3000]*")
_SINCE_AFTER_RE = re.compile(r"年(?:度)?(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?(?:以来|起|至今|开始|以前|之前|前|后|版|修订|修正|颁布|印发)")
_SINCE_BEFORE_RE = re.compile(r"(?:自|从|截至|截止|始于|早在)[ \u3000]*$")


def check(ctx: CheckContext) -> None:
    year = ctx.report.meta.year
    previous = _previous_paragraphs(ctx)
    printed = _printed(ctx.report) if previous else None
    for field in ctx.texts:
        _year_typos(ctx, field)
        _years(ctx, field, year)
        if printed is not None and not field.title and field.part != "结束语":
            key = printed(field)
            if len(key) >= MIN_REPEAT_CHARS and key in previous:
                ctx.add(Level.WARNING, "same-as-last-year",
                        f"本段与上年报告（{ctx.options.previous.name}）中的一段完全相同，请改写为{year}年的情况",
                        field.loc)
    _date(ctx)


# ---------------------------------------------------------------- years


def _year_typos(ctx: CheckContext, field: TextField) -> None:
    for year, start, end in find_year_typos(field.masked):
        ctx.add(Level.ERROR, "year-typo", f"“{field.text[start:end]}”缺少“年”字，应为“{year}年度”", field.loc)


def _years(ctx: CheckContext, field: TextField, year: int) -> None:
    if "表格" in field.loc:        # a table's column heads name years on purpose (2023年 | 2024年)
        return
    if field.part in _NEXT_YEAR:
        expected = year + 1
    elif field.part in _THIS_YEAR:
        expected = year
    else:
        return
    text = field.masked
    found = find_years(text)
    in_range = _range_members(text, found)
    lead = len(text) - len(text.lstrip(" \u3000"))
    for index, (value, start, end) in enumerate(found):
        if index in in_range or _since(text, start, end) or _in_book_title(text, start):
            continue
        if (field.title or start == lead) and value != expected:
            where = "标题" if field.title else "段首"
            ctx.add(Level.WARNING, "year-stale",
                    f"{where}的“{value}年”与本部分应写的{expected}年不符（报告年度 {year}），可能沿用了其他年度的文字",
                    field.loc)
        elif field.part in _WORK and value <= year - OLD_YEARS:
            ctx.add(Level.HINT, "year-stale",
                    f"“{text[start:end + 1]}”比报告年度 {year} 早 {year - value} 年，写在本年度工作中，请确认不是旧文字",
                    field.loc)


def _range_members(text: str, found: list[tuple[int, int, int]]) -> set[int]:
    """Indices of years that are ends of a range (2021-2025年, 2023年至2025年)."""
    members: set[int] = set()
    for i in range(len(found) - 1):
        gap = text[found[i][2]:found[i + 1][1]]
        if _RANGE_GAP_RE.fullmatch(gap) or _RANGE_GAP_RE.fullmatch(gap.removeprefix("年")):
            members.update((i, i + 1))
    return members


def _since(text: str, start: int, end: int) -> bool:
    """"2018年以来", "自2018年", "2016年修订": a year that dates something, not this year's work."""
    return bool(_SINCE_AFTER_RE.match(text, end) or _SINCE_BEFORE_RE.search(text, 0, start))


def _in_book_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


# ---------------------------------------------------------------- last year's text


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


_NOT_TEXT = {"数据", "上年数据", "基本信息", "检查设置", "表单版本"}


def printed_text(report: Any) -> Callable[[str, tuple], str]:
    """A function giving a text of `report` (text, location) as it prints, figures substituted,
    without white space: two paragraphs are the same only if the reader would read the same
    words. Also what `drafter diff` calls reused."""
    from drafter.render.sandbox import TextRenderer

    renderer = TextRenderer(report, tolerant=True)

    def printed(text: str, loc: tuple) -> str:
        try:
            return re.sub(r"\s+", "", "".join(run.text for run in renderer.runs(text, loc)))
        except DrafterError:
            return _normal(text)

    return printed


def _printed(report: Any) -> Callable[[TextField], str]:
    printed = printed_text(report)
    return lambda field: printed(field.text, field.loc)


def _previous_paragraphs(ctx: CheckContext) -> set[str]:
    """Last year's paragraphs as they printed (its own figures substituted); for a form that
    does not validate, any string of its text parts as written."""
    previous = ctx.options.previous
    if previous is None or not isinstance(previous.values, dict):
        return set()
    if previous.report is not None:
        from drafter.checks.texts import text_fields

        printed = _printed(previous.report)
        keys = (printed(field) for field in text_fields(previous.report) if not field.title)
        return {key for key in keys if len(key) >= MIN_REPEAT_CHARS}
    out: set[str] = set()
    stack: list[Any] = [v for k, v in previous.values.items() if k not in _NOT_TEXT]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            key = _normal(node)
            if len(key) >= MIN_REPEAT_CHARS:
                out.add(key)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


# ---------------------------------------------------------------- 成文日期


def _date(ctx: CheckContext) -> None:
    meta = ctx.report.meta
    if meta.date is None:
        return
    loc = ("基本信息", "成文日期")
    if meta.date.year <= meta.year:
        ctx.add(Level.ERROR, "date-early",
                f"成文日期 {format_cn_date(meta.date)} 早于 {meta.year} 年结束：年度报告应在 {meta.year + 1} 年成文", loc)
        return
    deadline = ctx.report.settings.deadline(meta.level, meta.year)
    if meta.date >= deadline:
        ctx.add(Level.WARNING, "date-late",
                f"成文日期 {format_cn_date(meta.date)} 晚于截止日期：{meta.level.value}的报告须在"
                f"{format_cn_date(deadline)}前报送、公开（可在 检查设置.报送截止 中按本地要求调整）", loc)
