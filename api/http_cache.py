"""HTTP caching of GET queries: ``ETag``, ``Cache-Control``, ``Vary`` and ``304``.

A GET query's ETag is derived from the read model's position, the caller's scope (anonymous, or
the token's subject, role and unit) and the request (its query string and the headers the
answer varies by). For a query whose every root field is a function of the read model at its
position (``POSITIONAL_FIELDS``), the ETag is known before the query runs, so a matching
``If-None-Match`` answers 304 without running it. Any other query (the ledger's head, signed
checkpoints, expiring download links) runs, and its ETag also covers the answer's bytes.

``Cache-Control``: anonymous answers are public for a few seconds (a dashboard behind a proxy
asks once per position at most that often); a signed-in caller's are private and revalidated
every time; errors, refusals and POSTs (mutations among them) are ``no-store``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import FieldNode
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import ANONYMOUS, Principal
from api.graphql_params import GraphQLParams, ParamsRefused, from_query_string, operation
from api.http_negotiation import streaming
from api.kept_answers import single_answer

PUBLIC_MAX_AGE_S = 5
ANONYMOUS_CACHE_CONTROL = f"public, max-age={PUBLIC_MAX_AGE_S}"
SIGNED_IN_CACHE_CONTROL = "private, no-cache"
NOT_STORED = "no-store"
VARY = "Authorization, Accept, Accept-Encoding, Origin, X-Min-Position"
VARIED_HEADERS = ("authorization", "accept", "origin", "x-min-position")
# Root fields answered from the read model alone: the same position gives the same answer.
POSITIONAL_FIELDS = frozenset(
    {
        "__typename",
        "node",
        "programs",
        "program",
        "budget",
        "targets",
        "projects",
        "project",
        "supportAndCoFinancing",
        "establishments",
        "journal",
        "reconciliation",
        "treasuryAccounts",
        "treasuryStatements",
        "diff",
        "yearlyReports",
        "inspections",
        "programReview",
        "plans",
        "planVersusActual",
    }
)


class HttpCache:
    def __init__(self, app: ASGIApp, position: Callable[[], Awaitable[int]]) -> None:
        self.app = app
        self.position = position

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        params = _get_query(scope)
        if streaming(headers.get("accept")):
            await self.app(scope, receive, send)
        elif params is None:
            await self.app(scope, receive, _not_stored(send))
        else:
            await self._get(scope, receive, send, headers, params)

    async def _get(
        self, scope: Scope, receive: Receive, send: Send, headers: Headers, params: GraphQLParams
    ) -> None:
        principal = scope.get("state", {}).get("principal", ANONYMOUS)
        cache_control = (
            ANONYMOUS_CACHE_CONTROL if principal is ANONYMOUS else SIGNED_IN_CACHE_CONTROL
        )
        position = await self.position()
        request = _request_key(position, principal, scope, headers)
        positional = _positional(params)
        if positional and _matches(headers.get("if-none-match"), _etag(request)):
            await _not_modified(scope, receive, send, _etag(request), cache_control)
            return
        sent: list[Message] = []

        async def keep(message: Message) -> None:
            sent.append(message)

        await self.app(scope, receive, keep)
        answer = _json_answer(sent)
        if answer is None or await self.position() != position:
            # An error, a stream, or the read model moved while it ran: not to be reused.
            for message in _marked(sent, NOT_STORED):
                await send(message)
            return
        body = answer[1]
        etag = _etag(request) if positional else _etag(request, body)
        if not positional and _matches(headers.get("if-none-match"), etag):
            await _not_modified(scope, receive, send, etag, cache_control)
            return
        for message in _marked(sent, cache_control, etag):
            await send(message)


def _get_query(scope: Scope) -> GraphQLParams | None:
    """The request's parameters when it is a GET query that may be cached."""
    if scope["method"] not in ("GET", "HEAD"):
        return None
    try:
        return from_query_string(scope.get("query_string", b""))
    except ParamsRefused:
        return None


def _positional(params: GraphQLParams) -> bool:
    found = operation(params)
    return found is not None and all(
        isinstance(selection, FieldNode) and selection.name.value in POSITIONAL_FIELDS
        for selection in found.selection_set.selections
    )


def _request_key(position: int, principal: Principal, scope: Scope, headers: Headers) -> bytes:
    caller = (
        ""
        if principal is ANONYMOUS
        else repr((principal.subject, principal.role, principal.unit_code))
    )
    parts: list[Any] = [position, caller, scope.get("path", ""), scope.get("query_string", b"")]
    parts.extend(headers.get(name, "") for name in VARIED_HEADERS)
    return repr(parts).encode()


def _etag(request: bytes, body: bytes = b"") -> str:
    digest = hashlib.sha256(request)
    digest.update(hashlib.sha256(body).digest())
    # Weak: the same answer compressed or not is still the same answer.
    return f'W/"{digest.hexdigest()[:32]}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _json_answer(sent: list[Message]) -> tuple[Message, bytes] | None:
    """The start and body of a 200 JSON answer in one piece without errors (an answer with
    errors may differ next time: not kept)."""
    answer = single_answer(sent)
    if answer is None:
        return None
    content_type = Headers(raw=answer[0].get("headers", [])).get("content-type", "")
    return answer if "json" in content_type else None


def _marked(sent: list[Message], cache_control: str, etag: str | None = None) -> list[Message]:
    if not sent or sent[0]["type"] != "http.response.start":
        return sent
    headers = MutableHeaders(raw=list(sent[0].get("headers", [])))
    headers.setdefault("cache-control", cache_control)
    headers["vary"] = VARY
    if etag is not None:
        headers["etag"] = etag
    return [{**sent[0], "headers": headers.raw}, *sent[1:]]


def _not_stored(send: Send) -> Send:
    async def marking(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            if not any(name.lower() == b"cache-control" for name, _ in headers):
                headers.append((b"cache-control", NOT_STORED.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return marking


async def _not_modified(
    scope: Scope, receive: Receive, send: Send, etag: str, cache_control: str
) -> None:
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": VARY}
    await Response(status_code=304, headers=headers)(scope, receive, send)
