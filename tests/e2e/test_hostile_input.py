"""Hostile requests, one table (tests/hostile_requests.py): each gets an answer below 500 with a
JSON error carrying a stable code (never INTERNAL), writes nothing, and leaves the server
answering the next query. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.api_client import Api, serving
from tests.hostile_requests import CASES, HEAD, answer_codes, first_code


@pytest.fixture
def api(scenario, database_url) -> Iterator[Api]:
    with serving(scenario.ledger, database_url) as api:
        yield api


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_request_gets_a_coded_error_writes_nothing_and_the_server_answers_on(api, case):
    send, status, code = CASES[case]
    head = api.head()
    response = send(api)
    assert response.status_code < 500
    codes = answer_codes(response)
    assert (response.status_code, first_code(response)) == (status, code), response.json()
    assert "INTERNAL" not in codes
    assert api.head() == head
    assert api.data(HEAD)["ledgerHead"]["position"] == head
