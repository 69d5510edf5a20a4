"""The README's lines that put `khuyencong` on the PATH after `./scripts/serve` work as printed."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess

import pytest

from scripts.settings import REPOSITORY_ROOT

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
