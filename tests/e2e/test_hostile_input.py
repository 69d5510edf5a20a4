"""Hostile requests, one table: each gets an answer below 500 with a JSON error carrying a stable
code (never INTERNAL), writes nothing, and leaves the server answering the next query. On SQLite
and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest

from api.request_body import BODY_BYTES_MAX, JSON_DEPTH_MAX
from tests.e2e.api_client import SECRET, Api, serving

HEAD = "{ ledgerHead { position } }"
NESTED = 100_000
REGISTER = """mutation($name: String!) {
  registerEstablishment(input: {programCode: "BD-KC-2025", name: $name,
    kind: "SME", taxCode: "3700000001", unitCode: "718"}) {
    userErrors { code field message } position } }"""


@pytest.fixture
def api(scenario, database_url) -> Iterator[Api]:
    with serving(scenario.ledger, database_url) as api:
        yield api


def _raw(body: bytes | Callable[[], Iterator[bytes]]) -> Callable:
    def send(api: Api) -> Any:
        content = body if isinstance(body, bytes) else body()  # a stream is sent once
        return api.client.post(
            "/graphql", content=content, headers={"Content-Type": "application/json"}
        )

    return send


def _query(query: str, variables: dict[str, Any] | None = None, role: str | None = None):
    # As ASCII JSON, so a lone surrogate travels as the escape a client would send.
    body = json.dumps({"query": query, "variables": variables or {}}).encode()

    def send(api: Api) -> Any:
        headers = {"Content-Type": "application/json"}
        if role:
            headers["Authorization"] = f"Bearer {api.token(role)}"
        return api.client.post("/graphql", content=body, headers=headers)

    return send


def _token(claims: dict[str, Any]) -> Callable:
    base = {"sub": "x", "role": "finance", "iss": "khuyencong", "iat": 1_700_000_000}

    def send(api: Api) -> Any:
        return api.post(HEAD, token=jwt.encode({**base, **claims}, SECRET, algorithm="HS256"))

    return send


def _chunks(total_bytes: int) -> Iterator[bytes]:
    yield b'{"query": "{ ledgerHead { position } }", "pad": "'
    for _ in range(total_bytes // 65_536):
        yield b"x" * 65_536
    yield b'"}'


def _fragment_cycle() -> str:
    return "query { ...A } fragment A on Query { ledgerHead { position } ...B } " + (
        "fragment B on Query { ...A }"
    )


def _aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: ledgerHead {{ position }}" for i in range(count)) + " }"


YEAR_3000 = 32_503_680_000
CASES: dict[str, tuple[Callable, int, str]] = {
    "a JSON string body": (_raw(b'"hello"'), 400, "INVALID_BODY"),
    "a JSON null body": (_raw(b"null"), 400, "INVALID_BODY"),
    "a JSON number body": (_raw(b"123"), 400, "INVALID_BODY"),
    "a body that is not JSON": (_raw(b"{query"), 400, "INVALID_BODY"),
    "a body that is not UTF-8": (_raw(b'{"query": "\xff"}'), 400, "INVALID_BODY"),
    "a batch (JSON array) body": (
        _raw(json.dumps([{"query": HEAD}, {"query": HEAD}]).encode()),
        400,
        "INVALID_BODY",
    ),
    "a hundred thousand nested arrays": (_raw(b"[" * NESTED + b"]" * NESTED), 400, "INVALID_BODY"),
    "nested variables past the depth bound": (
        _raw(
            b'{"query": "{ ledgerHead { position } }", "variables": {"x": '
            + b"[" * JSON_DEPTH_MAX
            + b"]" * JSON_DEPTH_MAX
            + b"}}"
        ),
        400,
        "INVALID_BODY",
    ),
    "a body above the limit, announced": (
        _raw(b'{"pad": "' + b"x" * (BODY_BYTES_MAX + 1) + b'"}'),
        413,
        "BODY_TOO_LARGE",
    ),
    "a body above the limit, streamed without a length": (
        _raw(lambda: _chunks(BODY_BYTES_MAX + 65_536)),
        413,
        "BODY_TOO_LARGE",
    ),
    "NUL in establishments(search:)": (
        _query("query($s: String) { establishments(search: $s) { totalCount } }", {"s": "a\0b"}),
        200,
        "INVALID_QUERY",
    ),
    "a lone surrogate in establishments(search:)": (
        _query("query($s: String) { establishments(search: $s) { totalCount } }", {"s": "\ud800"}),
        200,
        "INVALID_QUERY",
    ),
    "NUL in targets(programCode:), in the document": (
        _query('{ targets(programCode: "BD\\u0000") { target } }'),
        200,
        "INVALID_QUERY",
    ),
    "a lone surrogate in journal(types:)": (
        _query("query($t: [String!]) { journal(types: $t) { totalCount } }", {"t": ["\udfff"]}),
        200,
        "INVALID_QUERY",
    ),
    "a lone surrogate in registerEstablishment(name:)": (
        _query(REGISTER, {"name": "Cơ sở \ud83d"}, role="doit"),
        200,
        "INVALID_TEXT",
    ),
    "a token that expires in the year 3000": (
        _token({"exp": YEAR_3000}),
        401,
        "UNAUTHENTICATED",
    ),
    "a token issued now that lives a year": (
        _token({"iat": YEAR_3000 - 10**9, "exp": YEAR_3000 - 10**9 + 365 * 86_400}),
        401,
        "UNAUTHENTICATED",
    ),
    "a fragment cycle": (_query(_fragment_cycle()), 200, "GRAPHQL_VALIDATION_FAILED"),
    "a thousand aliases": (_query(_aliases(1_000)), 200, "GRAPHQL_PARSE_FAILED"),
    "sixteen aliases": (_query(_aliases(16)), 200, "GRAPHQL_VALIDATION_FAILED"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_request_gets_a_coded_error_writes_nothing_and_the_server_answers_on(api, case):
    send, status, code = CASES[case]
    head = api.head()
    response = send(api)
    assert response.status_code < 500
    body = response.json()
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    codes += [
        error["code"]
        for payload in (body.get("data") or {}).values()
        for error in (payload or {}).get("userErrors", [])
    ]
    assert (response.status_code, codes[:1]) == (status, [code]), body
    assert "INTERNAL" not in codes
    assert api.head() == head
    assert api.data(HEAD)["ledgerHead"]["position"] == head
