"""The packages import downward only: domain < projections < {audit, finance} < api < scripts.

audit and finance are siblings on one layer and must not import each other. Every import is read
with ``ast`` (``import x``, ``from x import y``, and those inside functions), so a lazy import
cannot slip past; relative imports stay inside their own package and are not a layer question.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from scripts.settings import REPOSITORY_ROOT

LAYERS = {"domain": 0, "projections": 1, "audit": 2, "finance": 2, "api": 3, "scripts": 4}


class Import(NamedTuple):
    source: str  # the importing file's top-level package
    target: str  # the imported module's top-level package
    where: str  # file:line
    text: str  # the module named, as written

    def __str__(self) -> str:
        return f"{self.where}: {self.source} imports {self.text}"


def _imports() -> Iterator[Import]:
    for package in LAYERS:
        for path in sorted((REPOSITORY_ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                for module in _modules(node):
                    target = module.split(".")[0]
                    if target in LAYERS and target != package:
                        yield Import(package, target, _where(path, node), module)


def _modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPOSITORY_ROOT)}:{getattr(node, 'lineno', 0)}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle of the package graph, found once, as the path that closes it."""
    found: list[list[str]] = []

    def visit(path: list[str]) -> None:
        for nxt in sorted(edges.get(path[-1], ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:  # each cycle from its smallest member
                visit([*path, nxt])

    for start in sorted(edges):
        visit([start])
    return found


def test_the_package_graph_has_no_cycle() -> None:
    imports = list(_imports())
    edges: dict[str, set[str]] = {}
    for found in imports:
        edges.setdefault(found.source, set()).add(found.target)
    problems = []
    for cycle in _cycles(edges):
        steps = pairwise(cycle)
        evidence = [next(str(i) for i in imports if (i.source, i.target) == s) for s in steps]
        problems.append(" -> ".join(cycle) + "\n    " + "\n    ".join(evidence))
    assert not problems, "import cycles between packages:\n  " + "\n  ".join(problems)


def test_every_import_goes_down_a_layer() -> None:
    upward = [
        str(found)
        for found in _imports()
        if LAYERS[found.target] >= LAYERS[found.source]  # the same layer is a sibling's
    ]
    order = "domain < projections < {audit, finance} < api < scripts"
    assert not upward, f"imports against the layers ({order}):\n  " + "\n  ".join(upward)
