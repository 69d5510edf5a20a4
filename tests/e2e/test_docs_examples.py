"""Every GraphQL example in the docs runs against the demo ledger, so the docs cannot rot.

An example is a ```graphql block; a block may hold several named operations. Comment lines just
before an operation say how to run it — GraphQL ignores them, so the block stays copy-paste:

    # role: finance                      (the caller; anonymous when absent)
    # variables: {"id": "demo:project"}  ("demo:…" values come from the demo ledger)

Queries and mutations are sent over HTTP in the order the docs give them and must answer
without errors (a mutation without userErrors); subscriptions are validated against the schema.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, OperationType, parse, validate

from api.schema import build_schema
from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import Api

DOCS = sorted((REPOSITORY_ROOT / "docs").glob("*.md"))
BLOCK = re.compile(r"```graphql\n(.*?)```", re.S)


@dataclass
class Example:
    doc: str
    name: str
    text: str  # the operation, with the comments before it
    kind: OperationType
    role: str | None
    variables: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.doc}:{self.name}"


def examples() -> Iterator[Example]:
    for doc in DOCS:
        for block in BLOCK.findall(doc.read_text(encoding="utf-8")):
            document = parse(block)
            previous_end = 0
            for node in document.definitions:
                assert isinstance(node, OperationDefinitionNode), f"{doc.name}: not an operation"
                assert node.loc is not None
                text = block[previous_end : node.loc.end]
                previous_end = node.loc.end
                role = re.search(r"^# role: (\w+)$", text, re.M)
                variables = re.search(r"^# variables: (\{.*\})$", text, re.M)
                name = node.name.value if node.name else "(anonymous)"
                yield Example(
                    doc.name,
                    name,
                    text,
                    node.operation,
                    role.group(1) if role else None,
                    json.loads(variables.group(1)) if variables else {},
                )


ALL = list(examples())


def test_the_docs_hold_examples_for_each_kind_of_user():
    docs = {e.doc for e in ALL}
    assert {"API.md", "FRONTEND.md", "FINANCE.md", "AUDITORS.md"} <= docs
    assert len({(e.doc, e.name) for e in ALL}) == len(ALL), "operation names repeat in a doc"


def test_subscriptions_in_the_docs_are_valid_against_the_schema():
    schema = build_schema()._schema
    for example in (e for e in ALL if e.kind == OperationType.SUBSCRIPTION):
        assert validate(schema, parse(example.text)) == [], str(example)


def test_every_query_and_mutation_in_the_docs_runs(demo_api: tuple[Api, dict[str, Any]]):
    api, values = demo_api
    for example in (e for e in ALL if e.kind != OperationType.SUBSCRIPTION):
        variables = {
            key: values[value] if isinstance(value, str) and value.startswith("demo:") else value
            for key, value in example.variables.items()
        }
        response = api.post(example.text, variables, role=example.role)
        body = response.json()
        assert response.status_code == 200, (str(example), body)
        assert "errors" not in body, (str(example), body.get("errors"))
        if example.kind == OperationType.MUTATION:
            for payload in body["data"].values():
                assert payload["userErrors"] == [], (str(example), payload["userErrors"])


def demo_values(api: Api) -> dict[str, Any]:
    """The "demo:" names the docs use, looked up in the demo ledger through the API itself."""
    projects = api.data(
        """{ projects(programCode: "BD-KC-2025", status: CONTRACTED, first: 500) {
            edges { node { id budgetYear approvedSupport paid support { source } } } } }""",
        role="auditor",
    )["projects"]["edges"]
    open_2025 = [
        e["node"]
        for e in projects
        if e["node"]["budgetYear"] == 2025
        and int(e["node"]["approvedSupport"]) - int(e["node"]["paid"]) >= 1_000_000
    ]
    payable = open_2025[0]["id"]
    # Other contracted projects of 2025, provincial money only: one is changed by decision
    # (suspended, its support lowered by 1,000,000 đồng, resumed), one carried into 2026.
    provincial = [p for p in open_2025[1:] if [s["source"] for s in p["support"]] == ["PROVINCIAL"]]
    adjustable, carryable = provincial[0], provincial[-1]
    accepted = api.data(
        """{ projects(programCode: "BD-KC-2025", status: ACCEPTED, first: 500) {
            edges { node { id paid support { source } } } } }""",
        role="auditor",
    )["projects"]["edges"]
    # An accepted project settled 1,000,000 đồng below what it was paid, then refunded.
    settleable = next(
        e["node"]
        for e in accepted
        if [s["source"] for s in e["node"]["support"]] == ["PROVINCIAL"]
        and int(e["node"]["paid"]) > 1_000_000
    )
    establishment = api.data(
        "{ establishments(first: 1) { edges { node { id } } } }", role="auditor"
    )
    report = api.data(
        """{ reconciliation(programCode: "BD-KC-2025", year: 2025) {
            onlyInStatement(first: 1) { edges { node { statementId lineNo } } }
            onlyInLedger(first: 1) { edges { node { projectId voucherNo } } } } }""",
        role="finance",
    )["reconciliation"]
    line = report["onlyInStatement"]["edges"][0]["node"]
    payment = report["onlyInLedger"]["edges"][0]["node"]
    statement_csv = (
        "Ngày giá trị;Số chứng từ;Số tiền;Đơn vị nhận\n"
        "15/12/2025;KB-DOC-1;1.000.000;Công ty TNHH Cơ khí Bàu Bàng\n"
    ).encode()
    return {
        "demo:project": projects[0]["node"]["id"],
        "demo:payable": payable,
        "demo:statement": line["statementId"],
        "demo:unmatched-line": line["lineNo"],
        "demo:unmatched-project": payment["projectId"],
        "demo:unmatched-voucher": payment["voucherNo"],
        "demo:statement-file": base64.b64encode(statement_csv).decode(),
        "demo:adjustable": adjustable["id"],
        "demo:adjusted-amount": str(int(adjustable["approvedSupport"]) - 1_000_000),
        "demo:carryable": carryable["id"],
        "demo:settleable": settleable["id"],
        "demo:settled-amount": str(int(settleable["paid"]) - 1_000_000),
        "demo:establishment": establishment["establishments"]["edges"][0]["node"]["id"],
    }


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, dict[str, Any]]]:
    from tests.e2e.demo_support import demo_serving

    folder: Path = tmp_path_factory.mktemp("docs-demo")
    with demo_serving(folder) as api:
        yield api, demo_values(api)
