"""Reads that scale out on a PostgreSQL streaming replica: the signed-in dashboard, executed each
time, loaded on one API process that reads the primary, then on two at once — the same one, and
a second that reads the replica (KHUYENCONG_READ_DATABASE_URL) — by the same number of clients
split between them. Measured only when ``khuyencong bench --replica-url`` names a replica of the
bench's PostgreSQL server (the bench's database reaches it by streaming replication)."""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
from pathlib import Path

from scripts.benchmarks.http_load import LoadResult
from scripts.benchmarks.report import Row, rate_row
from scripts.benchmarks.serving import (
    DASHBOARD,
    HOST,
    JSON_HEADERS,
    SECRET_BYTES,
    _auditor_token,
    _load,
    _running,
    _wait_caught_up,
)

# Two processes on two servers would double the rate on machines of their own; on one shared
# machine they split its cores with the database servers and the load.
SCALE_OUT_GOAL = 1.5


def measure_replica_reads(
    primary_url: str, replica_url: str, *, clients: int, seconds: float, workdir: Path
) -> list[Row]:
    dashboard = json.dumps({"query": DASHBOARD, "operationName": "Dashboard"}).encode()
    secret = secrets.token_urlsafe(SECRET_BYTES)
    env = {
        **os.environ,
        "KHUYENCONG_DATABASE_URL": primary_url,
        "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
        "KHUYENCONG_SECRET": secret,
        "KHUYENCONG_KEPT_ANSWERS_MB": "0",  # every request executes the query
    }
    reading_replica = {
        **env,
        "KHUYENCONG_READ_DATABASE_URL": replica_url,
        "KHUYENCONG_EMBEDDED_PROJECTOR": "false",  # the first process projects on the primary
    }
    headers = {**JSON_HEADERS, "Authorization": f"Bearer {_auditor_token(secret)}"}
    command = [sys.executable, "-m", "scripts.cli", "serve", "--host", HOST, "--port"]
    with _running(command, env, workdir, "serve-primary.log") as (primary_port, _):
        _wait_caught_up(primary_port)
        print(f"replica reads: one API process, {clients} clients", file=sys.stderr)
        one = _load(primary_port, dashboard, clients, seconds, headers)
        with _running(command, reading_replica, workdir, "serve-replica.log") as (port, _):
            _wait_caught_up(port)
            print(f"replica reads: primary + replica processes, {clients} clients", file=sys.stderr)
            both = _both(primary_port, port, dashboard, clients, seconds, headers)
    rate = sum(result.rate for result in both)
    errors = sum(result.errors for result in both)
    detail = (
        f"primary process {both[0].rate:.1f} + replica process {both[1].rate:.1f} req/s, "
        f"{clients // 2} clients each; one process p99 {one.p99_ms:.1f} ms, two p99 "
        f"{both[0].p99_ms:.1f} / {both[1].p99_ms:.1f} ms; {errors + one.errors} errors"
    )
    if both[0].sample_body != both[1].sample_body:
        detail += "; the replica's answer differs from the primary's"
    return [
        rate_row(
            "postgresql",
            f"GraphQL dashboard, signed in (executed), primary + replica processes, {clients} "
            "clients",
            "req/s",
            rate,
            one.rate,
            "one API process",
            SCALE_OUT_GOAL,
            detail=detail,
        )
    ]


def _both(
    first: int, second: int, body: bytes, clients: int, seconds: float, headers: dict[str, str]
) -> list[LoadResult]:
    """Both processes loaded at once, each by half the clients."""
    results: dict[int, LoadResult] = {}

    def run(index: int, port: int) -> None:
        results[index] = _load(port, body, max(clients // 2, 1), seconds, headers)

    threads = [
        threading.Thread(target=run, args=(i, port)) for i, port in enumerate((first, second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[0], results[1]]
