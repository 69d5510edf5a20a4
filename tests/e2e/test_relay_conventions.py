"""The conventions Relay and Apollo clients rely on, over the demo ledger: every connection pages
forwards and backwards with string cursors and tells truly whether items lie before and after a
page; an object read as of a point of history has an id of its own that node() answers; statement
and statement-line ids are global ids that node() answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.api_client import Api

PAGE = "pageInfo { hasPreviousPage hasNextPage startCursor endCursor } edges { cursor }"
# name: (the connection's field with its own arguments, the role that may read it, page size)
CONNECTIONS = {
    "journal": ('journal(types: ["Project.Approved"], {paging})', "auditor", 7),
    "projects": ('projects(programCode: "BD-KC-2025", {paging})', "auditor", 7),
    "establishments": ("establishments({paging})", "auditor", 7),
    # A list the reconciliation computes, paged in memory: two items in the demo's 2024.
    "reconciliation": (
        'reconciliation(programCode: "BD-KC-2025", year: 2024) {{ noStatementYet({paging})',
        "finance",
        1,
    ),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    from tests.e2e.demo_support import demo_serving

    folder: Path = tmp_path_factory.mktemp("relay-demo")
    with demo_serving(folder) as api:
        yield api


def _page(api: Api, name: str, **paging: Any) -> dict[str, Any]:
    field, role, _ = CONNECTIONS[name]
    arguments = ", ".join(
        f'{key}: "{value}"' if isinstance(value, str) else f"{key}: {value}"
        for key, value in paging.items()
    )
    selection = field.replace("{paging}", arguments).replace("{{", "{")
    closing = " }" * selection.count("{")
    data = api.data(f"{{ {selection} {{ {PAGE} }}{closing} }}", role=role)
    found: Any = data
    while "edges" not in found:
        found = next(iter(found.values()))
    return dict(found)


def _walk_forwards(api: Api, name: str) -> list[dict[str, Any]]:
    size = CONNECTIONS[name][2]
    pages = [_page(api, name, first=size)]
    while pages[-1]["pageInfo"]["hasNextPage"]:
        pages.append(_page(api, name, first=size, after=pages[-1]["pageInfo"]["endCursor"]))
    return pages


def _walk_backwards(api: Api, name: str) -> list[dict[str, Any]]:
    size = CONNECTIONS[name][2]
    pages = [_page(api, name, last=size)]
    while pages[-1]["pageInfo"]["hasPreviousPage"]:
        pages.append(_page(api, name, last=size, before=pages[-1]["pageInfo"]["startCursor"]))
    return pages[::-1]


def _cursors(pages: list[dict[str, Any]]) -> list[str]:
    return [edge["cursor"] for page in pages for edge in page["edges"]]


@pytest.mark.parametrize("name", list(CONNECTIONS))
def test_a_connection_paged_backwards_holds_what_it_holds_paged_forwards(demo, name):
    forwards, backwards = _walk_forwards(demo, name), _walk_backwards(demo, name)
    assert len(forwards) > 1, "the demo holds more than one page"
    assert _cursors(forwards) == _cursors(backwards)
    assert len(set(_cursors(forwards))) == len(_cursors(forwards))
    flags = [(p["pageInfo"]["hasPreviousPage"], p["pageInfo"]["hasNextPage"]) for p in forwards]
    assert flags == [(False, True)] + [(True, True)] * (len(flags) - 2) + [(True, False)]


@pytest.mark.parametrize("name", list(CONNECTIONS))
def test_after_the_first_item_something_comes_before_and_before_it_nothing_does(demo, name):
    first = _page(demo, name, first=1)["edges"][0]["cursor"]
    second = _page(demo, name, first=1, after=first)
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["edges"][0]["cursor"] != first
    before_first = _page(demo, name, last=1, before=first)
    assert before_first["edges"] == []
    assert before_first["pageInfo"]["hasPreviousPage"] is False
    assert before_first["pageInfo"]["hasNextPage"] is True


def test_a_position_is_not_a_cursor_and_first_with_last_is_refused(demo):
    body = demo.post("{ journal(after: 0) { totalCount } }", role="auditor").json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = demo.post("{ journal(first: 2, last: 2) { totalCount } }", role="auditor").json()
    assert body["errors"][0]["extensions"] == {"code": "INVALID_QUERY", "field": "last"}


def test_a_project_read_as_of_a_point_has_its_own_id_and_node_answers_it_as_it_was(demo):
    settled = demo.data(
        """{ projects(programCode: "BD-KC-2025", status: SETTLED, first: 1) {
            edges { node { id status history { position } } } } }""",
        role="auditor",
    )["projects"]["edges"][0]["node"]
    proposed_at = settled["history"][0]["position"]
    past = demo.data(
        "query($id: ID!, $at: Int!) { project(id: $id, asOf: {position: $at}) { id status } }",
        {"id": settled["id"], "at": proposed_at},
        role="auditor",
    )["project"]
    assert past["status"] == "PROPOSED"
    assert past["id"] != settled["id"]
    nodes = demo.data(
        """query($past: ID!, $now: ID!) {
            past: node(id: $past) { id ... on Project { status } }
            now: node(id: $now) { id ... on Project { status } } }""",
        {"past": past["id"], "now": settled["id"]},
        role="auditor",
    )
    assert nodes["past"] == {"id": past["id"], "status": "PROPOSED"}
    assert nodes["now"] == {"id": settled["id"], "status": "SETTLED"}
    again = demo.data(
        "query($id: ID!) { project(id: $id) { id status } }", {"id": past["id"]}, role="auditor"
    )["project"]
    assert again == past


def test_statement_and_line_ids_are_global_ids_that_node_answers(demo):
    line = demo.data(
        """{ reconciliation(programCode: "BD-KC-2025", year: 2024) {
            onlyInStatement(first: 1) { edges { node { id statementId lineNo amount } } } } }""",
        role="finance",
    )["reconciliation"]["onlyInStatement"]["edges"][0]["node"]
    found = demo.data(
        """query($line: ID!, $statement: ID!) {
            line: node(id: $line) { id ... on StatementLineView { lineNo amount statementId } }
            statement: node(id: $statement) { id ... on ImportedStatement { lineCount } } }""",
        {"line": line["id"], "statement": line["statementId"]},
        role="finance",
    )
    assert found["line"] == line
    assert found["statement"]["id"] == line["statementId"]
    assert found["statement"]["lineCount"] >= line["lineNo"]
    listed = demo.data('{ treasuryStatements(programCode: "BD-KC-2025") { id } }', role="finance")[
        "treasuryStatements"
    ]
    assert line["statementId"] in [s["id"] for s in listed]
