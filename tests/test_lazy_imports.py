"""Start-up cost: `drafter --help` loads no heavy library, `drafter check` no Jinja or Word writer,
`drafter render` of one form neither python-docx, the batch runner, the check families that
cannot stop a render, nor `importlib.metadata` (pydantic's plugin loader)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.checks import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"
HEAVY = ("pydantic", "ruamel", "jinja2", "docx", "lxml")

PROBE = """
import json, sys
from drafter.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
# modules really imported (drafter's stand-in for pydantic's plugin loader has no spec)
print(json.dumps(sorted(m for m, mod in sys.modules.items() if getattr(mod, '__spec__', None))), file=sys.stderr)
"""


def _modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=env)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _loaded(*args: str) -> set[str]:
    return {m.split(".")[0] for m in _modules(*args)}


def test_help_loads_no_heavy_library():
    assert not _loaded("--help") & set(HEAVY)


def test_check_of_a_sample_does_not_load_the_word_writer():
    """check lays the report out as render does (the layout template, so Jinja, and the line
    model), but never loads python-docx or lxml."""
    loaded = _loaded("check", str(ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"))
    assert "pydantic" in loaded
    assert not loaded & {"docx", "lxml"}


NOT_BLOCKING = {f"drafter.checks.{name}" for name, blocking in FAMILIES if not blocking}


def test_a_single_render_loads_only_what_it_uses(tmp_path):
    _modules("render", str(SAMPLE), "-o", str(tmp_path / "首次.docx"))   # fills the cache folder
    loaded = _modules("render", str(SAMPLE), "-o", str(tmp_path / "报告.docx"))
    assert (tmp_path / "首次.docx").is_file() and (tmp_path / "报告.docx").is_file()
    assert {"pydantic", "jinja2", "lxml", "drafter.writers.docx"} <= loaded
    assert "docx" not in loaded                       # python-docx: the empty document comes from the cache
    assert "drafter.cli.batch" not in loaded
    assert not loaded & {"drafter.writers.pdf", "drafter.writers.html", "drafter.writers.text"}
    assert "importlib.metadata" not in loaded
    assert NOT_BLOCKING and not loaded & NOT_BLOCKING


def test_an_annotated_render_runs_every_family(tmp_path):
    loaded = _modules("render", str(SAMPLE), "-o", str(tmp_path / "报告.docx"), "--annotate")
    assert NOT_BLOCKING <= loaded


def test_pydantic_plugins_load_when_asked_for(tmp_path):
    import os

    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": ""}
    assert "importlib.metadata" in _modules("check", str(SAMPLE), env=env)


@pytest.mark.parametrize("name", sorted(NOT_BLOCKING))
def test_a_family_said_not_to_block_a_render_reports_no_error(name):
    """`FAMILIES` marks these as never reporting an error; their code must agree."""
    source = Path(ROOT / "drafter" / "checks" / f"{name.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")
    errors = [node for node in ast.walk(ast.parse(source))
              if isinstance(node, ast.Attribute) and node.attr == "ERROR"]
    assert not errors
