"""Hostile requests, one table, shared by the in-process test (tests/e2e/test_hostile_input.py)
and the fault suite's real server (tests/faults/test_hostile_input.py). Each case is a way to
send the request, the HTTP status it must get and the first error code of its answer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import jwt

from api.limits import DEPTH_MAX
from api.request_body import BODY_BYTES_MAX, JSON_DEPTH_MAX
from tests.e2e.api_client import SECRET


class Response(Protocol):
    @property
    def status_code(self) -> int: ...

    def json(self) -> Any: ...


HEAD = "{ ledgerHead { position } }"
NESTED = 100_000
REGISTER = """mutation($name: String!) {
  registerEstablishment(input: {programCode: "BD-KC-2025", name: $name,
    kind: "SME", taxCode: "3700000001", unitCode: "718"}) {
    userErrors { code field message } position } }"""


def _raw(body: bytes | Callable[[], Iterator[bytes]]) -> Callable:
    def send(api: Any) -> Any:
        content = body if isinstance(body, bytes) else body()  # a stream is sent once
        return api.client.post(
            "/graphql", content=content, headers={"Content-Type": "application/json"}
        )

    return send


def _query(query: str, variables: dict[str, Any] | None = None, role: str | None = None):
    # As ASCII JSON, so a lone surrogate travels as the escape a client would send.
    body = json.dumps({"query": query, "variables": variables or {}}).encode()

    def send(api: Any) -> Any:
        headers = {"Content-Type": "application/json"}
        if role:
            headers["Authorization"] = f"Bearer {api.token(role)}"
        return api.client.post("/graphql", content=body, headers=headers)

    return send


def _bearer(token: str) -> Callable:
    def send(api: Any) -> Any:
        return api.post(HEAD, token=token)

    return send


def _token(claims: dict[str, Any]) -> Callable:
    base = {"sub": "x", "role": "finance", "iss": "khuyencong", "iat": 1_700_000_000}

    def send(api: Any) -> Any:
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


def _nested_selection(depth: int) -> str:
    """A selection `depth` levels deep. The schema has no cycle (its deepest path is six levels),
    so such a query names fields that do not exist; the depth bound refuses it either way."""
    inner = "position"
    for _ in range(depth):
        inner = f"position {{ {inner} }}"
    return "{ ledgerHead { " + inner + " } }"


def _nested_introspection(depth: int) -> str:
    """Introspection `depth` levels deep: answered, as the schema's own types bound it."""
    inner = "name"
    for _ in range(depth):
        inner = f"ofType {{ {inner} }}"
    return "{ __schema { types { fields { type { " + inner + " } } } } }"


YEAR_3000 = 32_503_680_000
# Each case: how to send it, the status it gets, the first error code (None: answered, no error).
CASES: dict[str, tuple[Callable, int, str | None]] = {
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
    "a thousand aliases": (_query(_aliases(1_000)), 200, "GRAPHQL_PARSE_FAILED"),  # tokens
    "sixteen aliases": (_query(_aliases(16)), 200, "GRAPHQL_VALIDATION_FAILED"),
    "a selection nested past the depth bound": (
        _query(_nested_selection(DEPTH_MAX + 5)),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "introspection nested a hundred levels": (_query(_nested_introspection(100)), 200, None),
    "a garbage token": (_bearer("garbage"), 401, "UNAUTHENTICATED"),
    "a token of three garbage parts": (_bearer("a.b.c"), 401, "UNAUTHENTICATED"),
    "a token signed with another secret": (
        _bearer(
            jwt.encode(
                {"sub": "x", "role": "finance", "iss": "khuyencong", "exp": YEAR_3000 - 10**9},
                "another-secret-" + "y" * 40,
                algorithm="HS256",
            )
        ),
        401,
        "UNAUTHENTICATED",
    ),
}


def first_code(response: Response) -> str | None:
    codes = answer_codes(response)
    return codes[0] if codes else None


def answer_codes(response: Response) -> list[str]:
    """The error codes of an answer: its top-level errors', then its payloads' user errors'."""
    body = response.json()
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    codes += [
        error["code"]
        for payload in (body.get("data") or {}).values()
        for error in (payload or {}).get("userErrors", [])
    ]
    return codes
