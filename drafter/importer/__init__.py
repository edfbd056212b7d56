"""Importing last year's report: file → raw lines → cleaned lines → `Outline`.

`reading` owns file formats and encodings, `cleaning` owns web-page furniture and
broken lines, `patterns` the look of an official document's lines, `structure` the
outline parser and `outline` the data it produces. The back half turns an outline
into a form: `mapping` (outline → report model), `extraction` (--extract-figures),
`formtext` (the YAML text) and `importing` (the whole `drafter import`).
"""

from __future__ import annotations

from pathlib import Path

from drafter.importer.cleaning import Cleaning, clean_lines
from drafter.importer.errors import ImportFailure
from drafter.importer.outline import NumberStyle, Outline, OutlineNode
from drafter.importer.reading import read_source, source_lines
from drafter.importer.structure import infer_year_and_region, parse_outline

__all__ = [
    "Cleaning", "ImportFailure", "NumberStyle", "Outline", "OutlineNode",
    "clean_lines", "infer_year_and_region", "outline_of", "parse_outline", "read_outline", "read_source",
    "source_lines",
]


def read_outline(path: str | Path) -> tuple[Outline, list[Cleaning]]:
    """The outline of the report in `path`, and what cleaning removed or joined."""
    return _outline(read_source(path))


def outline_of(data: bytes, path: str | Path) -> tuple[Outline, list[Cleaning]]:
    """The same for a file's bytes (`path` names it and gives its format)."""
    return _outline(source_lines(data, path))


def _outline(lines: list[str]) -> tuple[Outline, list[Cleaning]]:
    notes: list[Cleaning] = []
    return parse_outline(clean_lines(lines, notes)), notes
