"""Completeness: figures still 待填 (null) and the 成文日期, required parts and sections left
empty (what render leaves out, by the rule of `drafter.render.view`), 第一责任人履职 present,
纲要 areas not covered, and blanks or filler left in the text (a measure word with no number
before it, XX, ××, □, 【待填】, TODO).

Everything that keeps `drafter render` from making the final document is an error here, so
that 错误 0 means exactly that the final document can be generated."""

from __future__ import annotations

import re

from drafter.checks.base import CheckContext, Level
from drafter.model.figures import GROUPS_BY_KEY, missing_figures
from drafter.model.outline import AREAS
from drafter.model.report import Level as OrganLevel
from drafter.model.report import PartKey, paragraphs

FAMILY = "完整性"
RULES = {
    "missing-figure": "待填的数据",
    "empty-text": "待填的正文",
    "first-responsible": "缺少第一责任人履职情况",
    "outline-area": "未涉及的纲要领域",
    "blank": "正文中未填的数字或占位文字",
}

REQUIRED_PARTS = (PartKey.MEASURES, PartKey.SHORTCOMINGS, PartKey.PLANS)


def check(ctx: CheckContext) -> None:
    _figures(ctx)
    _texts(ctx)
    _outline_areas(ctx)
    _blanks(ctx)


def _figures(ctx: CheckContext) -> None:
    """What a final document still needs, as render finds it (null figures the text uses,
    directly, through a rate or a 同比, and the 成文日期) are errors; other null figures hints."""
    needed = ctx.draft.missing if ctx.draft is not None else []
    for item in needed:
        ctx.add(Level.ERROR, "missing-figure", f"{item.describe()}：填好后才能生成正式文档（--draft 可先出草稿）",
                item.loc)
    needed_locs = {tuple(item.loc) for item in needed}
    custom_index = {c.name: i for i, c in enumerate(ctx.report.figures.custom)}
    for group, name in missing_figures(ctx.report.figures):
        if group == "自定义":
            loc = ("数据", "自定义", custom_index[name], "数值")
            unit = ""
        else:
            loc = ("数据", group, name)
            unit = GROUPS_BY_KEY[group].figure(name).unit
        if loc in needed_locs or _uses(ctx.referenced, group, name):
            continue
        what = f"待填：{group}.{name}" + (f"（单位：{unit}）" if unit else "")
        ctx.add(Level.HINT, "missing-figure", what + "（正文未引用，可不填）", loc)


def _uses(used: set[tuple[str, str]], group: str, name: str) -> bool:
    """Whether the text uses the figure directly or through one of its group's rates."""
    if (group, name) in used:
        return True
    spec = GROUPS_BY_KEY.get(group)
    return spec is not None and any(
        (group, rate.key) in used and name in (*rate.numerator, *rate.denominator) for rate in spec.rates)


def _texts(ctx: CheckContext) -> None:
    """What the document leaves out for want of text (the same rule render applies:
    `drafter.render.view`): an empty required part is an error, an empty 纲要 area or
    section a warning, an empty optional part a hint."""
    from drafter.render.view import covers_first_responsible, form_view

    report = ctx.report
    view = form_view(report)
    if not paragraphs(report.intro):
        ctx.add(Level.WARNING, "empty-text", "待填：导语", ("导语",))
    for omission in view.omitted:
        if omission.level == 1:
            if omission.part in REQUIRED_PARTS:
                ctx.add(Level.ERROR, "empty-text", f"“{omission.title}”还没有内容：这是报告必须有的部分，"
                        "请填写后再生成文档", omission.loc)
            elif omission.part is not PartKey.FIRST_RESPONSIBLE:
                ctx.add(Level.HINT, "empty-text", f"“{omission.title}”没有填写内容，生成文档时略去这一部分", omission.loc)
            continue
        what = f"纲要领域“{omission.area}”" if omission.area else f"“{omission.title or '（无标题）'}”"
        advice = "；确不涉及的，写 不涉及: true" if omission.area else ""
        ctx.add(Level.WARNING, "empty-text",
                f"{omission.part.value}中{what}还没有内容，生成文档时略去这一节（不留空标题）{advice}", omission.loc)
    if not covers_first_responsible(report, view):
        ctx.add(Level.ERROR, "first-responsible",
                "报告须包含党政主要负责人履行推进法治建设第一责任人职责情况：请填写“第一责任人履职”部分，"
                "或在主要举措和成效中加一节“纲要领域: 第一责任人履职”", ("第一责任人履职",) if report.first_responsible else ())
    for part in view.parts:
        for section in part.children:
            if section.title is None:
                ctx.add(Level.WARNING, "empty-text", f"待填：{part.key}第{section.loc[-1] + 1}节的标题", section.loc)


def _outline_areas(ctx: CheckContext) -> None:
    """纲要 areas with no section in 主要举措和成效 (a section marked 不涉及 counts as covered).

    A warning when the part is organised by area; only a hint when it also has custom
    sections (they may cover the area under another title) or the report is a department's
    (a department reports on its own field)."""
    report = ctx.report
    sections = report.measures.sections
    covered = {s.area for s in sections if s.area}
    missing = [area for area in AREAS[report.meta.outline] if area not in covered]
    if not missing:
        return
    custom = any(not s.area for s in sections)
    level = Level.HINT if custom or report.meta.level is OrganLevel.DEPARTMENT else Level.WARNING
    ctx.add(level, "outline-area",
            f"主要举措和成效未涉及《法治政府建设实施纲要（{report.meta.outline.value}年）》的领域：{'、'.join(missing)}。"
            "请补写；确不涉及的，加一节“纲要领域: 领域名”并填 不涉及: true", ("主要举措和成效", "章节"))


# ---------------------------------------------------------------- blanks in text

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
#: Measure words after which a number was expected.
_UNITS = ("人次", "件次", "场次", "户次", "万元", "亿元", "元", "件", "次", "起", "人", "名", "个", "项", "家",
          "场", "份", "条", "期", "卷", "户", "所", "支", "%", "％")
#: Characters that make a word with the measure word in front of them (人民, 起草, 项目…): a gap
#: before such a word is a stray space, not a blank.
_WORD_AFTER = {
    "人": "民员们口数均才身事士类力社大", "名": "单称义额录誉", "个": "人体别性案", "项": "目",
    "起": "草诉来点步到", "次": "要数日年序", "件": "数", "条": "例件款文目", "家": "庭属长乡",
    "场": "所地景合馆", "份": "额子", "期": "间限刊末待", "卷": "宗", "元": "素旦月", "户": "籍口外",
    "所": "有以在属谓", "支": "持付部出队",
}
#: Characters before 次 / 起 with which they form a word (多次, 首次, 发起, 抓起…).
_WORD_BEFORE = {
    "次": "多余每一二两三四五六七八九十百千万亿几数首本此该这那上下历屡再依层其名档批人场件户家车班架艘台辆宗例单"
          "频位席年轮主序逐初渐累同届期航诸",
    "起": "多余一二两三四五六七八九十百千万几数发提引兴崛建树筑扛挑拿唱响说谈做抓干看想升架搭燃掀鼓立撑担不之日月年"
          "今时刻此从缘竖叠堆捡拾拉唤激在站",
}
_NUMERAL_CHARS = "一二两三四五六七八九十百千万亿几多余数"

_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
_SPACE = " \t\u3000\u00a0"
_GAP = re.compile(rf"(?<=[{_CJK}])(?P<gap>[{_SPACE}]+|[{_SPACE}]*(?:[_＿]{{2,}}|[（(][{_SPACE}]*[）)])[{_SPACE}]*)"
                  rf"(?P<unit>{_UNIT_ALT})(?P<next>.?)", re.S)
_BARE = re.compile(rf"(?<=[{_CJK}])(?P<unit>[次起])(?=[，。；、：）)\s,.;:]|$)")
_FILLER = re.compile(r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|[×╳]{2,}|□+|【待[^】]{0,6}】|(?<![A-Za-z])(?:TODO|FIXME)(?![A-Za-z])"
                     r"|[_＿]{3,}")


def find_blanks(text: str) -> list[tuple[int, int]]:
    """Spans of blanks and filler: "专项检查 次", "查处__起", "XX", "××", "□", "【待填】", "TODO"."""
    spans: list[tuple[int, int]] = []
    for m in _GAP.finditer(text):
        before = text[m.start() - 1]
        gap_is_space = not m.group("gap").strip(_SPACE)
        unit, after = m.group("unit"), m.group("next")
        if gap_is_space and (before in _NUMERAL_CHARS or (after and after in _WORD_AFTER.get(unit, ""))):
            continue
        spans.append((m.start(), m.end("unit")))
    for m in _BARE.finditer(text):
        if text[m.start() - 1] not in _WORD_BEFORE[m.group("unit")]:
            spans.append(m.span())
    spans += [m.span() for m in _FILLER.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _blanks(ctx: CheckContext) -> None:
    for field in ctx.texts:
        spans = find_blanks(field.masked)
        if not spans:
            continue
        shown = "、".join(f"“{_context(field.text, a, b)}”" for a, b in spans[:3])
        more = f"等 {len(spans)} 处" if len(spans) > 3 else ""
        ctx.add(Level.ERROR, "blank", f"正文有未填的数字或占位文字：{shown}{more}，请填写或删去", field.loc)


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 6):end].strip()
