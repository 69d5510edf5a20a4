"""Bounds on a request's body, checked before GraphQL reads it: its size (counted while it
arrives, never read whole first), its shape (one JSON object) and its nesting depth."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware import refuse
from finance.statements import STATEMENT_BYTES_MAX

BODY_BYTES_MAX = 4 * 2**20  # KHUYENCONG_MAX_BODY_BYTES
# A multipart upload carries a statement file (finance.statements) plus its form fields.
UPLOAD_OVERHEAD_BYTES = 2**20
JSON_DEPTH_MAX = 64


class BodyRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class RequestBody:
    """A JSON body above ``body_bytes_max`` gets 413 BODY_TOO_LARGE; one that is not a single
    JSON object (a string, null, a number, a batch array) or is nested deeper than
    JSON_DEPTH_MAX gets 400 INVALID_BODY. A multipart upload may be as large as a statement
    file; it is counted as it streams and cut off with 413 once over."""

    def __init__(self, app: ASGIApp, body_bytes_max: int = BODY_BYTES_MAX) -> None:
        self.app = app
        self.body_bytes_max = body_bytes_max
        self.upload_bytes_max = STATEMENT_BYTES_MAX + UPLOAD_OVERHEAD_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").startswith("multipart/")
        limit = self.upload_bytes_max if multipart else self.body_bytes_max
        try:
            _check_length(headers.get("content-length"), limit)
            if multipart:
                await self._stream(scope, receive, send, limit)
                return
            body = await _read(receive, limit)
            if scope["path"] == "/graphql":
                check_json_shape(body)
        except BodyRefused as refused:
            await refuse(scope, receive, send, refused.status, refused.code, refused.message)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _stream(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        refused: BodyRefused | None = None
        responded = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused is not None:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = _too_large(limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal responded
            if refused is None:
                responded = True
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if refused is None:
                raise
        if refused is not None and not responded:
            await refuse(scope, receive, send, refused.status, refused.code, refused.message)


def _too_large(limit: int) -> BodyRefused:
    return BodyRefused(413, "BODY_TOO_LARGE", f"the request body is larger than {limit} bytes")


def _check_length(value: str | None, limit: int) -> None:
    if value is None:
        return
    if not value.strip().isdigit():
        raise BodyRefused(400, "INVALID_BODY", "Content-Length is not a whole number")
    if int(value) > limit:
        raise _too_large(limit)


async def _read(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def check_json_shape(body: bytes) -> None:
    """A GraphQL request is one JSON object whose nesting is bounded. The parser's own
    recursion guard stops a body of a hundred thousand brackets; the depth is then counted
    without recursion, so nothing later (variable coercion) recurses deeper than the bound."""
    try:
        document = json.loads(body)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        raise BodyRefused(400, "INVALID_BODY", "the request body is not JSON") from None
    if not isinstance(document, dict):
        raise BodyRefused(
            400,
            "INVALID_BODY",
            "the request body must be one JSON object with a query (batches are not accepted)",
        )
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > JSON_DEPTH_MAX:
            raise _too_deep()
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _too_deep() -> BodyRefused:
    return BodyRefused(
        400, "INVALID_BODY", f"the request body is nested deeper than {JSON_DEPTH_MAX}"
    )
