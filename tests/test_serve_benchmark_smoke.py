"""The browser-form benchmark runs end to end in smoke mode and writes its figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flask")

ROOT = Path(__file__).resolve().parents[1]


def test_serve_benchmark_smoke_run(tmp_path):
    output = tmp_path / "serve.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve.py"), "--smoke", "--output", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["smoke"] is True and results["rounds"] == 3
    for key in ("form_page_ms", "preview_refresh_ms", "baseline_render_html_ms", "ratio"):
        assert results[key] > 0
    assert "刷新预览与基准之比" in done.stdout
