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
from drafter.doctree import Document, Kind


def _covers(source: str, path: str) -> bool:
    """Whether `source` is `path` or one of its ancestors (whole segments only)."""
    if not source:
        return False
    return path == source or path.startswith(source + ".") or path.startswith(source + "[")


def note_text(finding: Finding) -> str:
    where = f"（第 {finding.line} 行）" if finding.line else ""
    return f"{finding.level.value} [{finding.rule}] {finding.message}{where}"


def annotate(doc: Document, findings: list[Finding]) -> tuple[int, int]:
    """Attach findings to their paragraphs; returns (attached to their paragraph, attached to the title)."""
    fallback = next((b for b in doc.blocks if b.kind is Kind.TITLE), doc.blocks[0] if doc.blocks else None)
    placed = unplaced = 0
    for finding in findings:
        best = None
        for block in doc.blocks:
            if _covers(block.source, finding.path) and (best is None or len(block.source) > len(best.source)):
                best = block
        note = note_text(finding)
        if best is None:
            if finding.level is Level.HINT or fallback is None:
                continue
            fallback.comments.append(note + f"（位置：{finding.path or '整份表单'}）")
            unplaced += 1
        else:
            best.comments.append(note)
            placed += 1
    return placed, unplaced
