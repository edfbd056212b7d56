"""Generated report forms for the benchmark and the batch tests, built from our own sample.

Each form is the largest sample (示例县2024年) reshuffled: its measures part gets `items`
items drawn in turn from every item and section text of the sample (order varied by the
form's index), and the figures the text does not use are emptied until `figures` remain
filled (never one the text uses). No seed text is involved. `broken` makes a form fail in a chosen way, so a batch
has something to report.
"""

from __future__ import annotations

import copy
import io
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "示例县2024年法治政府建设报告.yaml"

#: How a broken form fails: unreadable YAML, a schema error, an unknown placeholder, a
#: figure the text needs left empty (render refuses it; check only warns).
BROKEN_KINDS = ("yaml", "schema", "reference", "missing")

_PLACEHOLDER = re.compile(r"\{\{\s*([^\s.|}]+)\.([^\s|}]+)")


def _yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False
    return yaml


@cache
def _sample() -> dict[str, Any]:
    return _yaml().load(SAMPLE.read_text(encoding="utf-8"))


def _item_pool(sample: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of the sample, plus the sections of the other parts turned into items."""
    pool = [item for section in sample["主要举措和成效"]["章节"] for item in section.get("条目", [])]
    for part in ("第一责任人履职", "存在的不足和原因", "下一年度工作安排"):
        pool += [{"小标题": f"{s['标题']}。", "内容": s["内容"]} for s in sample[part]["章节"]]
    return pool


def build_form(index: int, *, items: int = 60, figures: int = 80, broken: str | None = None) -> str:
    """YAML text of generated form number `index`."""
    sample = _sample()
    form = copy.deepcopy(sample)
    rng = random.Random(index)
    pool = _item_pool(sample)
    rng.shuffle(pool)
    sections = form["主要举措和成效"]["章节"]
    for section in sections:
        section["条目"] = []
    for n in range(items):
        sections[n % len(sections)]["条目"].append(copy.deepcopy(pool[n % len(pool)]))
    _keep_figures(form, figures)
    if broken is not None:
        return _break(form, broken)
    return _dump(form)


def _used_figures(form: dict[str, Any]) -> set[tuple[str, str]]:
    """(group, figure) of every figure the text uses, directly or through a rate."""
    from drafter.model.figures import GROUPS_BY_KEY

    used = set()
    for group, key in _PLACEHOLDER.findall(repr(form)):
        spec = GROUPS_BY_KEY.get(group)
        rate = spec.rate(key) if spec else None
        used |= {(group, k) for k in (*rate.numerator, *rate.denominator)} if rate else {(group, key)}
    return used


def _keep_figures(form: dict[str, Any], count: int) -> None:
    used = _used_figures(form)
    filled = [(g, k) for g, group in form["数据"].items() if g != "自定义" for k, v in group.items() if v is not None]
    for group, key in reversed(filled):
        if len(filled) <= count:
            break
        if (group, key) not in used:
            form["数据"][group][key] = None
            filled.remove((group, key))


def _break(form: dict[str, Any], kind: str) -> str:
    if kind == "yaml":
        return _dump(form).replace("基本信息:\n", "基本信息:\n\t", 1)
    if kind == "schema":
        form["基本信息"]["年度"] = "二〇二四年度"
    elif kind == "reference":
        form["导语"] += "全年受理{{ 行政复议.不存在的指标 }}件。"
    elif kind == "missing":
        group, key = sorted(_used_figures(form))[0]
        if group == "自定义":
            next(c for c in form["数据"]["自定义"] if c["名称"] == key)["数值"] = None
        else:
            form["数据"][group][key] = None
    else:
        raise ValueError(f"unknown broken kind {kind!r}; choose from {BROKEN_KINDS}")
    return _dump(form)


def _dump(form: dict[str, Any]) -> str:
    stream = io.StringIO()
    _yaml().dump(form, stream)
    return stream.getvalue()


def write_forms(folder: Path, count: int, *, items: int = 60, figures: int = 80,
                broken: dict[int, str] | None = None) -> list[Path]:
    """Write forms 0 … count-1 into `folder` (form n broken as `broken[n]` says); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"表单{n:03d}.yaml"
        path.write_text(build_form(n, items=items, figures=figures, broken=(broken or {}).get(n)), encoding="utf-8")
        paths.append(path)
    return paths

