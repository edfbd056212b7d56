"""Staleness and dates: text left over from another year, and a 成文日期 out of its window.

- years in the text that do not fit 年度: "2025度" (a typo for 2025年度); a paragraph or
  heading opening with another year than the one it reports on (年度, or 年度+1 in
  下一年度工作安排); a year three or more before 年度 in this year's work;
- paragraphs identical to last year's form (`--previous`), and paragraphs that rollover
  carried over and flagged for review with a `# 待核` comment that is still there;
- 成文日期 before the year ended, or on/after the deadline for the report's 层级
  (检查设置.报送截止; by default 04-01, departments 03-01).

The rollover marker: a YAML comment containing 待核 on the line of the text value (the
line of its key or list dash) or on a comment line directly above it. A marker on the key
of a list-valued text field flags all of its paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.checks.base import CheckContext, Level
from drafter.checks.texts import TextField
from drafter.model.report import PartKey
from drafter.text import find_year_typos, find_years, format_cn_date, normalize_text
from drafter.yamlio import Loc

FAMILY = "时效"
RULES = {
    "year-typo": "年份笔误（“2025度”）",
    "year-stale": "与报告年度不符的年份",
    "same-as-last-year": "与上年报告相同的段落",
    "rollover-unreviewed": "沿用上年、尚待核对的段落",
    "date-early": "成文日期早于年度结束",
    "date-late": "成文日期晚于报送截止日期",
}

REVIEW_MARK = "待核"

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
    marked = _review_marks(ctx.form.data)
    lines = ctx.form.text.split("\n")
    flagged: set[Loc] = set()
    for field in ctx.texts:
        _year_typos(ctx, field)
        _years(ctx, field, year)
        if previous and not field.title and field.part != "结束语":
            key = _normal(field.text)
            if len(key) >= MIN_REPEAT_CHARS and key in previous:
                ctx.add(Level.WARNING, "same-as-last-year",
                        f"本段与上年报告（{ctx.options.previous.name}）中的一段完全相同，请改写为{year}年的情况",
                        field.loc)
        if marked:
            where = _review_loc(ctx.form.data, field.loc, marked, lines)
            if where is not None and where not in flagged:
                flagged.add(where)
                ctx.add(Level.WARNING, "rollover-unreviewed",
                        f"本段沿用上年内容，标有“# {REVIEW_MARK}”：请按{year}年的情况核对修改，核对后删去该注释", where)
    _date(ctx)


# ---------------------------------------------------------------- years


def _year_typos(ctx: CheckContext, field: TextField) -> None:
    for year, start, end in find_year_typos(field.masked):
        ctx.add(Level.ERROR, "year-typo", f"“{field.text[start:end]}”缺少“年”字，应为“{year}年度”", field.loc)


def _years(ctx: CheckContext, field: TextField, year: int) -> None:
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


def _previous_paragraphs(ctx: CheckContext) -> set[str]:
    """Normalised paragraphs of last year's form (any string of its text parts)."""
    previous = ctx.options.previous
    if previous is None or not isinstance(previous.data, CommentedMap):
        return set()
    out: set[str] = set()
    stack: list[Any] = [v for k, v in previous.data.items() if k not in _NOT_TEXT]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            key = _normal(node)
            if len(key) >= MIN_REPEAT_CHARS:
                out.add(key)
        elif isinstance(node, CommentedMap):
            stack.extend(node.values())
        elif isinstance(node, CommentedSeq):
            stack.extend(node)
    return out


def _review_marks(data: Any) -> set[int]:
    """0-based lines holding a comment that contains 待核."""
    marks: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            continue
        stack.extend(node.values() if isinstance(node, CommentedMap) else node)
        for token in _comment_tokens([node.ca.comment, *node.ca.items.values()]):
            for offset, segment in enumerate(token.value.split("\n")):
                if REVIEW_MARK in segment:
                    marks.add(token.start_mark.line + offset)
    return marks


def _comment_tokens(entry: Any):
    if isinstance(entry, list):
        for item in entry:
            yield from _comment_tokens(item)
    elif entry is not None and hasattr(entry, "value") and hasattr(entry, "start_mark"):
        yield entry


def _review_loc(data: Any, loc: Loc, marks: set[int], lines: list[str]) -> Loc | None:
    """The location to report when the text at `loc` carries the 待核 marker, else None."""
    own = _lines_of(data, loc)
    if own and _marked(own, marks, lines):
        return loc
    if isinstance(loc[-1], int):
        parent = _lines_of(data, loc[:-1])
        if parent and _marked(parent, marks, lines):
            return loc[:-1]
    return None


def _marked(key_and_value: tuple[int, int], marks: set[int], lines: list[str]) -> bool:
    key_line, value_line = key_and_value
    if key_line in marks or value_line in marks:
        return True
    above = key_line - 1
    return above in marks and lines[above].lstrip().startswith("#")


def _lines_of(data: Any, loc: Loc) -> tuple[int, int] | None:
    """0-based (key line, value line) of the node at `loc` in the round-trip tree."""
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    last = loc[-1]
    try:
        if isinstance(node, CommentedMap) and last in node:
            key_line = node.lc.key(last)[0]
            if isinstance(node[last], (CommentedMap, CommentedSeq)):
                return key_line, key_line  # its items have lines of their own
            return key_line, node.lc.value(last)[0]
        if isinstance(node, CommentedSeq) and isinstance(last, int) and last < len(node):
            line = node.lc.item(last)[0]
            return line, line
    except (KeyError, TypeError, AttributeError):
        return None
    return None


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
