"""What reaches the terminal: control characters escaped, SIGTERM handled like Ctrl-C.

Form keys, values and file names are untrusted and end up in messages. Printed raw, an
ESC or BEL in them would drive the terminal (set its title, clear the screen, move the
cursor over earlier lines). While a command runs (`session`), standard output and
standard error escape every control character except line feed and tab — C0, DEL, C1
and the bidirectional overrides that reorder what is shown — as visible `\\x1b`,
`\\u202e`. Our own progress bar writes to `raw_stderr()`, the unescaped stream.

SIGTERM raises `Terminated` (a KeyboardInterrupt) in the main thread, so temporary files
are removed and the command ends with "已终止" exactly as after Ctrl-C.
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any, TextIO

#: Escaped on the terminal: C0 controls but tab and line feed, DEL, C1 controls, and the
#: bidirectional embedding/override/isolate characters (shown text reordered).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """`text` with every control character written visibly (ESC → \\x1b)."""
    return _CONTROLS.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))   # C1 and above as \u0085: also a valid escape inside JSON output
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM."""


class _EscapingWriter(io.TextIOWrapper):
    def write(self, text: str) -> int:
        super().write(escape_controls(text))
        return len(text)


_raw_stderr: TextIO | None = None


def raw_stderr() -> TextIO:
    """Standard error without escaping (for the progress bar's own cursor controls)."""
    return _raw_stderr or sys.stderr


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Escape control characters on stdout/stderr and turn SIGTERM into `Terminated`, for
    the duration of one command; everything is restored afterwards."""
    global _raw_stderr
    saved = sys.stdout, sys.stderr
    wrapped = [_escaping(stream) for stream in saved]
    previous_handler = _catch_sigterm()
    _raw_stderr = saved[1]
    sys.stdout, sys.stderr = (new or old for new, old in zip(wrapped, saved))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        _raw_stderr = None
        for stream in wrapped:
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.flush()
                    stream.detach()   # the underlying stream stays open
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)


def _escaping(stream: Any) -> _EscapingWriter | None:
    buffer = getattr(stream, "buffer", None)
    if buffer is None or not isinstance(getattr(stream, "encoding", None), str):
        return None
    try:
        stream.flush()
        return _EscapingWriter(buffer, encoding=stream.encoding, errors="replace",
                               line_buffering=True, write_through=True)
    except (AttributeError, ValueError, OSError):
        return None


def _catch_sigterm() -> Any:
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()
