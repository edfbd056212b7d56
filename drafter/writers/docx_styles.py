"""The Word styles part: one paragraph style per 公文 element, built from the style profile.

Formatting lives in styles rather than on each paragraph, so an official editing the
file in Word keeps consistent formatting (a new paragraph after a heading is 正文, and
changing 一级标题 changes them all). Built-in styles (Normal, Title, heading 1–4,
footer, annotation text) keep their built-in names so Word shows them localised; the
others carry Chinese names.
"""

from __future__ import annotations

from lxml import etree

from drafter.writers.layout import TWIPS_PER_PT, PageGeometry, mm_to_twips
from drafter.writers.ooxml import Indent, ppr, rpr, sub, w
from drafter.writers.style import StyleProfile

# Style ids.
NORMAL, TITLE, HEADINGS = "Normal", "Title", ("Heading1", "Heading2", "Heading3", "Heading4")
FOOTER, COMMENT_TEXT, COMMENT_REFERENCE = "Footer", "CommentText", "CommentReference"
ADDRESSEE, SIGNATURE, DATE, NOTE = "GwAddressee", "GwSignature", "GwDate", "GwNote"
ATTACHMENT, DOC_MARK, DOC_NUMBER = "GwAttachment", "GwDocMark", "GwDocNumber"
TABLE_TEXT, BODY_CHAR = "GwTableText", "GwBodyText"

#: Single line spacing (240/240) for elements off the grid: tables, footers, comments.
_SINGLE = 240


def _style(styles: etree._Element, style_id: str, name: str, *, kind: str = "paragraph",
           based_on: str | None = NORMAL, next_style: str | None = None,
           default: bool = False, custom: bool = False) -> etree._Element:
    style = sub(styles, "style", type=kind, styleId=style_id)
    if default:
        style.set(w("default"), "1")
    if custom:
        style.set(w("customStyle"), "1")
    sub(style, "name", val=name)
    if based_on:
        sub(style, "basedOn", val=based_on)
    if next_style:
        sub(style, "next", val=next_style)
    sub(style, "qFormat")
    return style


def write_styles(styles: etree._Element, style: StyleProfile, geo: PageGeometry) -> None:
    """Replace the template's document defaults and styles with the GB/T 9704 set."""
    for child in list(styles):
        if child.tag in (w("style"), w("docDefaults")):
            styles.remove(child)
    latin, body = style.latin_font, style.body
    chars = geo.char_advance

    defaults = styles.makeelement(w("docDefaults"))
    styles.insert(0, defaults)
    rpr(sub(defaults, "rPrDefault"), fonts=(latin, body.font), size=body.size, lang=True)
    ppr(sub(defaults, "pPrDefault"))

    # 正文: exact lines at the grid pitch; characters condensed to the grid's character
    # pitch instead of snapping (see layout.page_geometry); no automatic space between
    # CJK and Latin, so that 28 characters fill a line; a paragraph may split across
    # pages but never leaves a single line behind or ahead (widow/orphan control).
    s = _style(styles, NORMAL, "Normal", based_on=None, default=True)
    ppr(s, widow_control=True, auto_space=False, snap_to_grid=False, before=0, after=0,
        line=geo.line_pitch, indent=Indent(chars, first_line=body.first_line_indent_chars),
        jc="both")
    rpr(s, fonts=(latin, body.font), spacing=geo.char_spacing, scale=geo.char_scale,
        size=body.size)

    s = _style(styles, BODY_CHAR, "正文文字", kind="character", based_on=None, custom=True)
    rpr(s, fonts=(latin, body.font), bold=False, size=body.size)

    title = style.title
    s = _style(styles, TITLE, "Title", next_style=ADDRESSEE)
    ppr(s, snap_to_grid=False, after=geo.lines(title.space_after_lines),
        line=geo.line_height(title.size), indent=Indent(chars), jc="center")
    rpr(s, fonts=(latin, title.font), spacing=0, scale=100, size=title.size)

    s = _style(styles, ADDRESSEE, "主送机关", next_style=NORMAL, custom=True)
    ppr(s, indent=Indent(chars), jc="left")
    rpr(s, fonts=(latin, style.addressee.font), size=style.addressee.size)

    for level, style_id in enumerate(HEADINGS, start=1):
        heading = style.heading(level)
        s = _style(styles, style_id, f"heading {level}", next_style=NORMAL)
        ppr(s, keep_next=True, outline=level - 1)
        rpr(s, fonts=(latin, heading.font), bold=heading.bold, size=heading.size)

    s = _style(styles, ATTACHMENT, "附件说明", custom=True)
    ppr(s, jc="left")
    s = _style(styles, SIGNATURE, "发文机关署名", next_style=DATE, custom=True)
    ppr(s, keep_next=True, indent=Indent(chars, right=style.closing.right_indent_chars),
        jc="right")
    s = _style(styles, DATE, "成文日期", next_style=NOTE, custom=True)
    ppr(s, indent=Indent(chars), jc="right")
    s = _style(styles, NOTE, "附注", custom=True)
    ppr(s, indent=Indent(chars, first_line=style.note.indent_chars), jc="left")

    mark = style.masthead.mark
    s = _style(styles, DOC_MARK, "发文机关标志", next_style=DOC_NUMBER, custom=True)
    # GB/T 9704 measures from the top of the characters; an exact line puts its leading
    # above them, so that leading is taken off the space before.
    mark_line = geo.line_height(mark.size)
    leading = mark_line - round(mark.size * TWIPS_PER_PT)
    ppr(s, snap_to_grid=False, before=max(0, mm_to_twips(mark.top_mm) - leading),
        line=mark_line, indent=Indent(chars), jc="center")
    rpr(s, fonts=(latin, mark.font), color=mark.color, spacing=0, scale=100, size=mark.size)
    number = style.masthead.number
    s = _style(styles, DOC_NUMBER, "发文字号", next_style=TITLE, custom=True)
    ppr(s, before=geo.lines(number.space_before_lines), indent=Indent(chars), jc="center")
    rpr(s, fonts=(latin, number.font), size=number.size)

    table = style.table
    s = _style(styles, TABLE_TEXT, "表格文字", custom=True)
    ppr(s, snap_to_grid=False, line=_SINGLE, exact=False, indent=Indent(chars), jc="center")
    rpr(s, fonts=(latin, table.font), spacing=0, scale=100, size=table.size)

    page = style.page_number
    s = _style(styles, FOOTER, "footer")
    ppr(s, snap_to_grid=False, line=_SINGLE, exact=False, indent=Indent(chars))
    rpr(s, fonts=(page.font, page.font), spacing=0, scale=100, size=page.size)

    s = _style(styles, COMMENT_TEXT, "annotation text")
    ppr(s, snap_to_grid=False, line=_SINGLE, exact=False, indent=Indent(chars), jc="left")
    rpr(s, spacing=0, scale=100, size=10.5)
    s = _style(styles, COMMENT_REFERENCE, "annotation reference", kind="character",
               based_on=None)
    rpr(s, size=10.5)

    _style(styles, "DefaultParagraphFont", "Default Paragraph Font", kind="character",
           based_on=None, default=True)
    s = _style(styles, "TableNormal", "Normal Table", kind="table", based_on=None,
               default=True)
    margins = sub(sub(s, "tblPr"), "tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        sub(margins, side, w=width, type="dxa")
