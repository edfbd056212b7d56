"""The public web copy (`drafter render --public`): clean semantic HTML for a 政府信息公开 page.

Unlike the preview page (`drafter.writers.html`) it does not imitate the printed sheet:
one `<article>` with `<h1>` for the title, `<h2>`–`<h5>` for the four heading levels,
`<p>` for paragraphs (a run-in heading's title in `<strong>`), `<table>` for tables and
the 落款 and 成文日期 as right-aligned paragraphs. No scripts, no classes, no external
resources, no form locations; the only CSS is a few inline declarations (first-line
indent, right alignment) that survive pasting into a website's editor. Everything is
escaped. Whatever the public copy leaves out has already been left out of the document
tree (see `drafter.render.render_report(public=True)`).
"""

from __future__ import annotations

from html import escape

from drafter.doctree import Block, Document, Kind, Role, Run

INDENT = ' style="text-indent:2em"'
RIGHT = ' style="text-align:right"'
CENTER = ' style="text-align:center"'


def _text(runs: list[Run]) -> str:
    return escape("".join(run.text for run in runs)).replace("\n", "<br>")


def _heading(block: Block) -> str:
    split = next((i for i, r in enumerate(block.runs) if r.role is Role.TEXT), len(block.runs))
    if split == len(block.runs):
        tag = f"h{min(block.level + 1, 6)}"
        return f"<{tag}>{_text(block.runs)}</{tag}>"
    return f"<p{INDENT}><strong>{_text(block.runs[:split])}</strong>{_text(block.runs[split:])}</p>"


def _table(block: Block) -> str:
    columns = max((len(row) for row in block.rows), default=0)
    rows = []
    for index, row in enumerate(block.rows):
        cell = "th" if index == 0 and len(block.rows) > 1 else "td"
        rows.append("<tr>" + "".join(f"<{cell}>{escape(text)}</{cell}>"
                                     for text in [*row, *[""] * (columns - len(row))]) + "</tr>")
    return '<table border="1" style="border-collapse:collapse">' + "".join(rows) + "</table>"


def _block(block: Block) -> str:
    kind = block.kind
    if kind is Kind.TITLE:
        return f"<h1{CENTER}>{_text(block.runs)}</h1>"
    if kind is Kind.HEADING:
        return _heading(block)
    if kind is Kind.TABLE:
        return _table(block)
    if kind in (Kind.DOC_MARK, Kind.DOC_NUMBER):
        return f"<p{CENTER}>{_text(block.runs)}</p>"
    if kind in (Kind.SIGNATURE, Kind.DATE):
        return f"<p{RIGHT}>{_text(block.runs)}</p>"
    if kind is Kind.ADDRESSEE:
        return f"<p>{_text(block.runs)}</p>"
    return f"<p{INDENT}>{_text(block.runs)}</p>"


def write_public_html(doc: Document) -> str:
    """The public copy as an HTML page whose `<article>` can be pasted as it is."""
    title = doc.info.title or next((b.text for b in doc.blocks if b.kind is Kind.TITLE), "")
    article = "\n".join(_block(block) for block in doc.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<article>\n{article}\n</article>\n</body>\n</html>\n"
    )
