"""The serving benchmark keeps working: a tiny run against the demo ledger on SQLite gives its
five rows, with the ledger (anonymous, signed in with answers kept, and signed in executed each
time) and the plain endpoint answering the same bytes. Nothing here asserts a time or a rate."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from scripts.benchmarks.serving import run_serving


def test_the_serving_benchmark_runs_in_small_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'l.db'}"
    subprocess.run(
        [sys.executable, "-m", "scripts.cli", "demo"],
        cwd=tmp_path,
        env={**os.environ, "KHUYENCONG_DATABASE_URL": url},
        capture_output=True,
        timeout=300,
        check=True,
    )

    run = run_serving("sqlite", url, clients=4, seconds=1.0, workdir=tmp_path)

    assert len(run.rows) == 6
    rate, p99, signed, signed_p99, executed, rss = run.rows
    assert rate.measurement == "GraphQL dashboard, 4 clients"
    # The ratio is the ledger's rate over the plain endpoint's (the row shows both rounded).
    assert rate.figure == round(run.ledger.rate, 1)
    assert rate.baseline == round(run.plain.rate, 1)
    assert rate.ratio == round(run.ledger.rate / run.plain.rate, 3)
    assert run.ledger.requests > 0
    assert run.plain.requests > 0
    assert run.ledger.errors == 0, run.ledger.error_detail
    assert run.plain.errors == 0, run.plain.error_detail
    assert rss.figure > 0
    assert rss.baseline is not None
    assert rss.baseline > 0
    assert run.ledger.sample_body == run.plain.sample_body
    assert run.ledger.other_bodies == run.plain.other_bodies == 0
    assert json.loads(run.ledger.sample_body)["data"]["program"]["code"] == "BD-KC-2025"
    assert p99.measurement == "GraphQL dashboard p99"
    assert signed.measurement == "GraphQL dashboard, signed in (kept per scope), 4 clients"
    assert signed.figure == round(run.signed.rate, 1)
    assert signed.baseline == round(run.plain.rate, 1)
    assert signed.ratio == round(run.signed.rate / run.plain.rate, 3)
    assert run.signed.requests > 0
    assert run.signed.errors == 0, run.signed.error_detail
    assert run.signed.other_bodies == 0
    # The token was accepted (a refused one answers 401, counted as errors above), and the
    # dashboard's public fields answer the same signed in.
    assert run.signed.sample_body == run.ledger.sample_body
    assert signed.detail.startswith("p50 ")
    assert signed_p99.measurement == "GraphQL dashboard p99, signed in (kept per scope)"
    assert signed_p99.figure == round(run.signed.p99_ms, 2)
    assert executed.measurement == "GraphQL dashboard, signed in (executed each time), 4 clients"
    assert executed.ratio == round(run.executed.rate / run.plain.rate, 3)
    assert run.executed.requests > 0
    assert run.executed.errors == 0, run.executed.error_detail
    assert run.executed.sample_body == run.ledger.sample_body
    assert rss.measurement == "API peak RSS"
