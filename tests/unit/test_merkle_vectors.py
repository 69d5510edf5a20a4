"""projections.log.merkle checked against published RFC 6962 / RFC 9162 test vectors.

Every expected hash here is copied from a public source named next to it; none is computed with
the code under test. All sources are in github.com/transparency-dev/merkle (Apache-2.0):

- testonly/constants.go @ 582a6ad190b6848f1d26f8bf08ddef29955d9db1 — the RFC 6962 test leaves,
  every complete node of their 8-leaf tree, the roots of sizes 0..8 and the compact trees.
- proof/verify_test.go @ 02194e9afb6c1d95b5381350007963aa70fff472 — inclusion and consistency
  proofs over those leaves, and the recipes for corrupting them.
- testonly/reference_test.go @ 141d627eab770a7e9a2514f46a8b6338e6d90874 — two more inclusion
  proofs (size 2).
- cmd/proofgen/main.go @ 0e039277d77118c07aa643920617ab865274c7c0 — the edge-case probes it
  writes to testdata/{inclusion,consistency}/additional and testdata/inclusion/single-entry.
- testdata/{inclusion,consistency}/N/happy-path.json — copied verbatim to tests/fixtures/merkle/
  (see the README there for each file's commit).
- testonly/vectors_test.go @ ccde87d7b46fa8b872ecea65195dc8159c3e86e3 (same values at
  1c243046bea7805f274ffcdc2f0f58e69d73e25e) — the accumulated "Subtree Test Vectors" of
  draft-ietf-plants-merkle-tree-certs, Appendix C: one rolling SHA-256 over every subtree hash,
  inclusion proof and consistency proof of the tree of 130 leaves d[i] = bytes([i]). For subtrees
  starting at 0 these are exactly RFC 9162's MTH, PATH and PROOF, so they cover every tree size
  1..130, every leaf and every (m, n) pair.

The upstream testdata/ folder only has vectors for the 8-leaf tree; larger trees are checked via
the draft's accumulated vectors above and by round trips against the RFC's recursive definition.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from projections.log.merkle import (
    Frontier,
    NodeKey,
    SubtreeHash,
    consistency_proof,
    empty_root,
    fold,
    inclusion_proof,
    leaf_hash,
    node_hash,
    perfect_ranges,
    root_from_inclusion,
    root_from_leaves,
    verify_consistency,
)


def h(hex_digits: str) -> bytes:
    return bytes.fromhex(hex_digits)


# --- transparency-dev/merkle testonly/constants.go @ 582a6ad190b6848f1d26f8bf08ddef29955d9db1 ----

# LeafInputs(): the RFC 6962 test data.
LEAF_INPUTS = [
    h(""),
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]

# NodeHashes(): NODE_HASHES[level][index] covers leaves [index·2^level, (index+1)·2^level).
NODE_HASHES = [
    [
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
        h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
        h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
        h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
    ],
    [
        h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
    ],
    [
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
    [
        h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
    ],
]
LEAF_HASHES = NODE_HASHES[0]

# EmptyRootHash() (also sha256EmptyTreeHash in proof/verify_test.go).
EMPTY_ROOT = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

# RootHashes(): ROOTS[size] for sizes 0..8 (also `roots` in proof/verify_test.go, sizes 1..8).
ROOTS = [
    EMPTY_ROOT,
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]

# CompactTrees(): the frontier of each size 0..8, written upstream as nh[level][index].
COMPACT_TREES: list[list[NodeKey]] = [
    [],
    [(0, 0)],
    [(1, 0)],
    [(1, 0), (0, 2)],
    [(2, 0)],
    [(2, 0), (0, 4)],
    [(2, 0), (1, 2)],
    [(2, 0), (1, 2), (0, 6)],
    [(3, 0)],
]

# --- transparency-dev/merkle proof/verify_test.go @ 02194e9afb6c1d95b5381350007963aa70fff472 ----

SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")  # sha256SomeHash

# inclusionProofs, as (leaf index, tree size, proof). Upstream numbers leaves from 1
# ({1, 8, ...} is leaf 0); they are 0-based here. Upstream's {0, 0, nil} is "an invalid path"
# and is checked by test_inclusion_proof_rejects_leaves_outside_the_tree.
INCLUSION_VECTORS: list[tuple[int, int, list[bytes]]] = [
    (0, 1, []),
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    # transparency-dev/merkle testonly/reference_test.go @ 141d627eab770a7e9a2514f46a8b6338e6d90874
    # (TestRefInclusionProof, already 0-based there).
    (0, 2, [h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")]),
    (1, 2, [h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]),
]

# consistencyProofs, as (size1, size2, proof).
CONSISTENCY_VECTORS: list[tuple[int, int, list[bytes]]] = [
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]

# --- transparency-dev/merkle testonly/vectors_test.go @ ccde87d7b46fa8b872ecea65195dc8159c3e86e3 -
# The accumulated vectors of draft-ietf-plants-merkle-tree-certs, Appendix C, over leaves
# d[i] = bytes([i]) for i < 130 (TestSubtreeHashVectors, TestSubtreeInclusionProofVectors,
# TestSubtreeConsistencyProofVectors).
MTC_SIZE = 130
MTC_SUBTREE_HASHES = "94a95384a8c69acea9b50d035a58285b3a777cb7a724005faa5e1f1e1190007f"
MTC_INCLUSION_PROOFS = "ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f"
MTC_CONSISTENCY_PROOFS = "c586ebbb73a5621baf2140095d87dde934e3b6503a562a1a5215b8209edd083d"

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "merkle"
UINT64 = 1 << 64  # the Go probes use uint64 arithmetic: 0 - 1 wraps around


# --- helpers -------------------------------------------------------------------------------------


def _recursive_route(leaves: Sequence[bytes]) -> SubtreeHash:
    """MTH(D[a:b]) straight from the RFC's recursive definition."""

    @functools.cache
    def subtree(start: int, end: int) -> bytes:
        return root_from_leaves(leaves[start:end])

    return subtree


def _nodes_route(nodes: Callable[[NodeKey], bytes]) -> SubtreeHash:
    """MTH(D[a:b]) as the log computes it: stored complete nodes, folded from the right."""

    @functools.cache
    def subtree(start: int, end: int) -> bytes:
        return fold([nodes(key) for key in perfect_ranges(start, end)])

    return subtree


def _published_node(key: NodeKey) -> bytes:
    level, index = key
    return NODE_HASHES[level][index]


def _frontier_store(leaves: Sequence[bytes]) -> dict[NodeKey, bytes]:
    """Every node Frontier.append reports while the leaves go in one by one."""
    frontier = Frontier()
    store: dict[NodeKey, bytes] = {}
    for leaf in leaves:
        for key, value in frontier.append(leaf):
            assert key not in store, f"node {key} reported twice"
            store[key] = value
    return store


def _shifted(subtree: SubtreeHash, offset: int) -> SubtreeHash:
    return lambda start, end: subtree(offset + start, offset + end)


def _included(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    try:
        return root_from_inclusion(index, size, leaf, proof) == root
    except ValueError:
        return False


def _flipped(proof: Sequence[bytes], position: int, mask: int) -> list[bytes]:
    element = proof[position]
    return [
        *proof[:position],
        bytes([element[0] ^ mask]) + element[1:],
        *proof[position + 1 :],
    ]


def _valid_subtree(start: int, end: int) -> bool:
    """The draft's valid subtree: start is a multiple of bit_ceil(end - start)."""
    return start < end and (start == 0 or start % (1 << (end - start - 1).bit_length()) == 0)


def _subtree_consistency(start: int, end: int, size: int, subtree: SubtreeHash) -> list[bytes]:
    """The draft's subtree consistency proof, from the module's PROOF. (Test glue: when start > 0
    it descends, as PATH does, to the node whose leaves begin at start, then it is RFC 9162's
    PROOF(end - lo, D[lo:hi]) followed by the siblings met on the way down, lowest first.)"""
    lo, hi, siblings = 0, size, []
    while start > lo:
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        if end - lo <= k:
            siblings.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            assert start - lo >= k, "not a valid subtree"
            siblings.append(subtree(lo, lo + k))
            lo += k
    return [*consistency_proof(end - lo, hi - lo, _shifted(subtree, lo)), *reversed(siblings)]


SUBTREE_8_ROUTES: dict[str, SubtreeHash] = {
    "recursive": _recursive_route(LEAF_HASHES),
    "published-nodes": _nodes_route(_published_node),
}

MTC_LEAF_HASHES = [leaf_hash(bytes([i])) for i in range(MTC_SIZE)]
_MTC_STORE = _frontier_store(MTC_LEAF_HASHES)
MTC_ROUTES: dict[str, SubtreeHash] = {
    "recursive": _recursive_route(MTC_LEAF_HASHES),
    "frontier-nodes": _nodes_route(_MTC_STORE.__getitem__),
}


# --- 1. leaf hashes, node hashes, roots ----------------------------------------------------------


@pytest.mark.parametrize("index", range(8))
def test_leaf_hashes_of_the_rfc6962_test_data(index: int) -> None:
    """Leaf hash = SHA-256(0x00 ‖ data), as published for the 8 RFC 6962 test leaves."""
    assert leaf_hash(LEAF_INPUTS[index]) == NODE_HASHES[0][index]


@pytest.mark.parametrize(
    ("level", "index"),
    [(level, index) for level in (1, 2, 3) for index in range(8 >> level)],
)
def test_node_hashes_of_the_rfc6962_test_tree(level: int, index: int) -> None:
    """Node hash = SHA-256(0x01 ‖ left ‖ right) for every published interior node."""
    left, right = NODE_HASHES[level - 1][2 * index], NODE_HASHES[level - 1][2 * index + 1]
    assert node_hash(left, right) == NODE_HASHES[level][index]


def test_empty_root() -> None:
    """The empty tree's root is SHA-256 of nothing, by every route."""
    assert empty_root() == EMPTY_ROOT
    assert root_from_leaves([]) == EMPTY_ROOT
    assert Frontier().root() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(9))
def test_roots_of_every_prefix_of_the_rfc6962_test_data(size: int) -> None:
    """MTH(D[0:size]) for sizes 0..8 equals the published roots."""
    assert root_from_leaves([leaf_hash(data) for data in LEAF_INPUTS[:size]]) == ROOTS[size]


@pytest.mark.parametrize("size", range(1, 9))
def test_perfect_ranges_fold_published_nodes_into_the_roots(size: int) -> None:
    """The stored-node decomposition of [0, size) folds the published nodes into the root."""
    assert perfect_ranges(0, size) == COMPACT_TREES[size]
    assert fold([_published_node(key) for key in perfect_ranges(0, size)]) == ROOTS[size]


# --- 2. published inclusion proofs ---------------------------------------------------------------


@pytest.mark.parametrize("route", sorted(SUBTREE_8_ROUTES))
@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proof_is_the_published_path(
    route: str, index: int, size: int, proof: list[bytes]
) -> None:
    """PATH(m, D[0:n]) comes out node for node as published, whichever way subtrees are hashed."""
    assert inclusion_proof(index, size, SUBTREE_8_ROUTES[route]) == proof


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_published_inclusion_proof_leads_to_the_published_root(
    index: int, size: int, proof: list[bytes]
) -> None:
    """A verifier following the published path reaches the published root."""
    assert root_from_inclusion(index, size, LEAF_HASHES[index], proof) == ROOTS[size]


@pytest.mark.parametrize(("index", "size"), [(0, 0), (8, 8), (1, 1), (9, 8)])
def test_inclusion_proof_rejects_leaves_outside_the_tree(index: int, size: int) -> None:
    """Upstream's {0, 0, nil} vector is "an invalid path": there is no leaf to prove."""
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_proof(index, size, SUBTREE_8_ROUTES["recursive"])


def _corrupt_inclusion(
    index: int, size: int, proof: list[bytes]
) -> list[tuple[str, int, int, bytes, list[bytes], bytes]]:
    """corruptInclusionProof from proof/verify_test.go: (desc, index, size, leaf, proof, root)."""
    leaf, root = LEAF_HASHES[index], ROOTS[size]
    probes = [
        ("leafIndex - 1", (index - 1) % UINT64, size, leaf, proof, root),
        ("leafIndex + 1", index + 1, size, leaf, proof, root),
        ("leafIndex ^ 2", index ^ 2, size, leaf, proof, root),
        ("treeSize * 2", index, size * 2, leaf, proof, root),
        ("treeSize / 2", index, size // 2, leaf, proof, root),
        ("wrong leaf", index, size, b"WrongLeaf", proof, root),
        ("empty root", index, size, leaf, proof, EMPTY_ROOT),
        ("random root", index, size, leaf, proof, SOME_HASH),
        ("trailing garbage", index, size, leaf, [*proof, b""], root),
        ("trailing root", index, size, leaf, [*proof, root], root),
        ("preceding garbage", index, size, leaf, [b"", *proof], root),
        ("preceding root", index, size, leaf, [root, *proof], root),
    ]
    for position in range(len(proof)):
        flipped = _flipped(proof, position, 8)
        probes.append((f"modified proof[{position}] bit 3", index, size, leaf, flipped, root))
    if proof:
        probes.append(("removed component", index, size, leaf, proof[:-1], root))
    if len(proof) > 1:
        inserted = [proof[0], SOME_HASH, *proof[1:]]
        probes.append(("inserted component", index, size, leaf, inserted, root))
    return probes


INCLUSION_PROBES = [
    pytest.param(*probe[1:], id=f"leaf{index}-of-{size}: {probe[0]}")
    for index, size, proof in INCLUSION_VECTORS
    for probe in _corrupt_inclusion(index, size, proof)
]


@pytest.mark.parametrize(("index", "size", "leaf", "proof", "root"), INCLUSION_PROBES)
def test_corrupted_inclusion_proof_does_not_verify(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes
) -> None:
    """Every corruption upstream tries (index, size, leaf, root, extra/missing/flipped nodes)
    either raises or leads somewhere other than the root."""
    assert not _included(index, size, leaf, proof, root)


# cmd/proofgen/main.go @ 0e039277d77118c07aa643920617ab865274c7c0, staticInclusionProbes
# (testdata/inclusion/additional): empty proofs for impossible or mismatched trees, all wantErr.
@pytest.mark.parametrize(("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1)])
@pytest.mark.parametrize(
    ("root", "leaf"),
    [(b"", SOME_HASH), (EMPTY_ROOT, b""), (EMPTY_ROOT, SOME_HASH)],
    ids=["random leaf", "empty root", "empty root and random leaf"],
)
def test_additional_inclusion_probes_do_not_verify(
    index: int, size: int, root: bytes, leaf: bytes
) -> None:
    """An empty proof proves nothing about an empty tree, a leaf past the end, or another leaf."""
    assert not _included(index, size, leaf, [], root)


# cmd/proofgen/main.go, singleEntryInclusionProbes (testdata/inclusion/single-entry):
# in a 1-leaf tree the root is the leaf hash of b"data" and the proof is empty.
DATA_HASH = leaf_hash(b"data")


@pytest.mark.parametrize(
    ("root", "leaf", "valid"),
    [
        pytest.param(DATA_HASH, DATA_HASH, True, id="matching root and leaf"),
        pytest.param(DATA_HASH, b"", False, id="empty leaf"),
        pytest.param(b"", DATA_HASH, False, id="empty root"),
        pytest.param(
            b"",
            b"",
            False,
            id="empty root and leaf",  # refused: hashes are 32 bytes
        ),
    ],
)
def test_single_entry_inclusion_probes(root: bytes, leaf: bytes, valid: bool) -> None:
    """A 1-leaf tree's root is its leaf hash: the empty proof verifies exactly that."""
    assert _included(0, 1, leaf, [], root) is valid


# --- 3. published consistency proofs -------------------------------------------------------------


@pytest.mark.parametrize("route", sorted(SUBTREE_8_ROUTES))
@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proof_is_the_published_proof(
    route: str, old: int, new: int, proof: list[bytes]
) -> None:
    """PROOF(m, D[0:n]) comes out node for node as published."""
    assert consistency_proof(old, new, SUBTREE_8_ROUTES[route]) == proof


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_published_consistency_proof_verifies(old: int, new: int, proof: list[bytes]) -> None:
    """The published proof links the published roots."""
    assert verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


@pytest.mark.parametrize(("old", "new"), [(0, 0), (0, 8), (2, 1), (9, 8)])
def test_consistency_proof_needs_a_non_empty_older_tree(old: int, new: int) -> None:
    """RFC 9162 proves consistency for 0 < m ≤ n only."""
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_proof(old, new, SUBTREE_8_ROUTES["recursive"])


def _corrupt_consistency(
    old: int, new: int, proof: list[bytes]
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """corruptConsistencyProof from proof/verify_test.go: (desc, size1, size2, root1, root2,
    proof)."""
    root1, root2 = ROOTS[old], ROOTS[new]
    probes = [
        ("size1 - 1", old - 1, new, root1, root2, proof),
        ("size1 + 1", old + 1, new, root1, root2, proof),
        ("size1 ^ 2", old ^ 2, new, root1, root2, proof),
        ("size2 * 2", old, new * 2, root1, root2, proof),
        ("size2 / 2", old, new // 2, root1, root2, proof),
        ("wrong root1", old, new, b"WrongRoot", root2, proof),
        ("wrong root2", old, new, root1, b"WrongRoot", proof),
        ("swapped roots", old, new, root2, root1, proof),
        ("empty proof", old, new, root1, root2, []),
        ("trailing garbage", old, new, root1, root2, [*proof, b""]),
        ("trailing root1", old, new, root1, root2, [*proof, root1]),
        ("trailing root2", old, new, root1, root2, [*proof, root2]),
        ("preceding garbage", old, new, root1, root2, [b"", *proof]),
        ("preceding root1", old, new, root1, root2, [root1, *proof]),
        ("preceding root2", old, new, root1, root2, [root2, *proof]),
        ("preceding proof[0]", old, new, root1, root2, [proof[0], *proof]),
        ("truncated proof", old, new, root1, root2, proof[:-1]),
    ]
    for position in range(len(proof)):
        flipped = _flipped(proof, position, 16)
        probes.append((f"modified proof[{position}] bit 4", old, new, root1, root2, flipped))
    return probes


CONSISTENCY_PROBES = [
    pytest.param(*probe[1:], id=f"{old}-to-{new}: {probe[0]}")
    for old, new, proof in CONSISTENCY_VECTORS
    if proof  # upstream: "test only non-trivial proofs"
    for probe in _corrupt_consistency(old, new, proof)
]


@pytest.mark.parametrize(("old", "new", "root1", "root2", "proof"), CONSISTENCY_PROBES)
def test_corrupted_consistency_proof_does_not_verify(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> None:
    """Every corruption upstream tries (sizes, roots, extra/missing/flipped nodes) is rejected."""
    assert not verify_consistency(old, new, root1, root2, proof)


# cmd/proofgen/main.go @ 0e039277d77118c07aa643920617ab865274c7c0, staticConsistencyProbes
# (testdata/consistency/additional). Note: the older table in proof/verify_test.go expected
# (0, 0, root1, root1) and (0, 1) to verify; the generator now marks them wantErr, which is what
# projections.log.merkle does (RFC 9162 defines no proof from the empty tree).
DONT_CARE_1, DONT_CARE_2 = b"don't care 1", b"don't care 2"


@pytest.mark.parametrize(
    ("old", "new", "root1", "root2", "proof", "valid"),
    [
        pytest.param(0, 0, DONT_CARE_1, DONT_CARE_2, [], False, id="equal zero, roots differ"),
        pytest.param(1, 1, DONT_CARE_1, DONT_CARE_2, [], False, id="equal one, roots differ"),
        pytest.param(0, 0, DONT_CARE_1, DONT_CARE_1, [], False, id="equal zero, empty proof"),
        pytest.param(0, 1, DONT_CARE_1, DONT_CARE_2, [], False, id="size1 zero"),
        pytest.param(1, 1, DONT_CARE_2, DONT_CARE_2, [], True, id="equal one, empty proof"),
        pytest.param(1, 0, DONT_CARE_1, DONT_CARE_2, [], False, id="size1 > size2"),
        pytest.param(2, 1, DONT_CARE_1, DONT_CARE_2, [], False, id="size1 > size2 again"),
        pytest.param(1, 2, DONT_CARE_1, DONT_CARE_2, [], False, id="sizes differ, empty proof"),
        pytest.param(0, 0, EMPTY_ROOT, DONT_CARE_2, [], False, id="roots differ, zero"),
        pytest.param(1, 1, EMPTY_ROOT, DONT_CARE_2, [], False, id="roots differ, one"),
        pytest.param(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False, id="proof not empty, 0"),
        pytest.param(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False, id="proof not empty, 1"),
        pytest.param(0, 1, EMPTY_ROOT, DONT_CARE_2, [], False, id="size1 zero, size2 not"),
        pytest.param(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False, id="from empty tree"),
    ],
)
def test_additional_consistency_probes(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes], valid: bool
) -> None:
    """Edge cases of sizes 0 and 1: only equal sizes with equal roots and no proof hold."""
    assert verify_consistency(old, new, root1, root2, proof) is valid


# --- the same vectors as shipped in transparency-dev/merkle testdata/ (tests/fixtures/merkle) ----

INCLUSION_FILES = sorted((FIXTURES / "inclusion").glob("*/happy-path.json"))
CONSISTENCY_FILES = sorted((FIXTURES / "consistency").glob("*/happy-path.json"))


def _b64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _fixture_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}"


def test_fixture_files_are_present() -> None:
    """The upstream testdata has five inclusion and five consistency vectors; all are here."""
    assert [_fixture_id(p) for p in INCLUSION_FILES] == [f"inclusion/{i}" for i in range(5)]
    assert [_fixture_id(p) for p in CONSISTENCY_FILES] == [f"consistency/{i}" for i in range(5)]


@pytest.mark.parametrize("path", INCLUSION_FILES, ids=_fixture_id)
def test_testdata_inclusion_vector(path: Path) -> None:
    """Upstream's generated inclusion vectors: same path, same root, same leaf hash as above."""
    probe = json.loads(path.read_text())
    index, size = probe["leafIdx"], probe["treeSize"]
    proof = [_b64(node) for node in probe["proof"] or []]
    leaf, root = _b64(probe["leafHash"]), _b64(probe["root"])
    assert probe["wantErr"] is False
    assert leaf == LEAF_HASHES[index]
    assert root == ROOTS[size]
    assert inclusion_proof(index, size, SUBTREE_8_ROUTES["recursive"]) == proof
    assert root_from_inclusion(index, size, leaf, proof) == root


@pytest.mark.parametrize("path", CONSISTENCY_FILES, ids=_fixture_id)
def test_testdata_consistency_vector(path: Path) -> None:
    """Upstream's generated consistency vectors: same proof, and it verifies."""
    probe = json.loads(path.read_text())
    old, new = probe["size1"], probe["size2"]
    proof = [_b64(node) for node in probe["proof"] or []]
    root1, root2 = _b64(probe["root1"]), _b64(probe["root2"])
    assert probe["wantErr"] is False
    assert (root1, root2) == (ROOTS[old], ROOTS[new])
    assert consistency_proof(old, new, SUBTREE_8_ROUTES["recursive"]) == proof
    assert verify_consistency(old, new, root1, root2, proof)


# --- 4. larger trees: draft-ietf-plants-merkle-tree-certs Appendix C, 130 leaves -----------------


@pytest.mark.parametrize("route", sorted(MTC_ROUTES))
def test_accumulated_subtree_hashes(route: str) -> None:
    """Appendix C.1.1: "[start, end) <hash>" for every valid subtree of the 130-leaf tree; the
    subtrees starting at 0 are the roots of every tree size 1..130."""
    subtree = MTC_ROUTES[route]
    accumulated = hashlib.sha256()
    for end in range(1, MTC_SIZE + 1):
        for start in range(end):
            if _valid_subtree(start, end):
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
            if not _valid_subtree(start, end):
                continue
            within, root = _shifted(subtree, start), subtree(start, end)
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
                if not _valid_subtree(start, end):
                    continue
                proof = _subtree_consistency(start, end, size, subtree)
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
            assert not _included(index, size, leaf, _flipped(proof, position, 1), root)
        if size > 1:
            assert not _included((index + 1) % size, size, leaf, proof, root)
            assert not _included(index, size, leaf, proof[:-1], root)
        assert not _included(index, size, leaf, [*proof, root], root)
        assert not _included(index, size, leaf, [root, *proof], root)


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
                old, new, old_root, new_root, _flipped(proof, position, 1)
            )
        assert not verify_consistency(old, new, old_root, new_root, proof[:-1])
        assert not verify_consistency(old, new, old_root, new_root, [*proof, new_root])
        assert not verify_consistency(old, new, MTC_ROOTS[old - 1], new_root, proof)
        assert not verify_consistency(old, new, old_root, MTC_ROOTS[new - 1], proof)
        assert not verify_consistency(old + 1, new, old_root, new_root, proof)


# --- 5. Frontier ---------------------------------------------------------------------------------


def test_frontier_reproduces_the_published_tree() -> None:
    """Appending the 8 RFC 6962 leaves one by one: each root is the published root, each frontier
    is the published compact tree, and every node reported is the published node, each once."""
    frontier = Frontier()
    reported: dict[NodeKey, bytes] = {}
    for size, leaf in enumerate(LEAF_HASHES, start=1):
        made = frontier.append(leaf)
        assert made[0] == ((0, size - 1), leaf)
        assert [key[0] for key, _ in made] == list(range(len(made)))
        for key, value in made:
            assert key not in reported
            assert value == _published_node(key)
            reported[key] = value
        assert frontier.root() == ROOTS[size]
        assert Frontier.keys(size) == COMPACT_TREES[size]
        assert frontier.nodes == [_published_node(key) for key in COMPACT_TREES[size]]
    published = {(level, i) for level, row in enumerate(NODE_HASHES) for i in range(len(row))}
    assert set(reported) == published


@pytest.mark.parametrize("size", range(9))
def test_frontier_resumes_from_published_nodes(size: int) -> None:
    """A frontier rebuilt from the published compact tree has the published root."""
    frontier = Frontier(size, [_published_node(key) for key in COMPACT_TREES[size]])
    assert Frontier.keys(size) == COMPACT_TREES[size]
    assert frontier.root() == ROOTS[size]


def test_frontier_resumed_mid_tree_reports_the_published_nodes() -> None:
    """Resuming at size 5 from the published frontier and appending leaves 5..7 completes the
    published nodes and reaches the published root."""
    frontier = Frontier(5, [_published_node(key) for key in COMPACT_TREES[5]])
    made = [pair for leaf in LEAF_HASHES[5:] for pair in frontier.append(leaf)]
    assert [key for key, _ in made] == [(0, 5), (1, 2), (0, 6), (0, 7), (1, 3), (2, 1), (3, 0)]
    assert all(value == _published_node(key) for key, value in made)
    assert frontier.root() == ROOTS[8]


@pytest.mark.parametrize(
    ("start", "end"), [(a, b) for b in range(1, 9) for a in range(b) if _valid_subtree(a, b)]
)
def test_frontier_nodes_fold_into_any_subtree_of_the_published_tree(start: int, end: int) -> None:
    """The nodes Frontier reports for the 8 published leaves, picked by perfect_ranges and folded,
    give MTH(D[start:end]); for start = 0 that is the published root."""
    store = _frontier_store(LEAF_HASHES)
    folded = fold([store[key] for key in perfect_ranges(start, end)])
    assert folded == root_from_leaves(LEAF_HASHES[start:end])
    if start == 0:
        assert folded == ROOTS[end]


def test_frontier_roots_for_130_leaves() -> None:
    """Growing to 130 leaves, the frontier is always Frontier.keys(size) of the stored nodes and
    its root is the RFC root (whose values C.1.1 checks)."""
    frontier = Frontier()
    for size, leaf in enumerate(MTC_LEAF_HASHES, start=1):
        frontier.append(leaf)
        assert frontier.nodes == [_MTC_STORE[key] for key in Frontier.keys(size)]
        assert frontier.root() == MTC_ROUTES["recursive"](0, size)
