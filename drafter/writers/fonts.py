"""The East Asian fallback font on just the characters a GB2312 font lacks, in the Word body.

仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 hold the 6,763 characters of GB2312 only;
names and places often use others (堃 喆 昇 珺 赟 璟 垚 犇 玥, Extension B such as 𠀀),
which print as boxes or in a random font. Which characters those are and which font
sets them is `drafter.writers.fontcover`; this module owns
- which font a block's runs are set in (`block_fonts`) and the message of `drafter
  render` naming the characters that got a fallback;
- rewriting a Word body so that exactly those characters sit in runs of their own whose
  w:rFonts/@w:eastAsia names the fallback (`apply_fallbacks`); the neighbouring text keeps
  its runs and inherited fonts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Iterable

from lxml import etree

from drafter.doctree import Block, Document, Kind, Role
from drafter.writers.fontcover import HAN, fallback_font, in_gb2312, outside_gb2312
from drafter.writers.ooxml import w
from drafter.writers.style import StyleProfile


def _segments(text: str, font: str, style: StyleProfile) -> list[tuple[str, str | None]]:
    """`text` cut into (piece, fallback font or None) with the fallback pieces as short as possible."""
    out: list[tuple[str, str | None]] = []
    for char in text:
        chosen = fallback_font(char, font, style) if HAN.match(char) and not in_gb2312(char) else None
        if out and out[-1][1] == chosen:
            out[-1] = (out[-1][0] + char, chosen)
        else:
            out.append((char, chosen))
    return out


def block_fonts(block: Block, style: StyleProfile) -> Iterable[tuple[str, str]]:
    """(text, East Asian font) of each run of a block, as the Word writer styles them."""
    kind = block.kind
    base = {Kind.TITLE: style.title.font, Kind.ADDRESSEE: style.addressee.font,
            Kind.DOC_MARK: style.masthead.mark.font, Kind.DOC_NUMBER: style.masthead.number.font,
            Kind.TABLE: style.table.font}.get(kind, style.body.font)
    if kind is Kind.TABLE:
        yield block.text, base
        return
    heading = style.heading(block.level).font if kind is Kind.HEADING and 1 <= block.level <= 4 else base
    in_heading = kind is Kind.HEADING
    for run in block.runs:
        if run.role is Role.TEXT:
            in_heading = False
        yield run.text, heading if in_heading else base


@dataclass(frozen=True)
class Fallback:
    """A character the document's font lacks, and the fallback font it is set in."""

    char: str
    font: str        # the font named by the document
    fallback: str    # the font the character is set in
    source: str      # the block's form location


def document_fallbacks(document: Document, style: StyleProfile) -> list[Fallback]:
    """Each distinct (character, font) of a document tree that gets a fallback font."""
    seen: dict[tuple[str, str], Fallback] = {}
    for block in document.blocks:
        for text, font in block_fonts(block, style):
            for _index, char in outside_gb2312(text):
                chosen = fallback_font(char, font, style)
                if chosen and (char, font) not in seen:
                    seen[(char, font)] = Fallback(char, font, chosen, block.source)
    return list(seen.values())


def fallback_note(fallbacks: list[Fallback]) -> str | None:
    """The render message saying which characters got which font."""
    if not fallbacks:
        return None
    shown = "；".join(f"“{f.char}”{f.font}→{f.fallback}" for f in fallbacks[:12])
    more = f" 等 {len(fallbacks)} 处" if len(fallbacks) > 12 else ""
    return (f"提示：以下字不在 GB2312 字符集内，原字体中没有，已只对这些字改用后备字体（版式配置“后备字体”）："
            f"{shown}{more}")


# --- the Word body ----------------------------------------------------------------------------------


class _FontResolver:
    """The East Asian font in effect for a run: direct > character style > paragraph style > defaults."""

    def __init__(self, styles: etree._Element):
        self.styles = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
        fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
        self.default = fonts.get(w("eastAsia")) if fonts is not None else None
        self.cache: dict[str | None, str | None] = {}

    def style_font(self, style_id: str | None) -> str | None:
        if style_id in self.cache:
            return self.cache[style_id]
        found, seen, current = None, set(), style_id
        while current and current not in seen and found is None:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            fonts = style.find(f"{w('rPr')}/{w('rFonts')}")
            if fonts is not None and fonts.get(w("eastAsia")):
                found = fonts.get(w("eastAsia"))
            based = style.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None
        self.cache[style_id] = found
        return found

    def run_font(self, run: etree._Element, paragraph_style: str | None) -> str | None:
        props = run.find(w("rPr"))
        if props is not None:
            fonts = props.find(w("rFonts"))
            if fonts is not None and fonts.get(w("eastAsia")):
                return fonts.get(w("eastAsia"))
            char_style = props.find(w("rStyle"))
            if char_style is not None:
                found = self.style_font(char_style.get(w("val")))
                if found:
                    return found
        return self.style_font(paragraph_style or "Normal") or self.default


def _paragraph_style(p: etree._Element) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def _with_font(run: etree._Element, font: str | None) -> etree._Element:
    """An empty copy of `run` (its properties only), its East Asian font set to `font`."""
    clone = run.makeelement(run.tag, run.attrib)
    props = run.find(w("rPr"))
    if props is not None:
        clone.append(copy.deepcopy(props))
    if font is not None:
        props = clone.find(w("rPr"))
        if props is None:
            props = etree.SubElement(clone, w("rPr"))
        fonts = props.find(w("rFonts"))
        if fonts is None:
            fonts = props.makeelement(w("rFonts"), {})
            style = props.find(w("rStyle"))
            props.insert(0 if style is None else 1, fonts)
        fonts.set(w("eastAsia"), font)
    return clone


def _split_run(run: etree._Element, font: str, style: StyleProfile) -> list[etree._Element] | None:
    """The runs replacing `run`, or None when it needs no fallback."""
    texts = [t.text or "" for t in run.iter(w("t"))]
    if not any(fallback_font(char, font, style) for text in texts for _i, char in outside_gb2312(text)):
        return None
    pieces: list[etree._Element] = []
    current: etree._Element | None = None
    current_font: str | None = None

    def target(chosen: str | None) -> etree._Element:
        nonlocal current, current_font
        if current is None or chosen != current_font:
            current, current_font = _with_font(run, chosen), chosen
            pieces.append(current)
        return current

    for child in run:
        if child.tag == w("rPr"):
            continue
        if child.tag != w("t"):
            target(current_font).append(copy.deepcopy(child))
            continue
        for piece, chosen in _segments(child.text or "", font, style):
            t = etree.SubElement(target(chosen), w("t"))
            t.text = piece
            if piece[:1].isspace() or piece[-1:].isspace():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return pieces


def needs_fallbacks(document: Document) -> bool:
    """Whether any text of the document holds a Han character outside GB2312 (a cheap test
    that spares most documents the walk over the Word body)."""
    for block in document.blocks:
        text = block.text
        try:
            text.encode("gb2312")
        except UnicodeEncodeError:
            if outside_gb2312(text):
                return True
    return False


def apply_fallbacks(body: etree._Element, styles: etree._Element, style: StyleProfile) -> int:
    """Give every run of `body` holding characters its font lacks a fallback on just those
    characters; returns how many runs were split."""
    resolver: _FontResolver | None = None
    split = 0
    for p in body.iter(w("p")):
        runs = [r for r in p if r.tag == w("r")]
        if not any(outside_gb2312("".join(t.text or "" for t in r.iter(w("t")))) for r in runs):
            continue
        resolver = resolver or _FontResolver(styles)
        p_style = _paragraph_style(p)
        for run in runs:
            font = resolver.run_font(run, p_style)
            if font is None:
                continue
            replacement = _split_run(run, font, style)
            if replacement is None:
                continue
            for piece in replacement:
                run.addprevious(piece)
            p.remove(run)
            split += 1
    return split
