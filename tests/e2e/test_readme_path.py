"""The README's lines that put `khuyencong` on the PATH after `./scripts/serve`, and its first
query with a token, work as printed."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import SECRET
from tests.servers import served

VENV_BIN = REPOSITORY_ROOT / ".venv" / "bin"


def _block_with(line: str) -> str:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(r"```sh\n(.*?)```", readme, re.S) if line in block]
    assert len(blocks) == 1, f"the README has {len(blocks)} sh blocks with {line!r}"
    return blocks[0]


def test_the_readme_s_activate_lines_put_khuyencong_on_the_path() -> None:
    if not (VENV_BIN / "activate").is_file():
        pytest.skip("no .venv in the checkout (./scripts/serve and ./scripts/test make it)")
    block = _block_with("source .venv/bin/activate")
    # A shell as a newcomer has it: nothing of the project's environment on its PATH.
    path = os.pathsep.join(
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and not entry.rstrip("/").endswith(("/.venv/bin", "/venv/bin"))
    )
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    done = subprocess.run(
        ["bash", "-e", "-c", block + "command -v khuyencong\n"],
        cwd=REPOSITORY_ROOT,
        env={**env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    version, found = done.stdout.splitlines()
    assert version == importlib.metadata.version("khuyencong-ledger")
    assert found == str(VENV_BIN / "khuyencong")


def test_the_readme_s_first_query_mints_a_token_and_answers_the_targets(tmp_path: Path) -> None:
    if not (VENV_BIN / "khuyencong").is_file() or shutil.which("curl") is None:
        pytest.skip("needs .venv/bin/khuyencong (./scripts/serve makes it) and curl")
    block = _block_with("token --role auditor)")
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,  # what ./var/secret holds beside a server started here
    }
    with served(tmp_path, env) as base:
        done = subprocess.run(
            ["bash", "-e", "-c", block.replace("localhost:8000", base.removeprefix("http://"))],
            cwd=REPOSITORY_ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    targets = json.loads(done.stdout)["data"]["targets"]
    assert len(targets) == 13
    assert {"indicator", "target", "achieved"} == set(targets[0])
