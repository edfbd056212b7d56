"""Cells of the spreadsheets drafter writes (.csv, .xlsx): no formula injection.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read as a
formula by Excel, WPS and LibreOffice; a name such as `=HYPERLINK(…)` or
`-2+3+cmd|' /C calc'!A0` taken from a form would run when the file is opened. As the
OWASP guidance recommends, such a cell is written with a leading apostrophe (shown as
text, the apostrophe itself hidden by the spreadsheet). Plain numbers (-3, +12.5%,
-1,234.5) stay numbers. Every .csv and .xlsx writer passes its text cells through
`safe_cell`.
"""

from __future__ import annotations

import re
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet may receive it: text that would start a formula gets a
    leading apostrophe; numbers, None and other text are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(_TRIGGERS) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Any) -> list[Any]:
    return [safe_cell(value) for value in values]
