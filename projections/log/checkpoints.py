"""Kept checkpoints: "at this time, the log of this origin had this many events and this root".

The signed text is small and fixed (docs/AUDITORS.md), so a verifier anywhere can rebuild it:

    khuyencong-checkpoint/1
    origin: <origin>
    tree_size: <n>
    root_hash: <64 hex digits>
    time: <UTC ISO 8601, microseconds>

Checkpoints live in their own tables beside the events, not in the read model: a rebuild
recomputes the read model from the events, while a checkpoint is a statement made once and
kept, so that a later rebuild can be compared with it. This module stores, reads and verifies
them; making one (the private key, the schedule) is audit's.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections.log.keys import load_public_pem
from projections.queries import audit_log
from projections.queries.paging import Window, keyset_slice
from projections.rows import Page
from projections.store import ReadStore, Transaction

FORMAT = "khuyencong-checkpoint/1"
CHECKPOINTS_TABLE = "audit_checkpoints"
KEYS_TABLE = "audit_keys"
COLUMNS = "origin, tree_size, root_hash, signed_at, key_id, signature"


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


def keep(tx: Transaction, checkpoint: Checkpoint) -> None:
    """Store a checkpoint unless one of its size is kept already: the first one made stays."""
    tx.execute(
        f"INSERT INTO {CHECKPOINTS_TABLE} (tree_size, origin, root_hash, signed_at, "
        "key_id, signature) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
        (
            checkpoint.tree_size,
            checkpoint.origin,
            checkpoint.root_hash,
            checkpoint.signed_at,
            checkpoint.key_id,
            checkpoint.signature,
        ),
    )


def remember_key(tx: Transaction, kid: str, pem: str, first_used: str) -> None:
    """Publish a signing key's public half the first time it signs."""
    tx.execute(
        f"INSERT INTO {KEYS_TABLE} (key_id, public_key, first_used) VALUES (?, ?, ?) "
        "ON CONFLICT (key_id) DO NOTHING",
        (kid, pem, first_used),
    )


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


def checkpoint_page(tx: Transaction, window: Window) -> Page[Checkpoint]:
    """Kept checkpoints by tree size, a page at a time; the window's keys are tree sizes."""
    found = keyset_slice(
        tx,
        columns=COLUMNS,
        source=CHECKPOINTS_TABLE,
        condition="1 = 1",
        params=(),
        key="tree_size",
        window=window,
    )
    ((count,),) = tx.rows(f"SELECT COUNT(*) FROM {CHECKPOINTS_TABLE}")
    items = tuple(_checkpoint(row) for row in found.rows)
    return Page(items, int(count), found.has_next, audit_log.tree_size(tx), found.has_previous)


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
    have = audit_log.tree_size(tx, prefix)
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
    return LogCheck(last, audit_log.root(tx, last.tree_size, prefix).hex(), valid)
