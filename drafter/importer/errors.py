"""The one exception the importer raises: a failure the user can act on.

Its `message` is Chinese and says what to do next (convert the file, re-save it in
another encoding…); the CLI prints it as is.
"""

from __future__ import annotations


class ImportFailure(Exception):
    """Last year's file cannot be imported; `message` tells the user why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
