"""Signed checkpoints: "at this time, the log of this origin had this many events and this root".

The signed text is small and fixed (docs/AUDITORS.md), so a verifier anywhere can rebuild it:

    khuyencong-checkpoint/1
    origin: <origin>
    tree_size: <n>
    root_hash: <64 hex digits>
    time: <UTC ISO 8601, microseconds>

Checkpoints live in their own tables beside the events, not in the read model: a rebuild
recomputes the read model from the events, while a checkpoint is a statement made once and
kept, so that a later rebuild can be compared with it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit import log
from audit.keys import key_id, load_public_pem, public_pem
from domain.application import Clock, utc_now
from domain.errors import LedgerError
from projections.payload import utc_text
from projections.store import ReadStore, Transaction

FORMAT = "khuyencong-checkpoint/1"
CHECKPOINTS_TABLE = "audit_checkpoints"
KEYS_TABLE = "audit_keys"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: str  # hex
    signed_at: str  # UTC, fixed width
    key_id: str
    signature: str  # hex, Ed25519 over ``body()``

    def body(self) -> bytes:
        return signed_text(self.origin, self.tree_size, self.root_hash, self.signed_at)

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(bytes.fromhex(self.signature), self.body())
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_json(self) -> dict[str, object]:
        return {"format": FORMAT, **vars(self)}


def signed_text(origin: str, tree_size: int, root_hash: str, signed_at: str) -> bytes:
    return (
        f"{FORMAT}\norigin: {origin}\ntree_size: {tree_size}\n"
        f"root_hash: {root_hash}\ntime: {signed_at}\n"
    ).encode()


def create_tables(store: ReadStore) -> None:
    with store.transaction() as tx:
        tx.execute(
            f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS_TABLE} (tree_size BIGINT, origin TEXT, "
            "root_hash TEXT, signed_at TEXT, key_id TEXT, signature TEXT, PRIMARY KEY (tree_size))"
        )
        tx.execute(
            f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
            "(key_id TEXT, public_key TEXT, first_used TEXT, PRIMARY KEY (key_id))"
        )


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
            size = log.tree_size(tx) if tree_size is None else tree_size
            if size == 0:
                raise LogEmpty("the log holds no events yet: there is nothing to sign")
            kept = checkpoint_at(tx, size)
            if kept is not None:
                return kept, False
            root_hash = log.root(tx, size).hex()
            signed_at = utc_text(self.clock())
            signature = self.key.sign(signed_text(self.origin, size, root_hash, signed_at)).hex()
            made = Checkpoint(self.origin, size, root_hash, signed_at, self.key_id, signature)
            self._remember_key(tx, signed_at)
            tx.execute(
                f"INSERT INTO {CHECKPOINTS_TABLE} (tree_size, origin, root_hash, signed_at, "
                "key_id, signature) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
                (size, made.origin, made.root_hash, made.signed_at, made.key_id, made.signature),
            )
            kept = checkpoint_at(tx, size)
        assert kept is not None
        return kept, kept == made

    def _remember_key(self, tx: Transaction, when: str) -> None:
        tx.execute(
            f"INSERT INTO {KEYS_TABLE} (key_id, public_key, first_used) VALUES (?, ?, ?) "
            "ON CONFLICT (key_id) DO NOTHING",
            (self.key_id, public_pem(self.key.public_key()), when),
        )


COLUMNS = "origin, tree_size, root_hash, signed_at, key_id, signature"


def checkpoint_at(tx: Transaction, tree_size: int) -> Checkpoint | None:
    rows = tx.rows(f"SELECT {COLUMNS} FROM {CHECKPOINTS_TABLE} WHERE tree_size = ?", (tree_size,))
    return _checkpoint(rows[0]) if rows else None


def checkpoints(
    tx: Transaction, *, up_to: int | None = None, after: int = -1, limit: int | None = None
) -> list[Checkpoint]:
    """Kept checkpoints by tree size, ascending: those above ``after`` and up to ``up_to``."""
    sql = f"SELECT {COLUMNS} FROM {CHECKPOINTS_TABLE} WHERE tree_size > ?"
    params: list[object] = [after]
    if up_to is not None:
        sql += " AND tree_size <= ?"
        params.append(up_to)
    sql += " ORDER BY tree_size"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_checkpoint(row) for row in tx.rows(sql, params)]


def latest(tx: Transaction) -> Checkpoint | None:
    rows = tx.rows(f"SELECT {COLUMNS} FROM {CHECKPOINTS_TABLE} ORDER BY tree_size DESC LIMIT 1")
    return _checkpoint(rows[0]) if rows else None


def public_keys(tx: Transaction) -> dict[str, Ed25519PublicKey]:
    return {
        str(kid): load_public_pem(str(pem))
        for kid, pem in tx.rows(f"SELECT key_id, public_key FROM {KEYS_TABLE}")
    }


def public_key_pems(tx: Transaction) -> dict[str, str]:
    return {
        str(kid): str(pem) for kid, pem in tx.rows(f"SELECT key_id, public_key FROM {KEYS_TABLE}")
    }


def _checkpoint(row: tuple[object, ...]) -> Checkpoint:
    origin, size, root_hash, signed_at, kid, signature = row
    return Checkpoint(
        str(origin), int(str(size)), str(root_hash), str(signed_at), str(kid), str(signature)
    )


@dataclass(frozen=True)
class LogCheck:
    """The log, rebuilt from the stored events, against the last kept checkpoint."""

    checkpoint: Checkpoint
    rebuilt_root: str
    signature_valid: bool

    @property
    def holds(self) -> bool:
        return self.signature_valid and self.rebuilt_root == self.checkpoint.root_hash


def check_last(tx: Transaction, prefix: str) -> LogCheck | None:
    """Compare the log kept under ``prefix`` (a fresh rebuild) with the last checkpoint it
    reaches. Its root covers every earlier event, so one comparison finds any altered one."""
    have = log.tree_size(tx, prefix)
    found = tx.rows(
        f"SELECT {COLUMNS} FROM {CHECKPOINTS_TABLE} WHERE tree_size <= ? "
        "ORDER BY tree_size DESC LIMIT 1",
        (have,),
    )
    if not found:
        return None
    last = _checkpoint(found[0])
    key = public_keys(tx).get(last.key_id)
    valid = key is not None and last.verify(key)
    return LogCheck(last, log.root(tx, last.tree_size, prefix).hex(), valid)


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
