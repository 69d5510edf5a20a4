"""The README's training ledger, run as printed: `khuyencong demo --until 2024-06-15`, then
`khuyencong serve`, then the write flow (curl and jq, tokens from `khuyencong token`) with its
text unchanged. Then the serve refusals, as a person at the command line meets them."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from api.auth import TokenKeys, mint
from scripts.settings import REPOSITORY_ROOT
from tests.servers import khuyencong, served

README = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
FLOW_STEPS = 7  # allocate, propose, appraise, approve, contract, pay, accept
EXIT_REFUSED = 2
TOKEN_TTL_S = 600


def readme_block(containing: str) -> str:
    (block,) = [b for b in SHELL_BLOCK.findall(README) if containing in b]
    return block


def _commands(block: str) -> list[list[str]]:
    """The block's lines as argument lists, comments and a trailing `&` left out."""
    lines = (line.split("#", 1)[0].strip().removesuffix("&").strip() for line in block.split("\n"))
    return [shlex.split(line) for line in lines if line]


@pytest.fixture(scope="module")
def training(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder where the README's setup block ran: its export, then `khuyencong demo …`."""
    folder = tmp_path_factory.mktemp("training")
    export, demo, serve = _commands(readme_block("khuyencong demo --until"))
    assert export[0] == "export"
    assert serve == ["khuyencong", "serve"]
    name, _, value = export[1].partition("=")
    env = {name: value, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    assert demo[:1] == ["khuyencong"]
    khuyencong(demo[1:], folder, env)
    return folder, env


def _post(base: str, query: str, token: str) -> Any:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _token(folder: Path, role: str, unit: str | None = None) -> str:
    """As `khuyencong token` mints it: with the secret the server made in ./var/secret."""
    secret = (folder / "var" / "secret").read_text(encoding="utf-8").strip()
    return mint(TokenKeys(secret=secret), f"local-{role}", role, unit, TOKEN_TTL_S)


def _ledger(base: str, folder: Path) -> Any:
    query = "{ ledger { training historyUntil today } }"
    return _post(base, query, _token(folder, "auditor"))["data"]["ledger"]


def _serve_refused(folder: Path, env: dict[str, str], *options: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "scripts.cli", "serve", "--port", "9", *options],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_REFUSED, done.stderr
    return done.stderr


def test_the_readmes_write_flow_runs_as_printed_on_a_training_ledger(
    training: tuple[Path, dict[str, str]],
):
    folder, env = training
    flow = readme_block("API=${API:-")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    with served(folder, env) as base:
        assert _ledger(base, folder) == {
            "training": True,
            "historyUntil": "2024-06-15",
            "today": "2024-06-15",
        }
        done = subprocess.run(
            ["bash", "-e", "-c", flow],
            cwd=folder,
            env={**os.environ, **env, "PATH": path, "API": f"{base}/graphql"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(answers) == FLOW_STEPS, done.stdout
    for answer in answers:
        assert "errors" not in answer, answer
        (payload,) = answer["data"].values()
        assert payload["userErrors"] == [], answer
    accepted = answers[-1]["data"]["acceptOutputs"]["project"]
    assert accepted == {
        "status": "ACCEPTED",
        "paid": "120000000",
        "coFinancing": {"evidenced": "120000000"},
    }


def test_a_training_ledger_refuses_an_earlier_day_and_runs_on_from_a_later_one(
    training: tuple[Path, dict[str, str]],
):
    folder, env = training
    with served(folder, env, ["--training-date", "2024-09-30"]) as base:
        assert _ledger(base, folder)["today"] == "2024-09-30"
        district = _token(folder, "district", "718")
        answer = _post(
            base,
            """mutation { allocateBudget(input: {programCode: "BD-KC-2025", year: 2024,
                source: DISTRICT, holderCode: "718", amount: "5000000",
                decisionNo: "1733/QĐ-UBND", decisionDate: "2024-09-30"}) {
                userErrors { code } } }""",
            district,
        )
        assert answer["data"]["allocateBudget"]["userErrors"] == []
    # Restarted without a day, it goes on from its last entry, the 30th: never backwards.
    with served(folder, env) as base:
        assert _ledger(base, folder) == {
            "training": True,
            "historyUntil": "2024-06-15",
            "today": "2024-09-30",
        }
    refused = _serve_refused(folder, env, "--training-date", "2024-09-29")
    assert "khuyencong: refused: TRAINING_DATE_BEFORE_LEDGER [trainingDate]" in refused
    assert "recorded up to 2024-09-30" in refused


def test_a_ledger_of_real_entries_refuses_a_training_date(tmp_path: Path):
    env = {"KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'real.db'}"}
    refused = _serve_refused(tmp_path, env, "--training-date", "2024-06-15")
    assert "khuyencong: refused: NOT_A_TRAINING_LEDGER [trainingDate]" in refused


def test_demo_until_a_day_then_an_earlier_training_date_is_refused_on_both_backends(
    database_url: str, tmp_path: Path
):
    env = {"KHUYENCONG_DATABASE_URL": database_url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    khuyencong(["demo", "--until", "2021-12-31"], tmp_path, env)
    refused = _serve_refused(tmp_path, env, "--training-date", "2021-12-30")
    assert "khuyencong: refused: TRAINING_DATE_BEFORE_LEDGER [trainingDate]" in refused
    assert "recorded up to 2021-12-31" in refused
