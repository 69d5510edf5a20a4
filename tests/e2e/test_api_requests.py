"""What the API does with bad, hostile or oversized requests: a clear error with a stable code,
never a 500, and nothing written. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import jwt
import pytest
from graphql import get_introspection_query

from api.policy import MUTATION_ROLES
from api.schema import build_schema
from projections.queries import ReadModel
from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import SECRET, serving

ALLOCATE = """mutation($amount: VND!, $date: Date!, $program: String!, $no: String!) {
  allocateBudget(input: {programCode: $program, year: 2024, source: PROVINCIAL,
    amount: $amount, decisionNo: $no, decisionDate: $date}) {
    userErrors { code field message } position } }"""
GOOD = {"amount": "1000000", "date": "2024-01-05", "program": "BD-KC-2025", "no": "1/QĐ"}


@pytest.fixture
def api(scenario, database_url):
    with serving(scenario.ledger, database_url) as api:
        yield api


def test_the_committed_schema_is_the_schema_the_code_serves():
    committed = (REPOSITORY_ROOT / "api" / "schema.graphql").read_text(encoding="utf-8")
    assert committed.strip() == build_schema().as_str().strip(), (
        "api/schema.graphql is stale: run `khuyencong schema > api/schema.graphql`"
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"amount": "0"}, "INVALID_AMOUNT"),
        ({"amount": "10000000000001"}, "AMOUNT_ABOVE_CEILING"),
        ({"program": "XX-9999"}, "UNKNOWN_PROGRAM"),
        ({"no": "x" * 65}, "INVALID_TEXT"),
        ({"date": "2024-06-16"}, "INVALID_DATE"),
    ],
)
def test_refused_values_come_back_as_user_errors_and_write_nothing(api, change, code):
    head = api.head()
    body = api.data(ALLOCATE, {**GOOD, **change}, role="finance")
    assert body["allocateBudget"]["userErrors"][0]["code"] == code
    assert body["allocateBudget"]["position"] is None
    assert api.head() == head


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "-5"},
        {"amount": "1.250.000"},
        {"amount": "abc"},
        {"amount": True},
        {"date": "2024-02-30"},
        {"date": "30/01/2024"},
        {"amount": None},
    ],
)
def test_malformed_values_are_request_errors_not_500(api, change):
    head = api.head()
    response = api.post(ALLOCATE, {**GOOD, **change}, role="finance")
    assert response.status_code in (200, 400)
    assert response.json()["errors"]
    assert api.head() == head


def test_malformed_json_unknown_fields_and_wrong_types_are_refused(api):
    raw = api.client.post(
        "/graphql",
        content=b'{"query": "{ ledgerHead { position }',
        headers={"Content-Type": "application/json"},
    )
    assert raw.status_code == 400
    unknown = api.post("{ ledgerHead { position altitude } }")
    assert unknown.status_code in (200, 400)
    assert "altitude" in unknown.json()["errors"][0]["message"]
    wrong = api.post("{ budget(programCode: 5) { position } }")
    assert wrong.json()["errors"]


def test_tokens_that_are_missing_forged_expired_or_odd_are_refused(api):
    head = api.head()
    anonymous = api.data(ALLOCATE, GOOD)["allocateBudget"]
    assert anonymous["userErrors"][0]["code"] == "FORBIDDEN"
    forged = jwt.encode(
        {"sub": "x", "role": "finance", "iss": "khuyencong", "iat": 1, "exp": 9999999999},
        "another-secret-of-sufficient-length-123456",
        algorithm="HS256",
    )
    expired = api.token("finance", ttl_s=1)
    for token in (forged, "not-a-token"):
        response = api.post(ALLOCATE, GOOD, token=token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    expired = jwt.encode(
        {"sub": "x", "role": "finance", "iss": "khuyencong", "iat": 1, "exp": 2},
        SECRET,
        algorithm="HS256",
    )
    assert api.post(ALLOCATE, GOOD, token=expired).status_code == 401
    odd = jwt.encode(
        {"sub": "x", "role": "mayor", "iss": "khuyencong", "iat": 1, "exp": 9999999999},
        SECRET,
        algorithm="HS256",
    )
    assert api.post(ALLOCATE, GOOD, token=odd).status_code == 401
    basic = api.client.post(
        "/graphql",
        json={"query": "{ ledgerHead { position } }"},
        headers={"Authorization": "Basic abc"},
    )
    assert basic.status_code == 401
    assert api.head() == head


def test_each_role_may_call_only_its_mutations(api):
    for role in ("doit", "center", "auditor", "district"):
        token = api.token(role, unit="718" if role == "district" else None)
        body = api.data(ALLOCATE, GOOD, token=token)["allocateBudget"]
        # a district token may allocate, but only its own holder's lines (not the province's)
        refusal = "FORBIDDEN_HOLDER" if role == "district" else "FORBIDDEN"
        assert body["userErrors"][0]["code"] == refusal, role
    assert api.data(ALLOCATE, GOOD, role="finance")["allocateBudget"]["userErrors"] == []


def test_limits_refuse_deep_wide_and_costly_queries(api):
    fine = '{ projects(programCode: "BD-KC-2025") { edges { node { history { payload } } } } }'
    assert "errors" not in api.post(fine, role="auditor").json()
    deep = "{ " + "".join(f"f{n} {{ " for n in range(12)) + "x" + " }" * 12 + " }"
    assert "exceeds maximum operation depth" in api.post(deep).json()["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{n}: ledgerHead {{ lag }}" for n in range(20)) + " }"
    assert "aliases" in api.post(aliases).json()["errors"][0]["message"].lower()
    costly = """{ a: journal(first: 500) { edges { node { position type summary actor
        documentRef aggregateId recordedAt effectiveOn payload } } }
        b: journal(first: 500) { edges { node { position type summary actor documentRef
        aggregateId recordedAt effectiveOn payload } } }
        c: projects(programCode: "BD-KC-2025", first: 500) { edges { node { id code title
        status paid history { position type summary actor documentRef payload } } } } }"""
    error = api.post(costly, role="auditor").json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    too_big = api.post("{ journal(first: 501) { totalCount } }", role="auditor").json()
    assert too_big["errors"][0]["extensions"]["code"] == "INVALID_QUERY"


def test_health_readiness_and_metrics(api):
    assert api.client.get("/healthz").text == "ok"
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["lag"] == 0
    api.data("{ ledgerHead { position } }")
    metrics = api.client.get("/metrics").text
    assert 'khuyencong_http_requests_total{path="/graphql",status="200"}' in metrics
    assert "khuyencong_read_model_lag_events 0.0" in metrics


def test_the_role_table_in_the_docs_is_the_policy_the_code_enforces():
    """Each row names its roles, as api/policy.py grants them, and the clause it rests on: an
    article or part of Decision 1811, or the Budget Law where the docs say the decision is
    silent."""
    text = (REPOSITORY_ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    documented, clauses = {}, {}
    for line in text.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in MUTATION_ROLES:
            documented[cells[0]] = frozenset(r.strip() for r in cells[1].split(","))
            clauses[cells[0]] = cells[2]
    assert documented == MUTATION_ROLES
    for mutation, clause in clauses.items():
        decision = re.search(r"Điều \d\.\d|\b[IV]+\.\d", clause)
        law = "Luật NSNN 83/2015/QH13" in clause
        assert decision or law, f"{mutation}: no clause of the decision or the law"
        if law and not decision:
            assert "Decision 1811 is silent" in clause, f"{mutation}: say the decision is silent"


def test_unexpected_failures_are_masked_with_a_request_id(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the database")

    monkeypatch.setattr(ReadModel, "targets", broken)
    response = api.post('{ targets(programCode: "BD-KC-2025") { target } }')
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL"
    assert "request id" in error["message"]
    assert "secret detail" not in response.text


def test_introspection_can_be_switched_off():
    closed = build_schema(introspection=False).execute_sync(get_introspection_query())
    assert closed.errors
    assert build_schema().execute_sync(get_introspection_query()).errors is None


def test_read_your_writes_through_the_header_and_graphiql_in_a_browser(api):
    head = api.head()
    fresh = api.post(
        '{ budget(programCode: "BD-KC-2025") { position } }', headers={"X-Min-Position": str(head)}
    )
    assert fresh.json()["data"]["budget"]["position"] == head
    odd = api.post("{ ledgerHead { lag } }", headers={"X-Min-Position": "soon"})
    assert odd.status_code == 400
    assert odd.json()["errors"][0]["extensions"]["code"] == "INVALID_HEADER"
    ahead = api.post(
        '{ budget(programCode: "BD-KC-2025") { position } }',
        headers={"X-Min-Position": str(head + 1000)},
    ).json()
    # Beyond the ledger's head: no write has made that position, so it is refused at once.
    assert ahead["errors"][0]["extensions"]["code"] == "INVALID_QUERY"
    assert ahead["errors"][0]["extensions"]["field"] == "X-Min-Position"
    page = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_one_failing_read_leaves_the_others_of_the_request_whole(api):
    """The short reads of a request share one trip to a worker thread; an unknown program
    answers null there without taking the budget and the targets beside it down."""
    data = api.data(
        '{ program(code: "KHONG-CO") { code } '
        'budget(programCode: "BD-KC-2025") { totals { allocated } } '
        'targets(programCode: "BD-KC-2025") { indicator { code } } }',
        role="auditor",
    )
    assert data["program"] is None
    assert data["budget"]["totals"]["allocated"] is not None
    assert len(data["targets"]) == 13
