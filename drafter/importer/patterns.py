"""How the lines of a Chinese official document look: the patterns shared by the
cleaner (which must not join a heading or a signature onto the line before it) and
the outline parser.

Everything here works on one line of text that has already lost its indentation,
and accepts both the full-width forms of the issued documents and the ASCII forms
of web copies: （一） and (一), 1. 1、 1．, 2024年1月23日 and 二〇二四年一月二十三日. What a
heading number, a 一是 ordinal or a date is, is decided by `drafter.text` (the checks and
the renderer ask the same functions); this module adds what only a whole document line
can show: titles, 主送机关, 落款, 附注, 结束语, 附件.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import Enum

from drafter.text import SENTENCE_MARKS, HeadingNumber, leading_ordinal, parse_cn_date
from drafter.text import parse_heading as parse_heading_number
from drafter.text.numbering import ORDINAL_AFTER
from drafter.text.numerals import parse_positional

#: Marks that end a sentence (or introduce a list, for the colon).
SENTENCE_END = ORDINAL_AFTER
_CLOSERS = "”’」』）)》〕】"

RUN_IN_MAX = 40         # longest first sentence still read as a run-in heading
HEADING_MAX = 60        # longest heading line without any sentence mark
_TITLE_LINE_MAX = 40    # longest line of a document title
_TITLE_KEYWORD = re.compile(r"报告|意见|通知|情况|方案|办法|总结|要点|规定|决定|计划")
_TITLE_FINAL = re.compile(r"(?:报告|意见|通知|情况|方案|办法|总结|要点|规定|决定|计划)$")

class NumberStyle(str, Enum):
    """The numbering family of a heading or item; the value is its canonical form."""

    CHINESE = "一、"
    PAREN_CHINESE = "（一）"
    ARABIC = "1."
    PAREN_ARABIC = "（1）"
    INLINE = "一是"        # 一是/二是/三是 items inside a section's body


#: Heading level (drafter.text.numbering) → the numbering family of an outline node.
STYLES = {1: NumberStyle.CHINESE, 2: NumberStyle.PAREN_CHINESE, 3: NumberStyle.ARABIC, 4: NumberStyle.PAREN_ARABIC}
_NOTE = re.compile(r"[（(](?:此件|联系人)[^（()）]{0,60}[）)]")
_CLOSING = re.compile(r"(?:特此报告|特此汇报|专此报告)[。.！!]?")
_ATTACHMENT = re.compile(r"附件\s*[：:]\s*(.*)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[(（]\s*\d{4}\s*[〕］\])）]\s*\d{1,4}\s*号.*")
_SIGNER = re.compile(r"\s*签\s*发\s*人\s*[:：]\s*(.*)")
_APPENDIX = re.compile(r"附\s*件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*[：:]?")

ORGAN_END = r"(?:人民政府|政府|行政公署|公署|委员会|委|党组|局|厅|办公室|办|院|中心|所|会|部|处|室|队|站|组)"
_ORGAN = re.compile(r"[\u4e00-\u9fff（）()]{1,28}" + ORGAN_END)
_ADDRESSEE_END = re.compile(r"(?:委|政府|公署|委员会|常委会|局|厅|部门|单位|机关|办公室|办|院|会|处|组|同志)$")


def parse_heading(line: str) -> HeadingNumber | None:
    """The heading number at the start of `line`, if it has one (its family: `STYLES[level]`)."""
    found = parse_heading_number(line)
    return None if found is None else replace(found, rest=found.rest.strip())


def starts_inline_item(line: str) -> bool:
    """Whether `line` begins with 一是/二是…"""
    return leading_ordinal(line) is not None


def ends_sentence(line: str) -> bool:
    """Whether `line` ends with sentence-final punctuation (closing quotes allowed)."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_note(line: str) -> bool:
    """附注 such as （此件公开发布）."""
    return bool(_NOTE.fullmatch(line.strip()))


def is_closing(line: str) -> bool:
    """结束语 such as 特此报告。"""
    return bool(_CLOSING.fullmatch(line.strip()))


def glued_closing(line: str) -> int | None:
    """Where a 结束语 glued to the end of a body paragraph begins, if there is one."""
    match = _CLOSING.search(line)
    if match and match.end() == len(line) and match.start() > 0 and line[match.start() - 1] in "。！":
        return match.start()
    return None


def attachment_start(line: str) -> str | None:
    """What follows 附件： when `line` opens the 附件说明."""
    match = _ATTACHMENT.fullmatch(line.strip())
    return match.group(1).strip() if match else None


def appendix_label(line: str) -> int | None:
    """The number of an attachment page's label ("附件" → 1, "附件2" → 2), or None."""
    match = _APPENDIX.fullmatch(line.strip())
    if not match:
        return None
    numeral = match.group(1)
    if not numeral:
        return 1
    if numeral.isdigit():
        return int(numeral)
    return parse_positional(numeral) or 1


def is_doc_number(line: str) -> bool:
    """发文字号 such as 示政〔2024〕3号 (possibly followed by 签发人)."""
    return bool(_DOC_NUMBER.fullmatch(line.strip()))


def split_signer(line: str) -> tuple[str, str]:
    """(发文字号, 签发人) of a 版头 line "示政〔2024〕3号　签发人：张某" ("" when there is none)."""
    match = re.search(r"签\s*发\s*人\s*[:：]", line)
    if not match:
        return line.strip(), ""
    return line[:match.start()].strip(), line[match.start():].strip()


def is_signer(line: str) -> bool:
    """签发人：张某 on its own line."""
    return bool(_SIGNER.fullmatch(line))


def signature_organs(line: str) -> list[str]:
    """The organs of a 落款 line (two may share it, separated by spaces), or []."""
    organs = line.split()
    if organs and all(_ORGAN.fullmatch(organ) for organ in organs):
        return organs
    return []


def addressee_organs(line: str) -> list[str]:
    """The organs of a 主送机关 line ("中共示例市委、示例市人民政府："), or []."""
    line = line.strip()
    if len(line) > 80 or line[-1:] not in "：:" or any(mark in line for mark in SENTENCE_MARKS):
        return []
    body = line[:-1].strip()
    if "如下" in body or body.startswith("现将") or not _ADDRESSEE_END.search(body):
        return []
    return _split_outside_brackets(body)


def _split_outside_brackets(text: str) -> list[str]:
    """Split a list of organs outside brackets: on ， between kinds of organs when
    there is one (市政府各部门，市属、驻市有关单位), else on 、."""
    separators = "，," if any(mark in text for mark in "，,") else "、"
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in separators:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def is_title_part(line: str) -> bool:
    """Whether `line` could be (part of) a document title: short, no sentence punctuation."""
    return (
        0 < len(line) <= _TITLE_LINE_MAX
        and not any(mark in line for mark in SENTENCE_MARKS + "，,")
        and line[-1] not in "：:、"
        and parse_heading(line) is None
        and parse_cn_date(line) is None
        and not is_note(line)
        and not is_closing(line)
    )


def has_title_keyword(text: str) -> bool:
    """Whether `text` names a kind of document (报告, 意见, 通知, 情况…)."""
    return bool(_TITLE_KEYWORD.search(text))


def ends_title(text: str) -> bool:
    """Whether `text` ends the way a title does (…的报告, …实施意见)."""
    return bool(_TITLE_FINAL.search(text))


def is_title_like(line: str) -> bool:
    """A line that reads as a whole document title."""
    return is_title_part(line) and has_title_keyword(line)


def is_structural(line: str) -> bool:
    """Lines that always start a new paragraph: headings, 一是 items, 落款, dates, 附注…"""
    return (
        parse_heading(line) is not None
        or starts_inline_item(line)
        or parse_cn_date(line) is not None
        or bool(signature_organs(line))
        or is_note(line)
        or is_closing(line)
        or attachment_start(line) is not None
        or is_title_like(line)
    )

