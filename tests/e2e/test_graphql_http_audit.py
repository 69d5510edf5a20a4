"""The graphql-http audits (npm graphql-http, ``serverAudits``: the GraphQL over HTTP spec's
requirements and recommendations) against a real ``khuyencong serve``: no error, no warning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.api_client import SECRET
from tests.servers import served

AUDIT = Path(__file__).resolve().parents[1] / "node" / "graphql-http"
AUDIT_LIMIT_S = 120


def _node() -> str:
    node = shutil.which("node")
    installed = (AUDIT / "node_modules" / "graphql-http").is_dir()
    if node is None or not installed:
        message = "needs node on the PATH and `npm ci --prefix tests/node/graphql-http`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return node


def test_the_graphql_http_audit_reports_no_errors_and_no_warnings(tmp_path: Path):
    node = _node()
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
    }
    with served(tmp_path, env) as base:
        done = subprocess.run(
            [node, str(AUDIT / "audit.mjs"), f"{base}/graphql"],
            capture_output=True,
            text=True,
            timeout=AUDIT_LIMIT_S,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(results) > 50, done.stdout  # the audit ran in full
    failing = [result for result in results if result["status"] in ("error", "warn")]
    assert failing == [], "\n".join(json.dumps(result, ensure_ascii=False) for result in failing)
