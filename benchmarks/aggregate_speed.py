"""`drafter aggregate` over 3,000 unit forms on one core (aim: under a minute).

Plain script, no network: `python benchmarks/aggregate_speed.py [--forms N] [--runs N]`.
The unit forms are our own: the 示例县 2024 sample (a full county form, ~400 lines) with
the region renamed and every figure in 数据 varied, a few left 待填, and three forms broken
(bad YAML, a negative figure, another year) so the failures path is timed too. Each run is
a cold whole process pinned to one CPU (`drafter aggregate 文件夹 -o 汇总.yaml -o 汇总.csv`);
the per-unit .xlsx table is timed separately. Baseline in the same run: reading the same
forms with the full round-trip loader (`load_form`, what check and render use), timed on a
subset and scaled to N; the ratio shows what the fast 基本信息/数据 reader saves.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"
AIM_SECONDS = 60.0
BASELINE_FORMS = 150
_FIGURE_LINE = re.compile(r"^(    [^\s#:][^:#]*: )([0-9]+(?:\.[0-9]+)?)(.*)$")


def unit_form(index: int, text: str) -> str:
    rng = random.Random(index)
    region = f"示例县{index:04d}"
    out, in_figures = [], False
    for line in text.split("\n"):
        if line and not line.startswith((" ", "#")):
            in_figures = line.startswith("数据:")
        match = _FIGURE_LINE.match(line) if in_figures else None
        if match:
            value = match.group(2)
            if rng.random() < 0.03:
                line = f"{match.group(1)}null{match.group(3)}"
            elif "." not in value:
                line = f"{match.group(1)}{max(0, int(value) + rng.randint(-3, 3))}{match.group(3)}"
        out.append(line)
    return "\n".join(out).replace("地区: 示例县", f"地区: {region}", 1)


def write_units(folder: Path, count: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for index in range(count - 3):
        (folder / f"单位{index:04d}.yaml").write_text(unit_form(index, text), encoding="utf-8")
    (folder / "坏-YAML.yaml").write_text("基本信息:\n  年度: [2024\n", encoding="utf-8")
    (folder / "坏-负数.yaml").write_text(unit_form(90001, text).replace("    受理: ", "    受理: -", 1), encoding="utf-8")
    (folder / "坏-年度.yaml").write_text(unit_form(90002, text).replace("年度: 2024", "年度: 2023", 1),
                                        encoding="utf-8")


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(cmd: list[str]) -> tuple[float, float]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=one_core,
                          check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"汇总失败（{done.returncode}）：{' '.join(cmd)}\n{done.stderr.decode('utf-8', 'replace')}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def baseline(folder: Path, total: int) -> float:
    """Seconds the full loader would take for `total` forms, from a timed subset."""
    sys.path.insert(0, str(ROOT))
    from drafter.form.load import load_form

    paths = sorted(folder.glob("单位*.yaml"))[:BASELINE_FORMS]
    start = time.process_time()
    for path in paths:
        load_form(path)
    return (time.process_time() - start) / len(paths) * total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "各单位"
        folder.mkdir()
        write_units(folder, args.forms)
        out = Path(tmp)
        command = [sys.executable, "-m", "drafter", "aggregate", str(folder), "-o", str(out / "汇总.yaml"),
                   "-o", str(out / "汇总.csv"), "--force"]
        runs = [timed(command) for _ in range(args.runs)]
        xlsx = timed([sys.executable, "-m", "drafter", "aggregate", str(folder), "-o", str(out / "汇总.xlsx"),
                      "--force"])
        full = baseline(folder, args.forms)
    wall = statistics.median(w for w, _c in runs)
    cpu = statistics.median(c for _w, c in runs)
    print(f"drafter aggregate：{args.forms} 份单位表单（其中 3 份有错误），单核，{args.runs} 次冷启动")
    print(f"  汇总 → .yaml + .csv：中位 {wall:.2f} s（CPU {cpu:.2f} s，最快 {min(w for w, _c in runs):.2f} s），"
          f"{args.forms / wall:.0f} 份/秒")
    print(f"  汇总 → .xlsx 明细表：{xlsx[0]:.2f} s（CPU {xlsx[1]:.2f} s）")
    print(f"  对照：全表单往返解析（load_form）估计 {full:.1f} s CPU（按 {BASELINE_FORMS} 份实测推算）；"
          f"两者之比 {full / cpu:.1f}")
    verdict = "达到" if wall < AIM_SECONDS else "未达到"
    print(f"  目标：{args.forms} 份在 {AIM_SECONDS:.0f} 秒内 —— {verdict}")


if __name__ == "__main__":
    main()
