"""Characters no output can hold: XML-invalid control characters and lone surrogates.

A .docx is XML, and XML 1.0 forbids the C0 control characters other than tab, line feed
and carriage return, U+FFFE and U+FFFF; a lone surrogate (U+D800–U+DFFF, reachable
through a YAML escape such as "\\ud800") cannot even be encoded as UTF-8. Such
characters arrive invisibly when text is pasted from Word or PDF.

Owns finding, naming and removing them. A form is cleaned once, when it is loaded
(`drafter.form.load.load_form`): the report every later step sees holds none, and each
removal is kept with its field so `drafter check` reports it as an error with its
place and `drafter render` warns that it was removed. The Word writer strips them
again as a last defence for documents that do not come from a form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Removal:
    """Characters removed from the form field at `loc` (a key's own characters count as its field)."""

    loc: Loc
    chars: tuple[str, ...]

    def describe(self) -> str:
        names = "、".join(dict.fromkeys(char_name(c) for c in self.chars))
        return f"含有不可见的字符 {names}（常见于从 Word 或 PDF 复制的文字），Word 文档不能容纳"


def char_name(char: str) -> str:
    """U+000B 控制字符 / U+D800 孤立代理项."""
    code = ord(char)
    kind = "孤立代理项" if 0xD800 <= code <= 0xDFFF else "非字符" if code in (0xFFFE, 0xFFFF) else "控制字符"
    return f"U+{code:04X} {kind}"


def strip_unsafe(text: str) -> str:
    return UNSAFE.sub("", text)


def clean_tree(node: Any, loc: Loc = ()) -> tuple[Any, list[Removal]]:
    """A copy of a plain dict/list/str tree without unsafe characters, and what was removed where."""
    removals: list[Removal] = []

    def walk(value: Any, here: Loc) -> Any:
        if isinstance(value, str):
            found = UNSAFE.findall(value)
            if not found:
                return value
            removals.append(Removal(here, tuple(found)))
            return strip_unsafe(value)
        if isinstance(value, dict):
            out = {}
            for key, child in value.items():
                clean_key = walk(key, (*here, key)) if isinstance(key, str) else key
                out[clean_key] = walk(child, (*here, key))
            return out
        if isinstance(value, list):
            return [walk(child, (*here, i)) for i, child in enumerate(value)]
        return value

    return walk(node, loc), removals
