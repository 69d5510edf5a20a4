"""Every GraphQL example in the docs runs against the demo ledger, so the docs cannot rot.

An example is a ```graphql block; a block may hold several named operations. Comment lines just
before an operation say how to run it — GraphQL ignores them, so the block stays copy-paste:

    # role: finance                      (the caller; anonymous when absent)
    # variables: {"id": "UHJvamVjdDpm…"}  (values as the demo ledger of seed 1 has them)

Queries and mutations are sent over HTTP as printed, in the order the docs give them, and must
answer without errors (a mutation without userErrors); subscriptions are validated against the
schema. Ids in the examples are the demo's (seed 1): they are derived from codes, so the same
seed gives the same ids.
"""

from __future__ import annotations

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


def test_the_docs_examples_hold_real_values_not_placeholders():
    placeholders = [str(e) for e in ALL if "demo:" in json.dumps(e.variables)]
    assert placeholders == []


def test_every_query_and_mutation_in_the_docs_runs_as_printed(demo_api: Api):
    for example in (e for e in ALL if e.kind != OperationType.SUBSCRIPTION):
        response = demo_api.post(example.text, example.variables, role=example.role)
        body = response.json()
        assert response.status_code == 200, (str(example), body)
        assert "errors" not in body, (str(example), body.get("errors"))
        if example.kind == OperationType.MUTATION:
            for payload in body["data"].values():
                assert payload["userErrors"] == [], (str(example), payload["userErrors"])


def test_the_auditors_proof_is_against_the_latest_signed_checkpoint(demo_api: Api):
    (proof,) = [e for e in ALL if (e.doc, e.name) == ("AUDITORS.md", "Proof")]
    data = demo_api.data(proof.text, proof.variables, role=proof.role)
    latest, answer = data["latestCheckpoint"], data["inclusionProof"]
    assert answer["treeSize"] == latest["treeSize"]
    assert answer["rootHash"] == latest["rootHash"]
    assert answer["checkpoint"] == {
        "treeSize": latest["treeSize"],
        "rootHash": latest["rootHash"],
        "signedAt": latest["signedAt"],
    }


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    from tests.e2e.demo_support import demo_serving

    folder: Path = tmp_path_factory.mktemp("docs-demo")
    with demo_serving(folder) as api:
        yield api
