"""Restoring an audit pack: its events loaded into an empty ledger, its checkpoints and keys
kept, and the read model built from them, so the ordinary API answers what the pack holds.

The caller verifies the pack first (``scripts/verify_audit_pack.py``, as an auditor does) and
passes the root it verified: the events are read from the zip a second time here, so their
Merkle root is computed again while they load and the load is rolled back unless it is the
root that was verified. The events go into the event store's own tables (``COPY`` on
PostgreSQL), in the transaction that finds the ledger empty, under the event store's table lock
on PostgreSQL, so no writer slips in between.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import psycopg

from domain.errors import LedgerError
from projections.bulk.build import build, swap_in
from projections.bulk.source import POSTGRES_EVENTS_TABLE, SQLITE_EVENTS_TABLE, Database
from projections.digest import digests
from projections.log import checkpoints
from projections.log.checkpoints import Checkpoint
from projections.log.leaf import event_leaf_hash
from projections.log.merkle import Frontier
from projections.schema import SCRATCH_PREFIX
from projections.store import ReadStore

EVENTS_MEMBER = "events.jsonl"
CHECKPOINTS_MEMBER = "checkpoints.jsonl"
DIGEST_MEMBER = "digest.json"
KEYS_FOLDER = "keys/"
LOAD_BATCH_EVENTS = 10_000
# (position, aggregate id, version, topic, state)
EventRow = tuple[int, UUID, int, str, bytes]


class LedgerNotEmpty(LedgerError):
    """A pack is restored into an empty ledger only: its positions are the pack's."""

    code = "LEDGER_NOT_EMPTY"


class PackNotVerified(LedgerError):
    """The pack did not verify; the verifier's code and message follow."""

    code = "AUDIT_PACK_UNVERIFIED"


@dataclass(frozen=True)
class Verified:
    """What the verifier established of the whole pack."""

    tree_size: int
    root_hash: str


@dataclass(frozen=True)
class Restored:
    events: int  # loaded: those up to the position asked
    position: int  # the last position loaded
    checkpoints: int  # kept: those whose tree the loaded events make
    read_model_events: int
    digest_equal: bool | None  # the read model's digest against the pack's (a whole pack only)


def ensure_empty(store: ReadStore) -> None:
    if Database.of(store).head() > 0:
        raise LedgerNotEmpty(
            "the ledger already holds events; restore a pack into a new, empty database"
        )


def restore_pack(
    store: ReadStore,
    pack: Path,
    verified: Verified,
    *,
    to_position: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Restored:
    database = Database.of(store)
    with zipfile.ZipFile(pack) as archive:
        events, position, tree_size = _load_events(
            database, _event_rows(archive), verified, to_position, progress
        )
        kept = _keep_checkpoints(store, archive, tree_size)
        pack_digest = json.loads(archive.read(DIGEST_MEMBER)) if to_position is None else None
    applied = build(store, SCRATCH_PREFIX)
    swap_in(store)
    equal = None
    if pack_digest is not None:
        with store.snapshot() as tx:
            ours = {name: vars(d) for name, d in digests(tx).items()}
        equal = ours == pack_digest["tables"]
    return Restored(events, position, kept, applied, equal)


def _event_rows(archive: zipfile.ZipFile) -> Iterator[EventRow]:
    with archive.open(EVENTS_MEMBER) as lines:
        for line in lines:
            item = orjson.loads(line)
            yield (
                int(item["position"]),
                UUID(item["aggregate_id"]),
                int(item["version"]),
                str(item["topic"]),
                str(item["state"]).encode("utf-8"),
            )


def _load_events(
    database: Database,
    rows: Iterator[EventRow],
    verified: Verified,
    to_position: int | None,
    progress: Callable[[int], None] | None,
) -> tuple[int, int, int]:
    """Load the events up to ``to_position``, hashing every event of the pack; returns the
    events loaded, the last position loaded and the size of the tree they make."""
    frontier = Frontier()
    last = count = 0

    def chosen() -> Iterator[EventRow]:
        nonlocal last, count
        for seen, row in enumerate(rows, start=1):
            frontier.append(event_leaf_hash(*row))
            if to_position is None or row[0] <= to_position:
                last, count = row[0], count + 1
                yield row
            if progress is not None and seen % LOAD_BATCH_EVENTS == 0:
                progress(LOAD_BATCH_EVENTS)

    def check_root() -> None:
        root = frontier.root().hex()
        if (frontier.size, root) != (verified.tree_size, verified.root_hash):
            raise PackNotVerified(
                f"the events read for loading make a tree of {frontier.size} with root "
                f"{root[:16]}…, not the verified {verified.tree_size} with "
                f"{verified.root_hash[:16]}…: the pack changed after it was verified"
            )

    writer = _postgres_load if database.dialect == "postgresql" else _sqlite_load
    writer(database.location, chosen(), check_root)
    return count, last, count


def _postgres_load(conninfo: str, rows: Iterator[EventRow], check_root: Callable[[], None]) -> None:
    with psycopg.connect(conninfo) as pg:
        # The library's writers take this lock to insert: none can write until the load ends.
        pg.execute(f"LOCK TABLE {POSTGRES_EVENTS_TABLE} IN EXCLUSIVE MODE")
        if pg.execute(f"SELECT 1 FROM {POSTGRES_EVENTS_TABLE} LIMIT 1").fetchone():
            raise LedgerNotEmpty("the ledger already holds events; restore into an empty one")
        with (
            pg.cursor() as cursor,
            cursor.copy(
                f"COPY {POSTGRES_EVENTS_TABLE} (notification_id, originator_id, "
                "originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
            ) as copy,
        ):
            copy.set_types(["int8", "uuid", "int8", "text", "bytea"])
            for row in rows:
                copy.write_row(row)
        check_root()
        pg.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
            f"(SELECT MAX(notification_id) FROM {POSTGRES_EVENTS_TABLE}))",
            (POSTGRES_EVENTS_TABLE,),
        )


def _sqlite_load(path: str, rows: Iterator[EventRow], check_root: Callable[[], None]) -> None:
    lite = sqlite3.connect(path, isolation_level=None)
    insert = (
        f"INSERT INTO {SQLITE_EVENTS_TABLE} (rowid, originator_id, originator_version, topic, "
        "state) VALUES (?, ?, ?, ?, ?)"
    )
    try:
        lite.execute("BEGIN IMMEDIATE")
        try:
            if lite.execute(f"SELECT 1 FROM {SQLITE_EVENTS_TABLE} LIMIT 1").fetchone():
                raise LedgerNotEmpty("the ledger already holds events; restore into an empty one")
            # The event store keeps ids as hex text on SQLite.
            lite.executemany(insert, ((p, a.hex, v, t, s) for p, a, v, t, s in rows))
            check_root()
        except BaseException:
            lite.execute("ROLLBACK")
            raise
        lite.execute("COMMIT")
    finally:
        lite.close()


def _keep_checkpoints(store: ReadStore, archive: zipfile.ZipFile, tree_size: int) -> int:
    """The pack's checkpoints of the restored tree (or an earlier one), and their keys."""
    kept: list[Checkpoint] = []
    with archive.open(CHECKPOINTS_MEMBER) as lines:
        for line in lines:
            item: dict[str, Any] = orjson.loads(line)
            item.pop("format", None)
            checkpoint = Checkpoint(**item)
            if checkpoint.tree_size <= tree_size:
                kept.append(checkpoint)
    keys = {
        Path(name).stem: archive.read(name).decode("ascii")
        for name in archive.namelist()
        if name.startswith(KEYS_FOLDER) and name.endswith(".pem")
    }
    with store.transaction() as tx:
        for checkpoint in kept:
            checkpoints.keep(tx, checkpoint)
        for kid in sorted({c.key_id for c in kept}):
            first = min(c.signed_at for c in kept if c.key_id == kid)
            checkpoints.remember_key(tx, kid, keys[kid], first)
    return len(kept)
