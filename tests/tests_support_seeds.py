"""Where the seed documents are, for module-scoped fixtures (skips when ../shared is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ../shared/seeds next to the checkout, or the folder named by DRAFTER_SEEDS (for git worktrees).
SEEDS = Path(os.environ.get("DRAFTER_SEEDS") or Path(__file__).resolve().parents[1].parent / "shared" / "seeds")


def seeds_folder() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds 不存在")
    return SEEDS
