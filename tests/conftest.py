"""Shared fixtures: a valid blank form, a CLI runner, the seeds folder; hypothesis profiles."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from drafter.form.blank import new_form
from drafter.model.report import Level

from tests_support_seeds import seeds_folder

#: The test session (and every drafter it starts) uses a cache folder of its own, empty at
#: the start, never the user's.
_CACHE = tempfile.mkdtemp(prefix="drafter-test-cache-")
os.environ["DRAFTER_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def blank_form_text() -> str:
    return new_form("示例县", 2024, Level.COUNTY)


@pytest.fixture
def write_form(tmp_path):
    """Write YAML text (or bytes) to a file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "表单.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run_cli(capsys):
    """Run the real entry point (`drafter.cli.main`) in process; return (exit code, stdout, stderr)."""
    from drafter.cli import main

    def _run(*args: str):
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return exit_info.value.code, out, err

    return _run


@pytest.fixture
def seeds_dir() -> Path:
    return seeds_folder()


# Hypothesis profiles for tests that do not fix their own number of examples (the fuzz
# tests): a plain run stays quick; `HYPOTHESIS_PROFILE=ci python3 -m pytest` runs 500
# examples per fuzzed entry point.
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
