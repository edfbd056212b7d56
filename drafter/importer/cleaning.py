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
    JOINED = "合并断行"


@dataclass(frozen=True)
class Cleaning:
    """One thing `clean_lines` did: `original` is the removed text (for JOINED, the
    two fragments separated by a newline); `line` is its 1-based input line."""

    kind: CleaningKind
    original: str
    line: int

    @property
    def removed(self) -> bool:
        """Whether text was dropped (rather than two lines joined)."""
        return self.kind is not CleaningKind.JOINED


_INDENT = " \t\u3000\xa0"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BARS = "|｜"

_LOCATION = re.compile(r"(?:您现在的位置|您当前的位置|当前位置|您的位置|所在位置)\s*[:：].*|首页\s*[>＞»›].*")
_META_KEY = (
    r"(?:发布日期|发布时间|更新时间|来源|文章来源|信息来源|作者|责任编辑|编辑"
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


def clean_lines(lines: Iterable[str], notes: list[Cleaning] | None = None) -> list[str]:
    """The lines of a report without page furniture, indentation and broken lines.

    Empty lines are dropped; ASCII punctuation inside Chinese text becomes
    full-width. When `notes` is given, a `Cleaning` is appended to it for every
    removal and every join, in input order.
    """
    notes = [] if notes is None else notes
    kept: list[tuple[int, str]] = []
    related = False
    for number, raw in enumerate(lines, 1):
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
    return _join_broken(kept, notes)


def _furniture(line: str) -> CleaningKind | None:
    """The kind of page furniture `line` is, or None for document text."""
    if _LOCATION.fullmatch(line):
        return CleaningKind.LOCATION
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


def _join_broken(kept: list[tuple[int, str]], notes: list[Cleaning]) -> list[str]:
    """Join each line that was broken in mid-sentence onto the line before it."""
    joined: list[str] = []
    for number, line in kept:
        if joined and _continues(joined[-1], line):
            notes.append(Cleaning(CleaningKind.JOINED, joined[-1] + "\n" + line, number))
            joined[-1] = to_fullwidth_punct(joined[-1] + line)     # the seam may now touch Chinese text
        else:
            joined.append(line)
    return joined


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the rest of a sentence that `previous` broke off."""
    body_like = any(mark in previous for mark in _BODY_MARKS) or len(previous) >= _JOIN_MIN
    return (
        body_like
        and not patterns.ends_sentence(previous)
        and "\t" not in previous + line
        and not patterns.is_structural(line)
    )
