"""Merkle log queries: tree sizes, roots and proofs from the nodes the read model stores.

Every function takes a transaction, so a proof and the sizes it names come from one snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from domain.errors import InvalidQuery
from projections.log.merkle import (
    NodeKey,
    SubtreeHash,
    consistency_proof,
    empty_root,
    fold,
    inclusion_proof,
    perfect_ranges,
)
from projections.schema import JOURNAL, LIVE_PREFIX, MERKLE_NODES, qualified
from projections.store import Transaction, read_position

T = TypeVar("T")


@dataclass(frozen=True)
class InclusionProof:
    position: int
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    path: tuple[bytes, ...]


@dataclass(frozen=True)
class ConsistencyProof:
    from_size: int
    to_size: int
    from_root: bytes
    to_root: bytes
    path: tuple[bytes, ...]


def tree_size(tx: Transaction, prefix: str = LIVE_PREFIX, position: int | None = None) -> int:
    """How many events the log holds up to ``position`` (default: what the read model has)."""
    upto = read_position(tx, prefix) if position is None else position
    rows = tx.rows(
        f"SELECT leaf FROM {qualified(prefix, JOURNAL)} WHERE position <= ? "
        "ORDER BY position DESC LIMIT 1",
        (upto,),
    )
    return int(rows[0][0]) + 1 if rows else 0


def last_position(tx: Transaction, size: int, prefix: str = LIVE_PREFIX) -> int:
    """The position of the last event in a tree of ``size`` leaves (0 for the empty tree)."""
    if size == 0:
        return 0
    rows = tx.rows(f"SELECT position FROM {qualified(prefix, JOURNAL)} WHERE leaf = ?", (size - 1,))
    return int(rows[0][0])


def root(tx: Transaction, size: int, prefix: str = LIVE_PREFIX) -> bytes:
    _check_size(tx, prefix, size, "treeSize")
    if size == 0:
        return empty_root()
    return _with_nodes(tx, prefix, lambda subtree: subtree(0, size))


def inclusion(
    tx: Transaction, position: int, size: int, prefix: str = LIVE_PREFIX
) -> InclusionProof:
    _check_size(tx, prefix, size, "treeSize")
    rows = tx.rows(f"SELECT leaf FROM {qualified(prefix, JOURNAL)} WHERE position = ?", (position,))
    if not rows:
        raise InvalidQuery(f"no event at position {position}", field="position")
    index = int(rows[0][0])
    if index >= size:
        raise InvalidQuery(
            f"the event at position {position} is leaf {index}, not in a tree of {size}",
            field="treeSize",
        )

    def build(subtree: SubtreeHash) -> tuple[bytes, bytes, list[bytes]]:
        return subtree(index, index + 1), subtree(0, size), inclusion_proof(index, size, subtree)

    leaf, root_hash, path = _with_nodes(tx, prefix, build)
    return InclusionProof(position, index, size, leaf, root_hash, tuple(path))


def consistency(
    tx: Transaction, from_size: int, to_size: int, prefix: str = LIVE_PREFIX
) -> ConsistencyProof:
    _check_size(tx, prefix, to_size, "toSize")
    if not 0 < from_size <= to_size:
        raise InvalidQuery(
            f"fromSize must be between 1 and toSize ({to_size}), got {from_size}", field="fromSize"
        )

    def build(subtree: SubtreeHash) -> tuple[bytes, bytes, list[bytes]]:
        return (
            subtree(0, from_size),
            subtree(0, to_size),
            consistency_proof(from_size, to_size, subtree),
        )

    old, new, path = _with_nodes(tx, prefix, build)
    return ConsistencyProof(from_size, to_size, old, new, tuple(path))


def _check_size(tx: Transaction, prefix: str, size: int, field: str) -> None:
    have = tree_size(tx, prefix)
    if not 0 <= size <= have:
        raise InvalidQuery(f"the log holds {have} events; {field} {size} is out of range", field)


def _with_nodes(tx: Transaction, prefix: str, build: Callable[[SubtreeHash], T]) -> T:
    """Run ``build`` twice: once to learn which stored nodes it needs, then with them fetched
    in one query."""
    wanted: set[NodeKey] = set()

    def record(start: int, end: int) -> bytes:
        wanted.update(perfect_ranges(start, end))
        return b""

    build(record)
    nodes = _fetch(tx, prefix, wanted)
    return build(lambda start, end: fold([nodes[key] for key in perfect_ranges(start, end)]))


def _fetch(tx: Transaction, prefix: str, keys: Iterable[NodeKey]) -> dict[NodeKey, bytes]:
    keys = sorted(keys)
    if not keys:
        return {}
    where = " OR ".join(["(level = ? AND idx = ?)"] * len(keys))
    rows = tx.rows(
        f"SELECT level, idx, hash FROM {qualified(prefix, MERKLE_NODES)} WHERE {where}",
        [value for key in keys for value in key],
    )
    found = {(int(level), int(idx)): bytes.fromhex(str(h)) for level, idx, h in rows}
    missing = [key for key in keys if key not in found]
    if missing:
        raise LookupError(f"the Merkle log lacks nodes {missing[:3]}: run `khuyencong check`")
    return found
