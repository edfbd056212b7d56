"""Cells of the spreadsheets drafter writes (.csv, .xlsx): no formula injection.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read as a
formula by Excel, WPS and LibreOffice; a name such as `=HYPERLINK(…)` or
`-2+3+cmd|' /C calc'!A0` taken from a form would run when the file is opened. As the
OWASP guidance recommends, such a cell is written with a leading apostrophe (shown as
text, the apostrophe itself hidden by the spreadsheet). Plain numbers (-3, +12.5%,
-1,234.5) stay numbers. Every .csv and .xlsx writer passes its text cells through
`safe_cell`; `restore` undoes exactly that apostrophe when drafter reads its own cells back
(the Excel statistics sheets).
"""

from __future__ import annotations

import re
from typing import Any

#: What a formula may start with (some programs skip a tab or carriage return, or read full-width signs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PREFIX = "'"
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet may receive it: text that would start a formula gets a
    leading apostrophe; numbers, None and other text are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(value):
        return value
    return PREFIX + value


def safe_row(values: Any) -> list[Any]:
    return [safe_cell(value) for value in values]


def restore(value: Any) -> Any:
    """The text `safe_cell` was given: one leading ' removed where it guards a formula start."""
    if isinstance(value, str) and value.startswith(PREFIX) and safe_cell(value[1:]) == value:
        return value[1:]
    return value
