"""Where the read model lives: the events' own database, SQLite file or PostgreSQL.

One small interface over both: a transaction with ``execute``, ``rows`` and ``append`` (bulk
insert: ``COPY`` on PostgreSQL, ``executemany`` on SQLite). SQL is written with ``?``
placeholders and adapted for psycopg.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol

import psycopg
from eventsourcing.persistence import OperationalError as StoreOperationalError
from psycopg_pool import ConnectionPool, PoolTimeout

from domain.connections import draw_live_connections
from domain.errors import LedgerError
from projections.schema import (
    LIVE_PREFIX,
    TABLES,
    TRACKING,
    Table,
    index_statements,
    qualified,
    table_statements,
)
from projections.table import BIG, INT, TEXT

Row = tuple[Any, ...]
TRACKING_NAME = "read_model"
# The tables' layout, kept in the tracking table. Raise it when a change needs a rebuild;
# layout 1 (no version row) had no Merkle log; layout 2 no statements or payments, and
# allocation adjustments posted as allocations; layout 3 no checkpointed output totals; layout 4
# summarised a year close made after its adjustment window without saying it was late; layout 5
# left a settled project's final support in ``spent`` (now moved to ``settled``); layout 6
# summarised outputs by indicator code, units by code and sources by their enum names, not in
# Vietnamese, and had no yearly reports, inspections or annual plans.
LAYOUT_NAME = "layout"
LAYOUT_VERSION = 7
SQLITE_BUSY_TIMEOUT_S = 30
POSTGRES_POOL_MAX = 8
STREAM_BATCH_ROWS = 5_000
MAINTENANCE_AT_ONCE = 2
# Fewer rows than this are inserted rather than copied: COPY costs two round trips of its own.
COPY_ROWS_MIN = 200
_CURSOR_NUMBERS = itertools.count()
_BINARY_TYPES = {TEXT: "text", INT: "int4", BIG: "int8"}


class Transaction(Protocol):
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def execute_many(self, sql: str, rows: Sequence[Row]) -> None: ...
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows a few thousand at a time, for results too large to hold (digests, exports)."""
        ...

    def append(self, prefix: str, table: Table, rows: Sequence[Row]) -> None: ...

    def pipeline(self) -> AbstractContextManager[object]:
        """Writes sent without waiting for each answer, checked together at the end (on
        PostgreSQL; SQLite runs in this process and has no round trips to save)."""
        ...


class ReadStore(Protocol):
    dialect: str

    def transaction(self) -> AbstractContextManager[Transaction]: ...

    def snapshot(self) -> AbstractContextManager[Transaction]: ...

    def refresh_statistics(self, prefix: str) -> None: ...

    def close(self) -> None: ...


class _SQLiteTransaction:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Row]) -> None:
        self.conn.executemany(sql, rows)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [tuple(row) for row in self.conn.execute(sql, tuple(params)).fetchall()]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        for row in self.conn.execute(sql, tuple(params)):  # the cursor steps through the result
            yield tuple(row)

    def append(self, prefix: str, table: Table, rows: Sequence[Row]) -> None:
        if rows:
            marks = ", ".join("?" * len(table.columns))
            self.conn.executemany(f"INSERT INTO {qualified(prefix, table)} VALUES ({marks})", rows)

    def pipeline(self) -> AbstractContextManager[object]:
        return nullcontext()


class SQLiteStore:
    """One connection per thread on the ledger's SQLite file (WAL mode, set by the recorder)."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path,
                timeout=SQLITE_BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        conn = self._connection()
        # IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteTransaction(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Transaction]:
        """A read-only transaction: every query in it sees the same state."""
        conn = self._connection()
        conn.execute("BEGIN DEFERRED")
        try:
            yield _SQLiteTransaction(conn)
        finally:
            conn.execute("ROLLBACK")

    def refresh_statistics(self, prefix: str) -> None:
        """After a bulk replay: fresh planner statistics for the new tables (theirs only: the
        event store's table, as long as the history, has not changed)."""
        conn = self._connection()
        for table in TABLES:
            conn.execute(f"ANALYZE {qualified(prefix, table)}")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class _PostgresTransaction:
    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_pg(sql), tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Row]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)  # pipelined: one round trip per batch

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [tuple(row) for row in self.conn.execute(_pg(sql), tuple(params)).fetchall()]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor: the server keeps the result, the client fetches it in pieces.
        with self.conn.cursor(name=f"stream_{next(_CURSOR_NUMBERS)}") as cursor:
            cursor.itersize = STREAM_BATCH_ROWS
            cursor.execute(_pg(sql), tuple(params))
            yield from cursor

    def append(self, prefix: str, table: Table, rows: Sequence[Row]) -> None:
        if not rows:
            return
        columns = ", ".join(table.column_names)
        if len(rows) < COPY_ROWS_MIN:
            # A few rows (the projector's batch behind the API): one INSERT, which a pipeline
            # sends with the batch's other writes, where COPY would wait for two answers.
            marks = ", ".join(["%s"] * len(table.columns))
            with self.conn.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {qualified(prefix, table)} ({columns}) VALUES ({marks})", rows
                )
            return
        # Binary: no text to format and parse again for every value (the rows' values are of
        # their columns' types: int for INTEGER and BIGINT, str for TEXT).
        with (
            self.conn.cursor() as cursor,
            cursor.copy(
                f"COPY {qualified(prefix, table)} ({columns}) FROM STDIN (FORMAT BINARY)"
            ) as copy,
        ):
            copy.set_types([_BINARY_TYPES[kind] for _, kind in table.columns])
            for row in rows:
                copy.write_row(row)

    def pipeline(self) -> AbstractContextManager[object]:
        return self.conn.pipeline()


class PostgresStore:
    dialect = "postgresql"

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=POSTGRES_POOL_MAX,
            open=True,
            kwargs={"autocommit": False},
        )
        draw_live_connections(self.pool)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection, checked when drawn (domain/connections.py): when the server
        has ended it (restart, ``pg_terminate_backend``), it and every other idle connection
        the server ended are replaced at once, and the request that found it does not fail."""
        conn = self.pool.getconn()
        try:
            with conn:  # commit on success, roll back on error, as the pool's own does
                yield conn
        finally:
            self.pool.putconn(conn)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._connection() as conn, conn.transaction():
            yield _PostgresTransaction(conn)

    @contextmanager
    def snapshot(self) -> Iterator[Transaction]:
        """A read-only REPEATABLE READ transaction: every query in it sees one snapshot."""
        with self._connection() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            try:
                yield _PostgresTransaction(conn)
            finally:
                conn.rollback()
                conn.isolation_level = None
                conn.read_only = None

    def refresh_statistics(self, prefix: str) -> None:
        """After a bulk replay: statistics for the planner, and the visibility map that lets
        the as-of query read its covering indexes without visiting the table (autovacuum would
        get there, later)."""
        self.run_apart([f"VACUUM (ANALYZE) {qualified(prefix, table)}" for table in TABLES])

    def run_apart(self, statements: Sequence[str]) -> None:
        """Statements that cannot or need not share a transaction (VACUUM, index builds), each
        on a connection of its own in autocommit, ``MAINTENANCE_AT_ONCE`` at a time: each is
        one server process's work, so two keep two cores busy."""

        def run(statement: str) -> None:
            with psycopg.connect(self.conninfo, autocommit=True) as conn:
                conn.execute(statement)

        with ThreadPoolExecutor(MAINTENANCE_AT_ONCE) as pool:
            list(pool.map(run, statements))

    def close(self) -> None:
        self.pool.close()


def is_transient(error: BaseException) -> bool:
    """A database fault that a retry may not meet: a lost or refused connection, a pool
    exhausted for its timeout, a locked SQLite file. Not a fault of the request."""
    if isinstance(error, (psycopg.OperationalError, PoolTimeout, StoreOperationalError)):
        return True
    if isinstance(error, sqlite3.OperationalError):
        text = str(error)
        return "locked" in text or "busy" in text
    return False


def is_database_error(error: BaseException) -> bool:
    """Any error raised by a driver or the event store's recorder (its text is not for
    clients)."""
    return isinstance(error, (psycopg.Error, sqlite3.Error, PoolTimeout, StoreOperationalError))


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


def create_tables(store: ReadStore, prefix: str = LIVE_PREFIX, *, indexes: bool = True) -> None:
    with store.transaction() as tx:
        for statement in table_statements(prefix):
            tx.execute(statement)
        if indexes:
            for statement in index_statements(prefix):
                tx.execute(statement)
        tracking = qualified(prefix, TRACKING)
        if not tx.rows(f"SELECT position FROM {tracking} WHERE name = ?", (TRACKING_NAME,)):
            # A new read model: record the layout its tables have.
            tx.execute(f"INSERT INTO {tracking} VALUES (?, 0)", (TRACKING_NAME,))
            tx.execute(f"INSERT INTO {tracking} VALUES (?, ?)", (LAYOUT_NAME, LAYOUT_VERSION))


class ReadModelOutdated(LedgerError):
    """The read model's tables were made by an older version of the projector."""

    code = "READ_MODEL_OUTDATED"


def check_layout(tx: Transaction, prefix: str = LIVE_PREFIX) -> None:
    """Refuse to extend tables of another layout: their rows would not mean what the code
    expects (the Merkle log, for one, must start at the first event)."""
    rows = tx.rows(
        f"SELECT position FROM {qualified(prefix, TRACKING)} WHERE name = ?", (LAYOUT_NAME,)
    )
    found = int(rows[0][0]) if rows else 1
    if found != LAYOUT_VERSION:
        raise ReadModelOutdated(
            f"the read model has layout {found}, this version needs {LAYOUT_VERSION}: "
            "run `khuyencong rebuild`"
        )


def read_position(tx: Transaction, prefix: str = LIVE_PREFIX, *, for_update: bool = False) -> int:
    """The position the read model has reached; ``for_update`` holds it until commit."""
    lock = " FOR UPDATE" if for_update and tx.dialect == "postgresql" else ""
    rows = tx.rows(
        f"SELECT position FROM {qualified(prefix, TRACKING)} WHERE name = ?{lock}",
        (TRACKING_NAME,),
    )
    return int(rows[0][0]) if rows else 0


def write_position(tx: Transaction, position: int, prefix: str = LIVE_PREFIX) -> None:
    tx.execute(
        f"UPDATE {qualified(prefix, TRACKING)} SET position = ? WHERE name = ?",
        (position, TRACKING_NAME),
    )
