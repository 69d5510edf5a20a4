"""The hostile-input table (tests/hostile_requests.py) against a real `khuyencong serve` on
PostgreSQL: each request gets a 4xx or a coded GraphQL error, never a 5xx or INTERNAL, the event
store's head does not move, and the server answers the next query. One server for the table."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import _empty_postgres
from tests.faults.load import Answer, post, token
from tests.faults.processes import Server, environment, serving
from tests.hostile_requests import CASES, HEAD, answer_codes, first_code

pytestmark = pytest.mark.postgres
LARGE_BYTES = 1_000_000  # sent headers first
HEADERS_ANSWER_S = 1.0  # how long such a client waits for an answer to the headers alone
LARGE_BYTES = 1_000_000  # sent headers first
HEADERS_ANSWER_S = 1.0  # how long such a client waits for an answer to the headers alone


class _Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, path: str, content: bytes | Iterable[bytes], headers: dict[str, str]) -> Answer:
        if isinstance(content, bytes) and len(content) > LARGE_BYTES:
            return _announced(self.base, path, content, headers)
        return post(self.base, content, headers, path)


def _announced(base: str, path: str, content: bytes, headers: dict[str, str]) -> Answer:
    """A large body, as a careful client sends it: the headers first, then the body only if no
    answer came meanwhile. A server that refuses on the announced length answers at once and
    closes; a client still writing then would meet a reset before it could read the answer."""
    host, port = base.removeprefix("http://").split(":")
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(content)}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        readable, _, _ = select.select([conn], [], [], HEADERS_ANSWER_S)
        if not readable:
            conn.sendall(content)
        raw = b""
        while chunk := conn.recv(65_536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    return Answer(int(head.split()[1]), body.decode())


class RemoteApi:
    """What the table's cases ask of an API, over HTTP to a real server."""

    def __init__(self, base: str) -> None:
        self.client = _Client(base)

    def token(self, role: str) -> str:
        return token(role)

    def post(self, query: str, variables: dict[str, Any] | None = None, *, token: str) -> Answer:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        return self.client.post("/graphql", body, {"Authorization": f"Bearer {token}"})

    def head(self) -> int:
        answer = self.client.post("/graphql", json.dumps({"query": HEAD}).encode(), {})
        return int(answer.json()["data"]["ledgerHead"]["position"])


@pytest.fixture(scope="module")
def server(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _empty_postgres(postgres_url)
    folder: Path = tmp_path_factory.mktemp("hostile")
    with serving(folder, environment(postgres_url)) as server:
        yield server


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_request_to_a_real_server_gets_a_coded_answer_and_writes_nothing(server, case):
    send, status, code = CASES[case]
    api = RemoteApi(server.base)
    head = api.head()
    response = send(api)
    assert response.status is not None, "the server did not answer"
    assert response.status_code < 500
    assert (response.status_code, first_code(response)) == (status, code), response.text[:500]
    assert "INTERNAL" not in answer_codes(response)
    assert api.head() == head
    assert not server.exited()
