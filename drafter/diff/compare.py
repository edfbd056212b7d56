"""`drafter diff`: two forms compared — figures side by side, sections added or removed, text reused.

Figures: every standard figure, every derived rate and every custom figure, with the
earlier form's value (上年), the later form's (本年), the change and the change rate;
a rate changes in percentage points and has no change rate. Sections are matched by
纲要领域 (so they match across the two outlines) or, for custom sections, by title. A
paragraph of the later form counts as reused when its text is identical to one of the
earlier form's paragraphs as printed (figures substituted: a paragraph whose figures changed
is not reused; the caller passes how texts print, the renderer is not this layer's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from drafter.model.figures import GROUPS, figure_value, rate_value
from drafter.model.report import Report, Section, iter_texts
from drafter.form.placeholders import CUSTOM_GROUP
from drafter.form.load import field_path

TITLE_KEYS = ("标题", "小标题")
NOT_BODY = ("结束语", "上年计划落实")
#: A text (and its location) → the words it prints.
Printed = Callable[[str, tuple], str]


@dataclass(frozen=True)
class FigureRow:
    group: str
    name: str
    unit: str
    before: Decimal | None
    after: Decimal | None
    rate: bool = False       # a derived rate in %, changing in percentage points
    custom: bool = False

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def change_rate(self) -> Decimal | None:
        """(本年 − 上年) ÷ |上年| in %, for counts; None for rates, missing values or 上年 = 0."""
        change = self.change
        if self.rate or change is None or self.before == 0:
            return None
        return change * 100 / abs(self.before)

    @property
    def filled(self) -> bool:
        return self.before is not None or self.after is not None


@dataclass(frozen=True)
class SectionRef:
    part: str
    title: str
    area: str | None


@dataclass
class FormDiff:
    before_name: str
    after_name: str
    before_year: int
    after_year: int
    figures: list[FigureRow] = field(default_factory=list)
    added: list[SectionRef] = field(default_factory=list)
    removed: list[SectionRef] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)   # field paths of the later form's reused paragraphs
    paragraphs: int = 0                                # paragraphs of the later form


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def figure_rows(before: Report, after: Report) -> list[FigureRow]:
    rows: list[FigureRow] = []
    for group in GROUPS:
        for spec in group.figures:
            rows.append(FigureRow(group.key, spec.key, spec.unit,
                                  _decimal(figure_value(before.figures, group.key, spec.key)),
                                  _decimal(figure_value(after.figures, group.key, spec.key))))
        for rate in group.rates:
            rows.append(FigureRow(group.key, rate.key, "%", rate_value(before.figures, group.key, rate.key),
                                  rate_value(after.figures, group.key, rate.key), rate=True))
    earlier = {c.name: c for c in before.figures.custom}
    later = {c.name: c for c in after.figures.custom}
    for name in [*later, *(n for n in earlier if n not in later)]:
        old, new = earlier.get(name), later.get(name)
        unit = (new or old).unit
        rows.append(FigureRow(CUSTOM_GROUP, name, unit, old.value if old else None, new.value if new else None,
                              custom=True))
    return rows


def _section_key(section: Section) -> tuple[str, str] | None:
    if section.area:
        return ("纲要领域", section.area)
    if section.title:
        return ("标题", section.title)
    return None


def _sections(report: Report) -> dict[tuple[str, str, str], SectionRef]:
    out = {}
    for key, part in report.parts():
        for section in part.sections:
            ident = _section_key(section)
            if section.not_applicable or ident is None:
                continue
            out[(key.value, *ident)] = SectionRef(key.value, report.section_title(section), section.area)
    return out


def _body(report: Report, printed: Printed | None = None) -> list[tuple[str, str]]:
    """(field path, text) of the narrative paragraphs: no titles, no closing formula, no checklist;
    each text as `printed` gives it (text, location → the words printed), else as written."""
    out = []
    for loc, text in iter_texts(report):
        if loc[0] in NOT_BODY or any(step in TITLE_KEYS for step in loc) or not text.strip():
            continue
        out.append((field_path(loc), printed(text, loc) if printed else text.strip()))
    return out


def compare(before: Report, after: Report, before_name: str = "", after_name: str = "", *,
            printed: Callable[[Report], Printed] | None = None) -> FormDiff:
    """`printed(report)`: how a report's texts print (figures substituted); a paragraph is reused
    only when it prints the same words. Without it the texts are compared as written."""
    diff = FormDiff(before_name, after_name, before.meta.year, after.meta.year, figure_rows(before, after))
    old, new = _sections(before), _sections(after)
    diff.added = [ref for key, ref in new.items() if key not in old]
    diff.removed = [ref for key, ref in old.items() if key not in new]
    earlier = {text for _path, text in _body(before, printed(before) if printed else None)}
    body = _body(after, printed(after) if printed else None)
    diff.paragraphs = len(body)
    diff.reused = [path for path, text in body if text in earlier]
    return diff
