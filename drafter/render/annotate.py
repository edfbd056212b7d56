"""`drafter render --annotate`: the findings of `drafter check` as review notes on the document.

Each finding is attached to the paragraph rendered from the form field it concerns: the
block whose source path is the longest prefix of the finding's path (a finding on
主要举措和成效.章节[2].条目[1].内容 lands on that item's paragraph). Findings about fields that
print no paragraph of their own (数据, 检查设置 …) are attached to the title, except 提示
(hints), which would only bury the title under notes such as unused blank figures.
The notes are worded for a reviewer who sees only the document: no YAML paths,
placeholders, rule ids or line numbers (figures are named as a reader would name them),
and nothing about what render already put right or about how the form is written.
The docx writer turns `Block.comments` into Word comments.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from drafter.doctree import Block, Document, Kind
from drafter.limits import MAX_COMMENTS


def _ancestors(path: str) -> list[str]:
    """`path` and the paths it lies under, longest first: a.b[2].c, a.b[2], a.b, a (whole segments)."""
    found = [path]
    while True:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return found
        path = path[:cut]
        found.append(path)


#: What render already puts right on the page: no comment for them.
RENDER_FIXED = frozenset({"ascii-punct", "fullwidth-digit", "cjk-space", "invisible-char"})
#: About how the form is written (placeholders, the figures table), not about the document.
FORM_ONLY = frozenset({"literal-figure", "placeholder", "schema"})

class Finding(Protocol):
    """What a note is made of: a check finding (drafter.checks.Finding; not imported, since
    checks lays the report out with the renderer and the renderer must not import checks)."""

    level: object          # drafter.checks.Level: its value is 错误 / 警告 / 提示
    rule: str
    message: str
    path: str


_LEAD = {"错误": "请修改：", "警告": "请核对：", "提示": "供参考："}
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}|]+?)\s*(?:\|[^{}]*)?\}\}")
_TOOL_HINT = re.compile(r"（[^（）]*(?:drafter|--[a-z]|不涉及: ?true)[^（）]*）")
#: Clauses that tell the form's author how to edit the YAML.
_FORM_CLAUSE = re.compile(r"[。；，]?[^。；，]*(?:改用|占位符|填入|不涉及: ?true|写 不涉及|表单|\{\{)[^。；]*")


_NOT_APPLICABLE = re.compile(r"[；，][^；。]*不涉及: ?true[^；。]*")
_USED_AT = re.compile(r"（用于 [^（）]*）")
#: The form's words for things, and a reader's.
_PLAIN_WORDS = (("。核对或修改后删去这条注释", ""), ("核对或修改后删去这条注释", ""), ("待核：", ""),
                ("待填：基本信息.", "尚缺"), ("待填：数据.自定义.", "尚缺数据："), ("待填：", "尚缺"),
                ("基本信息.", ""))


@lru_cache(maxsize=1)
def _figure_names() -> dict[str, str]:
    """组.指标 → what a reader calls it: "行政复议.受理" → "本年受理的行政复议案件数"."""
    from drafter.model.figures import GROUPS

    names = {}
    for group in GROUPS:
        for spec in (*group.figures, *group.rates):
            names[f"{group.key}.{spec.key}"] = re.sub(r"（[^）]*）$", "", spec.meaning)
    return names


def _figure_words(text: str) -> str:
    names = _figure_names()
    text = _PLACEHOLDER.sub(lambda m: f"“{names.get(m.group(1).strip(), m.group(1).strip())}”", text)
    for dotted in sorted(names, key=len, reverse=True):
        text = text.replace(f"数据.{dotted}", f"“{names[dotted]}”").replace(dotted, f"“{names[dotted]}”")
    return text


def note_text(finding: Finding) -> str | None:
    """The finding as a reviewer in Word reads it: about the document's text, without YAML
    paths, placeholders, rule ids or line numbers; None for what is not the reviewer's to act
    on (what render already fixed on the page, how the form is written)."""
    if finding.rule in RENDER_FIXED or finding.rule in FORM_ONLY:
        return None
    text = _NOT_APPLICABLE.sub("", finding.message)
    text = _TOOL_HINT.sub("", _USED_AT.sub("", text))
    text = _FORM_CLAUSE.sub("", text) if "{{" in text or "填入" in text else text
    for form_words, plain in _PLAIN_WORDS:
        text = text.replace(form_words, plain)
    text = _figure_words(text).strip("；，。 ")
    return f"{_LEAD[finding.level.value]}{text}。" if text else None


def _by_source(doc: Document) -> dict[str, Block]:
    """The first block printed from each field."""
    found: dict[str, Block] = {}
    for block in doc.blocks:
        if block.source:
            found.setdefault(block.source, block)
    return found


def _nearest(by_source: dict[str, Block], path: str) -> Block | None:
    return next((by_source[p] for p in _ancestors(path) if p in by_source), None) if path else None


def block_for(doc: Document, path: str) -> Block | None:
    """The paragraph rendered from the field at `path` or its nearest ancestor, if any."""
    return _nearest(_by_source(doc), path)


_SEVERITY = {"错误": 0, "警告": 1, "提示": 2}


def annotate(doc: Document, findings: list[Finding], limit: int = MAX_COMMENTS) -> tuple[int, int, int]:
    """Attach findings to their paragraphs, the most severe first and at most `limit` of them
    (Word slows down, and python-docx takes time quadratic in their number, with thousands);
    returns (attached to their paragraph, attached to the title, left out over the limit)."""
    fallback = next((b for b in doc.blocks if b.kind is Kind.TITLE), doc.blocks[0] if doc.blocks else None)
    by_source = _by_source(doc)
    placed = unplaced = left_out = 0
    for finding in sorted(findings, key=lambda f: _SEVERITY[f.level.value]):
        note = note_text(finding)
        if note is None:
            continue
        if placed + unplaced >= limit:
            left_out += 1
            continue
        best = _nearest(by_source, finding.path)
        if best is None:
            if finding.level.value == "提示" or fallback is None:
                continue
            fallback.comments.append(note)
            unplaced += 1
        else:
            best.comments.append(note)
            placed += 1
    return placed, unplaced, left_out
