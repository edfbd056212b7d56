"""User-facing failures and exit codes.

Every error a user can cause is a `DrafterError` carrying a Chinese message (and, where
known, file, line and column); the CLI prints it without a traceback. Exit codes:
0 success, 1 findings/errors in the input, 2 usage or unreadable input, 3 internal error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3


class DrafterError(Exception):
    """An error explained to the user; `exit_code` is 1 (bad content) or 2 (unreadable/usage)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, exit_code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.exit_code = exit_code

    def location(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class Refused(DrafterError):
    """A request refused for reasons listed line by line (a render of a form with errors, or
    with figures 待填): `lines` are what the user reads, in order; the message is their summary."""

    def __init__(self, message: str, lines: list[str], *, file: str | None = None, exit_code: int = EXIT_FINDINGS):
        super().__init__(message, file=file, exit_code=exit_code)
        self.lines = lines
