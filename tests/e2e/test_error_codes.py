"""Every error a client can provoke carries ``extensions.code``, over HTTP and over a WebSocket,
and no message shows Python's internals (a traceback, a codec, an exception class)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.api_client import Api, serving

ALLOCATE = """mutation($amount: VND!) {
  allocateBudget(input: {programCode: "BD-KC-2025", year: 2024, source: PROVINCIAL,
    amount: $amount, decisionNo: "1/QD", decisionDate: "2024-01-05", idempotencyKey: "e-1"}) {
    position } }"""
ALLOCATE_LITERAL = ALLOCATE.replace("($amount: VND!)", "").replace("$amount", '"1.250.000"')
AS_OF = """query($on: Date!) {
  projects(programCode: "BD-KC-2025", asOf: {effectiveOn: $on}) { totalCount } }"""
INTERNALS = re.compile(
    r"Traceback|codec|decode byte|File \"|\w+Error\b|\w+Exception\b|NoneType|object at 0x"
)

# name: (document, variables, role, expected code, expected extensions.field)
HTTP_CASES: dict[str, tuple[str, dict[str, Any], str | None, str, str | None]] = {
    "a syntax error": ("{ ledgerHead { position ", {}, None, "GRAPHQL_PARSE_FAILED", None),
    "an unknown field": ("{ ledgerHead { nope } }", {}, None, "GRAPHQL_VALIDATION_FAILED", None),
    "a fragment cycle": (
        "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        {},
        None,
        "GRAPHQL_VALIDATION_FAILED",
        None,
    ),
    "a VND with thousands separators, as a variable": (
        ALLOCATE,
        {"amount": "1.250.000"},
        "finance",
        "BAD_USER_INPUT",
        "$amount",
    ),
    "a VND with thousands separators, in the document": (
        ALLOCATE_LITERAL,
        {},
        "finance",
        "BAD_USER_INPUT",
        "input.amount",
    ),
    "a date written day first": (AS_OF, {"on": "30/06/2024"}, "finance", "BAD_USER_INPUT", "$on"),
    "a date that does not exist, in the document": (
        AS_OF.replace("($on: Date!)", "").replace("$on", '"2024-02-30"'),
        {},
        "finance",
        "BAD_USER_INPUT",
        "asOf.effectiveOn",
    ),
    "a required variable left out": (AS_OF, {}, "finance", "BAD_USER_INPUT", "$on"),
    "a page size out of bounds": (
        "{ establishments(first: 0) { totalCount } }",
        {},
        "finance",
        "INVALID_QUERY",
        "first",
    ),
    "the journal asked for anonymously": (
        "{ journal { totalCount } }",
        {},
        None,
        "FORBIDDEN",
        None,
    ),
}


@pytest.fixture
def api(scenario, database_url) -> Iterator[Api]:
    with serving(scenario.ledger, database_url) as api:
        yield api


def _errors_are_coded_and_plain(errors: list[dict[str, Any]]) -> None:
    assert errors
    for error in errors:
        assert error.get("extensions", {}).get("code"), error
        assert not INTERNALS.search(error["message"]), error["message"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_bad_request_over_http_answers_its_code_and_no_internals(api):
    for name, (document, variables, role, code, field) in HTTP_CASES.items():
        body = api.post(document, variables, role=role).json()
        _errors_are_coded_and_plain(body["errors"])
        extensions = body["errors"][0]["extensions"]
        assert (extensions["code"], extensions.get("field")) == (code, field), (name, body)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_scalar_refusals_show_the_value_once_and_say_how_to_write_it(api):
    body = api.post(AS_OF, {"on": "30/06/2024"}, role="finance").json()
    assert body["errors"][0]["message"] == (
        '$on: "30/06/2024" is not a date: write YYYY-MM-DD, like "2024-06-30"'
    )
    body = api.post(ALLOCATE, {"amount": "1.250.000"}, role="finance").json()
    assert body["errors"][0]["message"].startswith('$amount: "1.250.000" is not a VND amount')


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "authorization",
    ["Bearer ey\xb7garbage", "Bearer abc.def.ghi", "Bearer a.b", "Basic dXNlcjpwYXNz"],
)
def test_a_garbage_token_is_unauthenticated_in_plain_words(api, authorization):
    response = api.client.post(
        "/graphql",
        json={"query": "{ ledgerHead { position } }"},
        headers={"Authorization": authorization.encode("latin-1")},
    )
    assert response.status_code == 401
    _errors_are_coded_and_plain(response.json()["errors"])
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# name: (connection params, document, variables, the message type, expected code)
WS_CASES: dict[str, tuple[dict[str, Any], str, dict[str, Any], str, str]] = {
    "a syntax error": (
        {},
        "subscription { journal { position ",
        {},
        "error",
        "GRAPHQL_PARSE_FAILED",
    ),
    "an unknown field": (
        {},
        "subscription { journal { nope } }",
        {},
        "error",
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "a position that is not an Int": (
        {},
        "subscription($a: Int) { journal(after: $a) { position } }",
        {"a": "x"},
        "error",
        "BAD_USER_INPUT",
    ),
    "the journal asked for anonymously": (
        {"anonymous": True},
        "subscription { journal { position } }",
        {},
        "next",
        "FORBIDDEN",
    ),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_bad_subscription_answers_its_code_and_no_internals(api):
    for name, (params, document, variables, kind, code) in WS_CASES.items():
        bearer = f"Bearer {api.token('auditor')}"
        init = {} if params.get("anonymous") else {"authorization": bearer}
        with api.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": init})
            assert ws.receive_json()["type"] == "connection_ack"
            payload = {"query": document, "variables": variables}
            ws.send_json({"type": "subscribe", "id": "1", "payload": payload})
            message = ws.receive_json()
        assert message["type"] == kind, (name, message)
        errors = message["payload"] if kind == "error" else message["payload"]["errors"]
        _errors_are_coded_and_plain(errors)
        assert errors[0]["extensions"]["code"] == code, (name, message)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_subscription_posted_over_http_is_refused_not_failed(api):
    response = api.post("subscription { journal { position } }", role="auditor")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_operation_name_the_document_does_not_hold_is_coded(api):
    response = api.client.post(
        "/graphql",
        json={"query": "query A { ledgerHead { position } }", "operationName": "B"},
    )
    assert response.status_code < 500
    errors = response.json()["errors"]
    _errors_are_coded_and_plain(errors)
    assert errors[0]["extensions"] == {
        "code": "OPERATION_RESOLUTION_FAILURE",
        "field": "operationName",
    }
