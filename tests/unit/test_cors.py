"""CORS for the origins an operator lists: preflights answered or refused with a code, answers
marked for a listed origin only, and every answer varying by Origin."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.cors import ALLOWED_HEADERS, Cors
from api.middleware import MIN_POSITION_HEADER
from scripts.settings import Settings, SettingsError

APP_ORIGIN = "https://dashboard.example.vn"
OTHER_ORIGIN = "https://elsewhere.example.com"
CORS_HEADERS = (
    "access-control-allow-origin",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
)


async def answer(request: Request) -> Response:
    return PlainTextResponse("answer")


def _client(origins: tuple[str, ...]) -> TestClient:
    app = Starlette(routes=[Route("/graphql", answer, methods=["GET", "POST"])])
    return TestClient(Cors(app, origins))


def _preflight(
    client: TestClient, origin: str, method: str = "POST", headers: str = ""
) -> Response:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return client.options("/graphql", headers=asked)


def test_a_preflight_from_a_listed_origin_names_what_may_be_sent() -> None:
    client = _client((APP_ORIGIN,))
    response = _preflight(client, APP_ORIGIN, headers="authorization, content-type, x-min-position")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    allowed = response.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "x-min-position"} <= set(allowed.split(", "))
    assert "Origin" in response.headers["vary"]


def test_a_preflight_from_another_origin_is_refused_with_a_code_and_no_cors_headers() -> None:
    response = _preflight(_client((APP_ORIGIN,)), OTHER_ORIGIN, headers="authorization")
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CORS_REFUSED"
    assert OTHER_ORIGIN in response.json()["errors"][0]["message"]
    assert not [name for name in CORS_HEADERS if name in response.headers]
    assert response.headers["vary"] == "Origin"


@pytest.mark.parametrize(
    ("method", "headers", "named"),
    [("DELETE", "", "DELETE"), ("POST", "content-type, x-debug", "x-debug")],
)
def test_a_preflight_for_a_method_or_header_the_api_does_not_take_is_refused(
    method: str, headers: str, named: str
) -> None:
    response = _preflight(_client((APP_ORIGIN,)), APP_ORIGIN, method, headers)
    assert response.status_code == 403
    assert named in response.json()["errors"][0]["message"]
    assert "access-control-allow-origin" not in response.headers


def test_an_answer_to_a_listed_origin_may_be_read_by_its_page() -> None:
    response = _client((APP_ORIGIN,)).post("/graphql", headers={"Origin": APP_ORIGIN})
    assert response.text == "answer"
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "WWW-Authenticate" in response.headers["access-control-expose-headers"]
    assert response.headers["vary"] == "Origin"


def test_an_answer_to_another_origin_carries_no_cors_headers_but_varies_by_origin() -> None:
    client = _client((APP_ORIGIN,))
    for headers in ({"Origin": OTHER_ORIGIN}, {}):
        response = client.post("/graphql", headers=headers)
        assert response.text == "answer"
        assert not [name for name in CORS_HEADERS if name in response.headers]
        assert response.headers["vary"] == "Origin"


def test_an_origin_is_compared_as_browsers_send_it() -> None:
    client = _client(("https://Dashboard.Example.VN:443",))
    response = client.post("/graphql", headers={"Origin": APP_ORIGIN})
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN


def test_without_listed_origins_no_request_is_answered_for_cors() -> None:
    client = _client(())
    assert "vary" not in client.post("/graphql", headers={"Origin": APP_ORIGIN}).headers
    assert _preflight(client, APP_ORIGIN).status_code == 405


def test_the_headers_the_api_reads_may_be_sent() -> None:
    allowed = {name.lower() for name in ALLOWED_HEADERS}
    assert {"authorization", "content-type", MIN_POSITION_HEADER} <= allowed


def test_an_origin_with_a_path_stops_the_settings_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="KHUYENCONG_ALLOWED_ORIGINS"):
        Settings.from_env({"KHUYENCONG_ALLOWED_ORIGINS": "https://dashboard.example.vn/app"})
    settings = Settings.from_env({"KHUYENCONG_ALLOWED_ORIGINS": f"{APP_ORIGIN}, {OTHER_ORIGIN}"})
    assert settings.allowed_origins == (APP_ORIGIN, OTHER_ORIGIN)


def test_an_answer_given_again_from_memory_is_marked_once() -> None:
    # The public answers (api/kept_answers.py) send the same kept start message again.
    kept_start = {"type": "http.response.start", "status": 200, "headers": [(b"vary", b"Accept")]}

    async def replaying(scope: Scope, receive: Receive, send: Send) -> None:
        await send(kept_start)
        await send({"type": "http.response.body", "body": b"answer"})

    client = TestClient(Cors(replaying, (APP_ORIGIN,)))
    for _ in range(3):
        response = client.post("/graphql", headers={"Origin": APP_ORIGIN})
        assert response.headers["vary"] == "Accept, Origin"
        assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert kept_start["headers"] == [(b"vary", b"Accept")]


def test_an_answer_that_already_varies_by_origin_names_it_once() -> None:
    # HTTP caching (api/http_cache.py) names Origin among the headers its ETag depends on.
    async def cached(scope: Scope, receive: Receive, send: Send) -> None:
        start = {"type": "http.response.start", "status": 200}
        await send({**start, "headers": [(b"vary", b"Authorization, Origin, X-Min-Position")]})
        await send({"type": "http.response.body", "body": b"answer"})

    response = TestClient(Cors(cached, (APP_ORIGIN,))).get(
        "/graphql", headers={"Origin": APP_ORIGIN}
    )
    assert response.headers["vary"] == "Authorization, Origin, X-Min-Position"
