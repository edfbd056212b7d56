"""Write the traceback of an unexpected failure to a log file instead of the screen."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path


def write_crash_log() -> Path:
    folder = Path(os.environ.get("DRAFTER_LOG_DIR") or tempfile.gettempdir())
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"drafter-错误-{stamp}-{os.getpid()}.log"
    try:
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        path = Path(tempfile.gettempdir()) / path.name
        path.write_text(traceback.format_exc(), encoding="utf-8")
    return path
