"""Locations of the project's data folders (templates, style profiles, schemas, samples)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
STYLES_DIR = TEMPLATES_DIR / "styles"
DEFAULT_STYLE = STYLES_DIR / "gbt9704.yaml"
SCHEMAS_DIR = ROOT / "schemas"
SAMPLES_DIR = ROOT / "samples"
