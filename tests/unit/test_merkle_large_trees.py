"""projections.log.merkle on larger trees: the accumulated vectors of
draft-ietf-plants-merkle-tree-certs (130 leaves), and round trips of every proof for sizes
1..64 against the RFC's recursive definition (sources in tests/unit/merkle_vectors.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest

from projections.log.merkle import (
    consistency_proof,
    inclusion_proof,
    root_from_inclusion,
    root_from_leaves,
    verify_consistency,
)
from tests.unit.merkle_vectors import (
    MTC_CONSISTENCY_PROOFS,
    MTC_INCLUSION_PROOFS,
    MTC_LEAF_HASHES,
    MTC_ROUTES,
    MTC_SIZE,
    MTC_SUBTREE_HASHES,
    flipped_proof,
    included,
    shifted,
    subtree_consistency,
    valid_subtree,
)

# --- 4. larger trees: draft-ietf-plants-merkle-tree-certs Appendix C, 130 leaves -----------------


@pytest.mark.parametrize("route", sorted(MTC_ROUTES))
def test_accumulated_subtree_hashes(route: str) -> None:
    """Appendix C.1.1: "[start, end) <hash>" for every valid subtree of the 130-leaf tree; the
    subtrees starting at 0 are the roots of every tree size 1..130."""
    subtree = MTC_ROUTES[route]
    accumulated = hashlib.sha256()
    for end in range(1, MTC_SIZE + 1):
        for start in range(end):
            if valid_subtree(start, end):
                accumulated.update(f"[{start}, {end}) {subtree(start, end).hex()}\n".encode())
    assert accumulated.hexdigest() == MTC_SUBTREE_HASHES


def _proof_line(prefix: str, proof: Sequence[bytes]) -> bytes:
    return (prefix + "".join(f" {node.hex()}" for node in proof) + "\n").encode()


@pytest.mark.parametrize("route", sorted(MTC_ROUTES))
def test_accumulated_inclusion_proofs(route: str) -> None:
    """Appendix C.1.2: "index [start, end) <path>" for every leaf of every valid subtree. A
    subtree's inclusion proof is PATH within D[start:end], so start = 0 gives every leaf of every
    tree size 1..130. Each proof must also lead back to its subtree's hash."""
    subtree = MTC_ROUTES[route]
    accumulated = hashlib.sha256()
    for end in range(1, MTC_SIZE + 1):
        for start in range(end):
            if not valid_subtree(start, end):
                continue
            within, root = shifted(subtree, start), subtree(start, end)
            for index in range(start, end):
                proof = inclusion_proof(index - start, end - start, within)
                accumulated.update(_proof_line(f"{index} [{start}, {end})", proof))
                leaf = MTC_LEAF_HASHES[index]
                assert root_from_inclusion(index - start, end - start, leaf, proof) == root
    assert accumulated.hexdigest() == MTC_INCLUSION_PROOFS


@pytest.mark.parametrize("route", sorted(MTC_ROUTES))
def test_accumulated_consistency_proofs(route: str) -> None:
    """Appendix C.1.3: "[start, end) n <proof>" for every tree size n ≤ 130 and valid subtree
    ending by n. start = 0 is RFC 9162's PROOF(end, D[0:n]) for every pair end ≤ n, which must
    also verify; start > 0 runs the module's PROOF inside the enclosing node."""
    subtree = MTC_ROUTES[route]
    accumulated = hashlib.sha256()
    for size in range(MTC_SIZE + 1):
        for end in range(1, size + 1):
            for start in range(end):
                if not valid_subtree(start, end):
                    continue
                proof = subtree_consistency(start, end, size, subtree)
                accumulated.update(_proof_line(f"[{start}, {end}) {size}", proof))
                if start == 0:
                    old_root, new_root = subtree(0, end), subtree(0, size)
                    assert verify_consistency(end, size, old_root, new_root, proof)
    assert accumulated.hexdigest() == MTC_CONSISTENCY_PROOFS


# --- 4b. every leaf and every pair for sizes 1..64, round trips against the RFC definition --------
# Leaves are the draft's d[i] = bytes([i]); the roots come from root_from_leaves (the RFC's
# recursive MTH) and agree with the published accumulated vectors above.

MTC_ROOTS = [root_from_leaves(MTC_LEAF_HASHES[:size]) for size in range(65)]


def _path_length(index: int, size: int) -> int:
    """How many siblings PATH(index, D[0:size]) holds: one per split on the way down to the leaf
    (the RFC's recursion, counted without hashing)."""
    length, start, end = 0, 0, size
    while end - start > 1:
        k = 1 << ((end - start - 1).bit_length() - 1)
        start, end = (start, start + k) if index - start < k else (start + k, end)
        length += 1
    return length


@pytest.mark.parametrize("size", range(1, 65))
def test_every_inclusion_proof_round_trips(size: int) -> None:
    """For each leaf: the proof from stored nodes equals the one from the recursive definition,
    leads to the root, and stops doing so when a byte flips, the index moves, or a node is
    dropped or added. (A wrong tree size is not in this list: for the leftmost leaves of some
    sizes the path is the same, which is why the size is signed with the root.)"""
    root = MTC_ROOTS[size]
    for index in range(size):
        leaf = MTC_LEAF_HASHES[index]
        proof = inclusion_proof(index, size, MTC_ROUTES["recursive"])
        assert inclusion_proof(index, size, MTC_ROUTES["frontier-nodes"]) == proof
        assert len(proof) == _path_length(index, size)
        assert root_from_inclusion(index, size, leaf, proof) == root
        for position in range(len(proof)):
            assert not included(index, size, leaf, flipped_proof(proof, position, 1), root)
        if size > 1:
            assert not included((index + 1) % size, size, leaf, proof, root)
            assert not included(index, size, leaf, proof[:-1], root)
        assert not included(index, size, leaf, [*proof, root], root)
        assert not included(index, size, leaf, [root, *proof], root)


@pytest.mark.parametrize("new", range(1, 65))
def test_every_consistency_proof_round_trips(new: int) -> None:
    """For each older size m ≤ n: the proof from stored nodes equals the one from the recursive
    definition and verifies; a flipped byte, a dropped or extra node, a wrong old root or a wrong
    old size is rejected."""
    new_root = MTC_ROOTS[new]
    for old in range(1, new + 1):
        old_root = MTC_ROOTS[old]
        proof = consistency_proof(old, new, MTC_ROUTES["recursive"])
        assert consistency_proof(old, new, MTC_ROUTES["frontier-nodes"]) == proof
        assert verify_consistency(old, new, old_root, new_root, proof)
        if old == new:
            assert proof == []
            assert not verify_consistency(old, new, old_root, new_root, [old_root])
            continue
        for position in range(len(proof)):
            assert not verify_consistency(
                old, new, old_root, new_root, flipped_proof(proof, position, 1)
            )
        assert not verify_consistency(old, new, old_root, new_root, proof[:-1])
        assert not verify_consistency(old, new, old_root, new_root, [*proof, new_root])
        assert not verify_consistency(old, new, MTC_ROOTS[old - 1], new_root, proof)
        assert not verify_consistency(old, new, old_root, MTC_ROOTS[new - 1], proof)
        assert not verify_consistency(old + 1, new, old_root, new_root, proof)
