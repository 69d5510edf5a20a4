"""The page's RFC 9162 check agrees with the ledger's own Merkle code on every leaf of every
tree up to 20 leaves: the browser reaches the same root from the same proof, and a proof read
at another index, or with a hash of its path altered, does not. (The size is bound by the
signed checkpoint, which the page compares with the proof's.)"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from projections.log.merkle import inclusion_proof, leaf_hash, root_from_leaves
from tests.browser.dashboard import new_page

SIZE_MAX = 20
ROOTS_IN_BROWSER = """async cases => {
    const { rootFromInclusion, bytesToHex } = await import('/dashboard/merkle.js');
    const roots = [];
    for (const [index, size, leaf, path] of cases) {
        try {
            roots.push(bytesToHex(await rootFromInclusion(index, size, leaf, path)));
        } catch (error) {
            roots.push(error.code);
        }
    }
    return roots;
}"""


def _flip(hex_text: str) -> str:
    return ("0" if hex_text[0] != "0" else "1") + hex_text[1:]


def _subtrees(leaves: list[bytes]) -> Callable[[int, int], bytes]:
    return lambda start, end: root_from_leaves(leaves[start:end])


def _cases() -> tuple[list[list[Any]], list[str]]:
    cases: list[list[Any]] = []
    roots: list[str] = []
    for size in range(1, SIZE_MAX + 1):
        leaves = [leaf_hash(hashlib.sha256(f"{size}:{i}".encode()).digest()) for i in range(size)]
        root = root_from_leaves(leaves).hex()
        for index in range(size):
            path = inclusion_proof(index, size, _subtrees(leaves))
            cases.append([index, size, leaves[index].hex(), [p.hex() for p in path]])
            roots.append(root)
    return cases, roots


def test_the_browser_reaches_the_ledgers_root_from_every_proof(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context)
    page.goto(f"{demo_server}/")
    cases, roots = _cases()
    assert page.evaluate(ROOTS_IN_BROWSER, cases) == roots
    # The same proofs read at a neighbour's index, or with their last hash altered, lead elsewhere.
    with_path = [(case, root) for case, root in zip(cases, roots, strict=True) if case[3]]
    moved = [[i + 1, n, leaf, path] for (i, n, leaf, path), _ in with_path if i + 1 < n]
    moved_roots = [root for (i, n, _, _), root in with_path if i + 1 < n]
    altered = [[i, n, leaf, [*path[:-1], _flip(path[-1])]] for (i, n, leaf, path), _ in with_path]
    altered_roots = [root for _, root in with_path]
    wrong = page.evaluate(ROOTS_IN_BROWSER, moved + altered)
    assert len(wrong) == len(moved_roots + altered_roots) > SIZE_MAX
    assert all(got != want for got, want in zip(wrong, moved_roots + altered_roots, strict=True))
    assert errors == []
