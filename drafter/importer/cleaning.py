"""Cleaning the raw lines of a file before its structure is read.

Reports copied from government web sites carry page furniture (您现在的位置, 发布时间
and 阅读次数 bars, 扫一扫在手机上查看当前页面, 相关文章 lists, print/share bars, stray
`|`), lines broken in the middle of a word (项城's 政/务APP), indentation made of
spaces, U+3000 or NBSP, and ASCII punctuation inside Chinese text. `clean_lines`
removes or repairs all of that and records every removal and every join as a
`Cleaning` note, so the CLI can show the user what was taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from drafter.doctree import Block
from drafter.importer import patterns
from drafter.text import to_fullwidth_punct


class CleaningKind(str, Enum):
    """What was cleaned; the value is what the user is shown."""

    LOCATION = "网页位置栏"
    PAGE_INFO = "网页信息栏"
    QR_CODE = "扫码提示"
    TOOLS = "网页工具栏"
    RELATED = "相关链接"
    BAR = "多余竖线"
    NAVIGATION = "网页栏目名"
    PAGE_NUMBER = "页码"
    DELETED = "修订中删除的文字"
    TOC = "目录"
    HIDDEN = "隐藏文字"
    HEADER_FOOTER = "页眉页脚"
    NOTES = "脚注和批注"
    JOINED = "合并断行"


#: What reading a .docx left out (rather than web-page furniture the cleaner removed).
OMITTED_KINDS = frozenset({CleaningKind.DELETED, CleaningKind.TOC, CleaningKind.HIDDEN, CleaningKind.HEADER_FOOTER,
                           CleaningKind.NOTES})


@dataclass(frozen=True)
class Cleaning:
    """One thing `clean_lines` did: `original` is the removed text (for JOINED, the
    two fragments separated by a newline); `line` is its 1-based input line."""

    kind: CleaningKind
    original: str
    line: int

    @property
    def omitted(self) -> bool:
        """Whether reading the file left this out (deleted revisions, TOC, headers and footers …)."""
        return self.kind in OMITTED_KINDS

    @property
    def removed(self) -> bool:
        """Whether text was dropped (rather than two lines joined)."""
        return self.kind is not CleaningKind.JOINED


_INDENT = " \t\u3000\xa0"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BARS = "|｜"

_LOCATION = re.compile(r"(?:您现在的位置|您当前的位置|当前位置|您的位置|所在位置)\s*[:：].*"
                       r"|首页\s*(?:[>＞»›→]|->|＞＞|>>|-{1,2}>?|—).*")
#: "— 3 —", "- 12 -", "第 3 页", "第3页 共10页": a printed page number on a line of its own.
_PAGE_NUMBER = re.compile(r"[—–―－\-~～]{1,2}\s*\d{1,4}\s*[—–―－\-~～]{1,2}"
                          r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}\s*页?")
_META_KEY = (
    r"(?:发布日期|发布时间|更新时间|来源|文章来源|信息来源|发布机构|发布单位|来源单位|索引号|主题分类|作者|责任编辑|编辑"
    r"|阅读次数|浏览次数|点击数|点击量|访问量|阅读量|浏览量|访问次数)"
)
_FONT_SIZE = r"字[号体]\s*[:：]?(?:\s*[【\[]?\s*[大中小]\s*[】\]]?)+"
_TOKEN_END = r"(?![^\s|｜【】\[\]])"       # each field ends at a space, a bar or a bracket
_META_TOKEN = (
    rf"(?:{_META_KEY}\s*[:：]\s*[^\s|｜【】\[\]。，；,;]*{_TOKEN_END}|{_FONT_SIZE}"
    rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}{_TOKEN_END}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?{_TOKEN_END}|[【】\[\]|｜])"
)
_PAGE_INFO = re.compile(rf"(?:\s*{_META_TOKEN})+\s*")
_PAGE_INFO_KEY = re.compile(rf"{_META_KEY}\s*[:：]|{_FONT_SIZE}")
_TOOL_WORD = (
    r"打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|返回顶部|返回|分享到|分享"
    r"|新浪微博|腾讯微博|微博|微信|QQ空间|QQ好友|QQ|朋友圈"
)
_TOOLS = re.compile(rf"(?:[\s【】\[\]|｜:：]*(?:{_TOOL_WORD}))+[\s【】\[\]|｜:：]*|(?:上一篇|下一篇)\s*[:：].*")
_QR_CODE = re.compile(r"(?:扫一扫在手机上查看当前页面|扫一扫在手机打开当前页|手机扫一扫)[ \t\u3000\xa0]*$")
_RELATED = re.compile(r"(?:相关文章|相关链接|相关新闻|相关阅读|相关稿件|相关信息)\s*[:：]?")

_BODY_MARKS = "。；！？"
_JOIN_MIN = 40          # a line this long without a sentence mark is body text, not a heading
_PRINTED_MIN = 16       # shortest full printed line of a PDF-converted document
_PRINTED_SHARE = 0.3    # share of lines of the most common length that marks such a document
_PRINTED_LINES = 8      # full printed lines needed before a document is taken for a PDF conversion
_NAV_MAX = 12           # longest site section name above a title
_HEAD_LINES = 8         # lines at the top searched for the title


def clean_lines(lines: Iterable[str | Block], notes: list[Cleaning] | None = None) -> list[str | Block]:
    """The lines of a report without page furniture, indentation and broken lines.

    Empty lines are dropped; ASCII punctuation inside Chinese text becomes
    full-width; page-number lines go; the lines of a document converted from PDF
    (one paragraph per printed line) are joined into paragraphs; site section names
    above the title go. Tables (TABLE blocks) pass unchanged and are never joined.
    When `notes` is given, a `Cleaning` is appended to it for every removal and
    every join, in input order.
    """
    notes = [] if notes is None else notes
    kept: list[tuple[int, str | Block]] = []
    related = False
    for number, raw in enumerate(lines, 1):
        if isinstance(raw, Block):
            kept.append((number, raw))
            related = False
            continue
        line = _INVISIBLE.sub("", raw).strip(_INDENT + "\r\n")
        if related and line:
            notes.append(Cleaning(CleaningKind.RELATED, line, number))
            continue
        line = _strip_glued(line, number, notes) if line else ""
        if not line:
            continue
        related = bool(_RELATED.fullmatch(line))
        kind = CleaningKind.RELATED if related else _furniture(line)
        if kind is not None:
            notes.append(Cleaning(kind, line, number))
        else:
            kept.append((number, to_fullwidth_punct(line)))
    kept = _drop_navigation(kept, notes)
    return _join_broken(kept, notes, _printed_width(kept))


def _drop_navigation(kept: list[tuple[int, str | Block]], notes: list[Cleaning]) -> list[tuple[int, str | Block]]:
    """Site section names and breadcrumbs left above a web copy's title ("政策文件", "法治政府")."""
    head = kept[:_HEAD_LINES]
    title = next((i for i, (_, line) in enumerate(head) if isinstance(line, str) and patterns.is_title_like(line)
                  and patterns.ends_title(line) and ("关于" in line or re.search(r"\d{4}年", line))), None)
    if not title:
        return kept
    drop = []
    for index in range(title):
        number, line = kept[index]
        if (isinstance(line, str) and len(line) <= _NAV_MAX and not re.search(r"\d|文件$|[〔〕：:]", line)
                and not patterns.is_structural(line) and not re.search(patterns.ORGAN_END + "$", line)):
            drop.append(index)
        else:
            drop = []      # a 版头 or a title's first line: keep what precedes the title from here
    for index in drop:
        notes.append(Cleaning(CleaningKind.NAVIGATION, kept[index][1], kept[index][0]))
    return [entry for index, entry in enumerate(kept) if index not in drop]


def _printed_width(kept: list[tuple[int, str | Block]]) -> int | None:
    """The width of a full printed line when the lines are those of a PDF-converted document.

    Such a document has one paragraph per printed line: many lines share one length
    (the type area's characters per line) and most of them end without a sentence mark.
    """
    lengths: dict[int, int] = {}
    open_lines = 0
    lines = [line for _, line in kept if isinstance(line, str)]
    for line in lines:
        if len(line) >= _PRINTED_MIN:
            lengths[len(line)] = lengths.get(len(line), 0) + 1
    if len(lines) < 10 or not lengths:
        return None
    width, count = max(lengths.items(), key=lambda item: (item[1], item[0]))
    near = [line for line in lines if abs(len(line) - width) <= 1]
    open_lines = sum(1 for line in near if not patterns.ends_sentence(line))
    if len(near) < _PRINTED_LINES or open_lines < 0.6 * len(near) \
            or len(near) + sum(lengths.get(width + d, 0) for d in (-2, 2)) < _PRINTED_SHARE * len(lines):
        return None
    return width


def _furniture(line: str) -> CleaningKind | None:
    """The kind of page furniture `line` is, or None for document text."""
    if _LOCATION.fullmatch(line):
        return CleaningKind.LOCATION
    if _PAGE_NUMBER.fullmatch(line):
        return CleaningKind.PAGE_NUMBER
    if _PAGE_INFO.fullmatch(line) and _PAGE_INFO_KEY.search(line):
        return CleaningKind.PAGE_INFO
    if _TOOLS.fullmatch(line):
        return CleaningKind.TOOLS
    return None


def _strip_glued(line: str, number: int, notes: list[Cleaning]) -> str:
    """`line` without the QR-code prompts and stray bars glued to its end."""
    while True:
        match = _QR_CODE.search(line)
        if match:
            notes.append(Cleaning(CleaningKind.QR_CODE, match.group(0).strip(_INDENT), number))
            line = line[:match.start()].rstrip(_INDENT)
            continue
        stripped = line.rstrip(_BARS + _INDENT)
        if stripped == line:
            return line
        notes.append(Cleaning(CleaningKind.BAR, line[len(stripped):].strip(_INDENT), number))
        line = stripped


def _join_broken(kept: list[tuple[int, str | Block]], notes: list[Cleaning],
                 printed: int | None = None) -> list[str | Block]:
    """Join each line that was broken in mid-sentence onto the line before it.

    `printed` is the full line width of a PDF-converted document: there a line of
    (nearly) that width that does not end a sentence always continues on the next.
    """
    joined: list[str | Block] = []
    last = ""                 # the last physical line joined into joined[-1]
    for number, line in kept:
        previous = joined[-1] if joined else None
        if isinstance(line, str) and isinstance(previous, str) and _continues(previous, line, last, printed):
            notes.append(Cleaning(CleaningKind.JOINED, previous + "\n" + line, number))
            joined[-1] = to_fullwidth_punct(previous + line)     # the seam may now touch Chinese text
        else:
            joined.append(line)
        last = line if isinstance(line, str) else ""
    return joined


def _continues(previous: str, line: str, last: str = "", printed: int | None = None) -> bool:
    """Whether `line` is the rest of a sentence that `previous` broke off (`last`: the
    physical line that ended `previous`)."""
    if patterns.ends_sentence(previous) or "\t" in previous + line or patterns.is_structural(line):
        return False
    if patterns.parse_heading(previous) and not any(mark in previous for mark in _BODY_MARKS):
        # a heading of its own: it continues only the way a wrapped heading does, even when it
        # fills a printed line (a 26-character heading fills the indented line exactly)
        return _wraps_heading(previous, line)
    if printed and len(last or previous) >= printed - 2:
        return True
    if patterns.parse_heading(previous) and _wraps_heading(previous, line):
        return True
    return any(mark in previous for mark in _BODY_MARKS) or len(previous) >= _JOIN_MIN


def _wraps_heading(previous: str, line: str) -> bool:
    """A heading that Word wrapped onto a second paragraph: both halves short and unpunctuated."""
    return (len(previous) + len(line) <= patterns.HEADING_MAX and not any(m in previous + line for m in _BODY_MARKS)
            and not patterns.ends_title(previous) and len(line) <= 20
            and not any(m in line for m in "，：、"))
