"""What clients see when the database blinks: a committed write answers success with its
position, a transient fault answers UNAVAILABLE (retryable), never INTERNAL, and the connections
the server ended are replaced. Terminating backends touches only the test's own database."""

from __future__ import annotations

import psycopg
import pytest

from tests.e2e.api_client import serving
from tests.faults.database import terminate_backends
from tests.support import with_ledger

REGISTER_KEYED = """mutation($tax: String!, $key: String) {
  registerEstablishment(input: {programCode: "BD-KC-2025", name: "Hợp tác xã Mây tre Phú Vinh",
    kind: "COOPERATIVE", taxCode: $tax, unitCode: "723", idempotencyKey: $key}) {
    userErrors { code message } position establishment { id taxCode } } }"""
READ = (
    "{ ledgerHead { position } establishments(first: 5) { totalCount edges { node { taxCode } } } }"
)
READS_AFTER_TERMINATION = 12


def _codes(body: dict) -> list[tuple[str, object]]:
    return [
        (e.get("extensions", {}).get("code"), e.get("extensions", {}).get("retryable"))
        for e in body.get("errors", [])
    ]


def _fine_or_retryable(response) -> bool:
    """Success, or UNAVAILABLE marked retryable; never INTERNAL, never a 5xx."""
    assert response.status_code < 500, response.text
    codes = _codes(response.json())
    assert all(code == ("UNAVAILABLE", True) for code in codes), codes
    return not codes


@pytest.fixture
def pg_api(postgres_ledgers, postgres_url):
    scenario = with_ledger(postgres_ledgers)
    with serving(scenario.ledger, postgres_url) as api:
        yield api


@pytest.fixture
def api(scenario, database_url):
    with serving(scenario.ledger, database_url) as api:
        yield api


@pytest.mark.postgres
def test_reads_and_writes_after_every_connection_is_terminated_are_never_internal(
    pg_api, postgres_url
):
    pg_api.data(REGISTER_KEYED, {"tax": "3702100001"}, role="center")
    assert terminate_backends(postgres_url) > 0
    answered = [
        _fine_or_retryable(pg_api.post(READ, role="auditor"))
        for _ in range(READS_AFTER_TERMINATION)
    ]
    written = pg_api.post(REGISTER_KEYED, {"tax": "3702100002"}, role="center")
    answered.append(_fine_or_retryable(written))
    # Checked connections are replaced when drawn: nothing needs a retry at all.
    assert all(answered)
    assert written.json()["data"]["registerEstablishment"]["position"] is not None


@pytest.mark.postgres
def test_a_keyed_write_retried_after_termination_answers_its_stored_position(pg_api, postgres_url):
    variables = {"tax": "3702100003", "key": "register-3702100003"}
    first = pg_api.data(REGISTER_KEYED, variables, role="center")["registerEstablishment"]
    terminate_backends(postgres_url)
    again = pg_api.data(REGISTER_KEYED, variables, role="center")["registerEstablishment"]
    assert again["userErrors"] == []
    assert again["position"] == first["position"]


def test_a_committed_write_whose_read_back_fails_answers_its_position(api, monkeypatch):
    def lost(*args, **kwargs):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(api.read_model, "establishment", lost)
    head = api.head()
    body = api.data(REGISTER_KEYED, {"tax": "3702100004"}, role="center")
    payload = body["registerEstablishment"]
    assert payload["userErrors"] == []
    assert payload["position"] > head
    assert payload["establishment"] is None
    monkeypatch.setattr(api.read_model, "wait_for", lost)
    body = api.data(REGISTER_KEYED, {"tax": "3702100005"}, role="center")
    assert body["registerEstablishment"]["position"] > payload["position"]
    assert body["registerEstablishment"]["establishment"] is None


def test_a_transient_fault_answers_unavailable_and_retryable_without_driver_text(api, monkeypatch):
    def lost(*args, **kwargs):
        raise psycopg.OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(api.read_model, "establishments", lost)
    response = api.post(READ, role="auditor")
    assert response.status_code == 200
    assert _codes(response.json()) == [("UNAVAILABLE", True)]
    assert "administrator" not in response.text
    monkeypatch.setattr(api.ledger, "register_establishment", lost)  # before the commit
    response = api.post(REGISTER_KEYED, {"tax": "3702100006"}, role="center")
    assert _codes(response.json()) == [("UNAVAILABLE", True)]
