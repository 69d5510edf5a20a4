"""RequestBody over a tiny ASGI app: sizes are counted as bytes arrive, and what passes reaches
the app intact."""

from __future__ import annotations

import json

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.request_body import BodyRefused, RequestBody, check_json_shape


async def _echo(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    if request.headers.get("content-type", "").startswith("multipart/"):
        async with request.form() as form:
            upload = form["file"]
            assert not isinstance(upload, str)
            size = len(await upload.read())
        await JSONResponse({"uploaded": size})(scope, receive, send)
        return
    await JSONResponse({"received": len(await request.body())})(scope, receive, send)


def _client(body_bytes_max: int, upload_bytes_max: int) -> TestClient:
    guard = RequestBody(_echo, body_bytes_max)
    guard.upload_bytes_max = upload_bytes_max
    return TestClient(guard)


def test_a_body_within_the_limit_reaches_the_app_whole():
    body = json.dumps({"query": "{ a }", "pad": "x" * 900}).encode()
    response = _client(1_000, 10_000).post("/graphql", content=body)
    assert response.json() == {"received": len(body)}


def test_a_body_streamed_past_the_limit_is_cut_off_with_413():
    chunks = (b'{"pad": "' + b"x" * 500 + b'"' if i == 0 else b" " * 500 for i in range(10))
    response = _client(1_000, 10_000).post("/graphql", content=chunks)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


def test_an_upload_has_its_own_limit_counted_while_it_streams():
    client = _client(1_000, 10_000)
    small = client.post("/graphql", files={"file": ("s.csv", b"x" * 5_000)})
    assert small.json() == {"uploaded": 5_000}
    large = client.post("/graphql", files={"file": ("s.csv", b"x" * 20_000)})
    assert large.status_code == 413
    assert large.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


@pytest.mark.parametrize(
    "body", [b'"hello"', b"null", b"123", b"[]", b"[" * 10**5 + b"]" * 10**5, b"{", b""]
)
def test_only_one_json_object_of_bounded_depth_is_a_request(body):
    with pytest.raises(BodyRefused) as refused:
        check_json_shape(body)
    assert (refused.value.status, refused.value.code) == (400, "INVALID_BODY")
