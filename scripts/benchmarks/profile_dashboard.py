"""The signed-in dashboard executed in-process, for profiling: the ASGI application the server
runs, called directly (no socket, no uvicorn) with an auditor's token, keeping no signed-in
answer, so that every request executes the query. Prints the CPU time per request (every
thread of the process: the event loop and the worker threads that read), which a shared
machine's load disturbs far less than a rate; ``--profile`` adds cProfile's table of the
event loop's thread.

    python scripts/benchmarks/profile_dashboard.py sqlite:///var/khuyencong.db --requests 300
    python scripts/benchmarks/profile_dashboard.py postgresql://… --profile tottime

Run as a file, it profiles the code first on ``PYTHONPATH`` (e.g. an older commit's tree beside
this one), so two versions can be compared on the same database and machine.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from typing import Any

from api.auth import TokenKeys, mint
from scripts.benchmarks.serving import DASHBOARD
from scripts.bootstrap import bootstrap, create_api
from scripts.settings import Settings

SECRET = "profile-" + "x" * 40
WARMUP_REQUESTS = 30
PROFILE_ROWS = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", choices=("tottime", "cumulative"))
    args = parser.parse_args()
    settings = Settings.from_env(
        {
            "KHUYENCONG_DATABASE_URL": args.database_url,
            "KHUYENCONG_SECRET": SECRET,
            "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
            "KHUYENCONG_KEPT_ANSWERS_MB": "0",
        }
    )
    token = mint(TokenKeys(secret=SECRET), "profile", "auditor", None, 3600)
    body = json.dumps({"query": DASHBOARD, "operationName": "Dashboard"}).encode()
    with bootstrap(settings) as services:
        services.catch_up()
        app = create_api(services)
        asyncio.run(_measure(app, body, token, args.requests, args.profile))


async def _measure(app: Any, body: bytes, token: str, requests: int, profile: str | None) -> None:
    answer = await _request(app, body, token)
    if b'"errors"' in answer or b'"data"' not in answer:
        raise SystemExit(f"the dashboard answered errors: {answer[:500]!r}")
    for _ in range(WARMUP_REQUESTS):
        await _request(app, body, token)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        await _request(app, body, token)
    wall_ms = (time.perf_counter() - started) / requests * 1000
    cpu_ms = (time.process_time() - cpu) / requests * 1000
    print(f"{requests} requests: {cpu_ms:.2f} ms CPU and {wall_ms:.2f} ms wall per request")
    if profile is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            await _request(app, body, token)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(profile).print_stats(PROFILE_ROWS)


async def _request(app: Any, body: bytes, token: str) -> bytes:
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"authorization", f"Bearer {token}".encode()),
        ],
    }
    await app(scope, receive, send)
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


if __name__ == "__main__":
    main()
