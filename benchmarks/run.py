"""drafter's benchmark: one entry point, a table on screen and benchmarks/results.json.

    python benchmarks/run.py            # full run (a few minutes)
    python benchmarks/run.py --smoke    # a few iterations, no aims checked (CI)

Measures, on this machine, with no network:
  1. cold whole-process `drafter render` of the largest sample vs `benchmarks/bare_docx.py`
     (python-docx alone writing the same paragraphs with the same formatting), run
     alternately, median of the pairs, and their ratio;
  2. in-process renders per second over generated forms of realistic size
     (`benchmarks/forms.py`): the render proper (document tree + .docx) and the whole
     pipeline (read, validate, check, render, .docx), one process = one core;
  3. whole-process `drafter --help`, `drafter check`, `drafter import` (when the
     command exists) and, for reference, `python -c pass`;
  4. peak memory (maxrss) of a `drafter render` child and of a batch render;
  5. if docxtpl is installed (the optional `bench` extra), a docxtpl render of the same
     paragraphs;
  6. an in-process import of a 25,000-character .docx with Word's automatic numbering and
     tables (`benchmarks/docx_import.py`) vs python-docx reading the same file's paragraphs.
Child processes run the interpreter directly (no launcher scripts) with a bytecode cache
in the temp folder, as an installed package would have; each command is run once before
it is timed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import docx_import  # noqa: E402
from benchmarks.forms import SAMPLE, write_forms  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"

#: The aims of the speed issue on a 2-core machine.
AIMS = {"render_ratio": 1.5, "renders_per_second_per_core": 25, "help_s": 0.2, "check_s": 0.4, "peak_memory_mb": 150,
        "docx_import_s": docx_import.AIM_S}


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "drafter-bench-pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd`; CPU time barely moves when other
    programs compete for the cores, so it is recorded next to the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"命令失败（{done.returncode}）：{' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(samples: list[tuple[float, float]]) -> dict[str, Any]:
    return {"median_s": round(statistics.median(w for w, _c in samples), 4),
            "min_s": round(min(w for w, _c in samples), 4),
            "cpu_median_s": round(statistics.median(c for _w, c in samples), 4)}


def drafter(*args: str) -> list[str]:
    return [sys.executable, "-m", "drafter", *args]


# ---------------------------------------------------------------- 1. cold render vs python-docx


def paragraphs_json(target: Path) -> None:
    """The sample's document tree as the plain paragraphs bare_docx.py writes."""
    from drafter.doctree import Kind, Role
    from drafter.render import render_report
    from drafter.form.load import load_form

    doc = render_report(load_form(SAMPLE).report)
    bold = (Role.NUMBER, Role.HEADING)
    blocks = [{"kind": b.kind.value, "level": b.level,
               "runs": [[r.text, b.kind is Kind.HEADING and b.level == 3 and r.role in bold] for r in b.runs]}
              for b in doc.blocks if b.kind is not Kind.TABLE]
    target.write_text(json.dumps({"title": doc.info.title, "author": doc.info.author, "blocks": blocks},
                                 ensure_ascii=False), encoding="utf-8")


def cold_render(work: Path, pairs: int, env: dict[str, str]) -> dict[str, Any]:
    paragraphs_json(work / "paragraphs.json")
    ours = drafter("render", str(SAMPLE), "-o", str(work / "drafter.docx"), "--force")
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_docx.py"), str(work / "paragraphs.json"),
            str(work / "bare.docx")]
    timed(ours, env), timed(bare, env)
    ours_t, bare_t = [], []
    for _ in range(pairs):
        ours_t.append(timed(ours, env))
        bare_t.append(timed(bare, env))
    o, b = medians(ours_t), medians(bare_t)
    return {"pairs": pairs, "drafter_render": o, "bare_python_docx": b,
            "ratio": round(o["median_s"] / b["median_s"], 3), "cpu_ratio": round(o["cpu_median_s"] / b["cpu_median_s"], 3),
            "drafter_runs_s": [round(w, 4) for w, _c in ours_t], "bare_runs_s": [round(w, 4) for w, _c in bare_t]}


# ---------------------------------------------------------------- 2. in-process renders per second


def in_process(work: Path, count: int) -> dict[str, Any]:
    from drafter.checks import run_checks
    from drafter.model.report import iter_texts
    from drafter.render import render_report
    from drafter.writers import write_document
    from drafter.writers.style import load_style
    from drafter.form.load import load_form

    folder = work / "forms"
    paths = write_forms(folder, count)
    style = load_style()
    first = load_form(paths[0])
    render_report(first.report, numbers=style.numbers.format())   # warm up: layout template compiled once per process
    sizes = [sum(len(t) for _loc, t in iter_texts(first.report))]

    start, cpu = time.perf_counter(), time.process_time()
    forms = []
    for path in paths:
        form = load_form(path)
        run_checks(form)
        forms.append(form)
    load_check, load_check_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    for form in forms:
        write_document(render_report(form.report, numbers=style.numbers.format()), "docx", io.BytesIO(), style)
    render, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    sizes += [sum(len(t) for _loc, t in iter_texts(f.report)) for f in forms[1:4]]
    items = sum(len(s.items) for _key, part in first.report.parts() for s in part.sections)
    return {"forms": count, "form_bytes": paths[0].stat().st_size, "text_chars": int(statistics.mean(sizes)),
            "items": items, "figures": _filled_figures(first.report),
            "render_per_s": round(count / render, 1), "render_ms": round(render / count * 1000, 1),
            "read_check_ms": round(load_check / count * 1000, 1),
            "pipeline_per_s": round(count / (render + load_check), 1),
            "render_per_cpu_s": round(count / render_cpu, 1),
            "pipeline_per_cpu_s": round(count / (render_cpu + load_check_cpu), 1)}


def _filled_figures(report: Any) -> int:
    from drafter.model.figures import figure_value, iter_figures

    standard = sum(1 for g, f in iter_figures() if figure_value(report.figures, g.key, f.key) is not None)
    return standard + sum(1 for c in report.figures.custom if c.value is not None)


# ---------------------------------------------------------------- 3. start-up commands


def commands(work: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    cases = {"python -c pass": [sys.executable, "-c", "pass"],
             "drafter --help": drafter("--help"),
             "drafter check": drafter("check", str(SAMPLE))}
    help_text = subprocess.run(drafter("--help"), cwd=ROOT, env=env, capture_output=True, text=True).stdout
    notes = {}
    if " import " in help_text:
        source = work / "上年报告.txt"
        subprocess.run(drafter("render", str(SAMPLE), "-o", str(source), "--force"), cwd=ROOT, env=env,
                       capture_output=True, check=True)
        cases["drafter import"] = drafter("import", str(source), "-o", str(work / "导入.yaml"), "--force")
    else:
        notes["drafter import"] = "本分支没有 import 命令，跳过"
    out: dict[str, Any] = {}
    for name, cmd in cases.items():
        timed(cmd, env)
        out[name] = medians([timed(cmd, env) for _ in range(runs)])
    out.update({k: {"skipped": v} for k, v in notes.items()})
    return out


# ---------------------------------------------------------------- 4. peak memory


def peak_memory_mb(cmd: list[str], env: dict[str, str]) -> float:
    """maxrss of one child, measured in a fresh parent so earlier children do not count."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    kb = int(done.stdout.strip())
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def memory(work: Path, env: dict[str, str]) -> dict[str, Any]:
    single = peak_memory_mb(drafter("render", str(SAMPLE), "-o", str(work / "mem.docx"), "--force"), env)
    batch = peak_memory_mb(drafter("render", str(work / "forms"), "-o", str(work / "batch"), "--force"), env)
    return {"render_sample_mb": single, "render_batch_mb": batch}


# ---------------------------------------------------------------- 5. docxtpl


def docxtpl_render(work: Path, runs: int) -> dict[str, Any]:
    try:
        import docxtpl
    except ImportError:
        return {"skipped": "未安装 docxtpl（pip install -e .[bench]），跳过"}
    import docx

    template = docx.Document()
    template.add_paragraph("{%p for b in blocks %}")
    template.add_paragraph("{{ b }}")
    template.add_paragraph("{%p endfor %}")
    template.save(work / "docxtpl.docx")
    data = json.loads((work / "paragraphs.json").read_text(encoding="utf-8"))
    texts = ["".join(text for text, _bold in b["runs"]) for b in data["blocks"]]
    from drafter.render import render_report
    from drafter.writers import write_document
    from drafter.form.load import load_form

    report = load_form(SAMPLE).report
    times, ours = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        doc = docxtpl.DocxTemplate(work / "docxtpl.docx")
        doc.render({"blocks": texts})
        doc.save(work / "docxtpl-out.docx")
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        write_document(render_report(report), "docx", work / "drafter-in-process.docx")
        ours.append(time.perf_counter() - start)
    return {"in_process_render_s": round(statistics.median(times[1:]), 4),
            "drafter_in_process_render_s": round(statistics.median(ours[1:]), 4),
            "version": getattr(docxtpl, "__version__", "")}


# ---------------------------------------------------------------- report


def table(results: dict[str, Any], smoke: bool) -> str:
    c, p, m, cmd = results["cold_render"], results["in_process"], results["memory"], results["commands"]
    def wall_cpu(entry: dict[str, Any]) -> str:
        return f"{entry['median_s']:.3f} s（CPU {entry['cpu_median_s']:.3f} s）"

    rows = [("项目", "结果", "目标"),
            ("冷启动生成 Word（drafter render，中位数）", wall_cpu(c["drafter_render"]), ""),
            ("同样内容只用 python-docx（中位数）", wall_cpu(c["bare_python_docx"]), ""),
            ("两者之比", f"{c['ratio']:.2f}（按 CPU 时间 {c['cpu_ratio']:.2f}）", f"≤ {AIMS['render_ratio']}"),
            (f"进程内生成（文档树 + Word，{p['forms']} 份）",
             f"{p['render_per_s']:.1f} 份/秒（按 CPU 时间 {p['render_per_cpu_s']:.1f}）",
             f"≥ {AIMS['renders_per_second_per_core']}"),
            ("进程内全流程（读取、校验、检查、生成）",
             f"{p['pipeline_per_s']:.1f} 份/秒（按 CPU 时间 {p['pipeline_per_cpu_s']:.1f}）", ""),
            ("drafter --help", wall_cpu(cmd["drafter --help"]), f"≤ {AIMS['help_s']}"),
            ("drafter check（最大样例）", wall_cpu(cmd["drafter check"]), f"≤ {AIMS['check_s']}"),
            ("python -c pass（参照）", wall_cpu(cmd["python -c pass"]), "")]
    if "median_s" in cmd.get("drafter import", {}):
        rows.append(("drafter import", wall_cpu(cmd["drafter import"]), ""))
    else:
        rows.append(("drafter import", cmd["drafter import"]["skipped"], ""))
    rows += [("峰值内存：生成一份", f"{m['render_sample_mb']:.0f} MB", f"≤ {AIMS['peak_memory_mb']}"),
             (f"峰值内存：批量生成 {p['forms']} 份", f"{m['render_batch_mb']:.0f} MB", "")]
    d = results["docxtpl"]
    if "in_process_render_s" in d:
        rows += [("docxtpl 生成同样段落（进程内，无版式）", f"{d['in_process_render_s']:.3f} s", ""),
                 ("drafter 生成同一样例（进程内，含版式）", f"{d['drafter_in_process_render_s']:.3f} s", "")]
    else:
        rows.append(("docxtpl", d["skipped"], ""))
    i = results["docx_import"]
    rows += [(f"导入 .docx（{i['chars']} 字，自动编号和表格，进程内中位数）", f"{i['import_s']:.3f} s",
              f"< {AIMS['docx_import_s']:g} s"),
             ("python-docx 读出同一文件各段文字（参照）", f"{i['python_docx_read_s']:.3f} s", ""),
             ("两者之比", f"{i['ratio']:.2f}", "")]
    from drafter.text import display_width

    widths = [max(display_width(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(r)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    note = "（冒烟模式：次数很少，数字仅供参考）" if smoke else ""
    load = results["machine"]["load_average_at_start"][0]
    note += f"\n开始时系统负载 {load}（{results['machine']['cpus']} 核）：负载高时各项时间都会偏长"
    size = f"生成的表单：正文约 {p['text_chars']} 字、{p['items']} 个条目、{p['figures']} 个数据，{p['form_bytes'] // 1024} KB"
    return "\n".join([*lines, size + note])


def main() -> None:
    parser = argparse.ArgumentParser(description="drafter 性能测试")
    parser.add_argument("--smoke", action="store_true", help="冒烟模式：每项只跑很少几次，不检查目标（供 CI 使用）")
    parser.add_argument("--output", type=Path, default=RESULTS, help="结果 JSON 文件")
    args = parser.parse_args()
    pairs, forms, runs = (1, 4, 1) if args.smoke else (7, 200, 7)
    env = child_env()
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        results: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
            "smoke": args.smoke,
            "aims": AIMS,
            "cold_render": cold_render(work, pairs, env),
            "in_process": in_process(work, forms),
            "commands": commands(work, runs, env),
        }
        results["memory"] = memory(work, env)
        results["docxtpl"] = docxtpl_render(work, runs)
        results["docx_import"] = docx_import.measure(runs)
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results, args.smoke))
    print(f"结果已写入 {args.output}")


if __name__ == "__main__":
    main()
