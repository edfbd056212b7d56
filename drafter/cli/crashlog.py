"""Write the traceback of an unexpected failure to a log file instead of the screen.

Each failure gets its own file (second, process id and a random part, created
exclusively), so the crashes of a batch's worker processes never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path


def write_crash_log() -> Path:
    text = traceback.format_exc()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    prefix = f"drafter-错误-{stamp}-{os.getpid()}-"
    for folder in (os.environ.get("DRAFTER_LOG_DIR"), tempfile.gettempdir()):
        if not folder:
            continue
        try:
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=".log", dir=folder)
        except OSError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return Path(name)
    raise OSError("无法写入错误日志")
