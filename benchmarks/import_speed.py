"""Whole-process time of `drafter import` on a 20,000-character report (aim: under 0.5 s).

Plain script, no network: `python benchmarks/import_speed.py [--runs N]`. The report is
our own: the 示例县 2024 sample form rendered to text, with its 主要举措和成效 sections
repeated until the text has at least 20,000 characters; it is imported as .txt and as
.docx. Seed 002 is timed too when ../shared/seeds is present. Prints the median and best
of N cold runs next to a bare `python -c pass` baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET_CHARS = 20_000


def report_text() -> str:
    """A report of at least TARGET_CHARS characters, rendered from our own sample form."""
    sys.path.insert(0, str(ROOT))
    from drafter.render import render_report
    from drafter.form.load import load_form

    report = load_form(SAMPLE).report
    sections = list(report.measures.sections)
    while True:
        text = render_report(report, draft=True).plain_text()
        if len(text) >= TARGET_CHARS:
            return text
        report.measures.sections += [section.model_copy(deep=True) for section in sections]


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"导入失败：{' '.join(cmd)}\n{done.stderr.decode('utf-8', 'replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        text = report_text()
        sources = {"txt": folder_path / "示例县报告.txt", "docx": folder_path / "示例县报告.docx"}
        sources["txt"].write_text(text, encoding="utf-8")
        write_docx(text, sources["docx"])
        seeds = sorted(SEEDS.glob("002_*.txt")) if SEEDS.is_dir() else []
        if seeds:
            sources["种子 002"] = seeds[0]
        bare = [sys.executable, "-c", "pass"]
        times: dict[str, list[float]] = {name: [] for name in sources}
        bare_times = []
        for _ in range(args.runs):
            bare_times.append(timed(bare))
            for name, source in sources.items():
                output = folder_path / f"{name}.yaml"
                times[name].append(timed([sys.executable, "-m", "drafter", "import", str(source), "-o", str(output),
                                          "--force", "--extract-figures"]))
        print(f"报告：{len(text)} 字（示例县样例正文重复拼接）")
        for name, values in times.items():
            chars = len(text) if name in ("txt", "docx") else len(sources[name].read_text(encoding="utf-8"))
            print(f"drafter import {name:<6}（{chars} 字） 中位数 {statistics.median(values):.3f} s  "
                  f"最快 {min(values):.3f} s  （目标 < 0.5 s）")
        base = statistics.median(bare_times)
        print(f"python -c pass 中位数 {base:.3f} s")
        print(f"比值（txt）{statistics.median(times['txt']) / base:.1f}")


if __name__ == "__main__":
    main()
