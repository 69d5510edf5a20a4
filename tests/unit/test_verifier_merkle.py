"""The standalone verifier's own Merkle code agrees with the ledger's, and it stays standalone.

scripts/verify_audit_pack.py carries a copy of the RFC 9162 code (auditors copy the one file), so
it is checked here against projections.log.merkle: the root of every tree size 1..64, and the
consistency proof of every pair m ≤ n ≤ 64, accepted as built and rejected once tampered with.
Its leaf data, checkpoint text and key ids are checked against the ledger's too, since a verifier
that encodes them differently would reject every honest pack.
"""

from __future__ import annotations

import ast
import base64
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.log import merkle
from projections.log.checkpoints import signed_text
from projections.log.keys import key_id
from projections.log.leaf import leaf_data

REPOSITORY = Path(__file__).resolve().parents[2]
VERIFIER_PATH = REPOSITORY / "scripts" / "verify_audit_pack.py"
VECTORS = REPOSITORY / "tests" / "fixtures" / "merkle" / "consistency"
MAX_SIZE = 64


def _load_verifier() -> ModuleType:
    """The script as an auditor runs it: loaded from its file, not imported from the package."""
    spec = importlib.util.spec_from_file_location("verify_audit_pack_under_test", VERIFIER_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verifier = _load_verifier()
LEAVES = [merkle.leaf_hash(f"event {i}".encode()) for i in range(MAX_SIZE)]


def _stored_nodes(leaves: list[bytes]) -> dict[merkle.NodeKey, bytes]:
    """Every complete subtree, as the projector stores them while it appends leaves."""
    frontier = merkle.Frontier()
    nodes: dict[merkle.NodeKey, bytes] = {}
    for leaf in leaves:
        nodes.update(frontier.append(leaf))
    return nodes


NODES = _stored_nodes(LEAVES)


def _subtree(start: int, end: int) -> bytes:
    """MTH(D[start:end]) as projections.queries.audit_log builds proofs: stored nodes, folded."""
    return merkle.fold([NODES[key] for key in merkle.perfect_ranges(start, end)])


def _root(size: int) -> bytes:
    return merkle.root_from_leaves(LEAVES[:size])


def _pairs(proper: bool = False) -> list[tuple[int, int]]:
    """Every (m, n) with 1 ≤ m ≤ n ≤ MAX_SIZE, or m < n when ``proper``."""
    return [(m, n) for n in range(1, MAX_SIZE + 1) for m in range(1, n + (0 if proper else 1))]


def test_root_of_every_size_agrees_with_audit_merkle():
    streamed = verifier.Frontier()
    reference = merkle.Frontier()
    for size in range(1, MAX_SIZE + 1):
        streamed.append(LEAVES[size - 1])
        reference.append(LEAVES[size - 1])
        expected = _root(size)
        assert streamed.root() == expected, size
        assert reference.root() == expected, size
        assert verifier.merkle_root(LEAVES[:size]) == expected, size
        assert _subtree(0, size) == expected, size


def test_empty_tree_and_hash_prefixes_agree():
    assert verifier.merkle_root([]) == merkle.empty_root() == verifier.EMPTY_ROOT
    assert verifier.leaf_hash(b"abc") == merkle.leaf_hash(b"abc")
    assert verifier.node_hash(LEAVES[0], LEAVES[1]) == merkle.node_hash(LEAVES[0], LEAVES[1])


def test_every_consistency_proof_verifies():
    for m, n in _pairs():
        proof = merkle.consistency_proof(m, n, _subtree)
        assert proof == merkle.consistency_proof(
            m, n, lambda start, end: merkle.root_from_leaves(LEAVES[start:end])
        ), (m, n)
        assert verifier.verify_consistency(m, n, _root(m), _root(n), proof), (m, n)
        assert merkle.verify_consistency(m, n, _root(m), _root(n), proof), (m, n)


def _tampered(proof: list[bytes]) -> list[list[bytes]]:
    """Each node with one bit flipped, one node short, one node extra, and reversed."""
    variants = []
    for index, node in enumerate(proof):
        flipped = bytes([node[0] ^ 1]) + node[1:]
        variants.append([*proof[:index], flipped, *proof[index + 1 :]])
    if proof:
        variants.append(proof[:-1])
        variants.append(proof[1:])
    variants.append([*proof, LEAVES[0]])
    if len(proof) > 1 and proof != proof[::-1]:
        variants.append(proof[::-1])
    return variants


def test_tampered_consistency_proofs_are_rejected():
    wrong = merkle.leaf_hash(b"not in the log")
    for m, n in _pairs(proper=True):
        proof = merkle.consistency_proof(m, n, _subtree)
        old, new = _root(m), _root(n)
        for variant in _tampered(proof):
            assert not verifier.verify_consistency(m, n, old, new, variant), (m, n, variant)
            assert not merkle.verify_consistency(m, n, old, new, variant), (m, n, variant)
        assert not verifier.verify_consistency(m, n, wrong, new, proof), (m, n)
        assert not verifier.verify_consistency(m, n, old, wrong, proof), (m, n)
        assert not verifier.verify_consistency(m, n, new, old, proof), (m, n)
        assert not verifier.verify_consistency(n, m, old, new, proof), (m, n)
        assert not verifier.verify_consistency(0, n, old, new, proof), (m, n)
        for claimed in (n + 1, n + 2, 2 * n, 2 * n + 1):
            # A proof may fit some other sizes too (the signed checkpoint binds the size), but
            # the verifier must accept exactly where the ledger's own check does.
            assert verifier.verify_consistency(m, claimed, old, new, proof) == (
                merkle.verify_consistency(m, claimed, old, new, proof)
            ), (m, n, claimed)


def test_a_proof_that_ends_before_the_claimed_size_is_rejected():
    proof = merkle.consistency_proof(1, 2, _subtree)
    assert verifier.verify_consistency(1, 2, _root(1), _root(2), proof)
    assert not verifier.verify_consistency(1, 3, _root(1), _root(2), proof)


def test_equal_sizes_need_equal_roots_and_no_proof():
    root = _root(5)
    assert verifier.verify_consistency(5, 5, root, root, [])
    assert not verifier.verify_consistency(5, 5, root, _root(6), [])
    assert not verifier.verify_consistency(5, 5, root, root, [LEAVES[0]])


def _vector_hash(value: str) -> bytes:
    return base64.b64decode(value)


@pytest.mark.parametrize(
    "path", sorted(VECTORS.glob("*/happy-path.json")), ids=lambda p: p.parent.name
)
def test_published_consistency_vectors_verify(path: Path):
    """transparency-dev/merkle's RFC 6962 vectors (tests/fixtures/merkle/README.md)."""
    vector = json.loads(path.read_text(encoding="utf-8"))
    proof = [_vector_hash(node) for node in vector["proof"] or []]
    assert verifier.verify_consistency(
        vector["size1"],
        vector["size2"],
        _vector_hash(vector["root1"]),
        _vector_hash(vector["root2"]),
        proof,
    )


def test_leaf_data_checkpoint_text_and_key_id_agree_with_the_ledger():
    aggregate = UUID("500367cd-7253-5be0-bc0a-9fb38f56e1b9")
    topic = "khuyencong:Project.Approved"
    state = '{"document_ref":"DA-2024-01/QĐ-SCT","budget_year":2024}'
    assert verifier.leaf_data(41, aggregate.bytes, 3, topic, state) == leaf_data(
        41, aggregate, 3, topic, state.encode("utf-8")
    )
    args = ("khuyencong-ledger", 1234, "ab" * 32, "2026-11-28T08:00:00.000000+00:00")
    assert verifier.checkpoint_text(*args) == signed_text(*args)
    public_key = Ed25519PrivateKey.generate().public_key()
    assert verifier.key_id(public_key) == key_id(public_key)


def test_exit_statuses_are_the_documented_ones():
    doc = (REPOSITORY / "docs" / "AUDITORS.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([A-Z_]+)` \| (\d+) \|", doc, flags=re.MULTILINE))
    assert {code: int(status) for code, status in table.items()} == dict(verifier.EXIT_STATUS)
    assert list(table) == list(verifier.EXIT_STATUS), "the checks run in the table's order"


def _imported_modules(source: str) -> list[tuple[str, int]]:
    """(module, relative level) of every import statement, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


def test_the_verifier_imports_only_the_standard_library_and_cryptography():
    imports = _imported_modules(VERIFIER_PATH.read_text(encoding="utf-8"))
    assert imports, "the parse found no imports at all"
    foreign = [
        name
        for name, level in imports
        if level > 0
        or not (
            name.split(".")[0] in sys.stdlib_module_names or name.split(".")[0] == "cryptography"
        )
    ]
    assert foreign == []
    project_packages = {"api", "audit", "domain", "projections", "scripts", "tests"}
    assert not {name.split(".")[0] for name, _ in imports} & project_packages
