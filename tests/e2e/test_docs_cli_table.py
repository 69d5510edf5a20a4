"""The command lines of docs/API.md's table of the year's decisions run as printed on the demo
ledger (those without a `…` to fill in), in the table's order, as `khuyencong demo` wrote it."""

from __future__ import annotations

import json
import re
import shlex
import urllib.request
from pathlib import Path

from api.auth import mint
from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import KEYS, SECRET
from tests.e2e.test_docs_examples import ALL
from tests.servers import khuyencong, served

ROW = re.compile(r"^\| [^|]+ \| `(khuyencong [^`]+)`", re.M)


def table_commands() -> list[str]:
    text = (REPOSITORY_ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    section = text[text.index("## The year's decisions") : text.index("## Yearly reports")]
    return [command for command in ROW.findall(section) if "…" not in command]


def _settle_below_paid(base: str) -> None:
    """The docs' own GraphQL step that makes a refund due (no command line settles)."""
    (example,) = [e for e in ALL if (e.doc, e.name) == ("API.md", "SettleBelowPaid")]
    token = mint(KEYS, "center.tester", "center", None, 600)
    request = urllib.request.Request(
        f"{base}/graphql",
        json.dumps({"query": example.text, "variables": example.variables}).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    assert answer["data"]["settleProject"]["userErrors"] == [], answer


def test_the_year_s_decisions_run_as_printed_on_the_command_line(tmp_path: Path) -> None:
    commands = table_commands()
    assert len(commands) >= 4, commands
    assert any(" refund " in c for c in commands), commands
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
    }
    khuyencong(["demo"], tmp_path, env)
    for command in commands:
        if " refund " in command:
            with served(tmp_path, env) as base:
                _settle_below_paid(base)
        khuyencong(shlex.split(command)[1:], tmp_path, env)
