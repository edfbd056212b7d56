"""Locations of the project's data folders (templates, style profiles, schemas, samples).

In a checkout or an editable install they sit beside the package; a regular install
copies them to <prefix>/share/drafter (see pyproject.toml data-files).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    beside = Path(__file__).resolve().parent.parent
    if (beside / "templates" / "report.j2").is_file():
        return beside
    return Path(sys.prefix) / "share" / "drafter"


ROOT = _root()
TEMPLATES_DIR = ROOT / "templates"
STYLES_DIR = TEMPLATES_DIR / "styles"
DEFAULT_STYLE = STYLES_DIR / "gbt9704.yaml"
SCHEMAS_DIR = ROOT / "schemas"
SAMPLES_DIR = ROOT / "samples"
