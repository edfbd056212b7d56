"""The import-layering contract of drafter (docs/架构.md): which package may import which, and no cycles.

Every `import` in drafter/ counts, also those inside functions and under TYPE_CHECKING: an
import inside a function keeps start-up fast, it never excuses a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "drafter"

#: Each part of drafter and the parts it may import (besides itself). A part not listed may import nothing.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "limits": {"errors"},
    "paths": set(),
    "cells": set(),
    "text": {"limits"},
    "doctree": set(),
    "cache": {"drafter", "errors", "limits"},
    "model": {"errors", "limits", "text"},
    "form": {"errors", "limits", "paths", "text", "model"},
    # checks lays the report out as render does (one rule for check and render): it may use
    # render and the document tree; render therefore does not import checks.
    "checks": {"errors", "limits", "paths", "text", "model", "form", "writers", "render", "doctree"},
    "render": {"errors", "limits", "paths", "text", "model", "form", "doctree", "cache"},
    "writers": {"errors", "limits", "paths", "text", "model", "form", "doctree", "cache"},
    "importer": {"errors", "limits", "text", "model", "form", "doctree"},
    "edits": {"errors", "limits", "text", "model", "form", "checks"},
    "diff": {"errors", "limits", "cells", "text", "model", "form"},
    "sheets": {"drafter", "errors", "limits", "cells", "text", "model", "form", "checks", "edits"},
    "api": {"errors", "limits", "paths", "text", "model", "form", "checks", "render", "writers", "doctree",
            "importer", "edits", "diff", "sheets"},
    "cli": {"drafter", "api", "errors", "limits", "paths", "text", "checks", "sheets", "serve"},
    "serve": {"drafter", "api", "errors", "limits", "paths", "text", "model", "form", "checks"},
    "__main__": {"cli"},
    "drafter": set(),
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module → the drafter modules it imports (a `from package import name` counts as the package
    unless `name` is a module of it)."""
    files = {_module(path): path for path in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[module] |= {alias.name for alias in node.names if alias.name.split(".")[0] == "drafter"}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                if base.split(".")[0] != "drafter":
                    continue
                for alias in node.names:
                    name = f"{base}.{alias.name}"
                    graph[module].add(name if name in files else base)
    return graph


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "drafter"


def test_every_part_imports_only_what_the_contract_allows():
    wrong = sorted({(module, target) for module, targets in _imports().items() for target in targets
                    if _part(module) != _part(target) and _part(target) not in ALLOWED.get(_part(module), set())})
    assert not wrong, "\n".join(f"{a} imports {b}" for a, b in wrong)


def test_the_contract_itself_has_no_cycle():
    seen: dict[str, int] = {}

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, " → ".join((*path, part))
        if seen.get(part):
            return
        for target in ALLOWED[part]:
            visit(target, (*path, part))
        seen[part] = 1

    for part in ALLOWED:
        visit(part, ())


def test_no_module_imports_itself_back():
    """No cycle between modules, not even through imports inside functions."""
    graph = _imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(node: str) -> None:      # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in list(graph):
        if module not in index:
            connect(module)
    assert not cycles, cycles


def test_the_contract_sees_imports_inside_functions():
    graph = _imports()
    assert "drafter.render" in graph["drafter.api"]          # imported only inside api.render
    assert "drafter.cli.main" in graph["drafter.cli"]
