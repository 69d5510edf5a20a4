"""Signing checkpoints of the read model's Merkle log, on demand and on a schedule.

What a checkpoint says, and how it is stored, read and verified, is projections.log.checkpoints;
this module holds what only the signer has: the private key.
"""

from __future__ import annotations

import threading
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.application import Clock, utc_now
from domain.errors import LedgerError
from projections.log.checkpoints import (
    Checkpoint,
    checkpoint_at,
    keep,
    remember_key,
    signed_text,
)
from projections.log.keys import key_id, public_pem
from projections.payload import utc_text
from projections.queries import audit_log
from projections.store import ReadStore


class LogEmpty(LedgerError):
    code = "LOG_EMPTY"


class Signer:
    """Signs checkpoints of the read model's Merkle log with one key, at most one per size."""

    def __init__(
        self, store: ReadStore, key: Ed25519PrivateKey, origin: str, clock: Clock = utc_now
    ) -> None:
        self.store = store
        self.key = key
        self.origin = origin
        self.clock = clock
        self.key_id = key_id(key.public_key())

    def checkpoint(self, tree_size: int | None = None) -> tuple[Checkpoint, bool]:
        """Sign the log at ``tree_size`` (default: all the read model has); returns the
        checkpoint and whether it is new. A size already signed returns the kept one."""
        with self.store.transaction() as tx:
            size = audit_log.tree_size(tx) if tree_size is None else tree_size
            if size == 0:
                raise LogEmpty("the log holds no events yet: there is nothing to sign")
            kept = checkpoint_at(tx, size)
            if kept is not None:
                return kept, False
            root_hash = audit_log.root(tx, size).hex()
            signed_at = utc_text(self.clock())
            signature = self.key.sign(signed_text(self.origin, size, root_hash, signed_at)).hex()
            made = Checkpoint(self.origin, size, root_hash, signed_at, self.key_id, signature)
            remember_key(tx, self.key_id, public_pem(self.key.public_key()), signed_at)
            keep(tx, made)
            kept = checkpoint_at(tx, size)
        assert kept is not None
        return kept, kept == made


class Schedule:
    """Signs a checkpoint when ``interval_s`` has passed and the log has grown; called by the
    projector when it has caught up, so only the process holding the projector lock signs."""

    def __init__(self, signer: Signer, interval_s: float) -> None:
        self.signer = signer
        self.interval_s = interval_s
        self._next = time.monotonic() + interval_s
        self._lock = threading.Lock()

    def __call__(self) -> Checkpoint | None:
        if time.monotonic() < self._next or not self._lock.acquire(blocking=False):
            return None
        try:
            self._next = time.monotonic() + self.interval_s
            checkpoint, made = self.signer.checkpoint()
            return checkpoint if made else None
        finally:
            self._lock.release()
