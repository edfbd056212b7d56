"""Whole-process time of `drafter check` on the largest sample (aim: under 0.4 s).

Plain script, no network: `python benchmarks/check_speed.py [--runs N]`. Prints the
median and best of N cold runs, next to a bare `python -c pass` baseline measured in
the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def largest_sample() -> Path:
    return max((ROOT / "samples").glob("*.yaml"), key=lambda p: p.stat().st_size)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sample = largest_sample()
    check = [sys.executable, "-m", "drafter", "check", str(sample)]
    bare = [sys.executable, "-c", "pass"]
    check_times, bare_times = [], []
    for _ in range(args.runs):
        bare_times.append(timed(bare))
        check_times.append(timed(check))
    c, b = statistics.median(check_times), statistics.median(bare_times)
    print(f"样例：{sample.name}（{sample.stat().st_size // 1024} KB）")
    print(f"drafter check  中位数 {c:.3f} s  最快 {min(check_times):.3f} s  （目标 < 0.4 s）")
    print(f"python -c pass 中位数 {b:.3f} s")
    print(f"比值 {c / b:.1f}")


if __name__ == "__main__":
    main()
