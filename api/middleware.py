"""The request's way in, one small ASGI middleware per concern, outermost first: ``Cors`` (in
api/cors.py), ``Authentication`` (who calls), ``MinPosition`` (X-Min-Position), ``RequestBody``
(its size and shape, in api/request_body.py), ``RequestMetrics`` (a request id, and the count
and latency of what was let through). A refused request is not counted."""

from __future__ import annotations

import time
import uuid

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.auth import TokenKeys, Unauthenticated, authenticate

MIN_POSITION_HEADER = "x-min-position"
COUNTED_PATHS = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


class Authentication:
    """Sets ``state.principal``; a bad token gets 401 (a WebSocket is closed with 4401)."""

    def __init__(self, app: ASGIApp, keys: TokenKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        try:
            principal = authenticate(self.keys, Headers(scope=scope).get("authorization"))
        except Unauthenticated as error:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401, "reason": error.message})
                return
            await refuse(scope, receive, send, 401, error.code, error.message)
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


class MinPosition:
    """Sets ``state.min_position`` from X-Min-Position; one that is not a position gets 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        try:
            position = min_position(Headers(scope=scope).get(MIN_POSITION_HEADER))
        except ValueError as error:
            await refuse(scope, receive, send, 400, "INVALID_HEADER", str(error))
            return
        scope.setdefault("state", {})["min_position"] = position
        await self.app(scope, receive, send)


class RequestMetrics:
    """Gives each request an id (``state.request_id``); counts HTTP requests and their latency
    by path and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["request_id"] = uuid.uuid4().hex[:12]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"] if scope["path"] in COUNTED_PATHS else "other"
        started = time.perf_counter()
        status = 500

        async def counting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            metrics.REQUESTS.labels(path=path, status=str(status)).inc()
            metrics.LATENCY.labels(path=path).observe(time.perf_counter() - started)


def min_position(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit():
        raise ValueError("X-Min-Position is a ledger position, a whole number")
    return int(value)


async def refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    response = JSONResponse(
        body, status_code=status, headers={"WWW-Authenticate": "Bearer"} if status == 401 else None
    )
    await response(scope, receive, send)
