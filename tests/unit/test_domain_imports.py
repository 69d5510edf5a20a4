"""The write side's layering: the generic application knows no capability, and no domain module
imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
CAPABILITIES = ("programs", "budget", "projects", "establishments", "statements")


def _module_name(path: Path) -> str:
    parts = path.relative_to(DOMAIN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _capability(module: str) -> str:
    """'projects' for domain.projects.state; '' for a module of domain itself."""
    return module.split(".")[1] if "." in module else ""


def _domain_imports() -> dict[str, set[str]]:
    """Module → the domain modules it imports (``from a.b import c`` counts a.b and a.b.c)."""
    found: dict[str, set[str]] = {}
    for path in DOMAIN.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[_module_name(path)] = names
    return {module: (names & found.keys()) - {module} for module, names in found.items()}


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph[todo.pop()] - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_the_generic_application_imports_no_capability():
    reached = _reachable(_domain_imports(), "domain.application")
    assert not [module for module in reached if _capability(module) in CAPABILITIES]


def test_no_domain_module_imports_itself_back():
    graph = _domain_imports()
    assert not [module for module in graph if module in _reachable(graph, module)]
