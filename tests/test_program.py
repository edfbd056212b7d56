"""The `drafter` program: `main` run as the whole process, its exit code kept, and the
objects alive at the end frozen so the interpreter's final garbage collections skip them."""

from __future__ import annotations

import gc
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import importlib

cli_main = importlib.import_module("drafter.cli.main")

ROOT = Path(__file__).resolve().parents[1]


def test_console_script_and_module_run_program() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["drafter"] == "drafter.cli:program"
    assert "program()" in (ROOT / "drafter" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", [0, 1, 2, 3])
def test_program_keeps_the_exit_code_and_freezes_last(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    events: list[str] = []

    def fake_main() -> None:
        events.append("main")
        sys.exit(code)

    monkeypatch.setattr(cli_main, "main", fake_main)
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))
    with pytest.raises(SystemExit) as exc:
        cli_main.program()
    assert exc.value.code == code
    assert events == ["main", "freeze"]


def test_program_process_exit_codes(tmp_path: Path) -> None:
    missing = subprocess.run([sys.executable, "-m", "drafter", "check", str(tmp_path / "无此表单.yaml")], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    version = subprocess.run([sys.executable, "-m", "drafter", "--version"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("drafter ")
