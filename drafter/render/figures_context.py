"""What a placeholder in form text can see: the figures as read-only namespaces.

`{{ 行政复议.受理 }}` looks up the group 行政复议 (a `FigureGroup`) and its figure 受理
(a `FigureValue`); `{{ 自定义.名称 }}` does the same for custom figures. A value knows
how it prints (counts as Arabic numerals, decimals and rates rounded per the
`NumberFormat`, rates with a % sign), its last year's counterpart (上年数据), and, when
it cannot be printed, why: which form fields are still null (待填) or which rate has a
zero denominator. The filters a text may use (`同比`, `万元`, `上年`, `小数(n)`, the
names in `drafter.form.placeholders.TEXT_FILTERS`) are functions on these values.

A text reaches a group only by item lookup (`FigureGroup` has `__slots__` and no
public attributes or methods) and a value only as a whole (`FigureValue` is a frozen
slotted dataclass); the sandbox that renders form text refuses every attribute access
and call, so neither their fields nor any Python internals are reachable from a text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Callable

from drafter.model.figures import GROUPS, GroupSpec, figure_value, rate_value
from drafter.model.report import Report
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.render.errors import FigureError
from drafter.text import MAX_PLACES, NumberFormat, format_count, format_decimal, format_wan, yoy_phrase

Loc = tuple[str | int, ...]

THIS_YEAR = "数据"
LAST_YEAR = "上年数据"


@dataclass(frozen=True)
class Gap:
    """A form field a value needs: still null, or (for a rate) a zero denominator."""

    loc: Loc        # where to fix it in the form: ("数据", "行政复议", "受理")
    detail: str     # Chinese explanation: 待填：数据.行政复议.受理（单位：件）


@dataclass(frozen=True, slots=True)
class FigureValue:
    """One figure, rate or custom figure as a text sees it (immutable; filters return new ones)."""

    label: str                          # 行政复议.受理, shown in a draft marker
    value: int | Decimal | None
    unit: str
    kind: str                           # "count" | "decimal" | "rate"
    gaps: tuple[Gap, ...]               # why value is None
    marker: str                         # draft marker text when value is None: 待填：行政复议.受理
    numbers: NumberFormat
    last: "FigureValue | None" = None   # last year's value; None for a value that is itself last year's
    yoy: bool = False                   # the 同比 filter was applied
    wan: bool = False                   # the 万元 filter was applied
    places: int | None = None           # set by 小数(n)

    @property
    def missing(self) -> bool:
        if self.yoy:
            return self.value is None or self.last is None or self.last.value is None
        return self.value is None

    def missing_marker(self) -> str:
        if self.value is None or not self.yoy:
            return self.marker
        assert self.last is not None
        return self.last.marker

    def missing_gaps(self) -> tuple[Gap, ...]:
        gaps = self.gaps if self.value is None else ()
        if self.yoy and self.last is not None and self.last.value is None:
            gaps += self.last.gaps
        return gaps

    def text(self) -> str:
        """The printed value (only when not `missing`)."""
        places = self.numbers.places if self.places is None else self.places
        rounding = self.numbers.rounding
        if self.yoy:
            assert self.last is not None
            return yoy_phrase(self.value, self.last.value, places, rounding)
        if self.wan:
            return format_wan(self.value, places, rounding)
        if self.kind == "count":
            return format_count(self.value)
        if self.kind == "rate":
            return format_decimal(self.value, places, rounding) + "%"
        return format_decimal(self.value, places, rounding)


class FigureGroup:
    """A read-only namespace of figures by Chinese name: 行政复议 → {受理: …, 办结率: …}."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: dict[str, FigureValue]) -> None:
        self._name = name
        self._values = values

    def __getitem__(self, key: str) -> FigureValue:
        try:
            return self._values[key]
        except KeyError:
            raise KeyError(f"“{self._name}”中没有“{key}”") from None

    def __repr__(self) -> str:
        return f"<数据组 {self._name}>"


def group_name(group: FigureGroup) -> str:
    return group._name


# ---------------------------------------------------------------- building the namespaces


def _null_gap(year_key: str, group: str, figure: str, unit: str) -> Gap:
    unit_note = f"（单位：{unit}）" if unit else ""
    return Gap((year_key, group, figure), f"待填：{year_key}.{group}.{figure}{unit_note}")


def _standard_value(figures: Any, year_key: str, group: GroupSpec, key: str, numbers: NumberFormat) -> FigureValue:
    prefix = "" if year_key == THIS_YEAR else f"{LAST_YEAR}."
    label = f"{group.key}.{key}"
    spec = group.figure(key)
    if spec is not None:
        value = None if figures is None else figure_value(figures, group.key, key)
        gaps = () if value is not None else (_null_gap(year_key, group.key, key, spec.unit),)
        kind = "decimal" if spec.decimal else "count"
        return FigureValue(label, value, spec.unit, kind, gaps, f"待填：{prefix}{label}", numbers)
    rate = group.rate(key)
    assert rate is not None
    parts = (*rate.numerator, *rate.denominator)
    values = {k: (None if figures is None else figure_value(figures, group.key, k)) for k in parts}
    gaps = tuple(_null_gap(year_key, group.key, k, group.figure(k).unit) for k in parts if values[k] is None)
    value = None if figures is None else rate_value(figures, group.key, key)
    marker = f"待填：{prefix}{label}"
    if value is None and not gaps:
        denominator = "＋".join(rate.denominator)
        gaps = tuple(Gap((year_key, group.key, k), f"{prefix}{label}无法计算：{denominator}为0，请改写这句话")
                     for k in rate.denominator[:1])
        marker = f"无法计算：{prefix}{label}"
    return FigureValue(label, value, "%", "rate", gaps, marker, numbers)


def _standard_group(report: Report, group: GroupSpec, numbers: NumberFormat) -> FigureGroup:
    values = {}
    for key in [f.key for f in group.figures] + [r.key for r in group.rates]:
        this = _standard_value(report.figures, THIS_YEAR, group, key, numbers)
        last = _standard_value(report.last_figures, LAST_YEAR, group, key, numbers)
        values[key] = replace(this, last=last)
    return FigureGroup(group.key, values)


def _custom_value(figures: Any, year_key: str, name: str, numbers: NumberFormat,
                  fallback_unit: str = "") -> FigureValue:
    prefix = "" if year_key == THIS_YEAR else f"{LAST_YEAR}."
    label = f"{CUSTOM_GROUP}.{name}"
    entries = [] if figures is None else list(figures.custom)
    index = next((i for i, c in enumerate(entries) if c.name == name), None)
    if index is None:
        loc: Loc = (year_key, CUSTOM_GROUP)
        detail = f"待填：{year_key}.{CUSTOM_GROUP}中没有“{name}”，请补上这一项"
        return FigureValue(label, None, fallback_unit, "decimal", (Gap(loc, detail),), f"待填：{prefix}{label}", numbers)
    entry = entries[index]
    gaps = ()
    if entry.value is None:
        unit_note = f"（单位：{entry.unit}）" if entry.unit else ""
        gaps = (Gap((year_key, CUSTOM_GROUP, index, "数值"), f"待填：{year_key}.{CUSTOM_GROUP}.{name}{unit_note}"),)
    return FigureValue(label, entry.value, entry.unit, "decimal", gaps, f"待填：{prefix}{label}", numbers)


def _custom_group(report: Report, numbers: NumberFormat) -> FigureGroup:
    values = {}
    for entry in report.figures.custom:
        this = _custom_value(report.figures, THIS_YEAR, entry.name, numbers)
        last = _custom_value(report.last_figures, LAST_YEAR, entry.name, numbers, entry.unit)
        values[entry.name] = replace(this, last=last)
    return FigureGroup(CUSTOM_GROUP, values)


def figure_namespaces(report: Report, numbers: NumberFormat | None = None) -> dict[str, FigureGroup]:
    """Group name → namespace, for every standard group and 自定义."""
    numbers = numbers or NumberFormat()
    spaces = {group.key: _standard_group(report, group, numbers) for group in GROUPS}
    spaces[CUSTOM_GROUP] = _custom_group(report, numbers)
    return spaces


# ---------------------------------------------------------------- filters


def _operand(value: Any, filter_name: str) -> FigureValue:
    if isinstance(value, FigureGroup):
        raise FigureError(f"过滤器“{filter_name}”要用在具体指标上，例如 {{{{ 行政复议.受理 | {filter_name} }}}}")
    if not isinstance(value, FigureValue):
        raise FigureError(f"过滤器“{filter_name}”只能用在数据上")
    if value.yoy:
        raise FigureError(f"“同比”之后不能再加过滤器“{filter_name}”，请把“同比”放在最后")
    return value


def yoy_filter(value: Any) -> FigureValue:
    """同比: 同比增长12.5% / 同比下降28.61% / 与上年持平, from 上年数据."""
    figure = _operand(value, "同比")
    if figure.kind == "rate":
        raise FigureError(f"{figure.label}是比率，不能用“同比”：比率的变化应写成百分点，请直接写出上年和本年的比率")
    if figure.last is None:
        raise FigureError(f"{figure.label}已经是上年数据，不能再用“同比”")
    return replace(figure, yoy=True)


def wan_filter(value: Any) -> FigureValue:
    """万元: an amount in 元 printed in 万元 (3525000 → 352.5)."""
    figure = _operand(value, "万元")
    if figure.wan:
        raise FigureError(f"{figure.label}已经换算为万元，不能再用一次“万元”")
    if figure.unit not in ("元", ""):
        raise FigureError(f"“万元”把以元为单位的金额换算成万元，而{figure.label}的单位是{figure.unit}")
    return replace(figure, wan=True, last=figure.last and replace(figure.last, wan=True))


def last_year_filter(value: Any) -> FigureValue:
    """上年: last year's value of the same figure."""
    figure = _operand(value, "上年")
    if figure.last is None:
        raise FigureError(f"{figure.label}已经是上年数据，不能再用“上年”")
    return replace(figure.last, wan=figure.wan, places=figure.places)


def places_filter(value: Any, places: Any = None) -> FigureValue:
    """小数(n): print with n decimals (0–6) instead of the default."""
    figure = _operand(value, "小数")
    if places is None:
        raise FigureError("“小数”需要写明位数，例如 {{ 行政应诉.出庭应诉率 | 小数(1) }}")
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise FigureError(f"“小数”的位数应为 0 到 {MAX_PLACES} 的整数，实为 {places!r}")
    last = figure.last and replace(figure.last, places=places)
    return replace(figure, places=places, last=last)


#: The filters of form text, by the names in drafter.form.placeholders.TEXT_FILTERS.
FILTERS: dict[str, Callable[..., FigureValue]] = {
    "同比": yoy_filter,
    "万元": wan_filter,
    "上年": last_year_filter,
    "小数": places_filter,
}
