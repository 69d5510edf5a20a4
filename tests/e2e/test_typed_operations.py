"""Every GraphQL operation in the docs compiles to TypeScript types with the GraphQL Code
Generator configuration docs/FRONTEND.md prints, against the committed schema, and the result
passes `tsc --strict` together with a small typed usage and the Apollo cache the page prints.
Node and the tools come from tests/node/codegen (its lock file); without them the test is
skipped, and fails under CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
TOOLS = REPOSITORY_ROOT / "tests" / "node" / "codegen" / "node_modules"
DOCS = [*sorted((REPOSITORY_ROOT / "docs").glob("*.md")), REPOSITORY_ROOT / "README.md"]
GRAPHQL_BLOCK = re.compile(r"```graphql\n(.*?)```", re.S)
CONFIG_BLOCK = re.compile(r"```ts\n// codegen\.ts\n(.*?)```", re.S)
CACHE_BLOCK = re.compile(r"```ts\n// cache\.ts\n(.*?)```", re.S)
RUN_LIMIT_S = 120
# Uses the generated types as an application would; each @ts-expect-error must meet an error,
# so the scalar mappings are checked both ways (money is a string, never a number).
USAGE = """\
import type {
  DashboardQuery,
  ProjectQuery,
  ProjectQueryVariables,
  ProjectStatus,
} from "./gql/graphql";

export function paidOf(data: ProjectQuery): string | undefined {
  return data.project?.paid;
}

export function recordedOn(data: ProjectQuery): string[] {
  return (data.project?.history ?? []).map((entry) => entry.recordedAt);
}

export const variables: ProjectQueryVariables = { id: "UHJvamVjdDox" };

export const settled: ProjectStatus = "SETTLED";

export function executionRate(data: DashboardQuery): number | null {
  return data.budget.totals.executionRate;
}

export function asNumber(data: ProjectQuery): number {
  // @ts-expect-error VND is a string of digits, not a number
  return data.project?.paid ?? 0;
}

// @ts-expect-error a status the schema does not have
export const unknown: ProjectStatus = "FINISHED";
"""
TSCONFIG = """{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "lib": ["ES2022", "DOM"],
    "skipLibCheck": true
  },
  "include": ["src/**/*.ts"]
}
"""


def _tools() -> Path:
    node = shutil.which("node")
    missing = None if node else "Node.js is not installed"
    if missing is None and not (TOOLS / ".bin" / "graphql-codegen").exists():
        missing = "tests/node/codegen is not installed (scripts/test installs it with npm ci)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: required under CI")
        pytest.skip(missing)
    return TOOLS / ".bin"


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=RUN_LIMIT_S, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"


def _operations(folder: Path) -> int:
    count = 0
    for doc in DOCS:
        for number, block in enumerate(GRAPHQL_BLOCK.findall(doc.read_text("utf-8")), 1):
            (folder / f"{doc.stem}-{number}.graphql").write_text(block, encoding="utf-8")
            count += 1
    return count


def test_the_docs_operations_and_cache_compile_to_strict_typescript_as_printed(tmp_path):
    tools = _tools()
    frontend = (REPOSITORY_ROOT / "docs" / "FRONTEND.md").read_text("utf-8")
    (config,) = CONFIG_BLOCK.findall(frontend)
    (cache,) = CACHE_BLOCK.findall(frontend)
    (tmp_path / "codegen.ts").write_text(config, encoding="utf-8")
    shutil.copy(REPOSITORY_ROOT / "api" / "schema.graphql", tmp_path / "schema.graphql")
    (tmp_path / "node_modules").symlink_to(TOOLS, target_is_directory=True)
    (tmp_path / "tsconfig.json").write_text(TSCONFIG, encoding="utf-8")
    source = tmp_path / "src"
    source.mkdir()
    assert _operations(source) > 10  # blocks; most hold several operations
    (source / "usage.ts").write_text(USAGE, encoding="utf-8")
    (source / "cache.ts").write_text(cache, encoding="utf-8")

    _run([str(tools / "graphql-codegen"), "--config", "codegen.ts"], tmp_path)
    generated = (source / "gql" / "graphql.ts").read_text("utf-8")
    (project,) = re.findall(r"^export type ProjectQuery = .*$", generated, re.M)
    assert "paid: string" in project
    assert "recordedAt: string" in project
    _run([str(tools / "tsc"), "-p", "tsconfig.json"], tmp_path)
