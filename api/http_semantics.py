"""GraphQL over HTTP as the spec has it (https://graphql.github.io/graphql-over-http/draft/),
in front of strawberry's view at /graphql.

Before GraphQL runs: the answer's media type is chosen from ``Accept`` (406 when neither JSON
type is acceptable), a POST must be ``application/json`` (415 otherwise; multipart uploads pass),
the parameters are checked (400 with a JSON error body), a persisted document is filled in
(api/persisted_queries.py), a GET whose operation is a mutation answers 405 with
``Allow: POST``, and a subscription (served over WebSocket only) answers 400. After: with
``application/graphql-response+json`` the answer carries that content type, and a request error
(the document does not parse or validate, a variable does not coerce: no field ran, so there is
no ``data``) answers 400 without the ``data`` key; with ``application/json`` it stays 200 as the
spec allows. Errors strawberry answers as plain text become JSON error bodies with a code.
"""

from __future__ import annotations

import json
import re
from typing import Any

from graphql import OperationType
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.graphql_params import (
    ParamsRefused,
    from_json_body,
    from_query_string,
    operation_type,
)
from api.http_negotiation import GRAPHQL_RESPONSE_JSON, JSON, negotiate
from api.persisted_queries import PERSISTED_QUERY_NOT_FOUND, DocumentRefused, PersistedQueries

# Errors that do not mean the request was wrong: the server could not answer it.
SERVER_FAULT_CODES = frozenset({"UNAVAILABLE", "INTERNAL"})
STATUS_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "BODY_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}
IDE_ACCEPTS = ("text/html", "*/*")  # what strawberry answers with GraphiQL on a GET
NULL_DATA = re.compile(rb'\s*\{\s*"data"\s*:\s*null\b')


class GraphQLOverHTTP:
    def __init__(self, app: ASGIApp, documents: PersistedQueries) -> None:
        self.app = app
        self.documents = documents

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        accept = headers.get("accept")
        if scope["type"] != "http" or _asks_for_ide(scope, headers):
            await self.app(scope, receive, send)
            return
        media_type = negotiate(accept)
        if media_type is None:
            await _refuse(scope, receive, send, JSON, 406, "NOT_ACCEPTABLE", _NOT_ACCEPTABLE)
            return
        if scope["method"] == "POST" and _is_multipart(headers):
            await self.app(scope, receive, _answering_in(media_type, send))
            return
        try:
            if scope["method"] == "POST":
                _check_content_type(headers)
                body = await _read_body(receive)
                given = from_json_body(body)
            else:
                given = from_query_string(scope.get("query_string", b""))
            params = self.documents.resolve(given)
        except ParamsRefused as refused:
            status = 415 if refused.code == "UNSUPPORTED_MEDIA_TYPE" else 400
            await _refuse(scope, receive, send, media_type, status, refused.code, refused.message)
            return
        except DocumentRefused as refused:
            await self._refuse_document(scope, receive, send, media_type, refused)
            return
        kind = operation_type(params)
        if kind is OperationType.SUBSCRIPTION:
            await _refuse(scope, receive, send, media_type, 400, "BAD_REQUEST", _SUBSCRIPTION)
            return
        if scope["method"] == "GET" and kind is OperationType.MUTATION:
            code, message = "METHOD_NOT_ALLOWED", _GET_MUTATION
            await _refuse(scope, receive, send, media_type, 405, code, message, headers=_ALLOW_POST)
            return
        if scope["method"] == "POST":
            if params is not given:
                body = params.as_json()
                scope = _with_body(scope, body)
            receive = _replay(body)
        elif params is not given:
            scope = {**scope, "query_string": params.as_query_string()}
        await self.app(scope, receive, _answering_in(media_type, send))

    async def _refuse_document(
        self, scope: Scope, receive: Receive, send: Send, media_type: str, refused: DocumentRefused
    ) -> None:
        if refused.code == PERSISTED_QUERY_NOT_FOUND:
            # Apollo Server answers it 200, and Apollo Client before 3.8 stops sending hashes
            # after a 400; with "data": null a 200 is within the spec for the newer type too.
            null_data = media_type == GRAPHQL_RESPONSE_JSON
            message = refused.message
            await _refuse(
                scope, receive, send, media_type, 200, refused.code, message, null_data=null_data
            )
            return
        # Like a document that does not validate: no data, and 200 only for the old type.
        status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
        await _refuse(scope, receive, send, media_type, status, refused.code, refused.message)


_ALLOW_POST = {"Allow": "POST"}
_GET_MUTATION = "a mutation is sent with POST; GET runs queries only"
# Subscriptions stream over WebSocket only; over HTTP one would run as a query and fail.
_SUBSCRIPTION = "a subscription is opened over WebSocket (graphql-transport-ws) at /graphql"

_NOT_ACCEPTABLE = (
    f"GraphQL answers in {GRAPHQL_RESPONSE_JSON} or {JSON}; the Accept header allows neither"
)


def _asks_for_ide(scope: Scope, headers: Headers) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    params = scope.get("query_string", b"")
    if b"query=" in params or b"extensions=" in params or b"documentId=" in params:
        return False
    accept = headers.get("accept", "")
    return any(kind in accept for kind in IDE_ACCEPTS)


def _is_multipart(headers: Headers) -> bool:
    return headers.get("content-type", "").lower().startswith("multipart/form-data")


def _check_content_type(headers: Headers) -> None:
    given = headers.get("content-type", "").split(";")
    media_type, *parameters = (part.strip().lower() for part in given)
    charset = next((p.split("=", 1)[1] for p in parameters if p.startswith("charset=")), "utf-8")
    if media_type != JSON or charset.strip('"') != "utf-8":
        raise ParamsRefused(
            "a GraphQL POST is application/json in UTF-8 (or multipart/form-data for an upload)",
            "UNSUPPORTED_MEDIA_TYPE",
        )


async def _read_body(receive: Receive) -> bytes:
    # RequestBody (api/request_body.py) has already bounded the body's size.
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _with_body(scope: Scope, body: bytes) -> Scope:
    headers = [(k, v) for k, v in scope.get("headers", ()) if k != b"content-length"]
    return {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}


def _replay(body: bytes) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _answering_in(media_type: str, send: Send) -> Send:
    """A send that gives the answer the negotiated media type and the spec's status."""
    start: Message | None = None
    chunks: list[bytes] = []
    passing = False

    async def answering(message: Message) -> None:
        nonlocal start, passing
        if message["type"] == "http.response.start":
            start = message
            content_type = _raw_header(message, b"content-type")
            # Only the newer media type's answers and plain-text refusals change; streams, the
            # GraphiQL page and application/json answers go out as they are, unread.
            passing = not (
                (media_type == GRAPHQL_RESPONSE_JSON and content_type.startswith(JSON))
                or (content_type.startswith("text/plain") and message["status"] >= 400)
            )
            if passing:
                await send(message)
            return
        if passing or message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        status, body, content_type = _reshaped(start, b"".join(chunks), media_type)
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        headers["content-type"] = content_type
        headers["content-length"] = str(len(body))
        await send({**start, "status": status, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return answering


def _raw_header(message: Message, name: bytes) -> str:
    for key, value in message.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _reshaped(start: Message, body: bytes, media_type: str) -> tuple[int, bytes, str]:
    status: int = start["status"]
    content_type = _raw_header(start, b"content-type")
    answer_type = (
        f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8" if media_type == GRAPHQL_RESPONSE_JSON else JSON
    )
    if content_type.startswith("text/plain"):
        if status < 400:
            return status, body, content_type
        message = body.decode("utf-8", "replace").strip() or "the request was refused"
        code = STATUS_CODES.get(status, "BAD_REQUEST")
        return status, _error_body(message, code), answer_type
    if media_type == GRAPHQL_RESPONSE_JSON and status == 200 and _request_error(body):
        answer = json.loads(body)
        del answer["data"]
        return 400, json.dumps(answer, ensure_ascii=False).encode(), answer_type
    return status, body, answer_type


def _request_error(body: bytes) -> bool:
    """A request error: GraphQL refused the request before any field ran, so ``data`` is null
    and no error has a path (a field's error always has one). A server fault (the database
    unavailable) is not the request's fault and keeps its answer."""
    if not NULL_DATA.match(body):  # strawberry writes data first: most answers stop here
        return False
    try:
        answer: Any = json.loads(body)
    except ValueError:
        return False
    if not isinstance(answer, dict) or "data" not in answer or answer["data"] is not None:
        return False
    errors = answer.get("errors")
    if not isinstance(errors, list) or not errors:
        return False
    return all(
        isinstance(error, dict)
        and error.get("path") is None
        and (error.get("extensions") or {}).get("code") not in SERVER_FAULT_CODES
        for error in errors
    )


def _error_body(message: str, code: str) -> bytes:
    error = {"message": message, "extensions": {"code": code}}
    return json.dumps({"errors": [error]}, ensure_ascii=False).encode()


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    media_type: str,
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    null_data: bool = False,
) -> None:
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    if null_data:
        body = {"data": None, **body}
    content_type = (
        f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8" if media_type == GRAPHQL_RESPONSE_JSON else JSON
    )
    sent = {"Cache-Control": "no-store", **(headers or {})}  # a refusal is not to be reused
    response = JSONResponse(body, status_code=status, headers=sent, media_type=content_type)
    await response(scope, receive, send)
