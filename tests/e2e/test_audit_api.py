"""An auditor over GraphQL: checkpoints, proofs checked with the RFC's own algorithms, and what
changed between two points of history."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import Signer
from projections.log.checkpoints import Checkpoint
from projections.log.keys import load_public_pem
from projections.log.merkle import root_from_inclusion, verify_consistency
from tests.e2e.api_client import serving
from tests.history import build_history
from tests.support import Clock

CHECKPOINTS = """{ checkpoints(first: 10) { hasNextPage items { treeSize rootHash keyId json } }
  latestCheckpoint { treeSize rootHash signature }
  auditPublicKeys { keyId publicKeyPem } }"""
INCLUSION = """query($position: Int!, $size: Int) { inclusionProof(position: $position,
  treeSize: $size) { position leafIndex treeSize leafHash rootHash path
  checkpoint { treeSize rootHash } } }"""
CONSISTENCY = """query($from: Int!, $to: Int) { consistencyProof(fromSize: $from, toSize: $to) {
  fromSize toSize fromRoot toRoot path fromCheckpoint { rootHash } toCheckpoint { rootHash } } }"""
DIFF = """query($from: Int!, $to: Int) { diff(programCode: "BD-KC-2025", fromPosition: $from,
  toPosition: $to) { fromPosition toPosition
  budget { year source changes { figure before after delta } }
  targets { indicator { code target } changes { measure before after delta } } } }"""


@pytest.fixture
def audited(scenario, database_url):
    """The small complete history, the API over it, and checkpoints at 20 events and at the end."""
    build_history(scenario)
    with serving(scenario.ledger, database_url) as api:
        key = Ed25519PrivateKey.generate()
        signer = Signer(api.read_model.store, key, "test-log", Clock(date(2026, 1, 5)))
        signer.checkpoint(20)
        signer.checkpoint()
        yield api, key


def test_checkpoints_and_their_key_are_public_and_verify(audited):
    api, _ = audited
    data = api.data(CHECKPOINTS)  # no token: anyone may check the log
    sizes = [c["treeSize"] for c in data["checkpoints"]["items"]]
    assert sizes == [20, api.head()]
    assert not data["checkpoints"]["hasNextPage"]
    (published,) = data["auditPublicKeys"]
    public_key = load_public_pem(published["publicKeyPem"])
    for item in data["checkpoints"]["items"]:
        checkpoint = Checkpoint(
            **{k: v for k, v in json.loads(item["json"]).items() if k != "format"}
        )
        assert checkpoint.verify(public_key)
        assert checkpoint.key_id == published["keyId"]
    assert data["latestCheckpoint"]["treeSize"] == api.head()


def test_an_inclusion_proof_leads_to_the_signed_root(audited):
    api, _ = audited
    proof = api.data(INCLUSION, {"position": 5, "size": 20})["inclusionProof"]
    assert (proof["leafIndex"], proof["treeSize"]) == (4, 20)
    root = root_from_inclusion(
        4, 20, bytes.fromhex(proof["leafHash"]), [bytes.fromhex(h) for h in proof["path"]]
    )
    assert root.hex() == proof["rootHash"] == proof["checkpoint"]["rootHash"]
    journal = api.data(
        "{ journal(first: 5) { edges { node { position leafIndex } } } }", role="auditor"
    )
    entries = [edge["node"] for edge in journal["journal"]["edges"]]
    assert entries[4] == {"position": 5, "leafIndex": 4}  # the journal names the proof's leaf


def test_a_consistency_proof_links_the_two_checkpoints(audited):
    api, _ = audited
    head = api.head()
    proof = api.data(CONSISTENCY, {"from": 20})["consistencyProof"]
    assert (proof["fromSize"], proof["toSize"]) == (20, head)
    assert proof["fromRoot"] == proof["fromCheckpoint"]["rootHash"]
    assert proof["toRoot"] == proof["toCheckpoint"]["rootHash"]
    assert verify_consistency(
        20,
        head,
        bytes.fromhex(proof["fromRoot"]),
        bytes.fromhex(proof["toRoot"]),
        [bytes.fromhex(h) for h in proof["path"]],
    )


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (INCLUSION, {"position": 5, "size": 10**6}, "treeSize"),
        (INCLUSION, {"position": 10**6}, "position"),
        (CONSISTENCY, {"from": 0}, "fromSize"),
        (CONSISTENCY, {"from": 30, "to": 20}, "fromSize"),
        (DIFF, {"from": 5, "to": 10**6}, "toPosition"),
        (DIFF, {"from": 9, "to": 3}, "fromPosition"),
    ],
)
def test_questions_outside_the_log_are_clear_errors_not_500(audited, query, variables, field):
    api, _ = audited
    response = api.post(query, variables)
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_QUERY"
    assert error["extensions"]["field"] == field


def test_diff_lists_what_moved_in_the_budget_and_the_targets(audited):
    api, _ = audited
    head = api.head()
    data = api.data(DIFF, {"from": 1, "to": head})["diff"]  # from the program's definition
    lines = {(line["year"], line["source"]): line["changes"] for line in data["budget"]}
    allocated = {c["figure"]: c for c in lines[(2024, "PROVINCIAL")]}["allocated"]
    assert allocated == {
        "figure": "allocated",
        "before": "0",
        "after": "2000000000",
        "delta": "2000000000",
    }
    targets = {t["indicator"]["code"]: t["changes"] for t in data["targets"]}
    assert {c["measure"]: c["delta"] for c in targets["fairs"]}["target"] == 2  # 12 → 14

    # Between two later points only the later movements show; an empty range shows nothing.
    assert api.data(DIFF, {"from": head, "to": head})["diff"]["budget"] == []
    late = api.data(DIFF, {"from": head - 3, "to": head})["diff"]
    assert len(late["budget"]) <= 1


def test_diff_of_an_unknown_program_names_it(audited):
    api, _ = audited
    response = api.post(DIFF.replace("BD-KC-2025", "NOPE"), {"from": 0})
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "UNKNOWN_PROGRAM"


def test_checkpoints_page_both_ways_like_every_connection(audited):
    api, _ = audited
    page = """query($first: Int, $after: String, $last: Int, $before: String) {
      checkpoints(first: $first, after: $after, last: $last, before: $before) { totalCount
        pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
        edges { cursor node { treeSize } } } }"""
    first = api.data(page, {"first": 1})["checkpoints"]
    assert first["totalCount"] == 2
    assert [e["node"]["treeSize"] for e in first["edges"]] == [20]
    assert (first["pageInfo"]["hasPreviousPage"], first["pageInfo"]["hasNextPage"]) == (
        False,
        True,
    )
    second = api.data(page, {"first": 1, "after": first["pageInfo"]["endCursor"]})["checkpoints"]
    assert [e["node"]["treeSize"] for e in second["edges"]] == [api.head()]
    assert (second["pageInfo"]["hasPreviousPage"], second["pageInfo"]["hasNextPage"]) == (
        True,
        False,
    )
    newest = api.data(page, {"last": 1})["checkpoints"]
    assert newest["edges"] == second["edges"]
    before = api.data(page, {"last": 1, "before": newest["pageInfo"]["startCursor"]})
    assert before["checkpoints"]["edges"] == first["edges"]
