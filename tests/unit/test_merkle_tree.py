"""projections.log.merkle's hashes, roots and Frontier against the published RFC 6962 test
tree (tests/unit/merkle_vectors.py names every source)."""

from __future__ import annotations

import pytest

from projections.log.merkle import (
    Frontier,
    NodeKey,
    empty_root,
    fold,
    leaf_hash,
    node_hash,
    perfect_ranges,
    root_from_leaves,
)
from tests.unit.merkle_vectors import (
    COMPACT_TREES,
    EMPTY_ROOT,
    LEAF_HASHES,
    LEAF_INPUTS,
    MTC_LEAF_HASHES,
    MTC_ROUTES,
    MTC_STORE,
    NODE_HASHES,
    ROOTS,
    frontier_store,
    published_node,
    valid_subtree,
)

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
    assert fold([published_node(key) for key in perfect_ranges(0, size)]) == ROOTS[size]


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
            assert value == published_node(key)
            reported[key] = value
        assert frontier.root() == ROOTS[size]
        assert Frontier.keys(size) == COMPACT_TREES[size]
        assert frontier.nodes == [published_node(key) for key in COMPACT_TREES[size]]
    published = {(level, i) for level, row in enumerate(NODE_HASHES) for i in range(len(row))}
    assert set(reported) == published


@pytest.mark.parametrize("size", range(9))
def test_frontier_resumes_from_published_nodes(size: int) -> None:
    """A frontier rebuilt from the published compact tree has the published root."""
    frontier = Frontier(size, [published_node(key) for key in COMPACT_TREES[size]])
    assert Frontier.keys(size) == COMPACT_TREES[size]
    assert frontier.root() == ROOTS[size]


def test_frontier_resumed_mid_tree_reports_the_published_nodes() -> None:
    """Resuming at size 5 from the published frontier and appending leaves 5..7 completes the
    published nodes and reaches the published root."""
    frontier = Frontier(5, [published_node(key) for key in COMPACT_TREES[5]])
    made = [pair for leaf in LEAF_HASHES[5:] for pair in frontier.append(leaf)]
    assert [key for key, _ in made] == [(0, 5), (1, 2), (0, 6), (0, 7), (1, 3), (2, 1), (3, 0)]
    assert all(value == published_node(key) for key, value in made)
    assert frontier.root() == ROOTS[8]


@pytest.mark.parametrize(
    ("start", "end"), [(a, b) for b in range(1, 9) for a in range(b) if valid_subtree(a, b)]
)
def test_frontier_nodes_fold_into_any_subtree_of_the_published_tree(start: int, end: int) -> None:
    """The nodes Frontier reports for the 8 published leaves, picked by perfect_ranges and folded,
    give MTH(D[start:end]); for start = 0 that is the published root."""
    store = frontier_store(LEAF_HASHES)
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
        assert frontier.nodes == [MTC_STORE[key] for key in Frontier.keys(size)]
        assert frontier.root() == MTC_ROUTES["recursive"](0, size)
