"""Published RFC 6962 / RFC 9162 test vectors and the helpers the Merkle tests share.

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

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from projections.log.merkle import (
    Frontier,
    NodeKey,
    SubtreeHash,
    consistency_proof,
    fold,
    leaf_hash,
    perfect_ranges,
    root_from_inclusion,
    root_from_leaves,
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


def recursive_route(leaves: Sequence[bytes]) -> SubtreeHash:
    """MTH(D[a:b]) straight from the RFC's recursive definition."""

    @functools.cache
    def subtree(start: int, end: int) -> bytes:
        return root_from_leaves(leaves[start:end])

    return subtree


def nodes_route(nodes: Callable[[NodeKey], bytes]) -> SubtreeHash:
    """MTH(D[a:b]) as the log computes it: stored complete nodes, folded from the right."""

    @functools.cache
    def subtree(start: int, end: int) -> bytes:
        return fold([nodes(key) for key in perfect_ranges(start, end)])

    return subtree


def published_node(key: NodeKey) -> bytes:
    level, index = key
    return NODE_HASHES[level][index]


def frontier_store(leaves: Sequence[bytes]) -> dict[NodeKey, bytes]:
    """Every node Frontier.append reports while the leaves go in one by one."""
    frontier = Frontier()
    store: dict[NodeKey, bytes] = {}
    for leaf in leaves:
        for key, value in frontier.append(leaf):
            assert key not in store, f"node {key} reported twice"
            store[key] = value
    return store


def shifted(subtree: SubtreeHash, offset: int) -> SubtreeHash:
    return lambda start, end: subtree(offset + start, offset + end)


def included(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    try:
        return root_from_inclusion(index, size, leaf, proof) == root
    except ValueError:
        return False


def flipped_proof(proof: Sequence[bytes], position: int, mask: int) -> list[bytes]:
    element = proof[position]
    return [
        *proof[:position],
        bytes([element[0] ^ mask]) + element[1:],
        *proof[position + 1 :],
    ]


def valid_subtree(start: int, end: int) -> bool:
    """The draft's valid subtree: start is a multiple of bit_ceil(end - start)."""
    return start < end and (start == 0 or start % (1 << (end - start - 1).bit_length()) == 0)


def subtree_consistency(start: int, end: int, size: int, subtree: SubtreeHash) -> list[bytes]:
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
    return [*consistency_proof(end - lo, hi - lo, shifted(subtree, lo)), *reversed(siblings)]


SUBTREE_8_ROUTES: dict[str, SubtreeHash] = {
    "recursive": recursive_route(LEAF_HASHES),
    "published-nodes": nodes_route(published_node),
}

MTC_LEAF_HASHES = [leaf_hash(bytes([i])) for i in range(MTC_SIZE)]
MTC_STORE = frontier_store(MTC_LEAF_HASHES)
MTC_ROUTES: dict[str, SubtreeHash] = {
    "recursive": recursive_route(MTC_LEAF_HASHES),
    "frontier-nodes": nodes_route(MTC_STORE.__getitem__),
}
