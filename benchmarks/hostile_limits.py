"""How drafter's cost grows on hostile input, within the limits of drafter/limits.py.

    python benchmarks/hostile_limits.py

Prints, measured in this run on this machine:
  1. title line-breaking (`split_title`, in process) at 50, 200, 400, 2,000 and 4,000
     characters: seconds and the time per character relative to the 200-character title
     (a ratio near 1 means linear; the old search was far worse);
  2. whole-process `drafter check` and `drafter render --draft` of the 示例县 fixture, of a
     form a quarter of the line limit and of the largest form the line limit lets through
     (MAX_YAML_LINES − 200 one-line paragraphs), with the ratio of the time each extra line
     costs between the two large forms (start-up subtracted through the fixture; near 1 = linear);
  3. how long refusing the over-limit inputs takes: a form of MAX_YAML_LINES + 1 lines,
     /dev/zero linked as a form, a FIFO as a form.
Nothing is checked against an aim: these are figures for the README and the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from drafter.limits import MAX_YAML_LINES  # noqa: E402
from drafter.writers import layout  # noqa: E402


def _title_breaking() -> None:
    phrase = "示例县人民政府关于法治政府建设情况和下一年度工作安排的报告"
    rows = []
    for size in (50, 200, 400, 2000, 4000):
        title = (phrase * (size // len(phrase) + 1))[:size]
        runs = 20 if size <= 400 else 5
        started = time.perf_counter()
        for _ in range(runs):
            layout.split_title.cache_clear()
            layout.split_title(title, 20)
        rows.append((size, (time.perf_counter() - started) / runs))
    base = rows[1][1] / rows[1][0]
    print("1. 标题分行（每行 20 字）")
    for size, seconds in rows:
        print(f"   {size:>5} 字  {seconds * 1000:8.2f} ms  每字耗时为 200 字标题的 {seconds / size / base:4.2f} 倍")


def _run(*args: object) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "drafter", *map(str, args)], cwd=ROOT, capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    return time.perf_counter() - started, result.returncode


def _forms(folder: Path) -> list[Path]:
    from render_support import write_form
    from test_hostile import set_at

    return [write_form(folder / "示例县.yaml"),
            write_form(folder / "四分之一.yaml", set_at(("第一责任人履职", "内容"), ["一段。"] * (MAX_YAML_LINES // 4))),
            write_form(folder / "最大.yaml", set_at(("第一责任人履职", "内容"), ["一段。"] * (MAX_YAML_LINES - 200)))]


def _whole_forms(folder: Path) -> None:
    forms = _forms(folder)
    lines = [len(p.read_text(encoding="utf-8").splitlines()) for p in forms]
    print(f"2. 整个进程（表单 {lines[0]}、{lines[1]}、{lines[2]} 行）")
    for command in ("check", "render"):
        times = []
        for form in forms:
            extra = ("--draft", "-o", form.with_suffix(".docx"), "--force") if command == "render" else ()
            times.append(_run(command, form, *extra)[0])
        per_line = [(times[i] - times[0]) / (lines[i] - lines[0]) for i in (1, 2)]
        print(f"   {command:<6} " + "  ".join(f"{t:6.2f} s" for t in times)
              + f"  每多一行的耗时之比（最大 ÷ 四分之一）{per_line[1] / per_line[0]:5.2f}")


def _refusals(folder: Path) -> None:
    over = folder / "超限.yaml"
    over.write_text("导语: 一段。\n" * (MAX_YAML_LINES + 1), encoding="utf-8")
    zero = folder / "零.yaml"
    zero.symlink_to("/dev/zero")
    fifo = folder / "管道.yaml"
    os.mkfifo(fifo)
    print("3. 拒绝超限输入（整个进程）")
    for name, path in (("超过行数上限", over), ("/dev/zero", zero), ("命名管道", fifo)):
        seconds, code = _run("check", path)
        print(f"   {name:<10} {seconds:5.2f} s  退出码 {code}")


def main() -> None:
    _title_breaking()
    with tempfile.TemporaryDirectory() as tmp:
        _whole_forms(Path(tmp))
        if hasattr(os, "mkfifo") and Path("/dev/zero").exists():
            _refusals(Path(tmp))


if __name__ == "__main__":
    main()
