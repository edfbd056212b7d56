"""Start-up cost: `drafter --help` loads no heavy library, `drafter check` no Jinja or Word writer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pydantic", "ruamel", "jinja2", "docx", "lxml")

PROBE = """
import json, sys
from drafter.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library():
    assert not _loaded("--help") & set(HEAVY)


def test_check_of_a_sample_does_not_load_the_word_writer():
    """check lays the report out as render does (the layout template, so Jinja, and the line
    model), but never loads python-docx or lxml."""
    loaded = _loaded("check", str(ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"))
    assert "pydantic" in loaded
    assert not loaded & {"docx", "lxml"}
