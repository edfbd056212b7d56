"""Typography of the text (GB/T 9704 and common 公文 practice), and its safe fixes.

Found: ASCII , . : ; ( ) ! ? " in Chinese text; unbalanced “” 《》 （） 【】 〔〕; doubled
punctuation; "1、" where the standard's third level is "1."; numbers typed in front of a
heading or an item that the renderer numbers itself (they would appear twice); numbering
styles mixed within one list of paragraphs; full-width digits and letters; stray spaces
between Chinese characters.

`fix_text` applies the safe fixes (rules in FIXABLE) and is what `drafter check --fix`
writes back. Placeholders `{{ … }}` are not text and are never touched, nor are the
spaces that mark a blank ("专项检查 次": the completeness family reports those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.checks.base import CheckContext, Level
from drafter.checks.completeness import find_blanks
from drafter.checks.texts import TextField, mask_placeholders, placeholder_spans
from drafter.model.report import ListStyle
from drafter.text import fullwidth_digits_to_ascii, leading_ordinal, parse_heading, strip_cjk_spaces, to_fullwidth_punct
from drafter.form.load import Loc

FAMILY = "排版"
RULES = {
    "ascii-punct": "中文中的英文标点",
    "unbalanced-pair": "引号、书名号、括号不配对",
    "doubled-punct": "标点重复",
    "list-number": "序号“1、”应为“1.”",
    "typed-number": "手写的编号",
    "mixed-numbering": "同一列表中编号样式混用",
    "fullwidth-digit": "全角数字或字母",
    "cjk-space": "汉字之间多余的空格",
}
#: Rules whose findings `drafter check --fix` corrects.
FIXABLE = frozenset({"ascii-punct", "doubled-punct", "list-number", "typed-number", "fullwidth-digit", "cjk-space"})

_FIX_HINT = "（drafter check --fix 可自动修正）"


@dataclass
class Change:
    """What one rule changed in a text: how many places, and the first one as written."""

    count: int
    example: str


def _snippet(text: str, start: int, end: int | None = None) -> str:
    return text[max(0, start - 4):(end if end is not None else start + 1) + 4].strip()


# ---------------------------------------------------------------- fixes, one step per rule

_FULLWIDTH_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_DOUBLED_RE = re.compile(r"([，、；：。！？])\1+")
_LIST_NUMBER_RE = re.compile(r"(?:^|(?<=[，：；。！？]))(?P<num>[ \u3000]*[0-9]{1,3})、(?![0-9])")
#: What may follow a typed 一是 and goes with it when the number is removed.
_AFTER_ORDINAL = "，、：,:"


def _one_for_one(piece: str, fixed: str) -> tuple[str, Change | None]:
    """A step that replaces characters one for one: count the positions that changed."""
    diffs = [i for i, (a, b) in enumerate(zip(piece, fixed)) if a != b]
    return fixed, (Change(len(diffs), _snippet(piece, diffs[0])) if diffs else None)


def _fullwidth(piece: str, _at_start: bool) -> tuple[str, Change | None]:
    if not _FULLWIDTH_RE.search(piece):
        return piece, None
    return _one_for_one(piece, fullwidth_digits_to_ascii(piece))


_ASCII_MARKS_RE = re.compile("[,.:;!?()\"']")


def _ascii_punct(piece: str, _at_start: bool) -> tuple[str, Change | None]:
    if not _ASCII_MARKS_RE.search(piece):
        return piece, None
    return _one_for_one(piece, to_fullwidth_punct(piece))


def _doubled(piece: str, _at_start: bool) -> tuple[str, Change | None]:
    found = [m for m in _DOUBLED_RE.finditer(piece) if len(m.group()) == 2]
    if not found:
        return piece, None
    fixed = _DOUBLED_RE.sub(lambda m: m.group(1) if len(m.group()) == 2 else m.group(), piece)
    return fixed, Change(len(found), _snippet(piece, found[0].start(), found[0].end()))


def _spaces(piece: str, _at_start: bool) -> tuple[str, Change | None]:
    fixed = strip_cjk_spaces(piece)
    if fixed == piece:
        return piece, None
    first = next(i for i, (a, b) in enumerate(zip(piece, fixed)) if a != b)
    runs = len(re.findall(r"[ \t\u3000\u00a0]+", piece)) - len(re.findall(r"[ \t\u3000\u00a0]+", fixed))
    return fixed, Change(max(runs, 1), _snippet(piece, first))


def _list_number(piece: str, at_start: bool) -> tuple[str, Change | None]:
    found = [m for m in _LIST_NUMBER_RE.finditer(piece) if at_start or m.start() > 0]
    if not found:
        return piece, None
    ends = {m.end() - 1 for m in found}
    fixed = "".join("." if i in ends else c for i, c in enumerate(piece))
    return fixed, Change(len(found), piece[found[0].start():found[0].end()].strip())


#: Steps in order: width first (so "１，２" is read as digits), then punctuation, spaces
#: (after the punctuation is Chinese, so "检查 ，" loses its space), doubles (which the
#: removed spaces may have brought together), list numbers.
_STEPS = (("fullwidth-digit", _fullwidth), ("ascii-punct", _ascii_punct), ("cjk-space", _spaces),
          ("doubled-punct", _doubled), ("list-number", _list_number))


def typed_number(text: str, prefix: ListStyle | None) -> tuple[str, str] | None:
    """(typed number, text without it) when a text the renderer numbers starts with a number."""
    if prefix is None:
        return None
    body = text.lstrip(" \u3000")
    heading = parse_heading(body)
    if heading is not None:
        return body[:len(body) - len(heading.rest)].strip(), heading.rest
    if prefix is ListStyle.INLINE:
        ordinal = leading_ordinal(body)
        if ordinal is not None:
            end = ordinal.end + (body[ordinal.end:ordinal.end + 1] in tuple(_AFTER_ORDINAL))
            return body[:end].strip(), body[end:]
    return None


def fix_text(text: str, prefix: ListStyle | None = None) -> tuple[str, dict[str, Change]]:
    """`text` with the safe fixes applied, and what each rule changed."""
    changes: dict[str, Change] = {}
    typed = typed_number(text, prefix)
    if typed is not None:
        changes["typed-number"] = Change(1, typed[0])
        text = typed[1]
    protected = sorted(placeholder_spans(text) + find_blanks(mask_placeholders(text)))
    out, pos = [], 0
    for start, end in [*protected, (len(text), len(text))]:
        if start < pos:
            continue
        piece = text[pos:start]
        for rule, step in _STEPS:
            piece, change = step(piece, pos == 0)
            if change is not None:
                known = changes.setdefault(rule, Change(0, change.example))
                known.count += change.count
        out.append(piece)
        out.append(text[start:end])
        pos = end
    return "".join(out), changes


def _message(rule: str, change: Change) -> str:
    n, ex = change.count, change.example
    return {
        "fullwidth-digit": f"有 {n} 个全角数字或字母（如“{ex}”），应使用半角",
        "ascii-punct": f"有 {n} 处英文标点用在中文里（如“{ex}”），应使用中文全角标点",
        "doubled-punct": f"有 {n} 处标点重复（如“{ex}”）",
        "cjk-space": f"汉字之间有 {n} 处多余的空格（如“{ex}”；确要空开的，请写一个全角空格“　”）",
        "list-number": f"有 {n} 处序号写成“{ex}”，应为“{ex[:-1]}.”（阿拉伯数字后用下脚点）",
        "typed-number": f"开头手写了编号“{ex}”：编号由程序生成，保留会重复，请删去",
    }[rule] + _FIX_HINT


# ---------------------------------------------------------------- findings that need a person

_OPENERS = {"“": "”", "《": "》", "（": "）", "【": "】", "〔": "〕"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MIXED_DOUBLE_RE = re.compile(r"[，、；：。](?=[，、；：。])")
_FULL_MARKS = str.maketrans({",": "，", ";": "；", ":": "："})


def _unbalanced(text: str) -> str | None:
    """A description of the first unbalanced quote or bracket, or None."""
    stack: list[str] = []
    for ch in text.replace("(", "（").replace(")", "）"):
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if stack and stack[-1] == _CLOSERS[ch]:
                stack.pop()
            elif _CLOSERS[ch] in stack:
                return f"“{stack[-1]}”没有配对的“{_OPENERS[stack[-1]]}”"
            else:
                return f"“{ch}”前面没有配对的“{_CLOSERS[ch]}”"
    return f"“{stack[-1]}”没有配对的“{_OPENERS[stack[-1]]}”" if stack else None


_STYLE_NAMES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 0: "一是"}


def leading_number(text: str) -> tuple[int, int] | None:
    """(style, n) of a number opening a paragraph: style 1–4 is the heading level, 0 is 一是."""
    body = text.lstrip(" \u3000")
    heading = parse_heading(body)
    if heading is not None:
        return heading.level, heading.number
    ordinal = leading_ordinal(body)
    return (0, ordinal.number) if ordinal is not None else None


def _mixed_numbering(ctx: CheckContext) -> None:
    """A list of paragraphs whose numbers run on in another style: 1. … （2）… 3. …

    Nested lists are fine: （四）1. 2. 3. 4. （五） continues （四）, not 4."""
    lists: dict[Loc, list[TextField]] = {}
    for field in ctx.texts:
        if isinstance(field.loc[-1], int):
            lists.setdefault(field.loc[:-1], []).append(field)
    for fields in lists.values():
        previous: tuple[int, int] | None = None
        last_of_style: dict[int, int] = {}
        for field in fields:
            number = leading_number(field.masked)
            if number is None:
                continue
            style, n = number
            if (previous is not None and n == previous[1] + 1 and style != previous[0]
                    and last_of_style.get(style) != n - 1):
                ctx.add(Level.WARNING, "mixed-numbering",
                        f"编号样式不一致：上一段用“{_STYLE_NAMES[previous[0]]}”式，本段接着用“{_STYLE_NAMES[style]}”式，"
                        "同一层级应统一", field.loc)
                break
            previous = number
            last_of_style[style] = n


def check(ctx: CheckContext) -> None:
    for field in ctx.texts:
        _fixed, changes = fix_text(field.text, field.prefix)
        for rule, change in changes.items():
            ctx.add(Level.WARNING, rule, _message(rule, change), field.loc)
        normal = field.masked.translate(_FULL_MARKS)  # ASCII marks are reported above; here only pairing
        problem = _unbalanced(normal)
        if problem:
            ctx.add(Level.WARNING, "unbalanced-pair", f"引号或括号不配对：{problem}", field.loc)
        mixed = next((m.start() for m in _MIXED_DOUBLE_RE.finditer(normal) if normal[m.start()] != normal[m.start() + 1]),
                     None)
        if mixed is not None:
            ctx.add(Level.WARNING, "doubled-punct", f"标点连用“{_snippet(normal, mixed, mixed + 2)}”，请删去其一",
                    field.loc)
    _mixed_numbering(ctx)
