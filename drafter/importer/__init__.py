"""Importing last year's report: file → raw lines → cleaned lines → `Outline`.

`reading` owns file formats and encodings.
"""

from __future__ import annotations

from drafter.importer.errors import ImportFailure
from drafter.importer.reading import read_source

__all__ = ["ImportFailure", "read_source"]
