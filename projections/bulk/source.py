"""Where a bulk build finds the events and the read model: the database, named so that another
process can open it (a path or a connection string, never an open connection)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from projections.log.leaf import event_leaf_hash
from projections.store import PostgresStore, ReadStore, SQLiteStore

# The event store's tables, as the library names them for the ledger's application.
SQLITE_EVENTS_TABLE = "stored_events"
POSTGRES_EVENTS_TABLE = "ledger_events"
READ_BATCH_ROWS = 10_000
# SHA-256(0x00 ‖ u64 position ‖ id ‖ u64 version ‖ u32 len ‖ topic ‖ u32 len ‖ state): the
# leaf of projections.log.leaf (int8send and int4send are big-endian; lengths are positive).
_POSTGRES_LEAVES = (
    "SELECT notification_id, sha256('\\x00'::bytea || int8send(notification_id) "
    "|| uuid_send(originator_id) || int8send(originator_version) "
    "|| int4send(length(convert_to(topic, 'UTF8'))) || convert_to(topic, 'UTF8') "
    f"|| int4send(length(state)) || state) FROM {POSTGRES_EVENTS_TABLE} "
    "WHERE notification_id <= %s ORDER BY notification_id"
)
# The last byte of an id the SQLite event store keeps as 32 hex digits (lower case).
_SQLITE_LAST_BYTE = (
    "(instr('0123456789abcdef', substr(originator_id, 31, 1)) - 1) * 16 "
    "+ instr('0123456789abcdef', substr(originator_id, 32, 1)) - 1"
)
# (position, leaf index, aggregate id, aggregate version, topic, stored state)
StoredRow = tuple[int, int, UUID, int, str, bytes]


@dataclass(frozen=True)
class Database:
    dialect: str  # "sqlite" | "postgresql"
    location: str  # the SQLite file, or psycopg's connection string

    @classmethod
    def of(cls, store: ReadStore) -> Database:
        if isinstance(store, SQLiteStore):
            return cls("sqlite", str(store.path))
        if isinstance(store, PostgresStore):
            return cls("postgresql", store.conninfo)
        raise TypeError(f"no bulk build over {type(store).__name__}")

    def open_store(self) -> ReadStore:
        if self.dialect == "sqlite":
            return SQLiteStore(Path(self.location))
        return PostgresStore(self.location)

    def head(self) -> int:
        """The last stored position. With the event store's table lock, every event below it
        has committed: a writer gets its position and commits under the lock."""
        if self.dialect == "sqlite":
            with _sqlite(self.location) as lite:
                (head,) = lite.execute(f"SELECT MAX(rowid) FROM {SQLITE_EVENTS_TABLE}").fetchone()
        else:
            with psycopg.connect(self.location) as pg:
                row = pg.execute(f"SELECT MAX(notification_id) FROM {POSTGRES_EVENTS_TABLE}")
                (head,) = row.fetchone() or (None,)
        return int(head or 0)

    def rows(
        self,
        stop: int,
        partition: tuple[int, int] | None = None,
        program_topics: tuple[str, ...] = (),
    ) -> Iterator[StoredRow]:
        """Stored events up to ``stop`` in position order, each with its index in the Merkle
        log. With ``partition`` (index, count): only the events of aggregates in that share
        (by the last byte of the id), and every event whose topic is in ``program_topics``."""
        if self.dialect == "sqlite":
            yield from _sqlite_rows(self.location, stop, partition, program_topics)
        else:
            yield from _postgres_rows(self.location, stop, partition, program_topics)

    def leaves(self, stop: int) -> Iterator[tuple[int, bytes]]:
        """(position, Merkle leaf hash) of the stored events up to ``stop``, in order. PostgreSQL
        hashes them itself (``projections.log.leaf``'s encoding, in SQL), in a server process
        of its own while the shares run, and 32 bytes an event travel instead of the event."""
        if self.dialect == "sqlite":
            for position, _, aggregate_id, version, topic, state in self.rows(stop):
                yield position, event_leaf_hash(position, aggregate_id, version, topic, state)
            return
        with psycopg.connect(self.location) as pg, pg.cursor(name="bulk_leaves") as cursor:
            cursor.itersize = READ_BATCH_ROWS
            cursor.execute(_POSTGRES_LEAVES, (stop,))
            row: Any
            for row in cursor:
                yield row[0], bytes(row[1])


def share_of(aggregate_id: UUID, count: int) -> int:
    return aggregate_id.bytes[15] % count


class _sqlite:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def _sqlite_rows(
    path: str, stop: int, partition: tuple[int, int] | None, program_topics: tuple[str, ...]
) -> Iterator[StoredRow]:
    # Every row is counted (its leaf index), but only a share's rows bring their state.
    mine = "1"
    params: list[Any] = []
    if partition is not None:
        index, count = partition
        topics = ", ".join("?" * len(program_topics)) or "NULL"
        mine = f"({_SQLITE_LAST_BYTE}) % ? = ? OR topic IN ({topics})"
        params = [count, index, *program_topics]
    with _sqlite(path) as lite:
        cursor = lite.execute(
            f"SELECT rowid, originator_id, originator_version, topic, {mine}, "
            f"CASE WHEN {mine} THEN state END FROM {SQLITE_EVENTS_TABLE} "
            "WHERE rowid <= ? ORDER BY rowid",
            (*params, *params, stop),
        )
        leaf = -1
        while chunk := cursor.fetchmany(READ_BATCH_ROWS):
            for position, hex_id, version, topic, chosen, state in chunk:
                leaf += 1
                if chosen:
                    yield position, leaf, UUID(hex_id), version, topic, bytes(state)


def _postgres_rows(
    conninfo: str, stop: int, partition: tuple[int, int] | None, program_topics: tuple[str, ...]
) -> Iterator[StoredRow]:
    where = ""
    params: list[Any] = [stop]
    if partition is not None:
        where = "WHERE get_byte(uuid_send(originator_id), 15) %% %s = %s OR topic = ANY(%s)"
        params += [partition[1], partition[0], list(program_topics)]
    sql = (
        "SELECT notification_id, leaf, originator_id, originator_version, topic, state FROM ("
        "SELECT notification_id, row_number() OVER (ORDER BY notification_id) - 1 AS leaf, "
        f"originator_id, originator_version, topic, state FROM {POSTGRES_EVENTS_TABLE} "
        f"WHERE notification_id <= %s) stored {where} ORDER BY notification_id"
    )
    with psycopg.connect(conninfo) as pg, pg.cursor(name="bulk_rows") as cursor:
        cursor.itersize = READ_BATCH_ROWS
        cursor.execute(sql, params)
        row: Any
        for row in cursor:
            position, leaf, aggregate_id, version, topic, state = row
            yield position, leaf, aggregate_id, version, topic, bytes(state)
