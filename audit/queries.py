"""What the API and the command line read about the log: checkpoints, keys and proofs, each in
one snapshot of the database."""

from __future__ import annotations

from projections.log import checkpoints
from projections.log.checkpoints import Checkpoint
from projections.queries import audit_log
from projections.queries.audit_log import ConsistencyProof, InclusionProof
from projections.queries.paging import Window
from projections.rows import Page
from projections.store import ReadStore, Transaction


class AuditReads:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def checkpoints(self, window: Window) -> Page[Checkpoint]:
        """A page of kept checkpoints by tree size; the window's keys are tree sizes."""
        with self.store.snapshot() as tx:
            return checkpoints.checkpoint_page(tx, window)

    def latest(self) -> Checkpoint | None:
        with self.store.snapshot() as tx:
            return checkpoints.latest(tx)

    def public_keys(self) -> dict[str, str]:
        with self.store.snapshot() as tx:
            return checkpoints.public_key_pems(tx)

    def tree_size(self) -> int:
        with self.store.snapshot() as tx:
            return audit_log.tree_size(tx)

    def inclusion(
        self, position: int, tree_size: int | None
    ) -> tuple[InclusionProof, Checkpoint | None]:
        """The proof, and the checkpoint kept at its size if there is one. Without a size, the
        proof is against the latest signed checkpoint (what a verifier holds a signature for)
        when that holds the position, else against the whole log the read model holds."""
        with self.store.snapshot() as tx:
            size = tree_size if tree_size is not None else default_proof_size(tx, position)
            return audit_log.inclusion(tx, position, size), checkpoints.checkpoint_at(tx, size)

    def consistency(
        self, from_size: int, to_size: int | None
    ) -> tuple[ConsistencyProof, Checkpoint | None, Checkpoint | None]:
        with self.store.snapshot() as tx:
            size = audit_log.tree_size(tx) if to_size is None else to_size
            proof = audit_log.consistency(tx, from_size, size)
            return (
                proof,
                checkpoints.checkpoint_at(tx, from_size),
                checkpoints.checkpoint_at(tx, size),
            )


def default_proof_size(tx: Transaction, position: int) -> int:
    """The latest signed checkpoint's tree size when it holds ``position``; else the whole log."""
    latest = checkpoints.latest(tx)
    if latest is not None and position <= audit_log.last_position(tx, latest.tree_size):
        return latest.tree_size
    return audit_log.tree_size(tx)
