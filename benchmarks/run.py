"""drafter's benchmark: one entry point, a table on screen and benchmarks/results.json.

    python benchmarks/run.py            # full run (a few minutes)
    python benchmarks/run.py --smoke    # a few iterations, no aims checked (CI)

Every figure is shown with its ratio against `benchmarks/bare_docx.py` (python-docx alone
writing the same paragraphs with the same formatting), measured in the same run, so that
figures from a busy machine and a quiet one can be compared. Measures, with no network:
  1. cold whole-process `drafter render` and `drafter check` of the largest sample and the
     bare script, run in interleaved rounds (the order rotates each round); medians of the
     rounds, the ratio of each round's pair, and the spread, as wall and CPU time; and a
     render with an empty cache folder (what the very first render of a machine costs);
  2. in-process renders per CPU-second over generated forms of realistic size
     (`benchmarks/forms.py`): the render proper (from the layout the check built to the
     .docx, as `drafter render` does after its check) and the whole
     pipeline (read, validate, check, render, .docx), next to the bare script's own
     function writing the same document in the same process;
  3. a batch `drafter render 表单/ -o 输出/ -j 2` of the generated forms (wall time);
  4. cost against form size: the in-process pipeline on forms from 15 to 240 items, with the
     marginal cost per 1,000 characters between neighbouring sizes (equal when cost is linear);
  5. whole-process `drafter --help`, `drafter import` and, for reference, `python -c pass`;
  6. peak memory (maxrss) of a `drafter render` child and of a one-process batch render;
  7. if docxtpl is installed (the optional `bench` extra), a docxtpl render of the same
     paragraphs;
  8. an in-process import of a 25,000-character .docx with Word's automatic numbering and
     tables (`benchmarks/docx_import.py`) vs python-docx reading the same file's paragraphs.
Child processes run the interpreter directly (no launcher scripts) with a bytecode cache
and a drafter cache folder in the temp folder, as an installed package would have; each
command is run once before it is timed.
"""

from __future__ import annotations

import argparse
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
from benchmarks.forms import SAMPLE, build_form, write_forms  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"

#: The aims of the start-up and throughput issue, on a 2-core machine.
AIMS = {"render_ratio": 1.8, "check_s": 0.3, "batch_j2_s": 10, "render_per_cpu_s": 50,
        "batch_memory_mb": 100, "help_s": 0.2, "linearity": 1.5, "docx_import_s": docx_import.AIM_S}
#: Items per generated form for the size curve (the standard generated form has 60).
SIZES = (15, 30, 60, 120, 240)


def child_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "drafter-bench-pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env["DRAFTER_CACHE_DIR"] = str(work / "cache")
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
    walls, cpus = sorted(w for w, _c in samples), sorted(c for _w, c in samples)
    return {"median_s": round(statistics.median(walls), 4), "min_s": round(walls[0], 4),
            "max_s": round(walls[-1], 4), "cpu_median_s": round(statistics.median(cpus), 4),
            "cpu_min_s": round(cpus[0], 4), "cpu_max_s": round(cpus[-1], 4)}


def drafter(*args: str) -> list[str]:
    return [sys.executable, "-m", "drafter", *args]


def _load(path: Path) -> Any:
    from drafter import api

    return api.load_form(path)


# ---------------------------------------------------------------- 1. cold render and check vs python-docx


def paragraphs_json(target: Path) -> None:
    """The sample's document tree as the plain paragraphs bare_docx.py writes."""
    from drafter.render import render_report

    target.write_text(json.dumps(_paragraphs(render_report(_load(SAMPLE).report)), ensure_ascii=False),
                      encoding="utf-8")


def _paragraphs(doc: Any) -> dict[str, Any]:
    from drafter.doctree import Kind, Role

    bold = (Role.NUMBER, Role.HEADING)
    blocks = [{"kind": b.kind.value, "level": b.level,
               "runs": [[r.text, b.kind is Kind.HEADING and b.level == 3 and r.role in bold] for r in b.runs]}
              for b in doc.blocks if b.kind is not Kind.TABLE]
    return {"title": doc.info.title, "author": doc.info.author, "blocks": blocks}


def _paired(runs: dict[str, list[tuple[float, float]]], name: str, base: str) -> dict[str, Any]:
    """Medians of `name`, and the median over rounds of its ratio to `base` in the same round."""
    ours, bare = runs[name], runs[base]
    return {**medians(ours),
            "ratio": round(statistics.median(o[0] / b[0] for o, b in zip(ours, bare)), 3),
            "cpu_ratio": round(statistics.median(o[1] / b[1] for o, b in zip(ours, bare)), 3),
            "ratio_range": [round(min(o[0] / b[0] for o, b in zip(ours, bare)), 3),
                            round(max(o[0] / b[0] for o, b in zip(ours, bare)), 3)],
            "runs_s": [round(w, 4) for w, _c in ours]}


def cold_commands(work: Path, rounds: int, env: dict[str, str]) -> dict[str, Any]:
    paragraphs_json(work / "paragraphs.json")
    cmds = {"bare": [sys.executable, str(ROOT / "benchmarks" / "bare_docx.py"), str(work / "paragraphs.json"),
                     str(work / "bare.docx")],
            "render": drafter("render", str(SAMPLE), "-o", str(work / "drafter.docx"), "--force"),
            "check": drafter("check", str(SAMPLE))}
    for cmd in cmds.values():
        timed(cmd, env)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    names = list(cmds)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            runs[name].append(timed(cmds[name], env))
    empty = []
    for index in range(max(1, rounds // 3)):
        fresh = {**env, "DRAFTER_CACHE_DIR": str(work / f"empty-cache-{index}")}
        empty.append(timed(cmds["render"], fresh))
    return {"rounds": rounds, "bare_python_docx": {**medians(runs["bare"]), "runs_s": [round(w, 4) for w, _c in
                                                                                      runs["bare"]]},
            "render": _paired(runs, "render", "bare"), "check": _paired(runs, "check", "bare"),
            "render_empty_cache": medians(empty)}


# ---------------------------------------------------------------- 2. in-process renders per CPU-second


def _bare_writer() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bare_docx

    return bare_docx


def in_process(work: Path, count: int) -> dict[str, Any]:
    from drafter import api
    from drafter.model.report import iter_texts
    from drafter.render import render_report

    folder = work / "forms"
    paths = write_forms(folder, count)
    style = api.style_profile(None)
    first = _load(paths[0])
    api.render(first, style=style)   # warm up: layout template compiled once per process
    sizes = [sum(len(t) for _loc, t in iter_texts(first.report))]

    start, cpu = time.perf_counter(), time.process_time()
    checked = []
    for path in paths:
        form = _load(path)
        checked.append((form, api.check(form)))
    load_check, load_check_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    for form, result in checked:
        api.render(form, style=style, checked=result)
    render, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    forms = [form for form, _result in checked]
    sizes += [sum(len(t) for _loc, t in iter_texts(f.report)) for f in forms[1:4]]
    items = sum(len(s.items) for _key, part in first.report.parts() for s in part.sections)

    bare, paragraphs = _bare_writer(), _paragraphs(render_report(first.report))
    bare.write(paragraphs["blocks"], str(work / "bare-warm.docx"), paragraphs["title"], paragraphs["author"])
    rounds = max(2, count // 4)
    cpu = time.process_time()
    for _ in range(rounds):
        bare.write(paragraphs["blocks"], str(work / "bare-warm.docx"), paragraphs["title"], paragraphs["author"])
    bare_per_cpu_s = rounds / (time.process_time() - cpu)
    ours = count / render_cpu
    return {"forms": count, "form_bytes": paths[0].stat().st_size, "text_chars": int(statistics.mean(sizes)),
            "items": items, "figures": _filled_figures(first.report),
            "render_per_s": round(count / render, 1), "render_ms": round(render / count * 1000, 1),
            "read_check_ms": round(load_check / count * 1000, 1),
            "pipeline_per_s": round(count / (render + load_check), 1),
            "render_per_cpu_s": round(ours, 1),
            "pipeline_per_cpu_s": round(count / (render_cpu + load_check_cpu), 1),
            "bare_per_cpu_s": round(bare_per_cpu_s, 1), "render_vs_bare": round(ours / bare_per_cpu_s, 2)}


def _filled_figures(report: Any) -> int:
    from drafter.model.figures import figure_value, iter_figures

    standard = sum(1 for g, f in iter_figures() if figure_value(report.figures, g.key, f.key) is not None)
    return standard + sum(1 for c in report.figures.custom if c.value is not None)


# ---------------------------------------------------------------- 3. batch with two processes


def batch(work: Path, runs: int, env: dict[str, str], bare_s: float) -> dict[str, Any]:
    cmd = drafter("render", str(work / "forms"), "-o", str(work / "batch-j2"), "--force", "-j", "2")
    timed(cmd, env)
    result = medians([timed(cmd, env) for _ in range(runs)])
    forms = len(list((work / "forms").glob("*.yaml")))
    return {**result, "forms": forms, "runs": runs, "per_form_s": round(result["median_s"] / forms, 4),
            "per_form_vs_bare": round(result["median_s"] / forms / bare_s, 3)}


# ---------------------------------------------------------------- 4. cost against form size


def size_curve(work: Path, per_size: int) -> dict[str, Any]:
    from drafter import api
    from drafter.model.report import iter_texts

    style = api.style_profile(None)
    points = []
    for items in SIZES:
        folder = work / f"size-{items}"
        folder.mkdir()
        paths = []
        for n in range(per_size):
            path = folder / f"表单{n:03d}.yaml"
            path.write_text(build_form(1000 + n, items=items), encoding="utf-8")
            paths.append(path)
        costs, chars = [], 0
        for path in [paths[0], *paths]:     # the first one again: warm-up
            cpu = time.process_time()
            form = _load(path)
            api.render(form, style=style, checked=api.check(form))
            costs.append(time.process_time() - cpu)
            chars = sum(len(t) for _loc, t in iter_texts(form.report))
        points.append({"items": items, "text_chars": chars, "form_bytes": paths[0].stat().st_size,
                       "ms": round(statistics.median(costs[1:]) * 1000, 1)})
    marginal = [round((b["ms"] - a["ms"]) / ((b["text_chars"] - a["text_chars"]) / 1000), 2)
                for a, b in zip(points, points[1:])]
    return {"points": points, "marginal_ms_per_1000_chars": marginal,
            "linearity": round(max(marginal) / min(marginal), 2) if min(marginal) > 0 else None}


# ---------------------------------------------------------------- 5. start-up commands


def commands(work: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    cases = {"python -c pass": [sys.executable, "-c", "pass"],
             "drafter --help": drafter("--help")}
    source = work / "上年报告.txt"
    subprocess.run(drafter("render", str(SAMPLE), "-o", str(source), "--force"), cwd=ROOT, env=env,
                   capture_output=True, check=True)
    cases["drafter import"] = drafter("import", str(source), "-o", str(work / "导入.yaml"), "--force")
    out: dict[str, Any] = {}
    for name, cmd in cases.items():
        timed(cmd, env)
        out[name] = medians([timed(cmd, env) for _ in range(runs)])
    return out


# ---------------------------------------------------------------- 6. peak memory


def peak_memory_mb(cmd: list[str], env: dict[str, str]) -> float:
    """maxrss of one child, measured in a fresh parent so earlier children do not count."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    kb = int(done.stdout.strip())
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def memory(work: Path, env: dict[str, str]) -> dict[str, Any]:
    bare = peak_memory_mb([sys.executable, str(ROOT / "benchmarks" / "bare_docx.py"), str(work / "paragraphs.json"),
                           str(work / "bare-mem.docx")], env)
    single = peak_memory_mb(drafter("render", str(SAMPLE), "-o", str(work / "mem.docx"), "--force"), env)
    batch_mb = peak_memory_mb(drafter("render", str(work / "forms"), "-o", str(work / "batch"), "--force"), env)
    return {"bare_mb": bare, "render_sample_mb": single, "render_batch_mb": batch_mb,
            "render_vs_bare": round(single / bare, 2), "batch_vs_bare": round(batch_mb / bare, 2)}


# ---------------------------------------------------------------- 7. docxtpl


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
    from drafter import api

    form = _load(SAMPLE)
    times, ours = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        doc = docxtpl.DocxTemplate(work / "docxtpl.docx")
        doc.render({"blocks": texts})
        doc.save(work / "docxtpl-out.docx")
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        api.render(form)
        ours.append(time.perf_counter() - start)
    return {"in_process_render_s": round(statistics.median(times[1:]), 4),
            "drafter_in_process_render_s": round(statistics.median(ours[1:]), 4),
            "version": getattr(docxtpl, "__version__", "")}


# ---------------------------------------------------------------- report


def _met(value: float | None, aim: float, at_most: bool = True) -> str:
    if value is None:
        return ""
    return "达到" if (value <= aim if at_most else value >= aim) else "未达到"


def table(results: dict[str, Any], smoke: bool) -> str:
    c, p, m, cmd = results["cold"], results["in_process"], results["memory"], results["commands"]
    b, s, bare = results["batch"], results["sizes"], results["cold"]["bare_python_docx"]

    def wall_cpu(entry: dict[str, Any]) -> str:
        return f"{entry['median_s']:.3f} s（CPU {entry['cpu_median_s']:.3f} s）"

    def vs_bare(seconds: float) -> str:
        return f"{seconds / bare['median_s']:.2f}"

    r, k = c["render"], c["check"]
    rows = [("项目", "结果", "与 python-docx 脚本之比", "目标"),
            ("python-docx 脚本写同样内容（冷启动，中位数）", wall_cpu(bare), "1", ""),
            ("drafter render 最大样例（冷启动，中位数）", wall_cpu(r),
             f"{r['ratio']:.2f}（CPU {r['cpu_ratio']:.2f}；各轮 {r['ratio_range'][0]:.2f}–{r['ratio_range'][1]:.2f}）",
             f"≤ {AIMS['render_ratio']}，{_met(r['ratio'], AIMS['render_ratio'])}"),
            ("drafter render，缓存文件夹为空（首次）", wall_cpu(c["render_empty_cache"]),
             vs_bare(c["render_empty_cache"]["median_s"]), ""),
            ("drafter check 最大样例（冷启动，中位数）", wall_cpu(k), f"{k['ratio']:.2f}（CPU {k['cpu_ratio']:.2f}）",
             f"≤ {AIMS['check_s']} s，{_met(k['median_s'], AIMS['check_s'])}"),
            (f"批量生成 {b['forms']} 份（-j 2，墙钟）",
             f"{b['median_s']:.2f} s（两个进程共用 CPU {b['cpu_median_s']:.1f} s；每份 {b['per_form_s'] * 1000:.0f} ms）",
             f"每份 {b['per_form_vs_bare']:.2f}", f"≤ {AIMS['batch_j2_s']} s，{_met(b['median_s'], AIMS['batch_j2_s'])}"),
            (f"进程内生成（检查排好版面后：文档 + Word，{p['forms']} 份）", f"{p['render_per_cpu_s']:.1f} 份/CPU 秒",
             f"{p['render_vs_bare']:.2f}（脚本进程内 {p['bare_per_cpu_s']:.1f} 份/CPU 秒）",
             f"≥ {AIMS['render_per_cpu_s']}，{_met(p['render_per_cpu_s'], AIMS['render_per_cpu_s'], at_most=False)}"),
            ("进程内全流程（读取、校验、检查、生成）", f"{p['pipeline_per_cpu_s']:.1f} 份/CPU 秒",
             f"{p['pipeline_per_cpu_s'] / p['bare_per_cpu_s']:.2f}", ""),
            ("篇幅每增加 1000 字（全流程，进程内）",
             "、".join(f"{x:.1f}" for x in s["marginal_ms_per_1000_chars"]) + " ms",
             f"{s['points'][-1]['ms'] / 1000 / bare['cpu_median_s']:.2f}（{s['points'][-1]['text_chars']} 字一份）",
             f"最大/最小 ≤ {AIMS['linearity']}，实为 {s['linearity']}，{_met(s['linearity'], AIMS['linearity'])}"),
            ("drafter --help", wall_cpu(cmd["drafter --help"]), vs_bare(cmd["drafter --help"]["median_s"]),
             f"≤ {AIMS['help_s']} s"),
            ("drafter import", wall_cpu(cmd["drafter import"]), vs_bare(cmd["drafter import"]["median_s"]), ""),
            ("python -c pass（参照）", wall_cpu(cmd["python -c pass"]), vs_bare(cmd["python -c pass"]["median_s"]), ""),
            ("峰值内存：python-docx 脚本", f"{m['bare_mb']:.0f} MB", "1", ""),
            ("峰值内存：生成一份", f"{m['render_sample_mb']:.0f} MB", f"{m['render_vs_bare']:.2f}", ""),
            (f"峰值内存：批量生成 {p['forms']} 份（一个进程）", f"{m['render_batch_mb']:.0f} MB", f"{m['batch_vs_bare']:.2f}",
             f"≤ {AIMS['batch_memory_mb']} MB，{_met(m['render_batch_mb'], AIMS['batch_memory_mb'])}")]
    d = results["docxtpl"]
    if "in_process_render_s" in d:
        rows += [("docxtpl 生成同样段落（进程内，无版式）", f"{d['in_process_render_s']:.3f} s", "", ""),
                 ("drafter 生成同一样例（进程内，含版式）", f"{d['drafter_in_process_render_s']:.3f} s", "", "")]
    else:
        rows.append(("docxtpl", d["skipped"], "", ""))
    i = results["docx_import"]
    rows += [(f"导入 .docx（{i['chars']} 字，自动编号和表格，进程内中位数）", f"{i['import_s']:.3f} s",
              f"{i['ratio']:.2f}（python-docx 读出同一文件各段文字 {i['python_docx_read_s']:.3f} s）",
              f"< {AIMS['docx_import_s']:g} s")]
    from drafter.text import display_width

    widths = [max(display_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    note = "（冒烟模式：次数很少，数字仅供参考）" if smoke else ""
    machine = results["machine"]
    note += (f"\n系统负载：开始时 {machine['load_average_at_start'][0]}，结束时 {machine['load_average_at_end'][0]}"
             f"（{machine['cpus']} 核）；负载高时墙钟时间偏长，CPU 时间和比值受影响较小")
    size = f"生成的表单：正文约 {p['text_chars']} 字、{p['items']} 个条目、{p['figures']} 个数据，{p['form_bytes'] // 1024} KB"
    return "\n".join([*lines, size + note])


def main() -> None:
    parser = argparse.ArgumentParser(description="drafter 性能测试")
    parser.add_argument("--smoke", action="store_true", help="冒烟模式：每项只跑很少几次，不检查目标（供 CI 使用）")
    parser.add_argument("--output", type=Path, default=RESULTS, help="结果 JSON 文件")
    args = parser.parse_args()
    rounds, forms, runs, batch_runs, per_size = (1, 4, 1, 1, 1) if args.smoke else (21, 200, 7, 3, 5)
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    env = child_env(work)
    os.environ["DRAFTER_CACHE_DIR"] = env["DRAFTER_CACHE_DIR"]   # the in-process parts use the same folder
    try:
        results: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
            "smoke": args.smoke,
            "aims": AIMS,
            "cold": cold_commands(work, rounds, env),
            "in_process": in_process(work, forms),
        }
        results["batch"] = batch(work, batch_runs, env, results["cold"]["bare_python_docx"]["median_s"])
        results["sizes"] = size_curve(work, per_size)
        results["commands"] = commands(work, runs, env)
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
