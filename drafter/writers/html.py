"""The HTML writer: a self-contained preview page that imitates the printed document.

One A4-wide sheet with the profile's margins, fonts (with free fallbacks), sizes, line
pitch, indents, balanced title lines, 落款 placement and yellow 【待填】 markers; review
notes appear as boxed asides. Pagination and page numbers are left to Word. All text
from the document and the profile is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from drafter.doctree import Block, Document, Kind, Role, Run
from drafter.writers.layout import (
    TWIPS_PER_PT,
    PageGeometry,
    attachment_indent,
    closing_indents,
    page_geometry,
    title_lines,
)
from drafter.writers.style import StyleProfile, load_style

_FALLBACKS = (
    ("小标宋", ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong",
                "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "serif")),
    ("仿宋", ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋",
              "Noto Serif CJK SC", "Source Han Serif SC", "serif")),
    ("楷", ("楷体_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL KaitiM GB",
            "AR PL UKai CN", "serif")),
    ("黑", ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC",
            "Microsoft YaHei", "sans-serif")),
    ("宋", ("宋体", "SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "serif")),
)

#: CSS colours of Word's highlight names.
_HIGHLIGHT_CSS = {
    "yellow": "#ffff00", "green": "#00ff00", "cyan": "#00ffff", "magenta": "#ff00ff",
    "blue": "#0000ff", "red": "#ff0000", "darkBlue": "#000080", "darkCyan": "#008080",
    "darkGreen": "#008000", "darkMagenta": "#800080", "darkRed": "#800000",
    "darkYellow": "#808000", "darkGray": "#808080", "lightGray": "#c0c0c0",
    "black": "#000000",
}


def _css_string(text: str) -> str:
    """A quoted CSS string that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def _font_family(latin: str, east_asian: str) -> str:
    """Latin font first (browsers fall through to the CJK font per character)."""
    names = [latin, east_asian]
    for marker, fallbacks in _FALLBACKS:
        if marker in east_asian:
            names += fallbacks
            break
    else:
        names.append("serif")
    unique = list(dict.fromkeys(names))
    return ", ".join(n if n in ("serif", "sans-serif") else _css_string(n) for n in unique)


def _pt(twips: float) -> str:
    return f"{twips / TWIPS_PER_PT:.2f}pt"


def _css(style: StyleProfile, geo: PageGeometry, signature_right: float,
         date_right: float) -> str:
    latin = style.latin_font
    chars = geo.chars
    m = style.margins
    rule = style.masthead.rule
    mark, number = style.masthead.mark, style.masthead.number
    mark_line = geo.line_height(mark.size)
    rules = [
        "body { margin: 0; background: #d9d9d9; }",
        f".page {{ box-sizing: border-box; width: {style.paper.width:g}mm; "
        f"min-height: {style.paper.height:g}mm; margin: 8mm auto; "
        f"padding: {m.top:g}mm {m.right:g}mm {m.bottom:g}mm {m.left:g}mm; background: #fff; "
        "color: #000; box-shadow: 0 1px 6px rgba(0,0,0,.3); "
        f"font-family: {_font_family(latin, style.body.font)}; font-size: {style.body.size:g}pt; "
        f"line-height: {_pt(geo.line_pitch)}; "
        f"letter-spacing: {_pt(geo.char_advance - style.body.size * TWIPS_PER_PT)}; "
        "text-align: justify; overflow-wrap: anywhere; }",
        ":where(.page) :where(p, h1, h2, h3, h4, h5) { margin: 0; "
        "font-size: inherit; font-weight: normal; "
        f"text-indent: {_pt(chars(style.body.first_line_indent_chars))}; }}",
        f".title {{ font-family: {_font_family(latin, style.title.font)}; "
        f"font-size: {style.title.size:g}pt; "
        f"line-height: {_pt(geo.line_height(style.title.size))}; letter-spacing: 0; "
        f"text-align: center; text-indent: 0; "
        f"margin-bottom: {_pt(geo.lines(style.title.space_after_lines))}; }}",
        f".rule + .title {{ margin-top: "
        f"{_pt(geo.lines(style.title.space_before_lines_after_masthead))}; }}",
        f".addressee {{ font-family: {_font_family(latin, style.addressee.font)}; "
        f"font-size: {style.addressee.size:g}pt; text-indent: 0; text-align: left; }}",
    ]
    for level in range(1, 5):
        heading = style.heading(level)
        rules.append(
            f".heading-{level} {{ font-family: {_font_family(latin, heading.font)}; "
            f"font-size: {heading.size:g}pt; "
            f"font-weight: {'bold' if heading.bold else 'normal'}; }}")
        rules.append(f".heading-{level}.run-in .lead {{ font-weight: "
                     f"{'bold' if heading.run_in_bold else 'normal'}; }}")
    rules += [
        f".run-in .text {{ font-family: {_font_family(latin, style.body.font)}; "
        f"font-size: {style.body.size:g}pt; font-weight: normal; }}",
        ".signature, .date { text-align: right; text-indent: 0; }",
        f".signature {{ padding-right: {_pt(chars(signature_right))}; }}",
        f":not(.signature) + .signature {{ margin-top: "
        f"{_pt(geo.lines(style.closing.space_before_lines))}; }}",
        f".date {{ padding-right: {_pt(chars(date_right))}; }}",
        f".note {{ text-align: left; text-indent: {_pt(chars(style.note.indent_chars))}; }}",
        ".attachment { text-align: left; }",
        ".appendix { break-before: page; margin-top: 2em; text-indent: 0; font-weight: bold; }",
        f":not(.attachment) + .attachment {{ margin-top: "
        f"{_pt(geo.lines(style.attachment.space_before_lines))}; }}",
        f".doc-mark {{ font-family: {_font_family(latin, mark.font)}; font-size: {mark.size:g}pt; "
        f"color: #{mark.color}; text-align: center; text-indent: 0; letter-spacing: 0; "
        f"line-height: {_pt(mark_line)}; margin-top: calc({mark.top_mm:g}mm - "
        f"{_pt((mark_line - mark.size * TWIPS_PER_PT) / 2)}); }}",
        f".doc-number {{ font-family: {_font_family(latin, number.font)}; "
        f"font-size: {number.size:g}pt; text-align: center; text-indent: 0; "
        f"margin-top: {_pt(geo.lines(number.space_before_lines))}; }}",
        f".rule {{ border-bottom: {rule.width_pt:g}pt solid #{rule.color}; "
        f"padding-bottom: {rule.gap_mm:g}mm; }}",
        f"table {{ border-collapse: collapse; width: 100%; "
        f"font-family: {_font_family(latin, style.table.font)}; font-size: {style.table.size:g}pt; "
        "line-height: 1.3; letter-spacing: 0; }",
        "th, td { border: 0.5pt solid #000; padding: 0 5.4pt; text-align: center; }",
        f"th {{ font-weight: {'bold' if style.table.header_bold else 'normal'}; }}",
        f"mark.missing {{ background: {_HIGHLIGHT_CSS[style.missing.highlight]}; color: inherit; }}",
        ".comment { margin: 2pt 0 2pt 0; padding: 2pt 6pt; border-left: 3pt solid #f0b400; "
        "background: #fff8e0; font: 10.5pt/1.4 sans-serif; letter-spacing: 0; color: #333; }",
        "@media print { body { background: none; } .page { margin: 0; box-shadow: none; } "
        ".comment { display: none; } }",
    ]
    return "\n".join(rules)


def _runs(runs: Sequence[Run]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text).replace("\n", "<br>")
        parts.append(f'<mark class="missing">{text}</mark>' if run.role is Role.MISSING else text)
    return "".join(parts)


def _heading(block: Block) -> str:
    level = block.level
    split = next((i for i, r in enumerate(block.runs) if r.role is Role.TEXT), len(block.runs))
    if split == len(block.runs):
        tag = f"h{min(level + 1, 6)}"
        return f'<{tag} class="heading heading-{level}"{_source(block)}>{_runs(block.runs)}</{tag}>'
    return (f'<p class="heading heading-{level} run-in"{_source(block)}>'
            f'<span class="lead">{_runs(block.runs[:split])}</span>'
            f'<span class="text">{_runs(block.runs[split:])}</span></p>')


def _table(block: Block, header: bool) -> str:
    columns = max((len(row) for row in block.rows), default=0)
    rows = []
    for index, row in enumerate(block.rows):
        cell = "th" if header and index == 0 and len(block.rows) > 1 else "td"
        cells = "".join(f"<{cell}>{escape(text)}</{cell}>"
                        for text in [*row, *[""] * (columns - len(row))])
        rows.append(f"<tr>{cells}</tr>")
    return f'<table{_source(block)}>{"".join(rows)}</table>'


def _source(block: Block) -> str:
    return f' data-source="{escape(block.source)}"' if block.source else ""


_CLASSES = {
    Kind.DOC_MARK: "doc-mark", Kind.DOC_NUMBER: "doc-number", Kind.ADDRESSEE: "addressee",
    Kind.PARAGRAPH: "body", Kind.CLOSING: "body closing", Kind.SIGNATURE: "signature",
    Kind.DATE: "date", Kind.NOTE: "note", Kind.ATTACHMENT: "attachment", Kind.APPENDIX: "appendix",
}


def write_html(doc: Document, style: StyleProfile | None = None) -> str:
    """The document as one self-contained HTML page."""
    style = style or load_style()
    geo = page_geometry(style)
    blocks = doc.blocks
    masthead = [i for i, b in enumerate(blocks) if b.kind in (Kind.DOC_MARK, Kind.DOC_NUMBER)]
    rule_after = masthead[-1] if masthead else None
    indents = closing_indents([b.text for b in blocks if b.kind is Kind.SIGNATURE],
                              next((b.text for b in blocks if b.kind is Kind.DATE), None),
                              style.closing.right_indent_chars, style.closing.date_shift_chars)
    title_width = geo.chars_per_line(style.title.size)
    body = []
    for index, block in enumerate(blocks):
        if block.kind is Kind.TITLE:
            text = "<br>".join(_runs(line) for line in title_lines(block.runs, title_width))
            body.append(f'<h1 class="title"{_source(block)}>{text}</h1>')
        elif block.kind is Kind.HEADING:
            body.append(_heading(block))
        elif block.kind is Kind.TABLE:
            body.append(_table(block, style.table.header_bold))
        else:
            classes = _CLASSES[block.kind] + (" rule" if index == rule_after else "")
            attrs = ""
            if block.kind is Kind.ATTACHMENT:
                first = index == 0 or blocks[index - 1].kind is not Kind.ATTACHMENT
                hanging = attachment_indent(block.text, first, style.attachment.indent_chars)
                attrs = (f' style="padding-left: {_pt(geo.chars(hanging.left))}; '
                         f'text-indent: -{_pt(geo.chars(hanging.hanging))} "')
            body.append(f'<p class="{classes}"{_source(block)}{attrs}>{_runs(block.runs)}</p>')
        for note in block.comments:
            body.append(f'<aside class="comment">批注（{escape(style.comments.author)}）：'
                        f"{escape(note)}</aside>")
    title = doc.info.title or next((b.text for b in blocks if b.kind is Kind.TITLE), "")
    css = _css(style, geo, indents.signature, indents.date)
    content = "\n".join(body)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<main class="page">\n{content}\n</main>\n</body>\n</html>\n'
    )
