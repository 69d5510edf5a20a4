"""The HTTP examples of docs/API.md (```sh blocks of curl) run as printed against a real
``khuyencong serve``, in the order the docs give them. The comment ending a block says what the
last answer is: ``# → <status>, <text>, …``, each text found in its headers or body (headers
compared without regard to case)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import SECRET
from tests.servers import served

DOC = REPOSITORY_ROOT / "docs" / "API.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
EXPECTED = re.compile(r"^# → (\d{3})(?:, (.*))?$", re.M)
PRINTED_BASE = "http://localhost:8000"
COMMAND_LIMIT_S = 30


def http_examples() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## GraphQL over HTTP") : text.index("## Limits and errors")]
    return [block for block in BLOCK.findall(section) if EXPECTED.search(block)]


def test_the_http_examples_of_the_api_docs_answer_as_printed(tmp_path: Path):
    if shutil.which("curl") is None:
        pytest.skip("needs curl on the PATH")
    examples = http_examples()
    assert len(examples) >= 6
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
    }
    with served(tmp_path, env) as base:
        for example in examples:
            done = subprocess.run(
                ["bash", "-c", example.replace(PRINTED_BASE, base)],
                capture_output=True,
                text=True,
                timeout=COMMAND_LIMIT_S,
                check=False,
            )
            statuses = re.findall(r"^HTTP/[\d.]+ (\d{3})", done.stdout, re.M)
            expected = EXPECTED.search(example)
            assert expected is not None
            assert statuses, f"{example}\nprinted no status: {done.stdout}{done.stderr}"
            assert statuses[-1] == expected.group(1), f"{example}\n{done.stdout}"
            for wanted in filter(None, (expected.group(2) or "").split(", ")):
                assert wanted.lower() in done.stdout.lower(), f"{example}\n{done.stdout}"
