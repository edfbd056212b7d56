"""Importing last year's report: file → document tree → cleaned lines → document tree → form.

`reading` owns file formats and encodings (a .docx through `docx_package`, the bounded
reader of the zip and its XML, `docx_numbering`, Word's styles and automatic numbering,
and `docx_body`, the body in document order as a `doctree.Document`), `cleaning` owns
web-page furniture, page numbers, PDF line splits and
broken lines, `patterns` the look of an official document's lines, `structure` the
parser of the report's structure, which builds the `doctree.Document` the renderer
builds too (the one pivot of readers and writers), and `outline` the view of that
Document as a report's pieces. The back half turns it into a form: `mapping`
(document → report model), `extraction` (--extract-figures),
`formtext` (the YAML text) and `importing` (the whole `drafter import`).
"""

from __future__ import annotations

from pathlib import Path

from drafter.importer.cleaning import Cleaning, clean_lines
from drafter.importer.errors import ImportFailure
from drafter.importer.outline import NumberStyle, Outline, OutlineNode
from drafter.importer.reading import Reading, document_of, read_document, read_source, source_lines
from drafter.importer.structure import infer_year_and_region, parse_document, parse_outline

__all__ = [
    "Cleaning", "ImportFailure", "NumberStyle", "Outline", "OutlineNode",
    "clean_lines", "document_of", "infer_year_and_region", "outline_of", "parse_document", "parse_outline",
    "read_document",
    "read_outline", "read_source", "source_lines",
]


def read_outline(path: str | Path) -> tuple[Outline, list[Cleaning]]:
    """The outline (the view of the parsed document tree) of the report in `path`, and what
    reading left out and cleaning removed or joined."""
    return _outline(read_document(path))


def outline_of(data: bytes, path: str | Path) -> tuple[Outline, list[Cleaning]]:
    """The same for a file's bytes (`path` names it and gives its format)."""
    return _outline(document_of(data, path))


def _outline(reading: Reading) -> tuple[Outline, list[Cleaning]]:
    notes: list[Cleaning] = list(reading.omitted)
    return parse_outline(clean_lines(reading.items(), notes)), notes
