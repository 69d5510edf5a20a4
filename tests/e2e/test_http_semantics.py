"""GraphQL over HTTP as the spec has it, for both media types: the answer's content type follows
Accept, request errors answer 400 without data only for application/graphql-response+json, a
GET mutation answers 405, an unacceptable Accept 406, bad parameters 400 with a JSON body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from tests.e2e.http_support import BUDGET, TYPENAME, Served, served_ledger

GRAPHQL_RESPONSE = "application/graphql-response+json"
ALLOCATE = """mutation { allocateBudget(input: {programCode: "BD-KC-2025", year: 2024,
  source: PROVINCIAL, amount: "1000000", decisionNo: "9/QĐ", decisionDate: "2024-01-05"}) {
  position } }"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_ledger(tmp_path_factory.mktemp("http-semantics")) as served:
        yield served


def post(served: Served, body: object, accept: str | None = None, **headers: str):
    sent = {"Content-Type": "application/json", **headers}
    if accept is not None:
        sent["Accept"] = accept
    return served.api.client.post("/graphql", content=json.dumps(body), headers=sent)


def get(served: Served, params: dict[str, str], accept: str | None = None, **headers: str):
    sent = dict(headers)
    if accept is not None:
        sent["Accept"] = accept
    return served.api.client.get(f"/graphql?{urlencode(params)}", headers=sent)


def test_graphql_response_json_is_answered_in_that_media_type(served):
    response = post(served, TYPENAME, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


REQUEST_ERRORS = {
    "does not parse": {"query": "{ budget(programCode: "},
    "does not validate": {"query": "{ noSuchField }"},
    "variable does not coerce": {
        "query": "query($c: String!) { budget(programCode: $c) { position } }"
    },
}


@pytest.mark.parametrize("request_body", list(REQUEST_ERRORS.values()), ids=list(REQUEST_ERRORS))
def test_a_request_error_answers_400_without_data_for_graphql_response_json(served, request_body):
    response = post(served, request_body, GRAPHQL_RESPONSE)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    answer = response.json()
    assert "data" not in answer
    assert answer["errors"]
    assert all(error["extensions"]["code"] for error in answer["errors"])


@pytest.mark.parametrize("request_body", list(REQUEST_ERRORS.values()), ids=list(REQUEST_ERRORS))
def test_a_request_error_answers_200_with_null_data_for_application_json(served, request_body):
    response = post(served, request_body, "application/json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"]


def test_a_field_error_keeps_200_and_its_data_entry_for_graphql_response_json(served):
    response = post(
        served, {"query": '{ budget(programCode: "XX-1") { position } }'}, GRAPHQL_RESPONSE
    )
    assert response.status_code == 200
    answer = response.json()
    assert "data" in answer
    assert answer["errors"][0]["extensions"]["code"] == "UNKNOWN_PROGRAM"


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json", None])
def test_a_get_mutation_answers_405_allowing_post_and_writes_nothing(served, accept):
    head = served.api.head()
    token = served.api.token("finance")
    response = get(served, {"query": ALLOCATE}, accept, Authorization=f"Bearer {token}")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert served.api.head() == head


@pytest.mark.parametrize("accept", ["application/xml", "text/html;q=1, application/json;q=0"])
def test_an_unacceptable_accept_answers_406(served, accept):
    response = get(served, {"query": "{ __typename }"}, accept)
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("accept", "answered_in"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"application/json;q=1, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"text/html, {GRAPHQL_RESPONSE};q=0.2, */*;q=0.1", GRAPHQL_RESPONSE),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json"),
    ],
)
def test_accept_is_negotiated_with_q_values_and_wildcards(served, accept, answered_in):
    response = get(served, {"query": "{ __typename }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(answered_in)


@pytest.mark.parametrize(
    "body",
    [
        {"notquery": "{ __typename }"},
        {"query": 7},
        {"query": "{ __typename }", "operationName": ["x"]},
        {"query": "{ __typename }", "variables": "x"},
        {"query": "{ __typename }", "extensions": []},
    ],
)
@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
def test_missing_or_invalid_parameters_answer_400_with_a_json_error(served, body, accept):
    response = post(served, body, accept)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("params", [{}, {"query": "{ __typename }", "variables": "{not json"}])
def test_a_get_without_a_query_or_with_broken_variables_answers_400(served, params):
    response = get(served, params, "application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("content_type", ["text/plain", "application/json; charset=latin-1", None])
def test_a_post_that_is_not_utf8_json_answers_415(served, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = served.api.client.post(
        "/graphql", content=json.dumps({"query": BUDGET}).encode(), headers=headers
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_a_browser_still_gets_graphiql(served):
    page = served.api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "query_string",
    [
        "query=%7B__typename%7D&variables=" + "%5B" * 20_000,
        "query=%7B__typename%7D&variables=" + "%5B" * 100 + "%5D" * 100,
        "query=%FF%FE",
        "query=%7B__typename%7D&query=%7B__typename%7D",
        "extensions=%7B%22persistedQuery%22%3A7%7D",
        "query=%7B__typename%7D&operationName=Nope",
    ],
    ids=["very deep", "deep", "not utf-8", "twice", "odd extension", "unknown operation"],
)
def test_a_hostile_query_string_gets_a_coded_4xx_never_a_5xx(served, query_string):
    response = served.api.client.get(
        f"/graphql?{query_string}", headers={"Accept": "application/json"}
    )
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.text
    answer = response.json()
    assert answer["errors"][0]["extensions"]["code"], answer


@pytest.mark.parametrize("accept", ["application/json", "multipart/mixed, application/json"])
def test_a_subscription_over_http_is_told_to_use_websocket(served, accept):
    token = served.api.token("auditor")
    body = {"query": "subscription { journal(after: 0) { position } }"}
    response = post(served, body, accept, Authorization=f"Bearer {token}")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "WebSocket" in error["message"]
