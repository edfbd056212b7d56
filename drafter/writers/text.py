"""The plain-text writer: one line per block, exactly `Document.plain_text()`.

Titles stay on one line (the Word writer's balanced title lines are layout, not text);
tables are tab-separated rows. Used for diffs, word counts and pasting into web forms.
"""

from __future__ import annotations

from drafter.doctree import Document


def write_text(doc: Document) -> str:
    """The document as plain text, one line per block, ending in a newline."""
    return doc.plain_text()
