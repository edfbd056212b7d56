"""What the Flask test-client tests of `drafter serve` share: the sample folder, the county
sample, and a request's address and token as the page sends them."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COUNTY = "示例县2024年法治政府建设报告.yaml"
BASE = "http://127.0.0.1:8000"
TOKEN = "test-token-0123456789"
GOOD = {"X-Drafter-Token": TOKEN, "Origin": BASE}
