"""Cells drafter writes to a spreadsheet (.xlsx, .csv) never start a formula.

A text beginning with = + - @ (or a tab or carriage return, which some programs skip
before looking) is run as a formula when the sheet is opened ("CSV/formula injection"):
such a text is written with a leading apostrophe, which Excel and WPS show as text.
`restore` undoes exactly that prefix when drafter reads its own cells back.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"


def neutralise(value: Any) -> Any:
    """A string that would start a formula, prefixed with '; any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return PREFIX + value
    return value


def restore(value: Any) -> Any:
    """The text `neutralise` was given: one leading ' removed where it guards a formula start."""
    if isinstance(value, str) and value.startswith(PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
