"""`drafter import --extract-figures`: figures stated in the text go into 数据.

A number is taken when the words right before it in its clause name a standard figure
and its unit is that figure's unit: the wordings of the figures table
(`FigureSpec.phrases`, "受理行政复议案件23件"), a few more that are only unambiguous
with the unit (`_WORDINGS`, "开展普法宣传活动12场"), and short follow-on words that
name a figure of the group the sentence is already about (`_FOLLOW_ONS`: "办结21件"
after "受理行政复议案件23件"). The number is replaced by its placeholder
(`{{ 行政复议.受理 }}`); its unit stays in the text.

A rate ("出庭应诉率99.16%") is replaced only when its counts were taken too and give
exactly the rate as written; otherwise the literal stays and the user is told why.
A number that contradicts one already taken (another value for the same figure, or
parts exceeding their whole) is left as it is, and so reported.

A data table (`表格`) offers its figures too: a cell that holds nothing but a number is
read as its row's label ("行政复议受理（件）") followed by the number and the unit in
brackets (or in its column's head), in the column of the report year ("2024年", "本年")
or, in a two-column table, the second column. The column of the year before ("2023年",
"上年", "去年") goes into 上年数据 the same way, its cells becoming `{{ 行政复议.受理 | 上年 }}`;
other columns stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from drafter.model.figures import GROUPS, Figures, GROUPS_BY_KEY, figure_value, rate_value
from drafter.model.report import Report, TextLoc as Loc, iter_texts
from drafter.text import SENTENCE_MARKS, NumberMention, find_numbers, format_decimal

#: Words that may stand between a figure's wording and its number.
_FILLER = r"(?:共计|累计|总计|合计|共|均|达到|达|为|了|有|的|各类|案件|纠纷|申请|事项|行政复议|行政诉讼|一审|\s)*"
#: Where a clause starts: the number's wording must lie within the clause.
_CLAUSE_END = re.compile(r"[，。；：、！？,;:]")
#: Units a figure may be counted in, besides its own.
_SAME_UNITS = {"件": ("起", "宗"), "人": ("名",), "次": ("场次",), "场": ("场次", "次"), "个": ("家",)}
_NUMBER = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?")

#: (group, figure, wording) for figures whose wording is unambiguous only together with
#: the figure's unit, so they are not in the figures table's phrases.
_WORDINGS: tuple[tuple[str, str, str], ...] = (
    ("普法", "普法活动", r"(?:开展|举办|组织)(?:各类|各种|多种形式的)?(?:普法|法治)(?:宣传)?(?:教育)?活动"),
    ("行政执法", "执法人员", r"(?:现有|共有|在编在岗)(?:行政)?执法人员"),
    ("行政执法", "持证人员", r"持(?:有)?(?:行政)?执法证(?:件)?(?:的)?(?:人员)?|持证(?:执法)?人员"),
    ("行政应诉", "案件", r"(?:新收|收到|发生)?(?:一审)?行政(?:应诉|诉讼)案件"),
    ("行政应诉", "开庭", r"开庭审理(?:一审)?(?:行政诉讼|行政)?案件"),
    ("法律援助", "受援人次", r"受援(?:群众|人员)?"),
)

#: group → (figure, wording) that name a figure of the group when the same sentence has
#: already stated another figure of it ("受理行政复议案件23件，办结21件").
_FOLLOW_ONS: dict[str, tuple[tuple[str, str], ...]] = {
    "行政复议": (("不予受理", r"不予受理"), ("办结", r"办结|审结|结案"), ("纠错", r"纠错|纠正"),
                 ("调解和解", r"调解[与和及]?和解(?:方式)?结案|调解(?:结案)?|和解"), ("终止", r"终止(?:审理)?"), ("维持", r"维持"),
                 ("驳回", r"驳回")),
    "行政应诉": (("开庭", r"开庭(?:审理)?"), ("负责人出庭", r"(?:负责人)?出庭(?:应诉)?"), ("审结", r"审结|结案"),
                 ("败诉", r"败诉"), ("撤诉", r"撤诉"), ("调解结案", r"调解(?:结案)?")),
    "矛盾纠纷调解": (("调解成功", r"调解成功|成功调解|调处成功|成功调处|化解|调处"),),
    "法律援助": (("办结", r"办结|结案"),),
    "信访": (("按期办结", r"按期办结"), ("办结", r"办结")),
}


@dataclass(frozen=True)
class Extraction:
    """A number of the text that now is a placeholder (or, when `kept`, stays literal and why)."""

    loc: Loc               # the text field, as in `iter_texts`
    phrase: str            # the words as they were (spaces collapsed): 受理行政复议案件23件
    group: str
    figure: str            # a figure or a rate of `group`
    value: Decimal
    kept: str = ""         # Chinese reason the literal was kept; "" when replaced
    last: bool = False     # a figure of last year's column of a data table: stored in 上年数据

    @property
    def dotted(self) -> str:
        """The placeholder's expression: 行政复议.受理, or 行政复议.受理 | 上年 for last year's."""
        return f"{self.group}.{self.figure}" + (" | 上年" if self.last else "")


@dataclass(frozen=True)
class _Rule:
    group: str
    figure: str
    pattern: re.Pattern[str]   # matches the clause up to the number


@dataclass
class _Found:
    loc: Loc
    mention: NumberMention
    start: int                 # where the wording starts
    rule: _Rule
    phrase: str = ""           # the words as shown, when they are not the text's own (a table cell)
    last: bool = False         # from last year's column of a data table (goes into 上年数据)


def _rules() -> tuple[list[_Rule], list[_Rule], dict[str, list[_Rule]]]:
    """(count rules, rate rules, follow-on rules by group). When several rules match a
    clause, the one whose wording starts first (the longest) is taken."""
    counts: list[_Rule] = []
    rates: list[_Rule] = []
    for group in GROUPS:
        for spec in group.figures:
            if spec.phrases:
                counts.append(_rule(group.key, spec.key, "|".join(map(re.escape, spec.phrases))))
        for rate in group.rates:
            if rate.phrases:
                rates.append(_rule(group.key, rate.key, "|".join(map(re.escape, rate.phrases))))
    counts += [_rule(group, figure, wording) for group, figure, wording in _WORDINGS]
    follow = {group: [_rule(group, figure, wording) for figure, wording in words]
              for group, words in _FOLLOW_ONS.items()}
    return counts, rates, follow


def _rule(group: str, figure: str, wording: str) -> _Rule:
    return _Rule(group, figure, re.compile(rf"(?:{wording}){_FILLER}$"))


def extract_figures(report: Report) -> list[Extraction]:
    """Move the recognised figures of `report`'s text into its 数据 (in place).

    Returns every figure found, in text order: replaced ones and the literals kept.
    """
    counts, rates, follow = _rules()
    texts = dict(iter_texts(report))
    found: list[_Found] = []
    for loc, text in texts.items():
        found += _find(loc, text, counts, rates, follow)
    found += _table_cells(report, texts, counts)
    results: dict[int, Extraction] = {}
    replaced: dict[Loc, list[tuple[int, int, str]]] = {}
    for index, item in enumerate(found):
        if item.mention.is_percent:
            continue
        reason = _accept_count(report, item)
        results[index] = _extraction(texts, item, reason)
        if not reason:
            start = item.mention.start
            end = start + len(_NUMBER.match(texts[item.loc], start).group(0))
            replaced.setdefault(item.loc, []).append((start, end, results[index].dotted))
    for index, item in enumerate(found):
        if item.mention.is_percent:
            reason = _check_rate(report, item)
            results[index] = _extraction(texts, item, reason)
            if not reason:
                replaced.setdefault(item.loc, []).append(
                    (item.mention.start, item.mention.end, f"{item.rule.group}.{item.rule.figure}"))
    for loc, spans in replaced.items():
        _set_text(report, loc, _replace(texts[loc], spans))
    return [results[index] for index in sorted(results)]


def _find(loc: Loc, text: str, counts: list[_Rule], rates: list[_Rule],
          follow: dict[str, list[_Rule]]) -> list[_Found]:
    """The numbers of one text that a rule names, with the rule."""
    found: list[_Found] = []
    topic: str | None = None        # the group the current sentence is about
    previous_end = 0
    for mention in find_numbers(text):
        if any(mark in text[previous_end:mention.start] for mark in SENTENCE_MARKS):
            topic = None
        clause_start = max(previous_end, _clause_start(text, mention.start))
        clause = text[clause_start:mention.start]
        previous_end = mention.end
        candidates = rates if mention.is_percent else counts + (follow.get(topic, []) if topic else [])
        best: tuple[int, _Rule] | None = None
        for rule in candidates:
            match = rule.pattern.search(clause)
            if match and _unit_fits(rule, mention) and (best is None or match.start() < best[0]):
                best = (match.start(), rule)
        if best:
            found.append(_Found(loc, mention, clause_start + best[0], best[1]))
            topic = best[1].group
    return found


_BARE_NUMBER = re.compile(r"\s*[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*")
_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*([^（()）]{1,4})\s*[）)]\s*$")


def _table_cells(report: Report, texts: dict[Loc, str], counts: list[_Rule]) -> list[_Found]:
    """The figures of the data tables: bare numbers read as "row label + number + unit"."""
    grids: dict[Loc, dict[tuple[int, int], str]] = {}
    for loc, text in texts.items():
        if "表格" in loc:
            at = loc.index("表格")
            grids.setdefault(loc[:at], {})[(loc[at + 1], loc[at + 2])] = text
    found: list[_Found] = []
    for table_loc, grid in grids.items():
        columns = 1 + max(c for _, c in grid)
        head = [grid.get((0, c), "") for c in range(columns)]
        values = _year_columns(head, (f"{report.meta.year}年", "本年", "今年"))
        last = _year_columns(head, (f"{report.meta.year - 1}年", "上年", "去年"))
        if not values and columns == 2:
            values = [1]
        for (r, c), text in sorted(grid.items()):
            if r and c in (*values, *last) and _BARE_NUMBER.fullmatch(text):
                label = grid.get((r, 0), "")
                unit = _UNIT_IN_BRACKETS.search(label) or _UNIT_IN_BRACKETS.search(head[c])
                wording = _UNIT_IN_BRACKETS.sub("", label).strip()
                if wording and unit:
                    item = _cell_figure((*table_loc, "表格", r, c), text, wording, unit.group(1), counts)
                    if item:
                        item.last = c in last
                        found.append(item)
    return found


#: A column head that compares years ("比2023年增减", "同比增长") holds changes, not a year's figures.
_CHANGE_HEAD = re.compile(r"增|减|比|较|变化|幅度|率|差")


def _year_columns(head: list[str], marks: tuple[str, ...]) -> list[int]:
    """The columns (after the label column) whose head names one of `marks` and no change."""
    return [c for c in range(1, len(head)) if any(mark in head[c] for mark in marks)
            and not _CHANGE_HEAD.search(head[c])]


def _cell_figure(loc: Loc, text: str, wording: str, unit: str, counts: list[_Rule]) -> _Found | None:
    """The figure a table cell holds: its row's wording names it (a figure's phrase, or the
    group and the figure's name, as in 行政复议受理), in the figure's unit."""
    phrase = f"{wording}{text.strip()}{unit}"
    mentions = [m for m in find_numbers(phrase) if m.start >= len(wording)]
    if len(mentions) != 1:
        return None
    rules = [rule for rule in counts if rule.pattern.search(wording)]
    rules += [_Rule(group.key, spec.key, re.compile("")) for group in GROUPS if group.key in wording
              for spec in group.figures if wording.endswith((spec.key, f"{spec.key}数", f"{spec.key}件数"))]
    offset = len(text) - len(text.lstrip())
    for rule in rules:
        if _unit_fits(rule, mentions[0]):
            mention = NumberMention(mentions[0].value, mentions[0].unit, offset, offset + len(text.strip()), False)
            return _Found(loc, mention, 0, rule, phrase)
    return None


def _clause_start(text: str, end: int) -> int:
    starts = [match.end() for match in _CLAUSE_END.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def _unit_fits(rule: _Rule, mention: NumberMention) -> bool:
    if mention.is_percent:
        return True
    spec = GROUPS_BY_KEY[rule.group].figure(rule.figure)
    assert spec is not None
    if mention.unit not in (spec.unit, *_SAME_UNITS.get(spec.unit, ())):
        return False
    return spec.decimal or mention.value == mention.value.to_integral_value()


def _accept_count(report: Report, item: _Found) -> str:
    """Store the count in 数据; "" when stored, else why it stays literal."""
    group = GROUPS_BY_KEY[item.rule.group]
    spec = group.figure(item.rule.figure)
    assert spec is not None
    value = item.mention.value if spec.decimal else int(item.mention.value)
    if item.last and report.last_figures is None:
        report.last_figures = Figures()
    figures = report.last_figures if item.last else report.figures
    current = figure_value(figures, group.key, spec.key)
    if current is not None:
        return "" if current == value else f"与前文已提取的 {current} 不一致"
    values = getattr(figures, group.attr)
    setattr(values, spec.attr, value)
    for parts, whole in group.relations():
        numbers = [figure_value(figures, group.key, key) for key in (*parts, *whole)]
        if spec.key in (*parts, *whole) and None not in numbers and sum(numbers[:len(parts)]) > sum(numbers[len(parts):]):
            setattr(values, spec.attr, None)
            return f"{'＋'.join(parts)} 超过了 {'＋'.join(whole)}"
    return ""


def _check_rate(report: Report, item: _Found) -> str:
    """"" when the counts taken give exactly the rate as written, else why it stays literal."""
    group = GROUPS_BY_KEY[item.rule.group]
    rate = group.rate(item.rule.figure)
    assert rate is not None
    computed = rate_value(report.figures, group.key, rate.key)
    if computed is None:
        return f"{'、'.join(dict.fromkeys((*rate.numerator, *rate.denominator)))}没有全部从正文中提取"
    shown = format_decimal(computed)
    if Decimal(shown) != item.mention.value:
        return f"按提取的数量计算为 {shown}%，与原文不同"
    return ""


def _extraction(texts: dict[Loc, str], item: _Found, kept: str) -> Extraction:
    phrase = item.phrase or " ".join(texts[item.loc][item.start:item.mention.end].split())
    return Extraction(item.loc, phrase, item.rule.group, item.rule.figure, item.mention.value, kept, item.last)


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with each span replaced by the placeholder of its figure."""
    for start, end, dotted in sorted(spans, reverse=True):
        text = f"{text[:start]}{{{{ {dotted} }}}}{text[end:]}"
    return text


def _set_text(report: Report, loc: Loc, text: str) -> None:
    """Put `text` at `loc` (a location from `iter_texts`) in the report."""
    node = report
    for key in loc[:-1]:
        node = node[key] if isinstance(key, int) else getattr(node, _attribute(node, key))
    last = loc[-1]
    if isinstance(last, int):
        node[last] = text
    else:
        setattr(node, _attribute(node, last), text)


def _attribute(model, alias: str) -> str:
    return next(name for name, info in type(model).model_fields.items() if (info.alias or name) == alias)
