"""RFC 9162 Merkle trees: hashes, roots, and inclusion and consistency proofs.

Leaf hash = SHA-256(0x00 ‖ data); node hash = SHA-256(0x01 ‖ left ‖ right). The tree over n leaves
splits at the largest power of two below n (RFC 9162 §2.1.1).

Proofs are built from *subtree hashes*: ``subtree(start, end)`` is MTH(D[start:end]). The log keeps
every complete, aligned subtree (a power-of-two run of leaves starting at a multiple of its
size), so each subtree a proof needs is one stored node or a short fold of stored nodes along
the tree's right edge. The same functions run over a list of leaves in tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_BYTES = 32
SubtreeHash = Callable[[int, int], bytes]
NodeKey = tuple[int, int]  # (level, index): leaves [index·2^level, (index+1)·2^level)


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def empty_root() -> bytes:
    return hashlib.sha256(b"").digest()


def split(size: int) -> int:
    """The largest power of two strictly below ``size`` (size ≥ 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def perfect_ranges(start: int, end: int) -> list[NodeKey]:
    """The stored nodes that make up MTH(D[start:end]) for a range the proofs ask about: the
    aligned power-of-two pieces, largest first. Folding their hashes from the right gives the
    subtree hash."""
    keys: list[NodeKey] = []
    while start < end:
        size = end - start
        if size & (size - 1) == 0 and start % size == 0:
            keys.append((size.bit_length() - 1, start // size))
            break
        k = split(size)
        if start % k:
            raise ValueError(f"range [{start}, {end}) is not a subtree of a Merkle tree")
        keys.append((k.bit_length() - 1, start // k))
        start += k
    return keys


def fold(hashes: Sequence[bytes]) -> bytes:
    """Nodes of decreasing size, left to right, into the hash of the subtree they cover."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def root_from_leaves(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes, straight from the RFC's definition (the reference in tests)."""
    if not leaves:
        return empty_root()
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(root_from_leaves(leaves[:k]), root_from_leaves(leaves[k:]))


def inclusion_proof(index: int, size: int, subtree: SubtreeHash) -> list[bytes]:
    """PATH(m, D[0:n]) of RFC 9162 §2.1.3.1, leaf-side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index - start < k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, subtree: SubtreeHash) -> list[bytes]:
    """PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size == new_size:
        return []
    proof: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start += k
            m -= k
            complete = False
    if not complete:
        proof.append(subtree(start, end))
    proof.reverse()
    return proof


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2); raises on a malformed proof."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    if any(len(h) != HASH_BYTES for h in (leaf, *proof)):
        raise ValueError(f"hashes are {HASH_BYTES} bytes")
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise ValueError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion proof is too short")
    return result


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if any(len(h) != HASH_BYTES for h in (old_root, new_root, *proof)):
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


class Frontier:
    """The right edge of a growing tree: the complete subtrees of the binary decomposition of
    its size, largest first. Appending a leaf merges equal-sized neighbours; every merge is a
    new complete node, which the log stores."""

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if len(nodes) != size.bit_count():
            raise ValueError(f"a tree of size {size} has {size.bit_count()} frontier nodes")
        self.size = size
        self.nodes = list(nodes)

    @staticmethod
    def keys(size: int) -> list[NodeKey]:
        """Which stored nodes make up the frontier of a tree of ``size`` leaves."""
        return perfect_ranges(0, size) if size else []

    def append(self, leaf: bytes) -> list[tuple[NodeKey, bytes]]:
        """Add a leaf; returns every node completed by it, the leaf first."""
        index = self.size
        made = [((0, index), leaf)]
        self.nodes.append(leaf)
        self.size += 1
        level = 0
        while (index >> level) & 1:
            right = self.nodes.pop()
            left = self.nodes.pop()
            level += 1
            self.nodes.append(node_hash(left, right))
            made.append(((level, index >> level), self.nodes[-1]))
        return made

    def root(self) -> bytes:
        return fold(self.nodes) if self.nodes else empty_root()
