"""Forms for the renderer's tests: the 示例县 fixture, optionally edited, written and loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from drafter.doctree import Block, Document, Kind, Role
from drafter.form.load import dump_yaml, load_form, parse_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "示例县2024.yaml"

Edit = Callable[[Any], None]


def write_form(path: Path, edit: Edit | None = None) -> Path:
    """Write the fixture to `path`, after `edit` changed its round-trip tree."""
    data = parse_yaml(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    if edit is not None:
        edit(data)
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def load_report(tmp_path: Path, edit: Edit | None = None):
    form = load_form(write_form(tmp_path / "示例县.yaml", edit))
    assert not form.problems, form.problems
    return form.report


def minimal_report(**figures: Any):
    """The smallest valid report, with `figures` as its 数据 (by Chinese group key)."""
    from drafter.model.report import Report

    return Report.model_validate({
        "基本信息": {"年度": 2024, "地区": "示例县", "层级": "县", "报告机关": "示例县人民政府", "落款": ["示例县人民政府"]},
        "主要举措和成效": {}, "存在的不足和原因": {}, "下一年度工作安排": {}, "数据": figures,
    })


def blocks(doc: Document, kind: Kind) -> list[Block]:
    return [b for b in doc.blocks if b.kind is kind]


def block_with(doc: Document, needle: str) -> Block:
    found = [b for b in doc.blocks if needle in b.text]
    assert len(found) == 1, (needle, [b.text for b in found])
    return found[0]


def roles(block: Block) -> list[tuple[str, str]]:
    return [(run.role.value, run.text) for run in block.runs]


def missing_runs(doc: Document) -> list[str]:
    return [run.text for b in doc.blocks for run in b.runs if run.role is Role.MISSING]
