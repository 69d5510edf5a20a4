"""The benchmarks keep working: each runs in its small mode, as its own process, and writes its
table and JSON; `khuyencong bench` refuses what it cannot measure. Nothing here asserts a time."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import psycopg
import pytest

from scripts.benchmarks.fixtures import BENCH_DATABASE_PREFIX
from scripts.settings import REPOSITORY_ROOT
from tests.conftest import ADMIN_URL

GROUP_COMMIT = r"group commit wrote ([\d,]+) saves in ([\d,]+) transactions"


def _run(*arguments: str, cwd=REPOSITORY_ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """A bench as its own process, as a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.postgres
def test_the_projection_benchmark_runs_in_small_mode(tmp_path, postgres_url):
    out = tmp_path / "bench.json"
    result = _run(
        "scripts.bench_projection",
        "--events",
        "400",
        "--queries",
        "5",
        "--backend",
        "both",
        "--postgres-url",
        ADMIN_URL,
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "raw SELECT ev/s" in result.stdout
    rows = json.loads(out.read_text())
    assert [row["backend"] for row in rows] == ["sqlite", "postgresql"]
    for row in rows:
        assert row["events"] >= 400
        assert row["rebuild_events_per_s"] > 0
        assert row["rebuild_ratio"] == pytest.approx(
            row["rebuild_events_per_s"] / row["raw_select_events_per_s"], abs=0.001
        )  # the ratio is printed to three decimals


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_audit_benchmark_runs_in_small_mode(tmp_path, postgres_url, backend):
    out = tmp_path / "bench.json"
    result = _run(
        "scripts.bench_audit",
        *("--backend", backend, "--events", "300", "--payments", "12"),
        *("--postgres-url", ADMIN_URL, "--json", str(out)),
    )
    assert result.returncode == 0, result.stderr
    assert "with audit load" in result.stdout
    figures = json.loads(out.read_text())
    commands, pack = figures["commands"], figures["pack"]
    assert commands["ratio"] == pytest.approx(
        commands["loaded_per_s"] / commands["alone_per_s"], abs=0.001
    )
    assert pack["events"] >= 300
    assert pack["verify_s"] > 0
    assert pack["verify_peak_mb"] > 0


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_reconciliation_benchmark_runs_in_small_mode(tmp_path, postgres_url, backend):
    out = tmp_path / "bench.json"
    result = _run(
        "scripts.bench_finance",
        *("--backend", backend, "--payments", "300", "--runs", "1"),
        *("--postgres-url", ADMIN_URL, "--json", str(out)),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["statement_lines"] > 0
    assert figures["matched"] > 0  # the perturbed statement matches mostly
    assert figures["only_in_statement"] + figures["only_in_ledger"] > 0


MEASUREMENTS = [
    "commands, 1 client",
    "commands, 8 clients",
    "freshness p99 at 200 cmd/s",
    "commands, 1 client, projector apart",
    "commands, 8 clients, projector apart",
    "bulk load (demo ×1)",
    "rebuild",
    "check",
    "as-of budget p95",
    "restore an audit pack",
    "GraphQL dashboard, 32 clients",
    "GraphQL dashboard p99",
    "GraphQL dashboard, signed in",  # answers kept per scope
    "GraphQL dashboard p99, signed in",  # answers kept per scope
    "GraphQL dashboard, signed in",  # executed each time
    "API peak RSS",
]


@pytest.mark.postgres
def test_khuyencong_bench_measures_everything_beside_its_baselines(tmp_path, postgres_url):
    out = tmp_path / "bench.json"
    bench = subprocess.Popen(
        [
            *(sys.executable, "-m", "scripts.cli", "bench", "--small", "--backend", "both"),
            *("--postgres-url", ADMIN_URL, "--json", str(out)),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = bench.communicate(timeout=300)
    result = subprocess.CompletedProcess(bench.args, bench.returncode, stdout, stderr)
    assert result.returncode == 0, result.stderr
    assert "baseline" in result.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["machine"]["cpus"] > 0
    assert document["machine"]["postgresql"]
    rows = document["rows"]
    for backend in ("sqlite", "postgresql"):
        names = [row["measurement"] for row in rows if row["backend"] == backend]
        assert len(names) == len(MEASUREMENTS)
        for name, expected in zip(names, MEASUREMENTS, strict=True):
            assert name.startswith(expected)
    for row in rows:
        assert row["figure"] > 0, row
        if row["baseline"] is not None and row["unit"] in ("cmd/s", "ev/s", "req/s"):
            # a rate against a rate: the ratio is the one the goal is judged on. It is computed
            # from the unrounded rates and printed to three places, so it may stand half a
            # thousandth (or, for large rates, half a percent) apart from the printed ones'.
            expected = row["figure"] / row["baseline"]
            assert row["ratio"] == pytest.approx(expected, rel=0.005, abs=0.0006)
    for row in rows:
        if row["measurement"] == "commands, 8 clients":
            found = re.search(GROUP_COMMIT, row["detail"])
            assert found, row["detail"]
            saves, transactions = (int(n.replace(",", "")) for n in found.groups())
            assert saves >= transactions >= 1
    assert not list(tmp_path.glob("*.db"))  # its databases are its own, and gone
    # Only this run's own: an interrupted earlier run, or another run sharing the server, may
    # hold databases of its own meanwhile.
    assert _bench_databases(bench.pid) == set()


def _bench_databases(pid: int) -> set[str]:
    """The PostgreSQL databases the bench process `pid` created and left behind."""
    with psycopg.connect(ADMIN_URL) as admin:
        rows = admin.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
            (f"{BENCH_DATABASE_PREFIX}{pid}_",),
        ).fetchall()
    return {name for (name,) in rows}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--events", "5"], "--events is at least 100"),
        (
            ["--backend", "postgresql", "--postgres-url", "postgresql://nobody@127.0.0.1:1/x"],
            "cannot reach PostgreSQL",
        ),
    ],
)
def test_khuyencong_bench_refuses_what_it_cannot_measure(tmp_path, arguments, message):
    result = _run("scripts.cli", "bench", "--small", *arguments, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
