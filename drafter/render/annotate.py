"""`drafter render --annotate`: the findings of `drafter check` as review notes on the document.

Each finding is attached to the paragraph rendered from the form field it concerns: the
block whose source path is the longest prefix of the finding's path (a finding on
主要举措和成效.章节[2].条目[1].内容 lands on that item's paragraph). Findings about fields that
print no paragraph of their own (数据, 检查设置 …) are attached to the title, except 提示
(hints), which would only bury the title under notes such as unused blank figures.
The docx writer turns `Block.comments` into Word comments.
"""

from __future__ import annotations

from drafter.checks import Finding, Level
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


def note_text(finding: Finding) -> str:
    where = f"（第 {finding.line} 行）" if finding.line else ""
    return f"{finding.level.value} [{finding.rule}] {finding.message}{where}"


_SEVERITY = {Level.ERROR: 0, Level.WARNING: 1, Level.HINT: 2}


def annotate(doc: Document, findings: list[Finding], limit: int = MAX_COMMENTS) -> tuple[int, int, int]:
    """Attach findings to their paragraphs, the most severe first and at most `limit` of them
    (Word slows down, and python-docx takes time quadratic in their number, with thousands);
    returns (attached to their paragraph, attached to the title, left out over the limit)."""
    fallback = next((b for b in doc.blocks if b.kind is Kind.TITLE), doc.blocks[0] if doc.blocks else None)
    by_source: dict[str, Block] = {}
    for block in doc.blocks:          # the first block printed from each field
        if block.source:
            by_source.setdefault(block.source, block)
    placed = unplaced = left_out = 0
    for finding in sorted(findings, key=lambda f: _SEVERITY[f.level]):
        if placed + unplaced >= limit:
            left_out += 1
            continue
        # the block of the longest source covering the finding's path
        best = next((by_source[p] for p in _ancestors(finding.path) if p in by_source), None) if finding.path else None
        note = note_text(finding)
        if best is None:
            if finding.level is Level.HINT or fallback is None:
                continue
            fallback.comments.append(note + f"（位置：{finding.path or '整份表单'}）")
            unplaced += 1
        else:
            best.comments.append(note)
            placed += 1
    return placed, unplaced, left_out
