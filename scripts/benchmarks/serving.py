"""GraphQL serving and the API's memory: the ledger's dashboard query over HTTP to a real uvicorn
process, beside a plain Starlette process answering the same bytes, both loaded alike in the
same run; and the peak resident memory of each process.

The dashboard is loaded three times on the ledger: anonymously, as a public dashboard asks it
(whose answers the API keeps per read-model position), signed in as an auditor (whose answers
are kept per scope and position), and signed in on a second server process that keeps no
signed-in answer (KHUYENCONG_KEPT_ANSWERS_MB=0), so that every request executes the whole query.

The ledger runs as ``khuyencong serve`` (the embedded projector included), the baseline as
``scripts.benchmarks.plain_server``; both through the same ``uvicorn.run`` call."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.auth import TokenKeys, mint
from scripts.benchmarks.http_load import LoadResult, load
from scripts.benchmarks.report import Row, ceiling_row, rate_row

HOST = "127.0.0.1"
PROGRAM = "BD-KC-2025"
YEARS = (2021, 2022, 2023, 2024, 2025)
# The Dashboard operation of docs/FRONTEND.md: what a public dashboard asks, without a token.
DASHBOARD = """query Dashboard {
  program(code: "BD-KC-2025") { code titleVi decisionNo }
  targets(programCode: "BD-KC-2025") {
    indicator { code nameVi unit } target achieved planned progress }
  budget(programCode: "BD-KC-2025") {
    position totals { allocated committed paid available executionRate } } }"""
JSON_HEADERS = {"Content-Type": "application/json"}
START_LIMIT_S = 120
STOP_LIMIT_S = 10
WARMUP_REQUESTS = 20
WARMUP_S = 1.0
LOG_TAIL_CHARS = 3_000
RATE_GOAL = 0.3
SIGNED_RATE_GOAL = 0.3  # a kept signed-in answer, held to the same share as the public one
EXECUTED_RATE_GOAL = 0.1  # executed each time: issue 19's goal for execution itself
SIGNED_SUBJECT = "bench-auditor"
SIGNED_ROLE = "auditor"  # reads everything, writes nothing
TOKEN_TTL_S = 3600
SECRET_BYTES = 36  # 48 characters once encoded
P99_CEILING_MS = 25
SIGNED_P99_CEILING_MS = 50  # issue 19: everyone who signs in, not only visitors
RSS_CEILING_MB = 150


@dataclass(frozen=True)
class ServingRun:
    rows: list[Row]
    ledger: LoadResult  # anonymous
    signed: LoadResult  # the same query with an auditor's token, answers kept per scope
    executed: LoadResult  # the same again, on a server that keeps no signed-in answer
    plain: LoadResult
    ledger_rss_mb: float
    plain_rss_mb: float
    reads: int  # the ordinary read queries sent after the loads, each checked


def measure_serving(
    backend: str, database_url: str, *, clients: int = 32, seconds: float = 10.0, workdir: Path
) -> list[Row]:
    return run_serving(
        backend, database_url, clients=clients, seconds=seconds, workdir=workdir
    ).rows


def run_serving(
    backend: str, database_url: str, *, clients: int = 32, seconds: float = 10.0, workdir: Path
) -> ServingRun:
    """Both servers, one after the other, each loaded by ``clients`` connections for
    ``seconds``; the rows, and the loads behind them for whoever wants to check more."""
    dashboard = json.dumps({"query": DASHBOARD, "operationName": "Dashboard"}).encode()
    secret = secrets.token_urlsafe(SECRET_BYTES)
    env = {
        **os.environ,
        "KHUYENCONG_DATABASE_URL": database_url,
        "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
        "KHUYENCONG_SECRET": secret,  # so that the server accepts the token minted here
    }
    signed_headers = {**JSON_HEADERS, "Authorization": f"Bearer {_auditor_token(secret)}"}
    ledger_command = [sys.executable, "-m", "scripts.cli", "serve", "--host", HOST, "--port"]
    with _running(ledger_command, env, workdir, "serve-ledger.log") as (port, pid):
        _wait_caught_up(port)
        answer = _graphql(port, dashboard, "the dashboard query")
        _graphql(port, dashboard, "the signed-in dashboard query", signed_headers)
        print(f"{backend}: GraphQL load, {clients} clients, {seconds:g} s", file=sys.stderr)
        ledger = _load(port, dashboard, clients, seconds)
        print(f"{backend}: signed-in GraphQL load, {clients} clients", file=sys.stderr)
        signed = _load(port, dashboard, clients, seconds, signed_headers)
        print(f"{backend}: ordinary reads", file=sys.stderr)
        reads = _ordinary_reads(port)
        ledger_rss = _peak_rss_mb(pid)
    executing = {**env, "KHUYENCONG_KEPT_ANSWERS_MB": "0"}
    with _running(ledger_command, executing, workdir, "serve-executing.log") as (port, _):
        _wait_caught_up(port)
        print(f"{backend}: signed-in GraphQL load, executed each time", file=sys.stderr)
        executed = _load(port, dashboard, clients, seconds, signed_headers)
    answer_file = workdir / "dashboard-answer.json"
    answer_file.write_bytes(answer)
    plain_command = [sys.executable, "-m", "scripts.benchmarks.plain_server", "--body"]
    plain_command += [str(answer_file), "--host", HOST, "--port"]
    with _running(plain_command, dict(os.environ), workdir, "serve-plain.log") as (port, pid):
        print(f"{backend}: plain Starlette load, {clients} clients", file=sys.stderr)
        plain = _load(port, dashboard, clients, seconds)
        plain_rss = _peak_rss_mb(pid)
    rows = [
        rate_row(
            backend,
            f"GraphQL dashboard, {clients} clients",
            "req/s",
            ledger.rate,
            plain.rate,
            "plain Starlette",
            RATE_GOAL,
            detail=_load_detail(ledger, plain),
        ),
        ceiling_row(
            backend,
            "GraphQL dashboard p99",
            "ms",
            ledger.p99_ms,
            P99_CEILING_MS,
            baseline=plain.p99_ms,
            baseline_name="plain Starlette",
        ),
        rate_row(
            backend,
            f"GraphQL dashboard, signed in (kept per scope), {clients} clients",
            "req/s",
            signed.rate,
            plain.rate,
            "plain Starlette",
            SIGNED_RATE_GOAL,
            detail=_signed_detail(signed, ledger),
        ),
        ceiling_row(
            backend,
            "GraphQL dashboard p99, signed in (kept per scope)",
            "ms",
            signed.p99_ms,
            SIGNED_P99_CEILING_MS,
            baseline=plain.p99_ms,
            baseline_name="plain Starlette",
        ),
        rate_row(
            backend,
            f"GraphQL dashboard, signed in (executed each time), {clients} clients",
            "req/s",
            executed.rate,
            plain.rate,
            "plain Starlette",
            EXECUTED_RATE_GOAL,
            detail=_signed_detail(executed, ledger),
        ),
        ceiling_row(
            backend,
            "API peak RSS",
            "MB",
            ledger_rss,
            RSS_CEILING_MB,
            baseline=plain_rss,
            baseline_name="plain Starlette process",
            detail=f"after the loads and {reads} ordinary read queries",
        ),
    ]
    return ServingRun(rows, ledger, signed, executed, plain, ledger_rss, plain_rss, reads)


def _auditor_token(secret: str) -> str:
    return mint(TokenKeys(secret=secret), SIGNED_SUBJECT, SIGNED_ROLE, None, TOKEN_TTL_S)


def _load(
    port: int,
    body: bytes,
    clients: int,
    seconds: float,
    headers: Mapping[str, str] = JSON_HEADERS,
) -> LoadResult:
    # A few single requests first, so both servers have compiled, cached and connected
    # whatever they do lazily before the timed load starts (which warms up again under load).
    for _ in range(WARMUP_REQUESTS):
        _post(port, body, headers)
    result = load(
        HOST,
        port,
        "/graphql",
        body,
        headers,
        clients=clients,
        seconds=seconds,
        warmup_s=WARMUP_S,
    )
    if result.requests == 0:
        raise RuntimeError(f"no request completed in {seconds:g} s: {result.error_detail}")
    return result


def _load_detail(ledger: LoadResult, plain: LoadResult) -> str:
    parts = [
        f"p50 {ledger.p50_ms:.2f} ms / p99 {ledger.p99_ms:.2f} ms; "
        f"plain p50 {plain.p50_ms:.2f} / p99 {plain.p99_ms:.2f} ms; "
        f"{ledger.requests:,} requests, {ledger.errors} errors "
        f"(plain {plain.requests:,} requests, {plain.errors} errors)"
    ]
    parts += _failures("ledger", ledger) + _failures("plain", plain)
    if ledger.sample_body != plain.sample_body:
        parts.append("the two servers' answers differ")
    return "; ".join(parts)


def _failures(name: str, result: LoadResult) -> list[str]:
    """Failures are the first thing a reader must see, never an average."""
    parts = []
    if result.errors:
        parts.append(f"{name} errors: {result.error_detail}")
    if result.other_bodies:
        parts.append(f"{name}: {result.other_bodies} answers differed from the first")
    return parts


def _signed_detail(signed: LoadResult, anonymous: LoadResult) -> str:
    parts = [
        f"p50 {signed.p50_ms:.2f} ms / p99 {signed.p99_ms:.2f} ms; "
        f"{signed.requests:,} requests, {signed.errors} errors"
    ]
    parts += _failures("signed in", signed)
    # The dashboard's fields are public: a token may see more elsewhere, not different here.
    if signed.sample_body != anonymous.sample_body:
        parts.append("the signed-in answer differs from the anonymous one")
    return "; ".join(parts)


def _ordinary_reads(port: int) -> int:
    """What anonymous users ask besides the dashboard: the budget of each year, now and as of
    mid-year, the targets of each year, and the targets as the ledger stood halfway."""
    head = _graphql(port, _query("{ ledgerHead { position } }"), "ledgerHead")
    halfway = json.loads(head)["data"]["ledgerHead"]["position"] // 2
    totals = "totals { allocated committed paid available executionRate }"
    progress = "indicator { code } target achieved planned progress"
    queries = ["{ programs { code titleVi decisionNo } }"]
    for year in YEARS:
        queries += [
            f'{{ budget(programCode: "{PROGRAM}", year: {year}) {{ position {totals} }} }}',
            f'{{ budget(programCode: "{PROGRAM}", year: {year}, '
            f'asOf: {{effectiveOn: "{year}-06-30"}}) {{ position {totals} }} }}',
            f'{{ targets(programCode: "{PROGRAM}", year: {year}) {{ {progress} }} }}',
        ]
    queries.append(
        f'{{ targets(programCode: "{PROGRAM}", asOf: {{position: {halfway}}}) {{ {progress} }} }}'
    )
    for query in queries:
        _graphql(port, _query(query), query)
    return len(queries) + 1


def _query(query: str) -> bytes:
    return json.dumps({"query": query}).encode()


def _graphql(port: int, body: bytes, what: str, headers: Mapping[str, str] = JSON_HEADERS) -> bytes:
    """One query, which must answer data and no errors; its bytes."""
    answer = _post(port, body, headers)
    document = json.loads(answer)
    if "errors" in document or not document.get("data"):
        raise RuntimeError(f"{what} answered errors or no data: {answer[:LOG_TAIL_CHARS]!r}")
    return answer


def _post(port: int, body: bytes, headers: Mapping[str, str] = JSON_HEADERS) -> bytes:
    request = urllib.request.Request(
        f"http://{HOST}:{port}/graphql", data=body, headers=dict(headers), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer: bytes = response.read()
            return answer
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"POST /graphql answered {error.code}: {error.read()!r}") from None


@contextmanager
def _running(
    command: Sequence[str], env: Mapping[str, str], workdir: Path, log_name: str
) -> Iterator[tuple[int, int]]:
    """A server process on a free port, ready; its port and pid. Stopped on leaving."""
    port = _free_port()
    log_path = workdir / log_name
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, str(port)], cwd=workdir, env=dict(env), stdout=log, stderr=log
        )
        try:
            _wait_ready(process, port, log_path)
            yield port, process.pid
        finally:
            _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_LIMIT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode} before it was ready; "
                f"{log_path}:\n{_tail(log_path)}"
            )
        if _readyz(port) is not None:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the server was not ready within {START_LIMIT_S} s; {log_path}:\n{_tail(log_path)}"
            )
        time.sleep(0.2)


def _wait_caught_up(port: int) -> None:
    """Ready means a lag of at most 1,000 events; wait for none, so that every answer of the
    load (the budget's position among them) is the same."""
    deadline = time.monotonic() + START_LIMIT_S
    while True:
        state = _readyz(port)
        if state is not None and state.get("lag") == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the read model did not catch up within {START_LIMIT_S} s: {state}")
        time.sleep(0.2)


def _readyz(port: int) -> dict[str, Any] | None:
    """/readyz's JSON (or {} for a plain body) when it answers 200, else None."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=5) as response:
            text = response.read()
    except OSError:  # not listening yet, or 503 while the read model catches up
        return None
    try:
        state = json.loads(text)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of the process's resident memory (VmHWM, in KiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_LIMIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARS:]
