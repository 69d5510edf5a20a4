"""What the HTTP layers at /graphql cost (the spec's status codes and negotiation, HTTP caching,
persisted queries, gzip), beside the same application without them, in the same run.

    python -m scripts.benchmarks.http_layers sqlite:///var/khuyencong.db [--requests 2000]

Both applications serve the same services in one process, driven through ASGI directly (no
sockets, so the layers' own cost is not hidden by the network), in alternating rounds so that
a busy machine slows both alike. Prints requests a second for each and their ratio: the
anonymous dashboard POST (answered from the public answers) and a GET query revalidated with
its ETag (304).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Callable
from typing import Any
from unittest import mock
from urllib.parse import urlencode

from starlette.types import ASGIApp, Message

from api import app as api_app
from scripts.benchmarks.serving import DASHBOARD
from scripts.bootstrap import bootstrap, create_api
from scripts.settings import Settings

ROUNDS = 5
RawHeaders = list[tuple[bytes, bytes]]
Request = tuple[str, bytes, bytes, RawHeaders]  # method, query string, body, headers


def _without_http_layers(build: Callable[[], ASGIApp]) -> ASGIApp:
    def passed(app: ASGIApp, *args: Any, **kwargs: Any) -> ASGIApp:
        return app

    with (
        mock.patch.object(api_app, "GraphQLOverHTTP", passed),
        mock.patch.object(api_app, "HttpCache", passed),
        mock.patch.object(api_app, "Compression", passed),
    ):
        return build()


async def _call(
    app: ASGIApp, method: str, query_string: bytes, body: bytes, headers: RawHeaders
) -> tuple[int, RawHeaders]:
    sent = False
    status = 0
    answered: RawHeaders = []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, answered
        if message["type"] == "http.response.start":
            status = message["status"]
            answered = list(message.get("headers", []))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": query_string,
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    await app(scope, receive, send)
    return status, answered


async def _rate(app: ASGIApp, requests: int, request: Request) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        await _call(app, *request)
    return requests / (time.perf_counter() - started)


async def _measure(layered: ASGIApp, bare: ASGIApp, requests: int) -> None:
    body = json.dumps({"query": DASHBOARD, "operationName": "Dashboard"}).encode()
    post: Request = ("POST", b"", body, [(b"content-type", b"application/json")])
    query = urlencode({"query": "{ programs { code titleVi } }"}).encode()
    plain_get: Request = ("GET", query, b"", [])
    _, answered = await _call(layered, *plain_get)
    etag = dict(answered)[b"etag"]
    revalidate: Request = ("GET", query, b"", [(b"if-none-match", etag)])
    for name, layered_request, bare_request in (
        ("anonymous dashboard POST", post, post),
        ("GET query revalidated (304 beside 200 without the layers)", revalidate, plain_get),
    ):
        assert (await _call(layered, *layered_request))[0] in (200, 304)
        rates: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(ROUNDS):
            rates["without"].append(await _rate(bare, requests // ROUNDS, bare_request))
            rates["with"].append(await _rate(layered, requests // ROUNDS, layered_request))
        with_rate = sorted(rates["with"])[ROUNDS // 2]
        without_rate = sorted(rates["without"])[ROUNDS // 2]
        print(
            f"{name}: {with_rate:,.0f} req/s with the HTTP layers, "
            f"{without_rate:,.0f} without; ratio {with_rate / without_rate:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args(argv)
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": args.database_url, "KHUYENCONG_SECRET": "x" * 40}
    )
    with bootstrap(settings) as services:
        layered = create_api(services)
        bare = _without_http_layers(lambda: create_api(services))
        asyncio.run(_measure(layered, bare, args.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
