"""Which characters a GB2312 font lacks and which font sets them instead.

The one place for font coverage: Han characters the gb2312 codec cannot encode, the
fallback the style profile's 后备字体 gives each (see `fallback_font`), and the font a
form text is set in (`font_for_loc`). `drafter check` reads it without loading the Word
writer; `drafter.writers.fonts` applies it to the Word body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drafter.text.chars import LazyPattern

if TYPE_CHECKING:
    from drafter.writers.style import StyleProfile

#: Han characters: CJK Unified Ideographs, Extension A, compatibility ideographs and the
#: supplementary ideographic planes (Extension B onwards).
HAN = LazyPattern("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def in_gb2312(char: str) -> bool:
    return _encodes(char, "gb2312")


def _in_gbk(char: str) -> bool:
    return _encodes(char, "gbk")


def outside_gb2312(text: str) -> list[tuple[int, str]]:
    """(index, character) of each Han character of `text` that GB2312 lacks.

    The codec finds each character it cannot encode (at C speed: most texts have none, and
    a render asks this of every paragraph); only those are looked at."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        try:
            text[start:].encode("gb2312")
            break
        except UnicodeEncodeError as exc:
            for index in range(start + exc.start, start + exc.end):
                if HAN.match(text[index]):
                    out.append((index, text[index]))
            start += exc.end
    return out


def fallback_font(char: str, font: str, style: StyleProfile) -> str | None:
    """The font `char` is set in instead of `font`, or None when `font` can be trusted with it.

    Fonts not named under 字体对应 (黑体, 宋体 …) are taken to cover GBK."""
    fallback = style.fallback
    if ord(char) > 0xFFFF:
        chosen = fallback.ext_b
    elif not _in_gbk(char):
        chosen = fallback.ext_a
    else:
        chosen = fallback.fonts.get(font)
    return None if chosen is None or chosen == font else chosen


# --- which font a text is set in ------------------------------------------------------------------


def font_for_loc(report, loc: tuple, style: StyleProfile) -> str:
    """The East Asian font the renderer sets the form text at `loc` in (checks use it)."""
    from drafter.model.report import ListStyle

    head = loc[0] if loc else ""
    if head == "基本信息":
        field = loc[1] if len(loc) > 1 else ""
        return {"标题": style.title.font, "主送机关": style.addressee.font,
                "发文机关标志": style.masthead.mark.font, "发文字号": style.masthead.number.font}.get(
            field, style.body.font)
    if "表格" in loc:
        return style.table.font
    if not loc or loc[-1] not in ("标题", "小标题", "纲要领域"):
        return style.body.font
    depth = sum(1 for step in loc if step in ("章节", "条目", "子项"))
    parent_inline = False
    part = next((p for key, p in report.parts() if key.value == head), None)
    if part is not None and depth >= 1:
        parent_inline = part.style is ListStyle.INLINE
        section = part.sections[loc[2]] if len(loc) > 2 and isinstance(loc[2], int) and loc[2] < len(
            part.sections) else None
        if depth >= 2 and section is not None:
            parent_inline = section.style is ListStyle.INLINE
            item = section.items[loc[4]] if len(loc) > 4 and isinstance(loc[4], int) and loc[4] < len(
                section.items) else None
            if depth >= 3 and item is not None:
                parent_inline = item.style is ListStyle.INLINE
    if parent_inline:  # 一是…二是…: the titles run on in a body paragraph
        return style.body.font
    return style.heading(min(depth + 1, 4)).font
