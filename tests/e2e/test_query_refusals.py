"""Queries about a program a caller mistyped, or a year the program does not run, are refused
with a stable code and write nothing; they never answer empty lists and zeros."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import serving

# Each query about a program, with the role that may ask it; $code and $year are the edges.
QUERIES = {
    "budget": ("{ budget(programCode: $code, year: $year) { totals { allocated } } }", None),
    "targets": ("{ targets(programCode: $code, year: $year) { target } }", None),
    "projects": ("{ projects(programCode: $code, year: $year) { totalCount } }", "doit"),
    "reconciliation": (
        "{ reconciliation(programCode: $code, year: $year) { matched } }",
        "finance",
    ),
    "exportLink": (
        "{ exportLink(programCode: $code, format: CSV, year: $year) { fileName } }",
        "auditor",
    ),
}
# These take no year.
WITHOUT_YEAR = {
    "treasuryStatements": ("{ treasuryStatements(programCode: $code) { id } }", "finance"),
    "diff": ("{ diff(programCode: $code, fromPosition: 0) { toPosition } }", None),
    "supportAndCoFinancing": (
        "{ supportAndCoFinancing(programCode: $code) { year coFinancingSettled } }",
        "auditor",
    ),
}


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(1_000_000_000)
    with serving(scenario.ledger, database_url) as api:
        yield api


def ask(api, query: str, role: str | None, code: str, year: int | None = 2024):
    text = query.replace("$code", f'"{code}"').replace("$year", str(year))
    response = api.post("query Edge " + text, role=role)
    assert response.status_code == 200
    return response.json()


def refusal(answer) -> tuple[str, str]:
    (error,) = answer["errors"]
    return error["extensions"]["code"], error["extensions"]["field"]


@pytest.mark.parametrize("name", [*QUERIES, *WITHOUT_YEAR])
def test_a_query_about_an_unknown_program_is_refused_as_unknown_program(api, name):
    query, role = {**QUERIES, **WITHOUT_YEAR}[name]
    head = api.ledger.head_position()
    assert ask(api, query, role, "BD-KC-2025").get("errors") is None
    # A typo, and the right code in lower case: codes are matched exactly, as commands match them.
    for code in ("BD-KC-2030", "bd-kc-2025"):
        assert refusal(ask(api, query, role, code)) == ("UNKNOWN_PROGRAM", "programCode")
    assert api.ledger.head_position() == head


@pytest.mark.parametrize("name", QUERIES)
def test_a_query_about_a_year_outside_the_program_is_refused(api, name):
    query, role = QUERIES[name]
    head = api.ledger.head_position()
    for year in (2020, 2026):  # BD-KC-2025 runs from 15 July 2021 to 31 December 2025
        answer = ask(api, query, role, "BD-KC-2025", year)
        assert refusal(answer) == ("YEAR_OUTSIDE_PROGRAM", "year")
        assert "runs from 2021 to 2025" in answer["errors"][0]["message"]
    assert api.ledger.head_position() == head


def test_a_refusal_is_not_kept_for_the_next_anonymous_caller(api):
    query, _ = QUERIES["budget"]
    for _ in range(2):  # the public answer cache keeps answers, never refusals
        assert refusal(ask(api, query, None, "BD-KC-2030")) == ("UNKNOWN_PROGRAM", "programCode")
    assert ask(api, query, None, "BD-KC-2025")["data"]["budget"]["totals"]["allocated"] == (
        "1000000000"
    )


def test_a_program_looked_up_by_an_unknown_code_is_null(api):
    answer = api.data('{ program(code: "BD-KC-2030") { code } }')
    assert answer == {"program": None}
