"""drafter's cache folder: artefacts that are slow to build and safe to rebuild.

Holds the empty Word document of each style profile (`drafter.writers.docx`), the
validated style profiles (`drafter.writers.style`) and the compiled layout templates
(`drafter.render.builder`). One folder: `DRAFTER_CACHE_DIR` when
set, else `drafter` in the user's cache folder (`%LOCALAPPDATA%` on Windows,
`~/Library/Caches` on macOS, `$XDG_CACHE_HOME` or `~/.cache` elsewhere).

An entry's name carries the drafter version and a digest of everything it was built
from, so a new version, a changed style profile or changed builder code never reads an
old entry; when an entry is written, those of another version are removed, and of each
kind only the `MAX_ENTRIES` most recent are kept. Every entry is checked when read: a
missing, unreadable or damaged entry is rebuilt without a word, and a folder that cannot
be written (read-only home, full disk) is simply not used. The cache changes how fast
drafter is, never what it produces.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

from drafter import __version__
from drafter.errors import DrafterError
from drafter.limits import read_bounded

ENV_VAR = "DRAFTER_CACHE_DIR"
#: No entry is larger (an empty Word document is ~11 KB, a compiled layout ~11 KB).
MAX_ENTRY_BYTES = 4 * 1024 * 1024


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "drafter" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "drafter"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafter"


def digest(*parts: str | bytes) -> str:
    """A short hex digest of `parts` (length-prefixed, so ("ab", "c") ≠ ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:24]


def source_digest(*files: str | None) -> str:
    """Digest of the source files that build an entry, so that changed code (a development
    checkout between releases) never reads an entry the old code built."""
    parts = []
    for file in files:
        try:
            parts.append(read_bounded(file, MAX_ENTRY_BYTES, "程序文件") if file else b"")
        except DrafterError:
            parts.append(b"?")
    return digest(*parts)


def entry_path(kind: str, key: str, suffix: str) -> Path:
    """Where the entry `kind` for `key` lives: <folder>/<kind>-<version>-<key><suffix>."""
    return cache_dir() / f"{kind}-{__version__}-{key}{suffix}"


def read(path: Path, valid: Callable[[bytes], bool]) -> bytes | None:
    """The entry's bytes if it can be read (a regular file of at most MAX_ENTRY_BYTES, through
    the bounded reader) and `valid` accepts them, else None."""
    try:
        data = read_bounded(path, MAX_ENTRY_BYTES, "缓存文件")
    except DrafterError:
        return None
    try:
        return data if valid(data) else None
    except Exception:  # noqa: BLE001 - whatever a damaged entry makes the check raise, it is a miss
        return None


def write(path: Path, data: bytes) -> None:
    """Store an entry atomically (a reader never sees half of it); any failure is ignored.
    Entries of the same kind written by another drafter version are removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _remove_other_versions(path)


#: Entries kept per kind (profiles, template folders); the least recently written go first.
MAX_ENTRIES = 16


def _remove_other_versions(path: Path) -> None:
    kind = path.name.split(f"-{__version__}-", 1)[0]
    try:
        siblings = [p for p in path.parent.glob(f"{kind}-*") if p != path and not p.name.startswith(".")]
        current = sorted((p for p in siblings if p.name.startswith(f"{kind}-{__version__}-")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    stale = [p for p in siblings if not p.name.startswith(f"{kind}-{__version__}-")]
    for other in stale + current[MAX_ENTRIES - 1:]:
        try:
            other.unlink()
        except OSError:
            pass


_CHECK = 32  # bytes of the sha-256 that prefixes a checked entry


def read_checked(path: Path) -> bytes | None:
    """The payload of an entry written by `write_checked`, None when missing or damaged."""
    data = read(path, lambda d: len(d) >= _CHECK and hashlib.sha256(d[_CHECK:]).digest() == d[:_CHECK])
    return None if data is None else data[_CHECK:]


def write_checked(path: Path, payload: bytes) -> None:
    """Store `payload` behind its sha-256, for entries that carry no check of their own."""
    write(path, hashlib.sha256(payload).digest() + payload)


def cached(kind: str, key: str, suffix: str, build: Callable[[], bytes], valid: Callable[[bytes], bool]) -> bytes:
    """The entry for `key`, built and stored when missing or damaged."""
    path = entry_path(kind, key, suffix)
    data = read(path, valid)
    if data is None:
        data = build()
        write(path, data)
    return data
