"""Consistency of the figures (数据, 上年数据) among themselves and with the numbers in the text.

- parts never exceed their whole: every relation declared in the figures table
  (`GroupSpec.relations()`: 其中 ≤ 总数, 纠错 + 调解和解 + … ≤ 办结, …);
- derived rates stay within 0–100 %;
- a number written literally right after a figure's wording ("受理行政复议案件23件",
  "出庭应诉率99.15%") agrees with 数据 (and, when it does or 数据 is still 待填, a hint
  suggests the placeholder instead);
- a percentage stated in a sentence agrees with the counts written before it
  (天镇: 调解成功率95% beside 688 of 733 = 93.86%).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from drafter.checks.base import CheckContext, Level
from drafter.checks.texts import MASK, TextField, sentence_bounds
from drafter.model.figures import GROUPS, FigureSpec, GroupSpec, RateSpec, exceeded, figure_value, rate_value
from drafter.model.report import PartKey
from drafter.text import NumberMention, find_numbers, find_years, format_decimal

FAMILY = "一致性"
RULES = {
    "figure-sum": "部分之和超过总数",
    "rate-range": "比率超过100%",
    "text-figure": "正文数字与数据不符",
    "literal-figure": "正文直接写出的指标数字（可改用占位符）",
    "text-rate": "正文比率与同句数字不符",
}

#: How far (in percentage points) a stated rate may be from a pair of counts in its sentence
#: for the pair to be taken as the rate's own counts.
NEAR_POINTS = Decimal(2)

#: Parts whose numbers are not this year's facts (plans hold targets: "力争达到100%").
_NOT_FACTS = {PartKey.PLANS.value}


def check(ctx: CheckContext) -> None:
    report = ctx.report
    used = ctx.referenced
    _figures(ctx, report.figures, "数据", used)
    if report.last_figures is not None:
        _figures(ctx, report.last_figures, "上年数据", set())
    for field in ctx.texts:
        if field.part in _NOT_FACTS:
            continue
        _stated_figures(ctx, field)
        if not field.title:
            _stated_rates(ctx, field)


# ---------------------------------------------------------------- figures among themselves


def _figures(ctx: CheckContext, figures, root: str, used: set[tuple[str, str]]) -> None:
    for group in GROUPS:
        broken = _relations(ctx, figures, root, group)
        _rates(ctx, figures, root, group, broken, used)


def _relations(ctx: CheckContext, figures, root: str, group: GroupSpec) -> list[set[str]]:
    """Report every relation whose parts exceed the whole; return the figures involved."""
    broken: list[tuple[set[str], tuple[str, ...]]] = []
    for parts, known, whole, totals in exceeded(group, lambda key: figure_value(figures, group.key, key)):
        if len(parts) == 1 and any(parts[0] in p and w == whole for p, w in broken):
            continue  # already reported as part of a sum over the same whole
        broken.append(({k for k, _v in known} | set(whole), whole))
        ctx.add(Level.ERROR, "figure-sum", _relation_message(root, group, known, whole, totals),
                (root, group.key, known[0][0]))
    return [figures_involved for figures_involved, _w in broken]


def _relation_message(root: str, group: GroupSpec, known, whole, totals) -> str:
    unit = group.figure(whole[0]).unit
    if len(known) == 1 and len(whole) == 1:
        key, value = known[0]
        return (f"{root}.{group.key}：{key}（{value}{unit}）大于{whole[0]}（{totals[0]}{unit}），"
                f"{key}是{whole[0]}的一部分")
    parts = " + ".join(f"{k} {v}" for k, v in known)
    wholes = " + ".join(f"{k} {v}" for k, v in zip(whole, totals))
    return (f"{root}.{group.key}：{parts} = {sum(v for _k, v in known)}{unit}，超过 {wholes}"
            f"{' = ' + str(sum(totals)) if len(whole) > 1 else ''}{unit}，部分之和不能大于总数")


def _rates(ctx: CheckContext, figures, root: str, group: GroupSpec, broken: list[set[str]],
           used: set[tuple[str, str]]) -> None:
    for rate in group.rates:
        value = rate_value(figures, group.key, rate.key)
        if value is None or value <= 100:
            continue
        if any(set(rate.numerator) & involved for involved in broken):
            continue  # its counts were reported above
        level = Level.ERROR if (group.key, rate.key) in used else Level.WARNING
        ctx.add(level, "rate-range",
                f"{root}.{group.key}.{rate.key} = {format_decimal(value)}%，超过100%（{rate.meaning}）。"
                "请核对这几项数字" + ("；正文引用了该比率" if level is Level.ERROR else ""),
                (root, group.key, rate.numerator[0]))


# ---------------------------------------------------------------- figures stated in the text

_SPACE = "[ \u3000]*"
_PHRASES: dict[str, tuple[GroupSpec, FigureSpec | RateSpec]] = {
    phrase: (group, spec)
    for group in GROUPS for spec in (*group.figures, *group.rates) for phrase in spec.phrases
}
_STATED_RE = re.compile(
    "(?P<phrase>" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + ")"
    + f"(?:共计|合计|总计|共|达到|达|为|了)?{_SPACE}(?P<num>[0-9]+(?:\\.[0-9]+)?){_SPACE}(?P<unit>%|[^\\s0-9])?"
)
#: Units written for a figure's unit (人 may be written 名).
_UNIT_ALIASES = {"人": ("人", "名")}
#: Words that put a number in another period than 年度 (or sum it over several years).
_OTHER_PERIOD_RE = re.compile("上年|去年|上一年|前年|同期|累计|历年|以来|以前|此前")
_CLAUSE_START_RE = re.compile("[，。；：,;:！？\n（(]")


def _stated_figures(ctx: CheckContext, field: TextField) -> None:
    """A number written after a figure's wording: an error when 数据 says otherwise, else a
    hint to put it in 数据 and write the placeholder (so next year's text updates itself)."""
    report = ctx.report
    text = field.masked
    for m in _STATED_RE.finditer(text):
        group, spec = _PHRASES[m.group("phrase")]
        if _other_period(text, m.start(), report.meta.year):
            continue
        stated = Decimal(m.group("num"))
        written = text[m.start():m.end()]
        placeholder = f"{{{{ {group.key}.{spec.key} }}}}"
        if isinstance(spec, RateSpec):
            if m.group("unit") != "%":
                continue
            actual = rate_value(report.figures, group.key, spec.key)
            places = len(m.group("num").partition(".")[2])
            if actual is not None and Decimal(format_decimal(actual, places)) != stated:
                counts = "，".join(f"{k} {figure_value(report.figures, group.key, k)}"
                                  for k in (*spec.numerator, *spec.denominator))
                ctx.add(Level.ERROR, "text-figure",
                        f"正文“{written}”与数据不符：按数据计算 {group.key}.{spec.key} = "
                        f"{format_decimal(actual)}%（{counts}）。建议改用 {placeholder}", field.loc)
            else:
                ctx.add(Level.HINT, "literal-figure",
                        f"正文直接写了“{written}”：比率可由数据算出，建议填好 {'、'.join((*spec.numerator, *spec.denominator))}"
                        f"，正文改用 {placeholder}", field.loc)
            continue
        if m.group("unit") not in _UNIT_ALIASES.get(spec.unit, (spec.unit,)) \
                or text[m.end():m.end() + 1] in ("次", "余", "多", "万"):
            continue
        actual = figure_value(report.figures, group.key, spec.key)
        if actual is not None and Decimal(actual) != stated:
            ctx.add(Level.ERROR, "text-figure",
                    f"正文“{written}”与数据不符：{group.key}.{spec.key} = {actual}{spec.unit}。建议改用 {placeholder}",
                    field.loc)
        else:
            where = "" if actual is not None else f"把 {m.group('num')} 填入 数据.{group.key}.{spec.key}，"
            ctx.add(Level.HINT, "literal-figure",
                    f"正文直接写了“{written}”：建议{where}正文改用 {placeholder}，数据更新时正文随之更新", field.loc)


def _other_period(text: str, start: int, year: int) -> bool:
    """Whether the clause before `start` speaks of another period (上年, 累计, 2023年…)."""
    clause_start = max((m.end() for m in _CLAUSE_START_RE.finditer(text, 0, start)), default=0)
    clause = text[clause_start:start]
    return bool(_OTHER_PERIOD_RE.search(clause)) or any(y != year for y, _s, _e in find_years(clause))


# ---------------------------------------------------------------- rates beside their counts

_NOT_EXACT_AFTER_RE = re.compile(f"{_SPACE}(?:以上|以下|左右|上下|多|余|强)")
_NOT_EXACT_BEFORE_RE = re.compile(
    "(?:增长|下降|增加|减少|提高|提升|降低|上升|下滑|增幅|降幅|超过|不低于|不少于|不超过|高于|低于|约|近|逾|超)"
    f"(?:了|为|达到|达)?{_SPACE}$")


def _stated_rates(ctx: CheckContext, field: TextField) -> None:
    text = field.masked
    if "%" not in text and "％" not in text:
        return
    mentions = find_numbers(text)
    counts = [m for m in mentions if _is_count(m)]
    previous_end = 0
    for mention in mentions:
        if not mention.is_percent:
            continue
        start, end = sentence_bounds(text, mention.start)
        floor = max(start, previous_end)
        previous_end = mention.end
        if _not_exact(text, mention):
            continue
        stated = mention.value
        places = _places(text, mention)
        if any(_rounds_to(a, b, stated, places) for a, b in _pairs(counts)):
            continue
        group = [c for c in counts if floor <= c.start and c.end <= mention.start]
        if MASK in text[start:end] or any(_rounds_to(a, b, stated, places) for a, b in _sum_pairs(group)):
            continue
        near = [(a, b) for a, b in _pairs(group) if abs(a.value * 100 / b.value - stated) <= NEAR_POINTS]
        if not near:
            continue
        a, b = min(near, key=lambda pair: abs(pair[0].value * 100 / pair[1].value - stated))
        exact = a.value * 100 / b.value
        ctx.add(Level.WARNING, "text-rate",
                f"正文所写 {format_decimal(stated, places)}% 与同句数字不符：{_num(a)} ÷ {_num(b)} = "
                f"{format_decimal(exact, 4)}%，按所写小数位应为 {format_decimal(exact, places)}%", field.loc)


def _is_count(m: NumberMention) -> bool:
    return (not m.is_percent and bool(m.unit) and m.value == m.value.to_integral_value()
            and not any(c in m.unit for c in "余多"))


def _not_exact(text: str, m: NumberMention) -> bool:
    """A bound or a change rather than a share: 90%以上, 同比增长12%, 约95%."""
    return bool(_NOT_EXACT_AFTER_RE.match(text, m.end) or _NOT_EXACT_BEFORE_RE.search(text, 0, m.start))


def _places(text: str, m: NumberMention) -> int:
    digits = re.match(r"[0-9.]+", text[m.start:m.end])
    return len(digits.group().partition(".")[2]) if digits else 0


def _pairs(counts: list[NumberMention]):
    """(part, whole) pairs of counts with the same unit, part ≤ whole, whole > 0."""
    for x, y in combinations(counts, 2):
        if x.unit != y.unit:
            continue
        a, b = (x, y) if x.value <= y.value else (y, x)
        if b.value > 0:
            yield a, b


def _sum_pairs(counts: list[NumberMention]):
    """(part, whole) where one side is the sum of two counts: 调撤率 = (撤诉 + 调解) ÷ 审结,
    节约率 = 节约 ÷ (支出 + 节约)."""
    for x, y in combinations(counts, 2):
        if x.unit != y.unit:
            continue
        joined = NumberMention(x.value + y.value, x.unit, x.start, y.end, False)
        if joined.value > 0:
            yield x, joined
            yield y, joined
        for whole in counts:
            if whole is not x and whole is not y and whole.unit == x.unit and 0 < joined.value <= whole.value:
                yield joined, whole


def _rounds_to(a: NumberMention, b: NumberMention, stated: Decimal, places: int) -> bool:
    quantum = Decimal(1).scaleb(-places)
    return (a.value * 100 / b.value).quantize(quantum, rounding=ROUND_HALF_UP) == stated.quantize(quantum)


def _num(m: NumberMention) -> str:
    return f"{format_decimal(m.value, 0)}{m.unit}"
