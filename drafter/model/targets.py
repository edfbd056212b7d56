"""A superior's quantitative targets (上级指标), read from a YAML file for `drafter check --targets`.

A directive such as a city's 实施意见 sets numbers a report can be held to: 常务会议学法
不少于1次, 出庭应诉率达到100%, 每个村（社区）配备1名以上专职人民调解员… Each rule names a
figure or rate of the figures table (`组.指标`), a comparison and a value, and where it
comes from. `schemas/targets.schema.json` is exported from this model.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, Field, field_validator, model_validator

from drafter.model.defaults import new_list
from drafter.model.figures import GROUPS, GROUPS_BY_KEY, figure_value, rate_value
from drafter.model.report import MAX_YEAR, MIN_YEAR, FormModel, Level


class Requirement(str, Enum):
    AT_LEAST = "≥"
    AT_MOST = "≤"
    EQUAL = "="

    def holds(self, actual: Decimal, wanted: Decimal) -> bool:
        if self is Requirement.AT_LEAST:
            return actual >= wanted
        if self is Requirement.AT_MOST:
            return actual <= wanted
        return actual == wanted


_REQUIREMENT_WORDS = {">=": "≥", "不少于": "≥", "不低于": "≥", "<=": "≤", "不超过": "≤", "不高于": "≤",
                      "==": "=", "达到": "="}


def _indicator(value: str, *, rates: bool) -> str:
    """Check that `组.指标` names a figure (or a rate, when allowed) of the figures table."""
    group_key, _, name = value.partition(".")
    group = GROUPS_BY_KEY.get(group_key)
    if group is None or not name:
        raise ValueError(f"“{value}”不是“组.指标”的写法或没有这个数据组；数据组有：{'、'.join(GROUPS_BY_KEY)}")
    if group.figure(name) or (rates and group.rate(name)):
        return value
    names = [f.key for f in group.figures] + ([r.key for r in group.rates] if rates else [])
    raise ValueError(f"“{group_key}”中没有指标“{name}”；可用：{'、'.join(names)}")


#: Every 组.指标 a rule may name (for completion in editors; the validators give the messages).
FIGURE_NAMES = [f"{g.key}.{f.key}" for g in GROUPS for f in g.figures]
INDICATOR_NAMES = FIGURE_NAMES + [f"{g.key}.{r.key}" for g in GROUPS for r in g.rates]


class TargetRule(FormModel):
    """一条指标要求。"""

    indicator: str = Field(alias="指标", description="数据中的指标或比率，写成 组.指标，如 行政应诉.出庭应诉率",
                           json_schema_extra={"enum": INDICATOR_NAMES})
    requirement: Requirement = Field(alias="要求", description="≥（不少于）、≤（不超过）或 =（达到）；"
                                                              "也可写 >=、<=、不少于、不超过、达到")
    value: Decimal = Field(alias="值", ge=0, description="要求的数值；比率按百分数写，如 100 表示 100%")
    per: str | None = Field(None, alias="每", description="可选：按“每”一个该指标计算平均数，"
                                                           "如 每个村（社区）调委会 1 名专职调解员：每: 矛盾纠纷调解.村居调委会",
                            json_schema_extra={"anyOf": [{"enum": FIGURE_NAMES}, {"type": "null"}]})
    levels: list[Level] = Field(default_factory=new_list, alias="适用层级", description="可选：只适用于这些层级；不填时适用于全部")
    from_year: int | None = Field(None, alias="起始年度", ge=MIN_YEAR, le=MAX_YEAR,
                                  description="可选：从该年度的报告起适用（如“到2025年达到100%”写 2025）")
    article: str | None = Field(None, alias="条款", description="出处条款，如 二（五）14")
    note: str | None = Field(None, alias="说明", description="要求原文的概括")

    @field_validator("requirement", mode="before")
    @classmethod
    def _requirement_words(cls, value: object) -> object:
        return _REQUIREMENT_WORDS.get(value, value) if isinstance(value, str) else value

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, value: str) -> str:
        return _indicator(value, rates=True)

    @field_validator("per")
    @classmethod
    def _known_per(cls, value: str | None) -> str | None:
        return None if value is None else _indicator(value, rates=False)

    @model_validator(mode="after")
    def _per_only_for_figures(self) -> "TargetRule":
        group_key, _, name = self.indicator.partition(".")
        if self.per and GROUPS_BY_KEY[group_key].rate(name):
            raise ValueError(f"比率“{self.indicator}”不能再按“每”计算")
        return self

    def applies(self, level: Level, year: int) -> bool:
        return (not self.levels or level in self.levels) and (self.from_year is None or year >= self.from_year)

    def unit(self) -> str:
        group_key, _, name = self.indicator.partition(".")
        group = GROUPS_BY_KEY[group_key]
        if group.rate(name):
            return "%"
        return "" if self.per else group.figure(name).unit

    def inputs(self) -> list[str]:
        """The figures (组.指标) the rule needs."""
        group_key, _, name = self.indicator.partition(".")
        group = GROUPS_BY_KEY[group_key]
        rate = group.rate(name)
        own = [f"{group_key}.{k}" for k in (*rate.numerator, *rate.denominator)] if rate else [self.indicator]
        return own + ([self.per] if self.per else [])

    def actual(self, figures: BaseModel) -> Decimal | None:
        """The figure, rate or per-unit average the rule compares; None when a figure is missing
        or a denominator is 0."""
        group_key, _, name = self.indicator.partition(".")
        if GROUPS_BY_KEY[group_key].rate(name):
            return rate_value(figures, group_key, name)
        value = figure_value(figures, group_key, name)
        if value is None or not self.per:
            return None if value is None else Decimal(value)
        per = figure_value(figures, *self.per.split(".", 1))
        return None if not per else Decimal(value) / Decimal(per)


class Targets(FormModel):
    """上级指标文件。"""

    basis: str = Field(alias="依据", min_length=1, description="指标出自的文件，如 示例市人民政府《关于进一步推进法治政府建设的实施意见》")
    rules: list[TargetRule] = Field(alias="规则", min_length=1, description="逐条列出的指标要求")
