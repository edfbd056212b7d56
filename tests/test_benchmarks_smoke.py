"""The benchmark runs end to end in smoke mode (as in CI) and writes valid JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_smoke_run_writes_results(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--output", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["smoke"] is True
    cold = results["cold"]
    assert cold["render"]["ratio"] > 0 and cold["render"]["cpu_ratio"] > 0 and cold["check"]["ratio"] > 0
    assert cold["render_empty_cache"]["median_s"] > 0
    assert results["in_process"]["render_per_cpu_s"] > 0 and results["in_process"]["bare_per_cpu_s"] > 0
    assert results["batch"]["median_s"] > 0 and results["batch"]["forms"] == 4
    assert [p["items"] for p in results["sizes"]["points"]] == [15, 30, 60, 120, 240]
    assert len(results["sizes"]["marginal_ms_per_1000_chars"]) == 4
    assert results["memory"]["render_sample_mb"] > 0 and results["memory"]["render_batch_mb"] > 0
    assert {"drafter --help", "drafter import"} <= set(results["commands"])
    assert "与 python-docx 脚本之比" in done.stdout
    assert results["docx_import"]["chars"] >= 25_000 and results["docx_import"]["ratio"] > 0
