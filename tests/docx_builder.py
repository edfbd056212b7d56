"""Building .docx files for the import tests: python-docx's empty document with our own
WordprocessingML body, numbering, styles and extra parts (headers, footers) put in.

The helpers write the XML that Word and WPS write for the features under test
(automatic numbering, heading styles, revisions, content controls, fields, text boxes,
tables), so each test states its document in a few lines.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import docx

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


@lru_cache(maxsize=1)
def _base() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def build_docx(path: Path, body: str, *, numbering: str | None = None, styles: str = "",
               parts: dict[str, str] | None = None) -> Path:
    """A .docx at `path` whose body is `body` (w:p / w:tbl XML), with `numbering` as
    numbering.xml content (abstractNum/num elements), `styles` added to styles.xml and
    `parts` (name → XML) added as they are."""
    source = zipfile.ZipFile(io.BytesIO(_base()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}>'
                        f'<w:body>{body}<w:sectPr/></w:body></w:document>').encode()
            elif info.filename == "word/numbering.xml" and numbering is not None:
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>'
                        f'{numbering}</w:numbering>').encode()
            elif info.filename == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            target.writestr(info.filename, data)
        for name, xml in (parts or {}).items():
            target.writestr(name, xml)
    return path


def r(text: str, rpr: str = "") -> str:
    """A run."""
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*content: str, style: str | None = None, num: tuple[int, int] | None = None, outline: int | None = None,
      ppr: str = "") -> str:
    """A paragraph; plain strings in `content` become runs, strings starting with "<" are XML."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        props += f'<w:outlineLvl w:val="{outline}"/>'
    props += ppr
    runs = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(abstract_id: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


#: The numbering of a Chinese official document: 一、 （一） 1. （1）.
GOVERNMENT_LIST = abstract(
    1, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）"),
    lvl(2, "decimal", "%3."), lvl(3, "decimal", "（%4）"))


def table(rows: list[list[str]], *, merged_down: set[tuple[int, int]] = frozenset(),
          spans: dict[tuple[int, int], int] | None = None) -> str:
    """A table; cells in `merged_down` continue the cell above (vMerge), `spans` gives gridSpan."""
    spans = spans or {}
    out = ["<w:tbl><w:tblPr/>"]
    for ri, row in enumerate(rows):
        out.append("<w:tr>")
        for ci, cell in enumerate(row):
            props = ""
            if (ri, ci) in merged_down:
                props += "<w:vMerge/>"
            elif (ri + 1, ci) in merged_down:
                props += '<w:vMerge w:val="restart"/>'
            if (ri, ci) in spans:
                props += f'<w:gridSpan w:val="{spans[(ri, ci)]}"/>'
            paragraphs = "".join(p(line) for line in cell.split("\n")) if cell else "<w:p/>"
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def text_box(*paragraphs: str) -> str:
    """A run holding a WPS/Word text box: the DrawingML choice and the VML fallback copy."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
            f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


def header_part(text: str, kind: str = "hdr") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{kind} {NS}>{p(text)}</w:{kind}>'


def frame(text: str, top: int, left: int, height: int = 294640) -> str:
    """A positioned text box holding `text` at (`top`, `left`) EMU, as LibreOffice writes each piece
    of a printed line when it converts a PDF."""
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
            f'<wp:positionH relativeFrom="column"><wp:posOffset>{left}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="3000000" cy="{height}"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
            f"<w:txbxContent>{p(text)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
            "</wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>")
