"""The write path's own statements on the library's event table: fewer round trips per command.

The library reads one aggregate per query and, on PostgreSQL, inserts in two round trips (the
lock and insert, a sync for the positions, then the commit), each after a pooled connection's
ping. A command needs several aggregates and one insert, so here:

- ``select_tails`` reads the events a command needs of several aggregates, each after the
  version already known, in one statement (one round trip, one consistent snapshot);
- ``insert`` on PostgreSQL sends ``BEGIN``, the library's ``LOCK TABLE … IN EXCLUSIVE
  MODE`` (kept: writers commit in the order their positions were issued, so a reader tailing by
  position never passes an event that commits later), ``NOTIFY``, one multi-row
  ``INSERT … VALUES … RETURNING`` and ``COMMIT`` in one pipeline: one round trip. The lock is
  held for the server's work and the commit only, not for a round trip to the client between.

On PostgreSQL these statements run on connections of their own, checked for life without a round
trip (``_alive``): the library's pool pings each connection it lends (``POSTGRES_PRE_PING``), a
round trip before every statement, which under load cost as much as the statement.

Same tables, same rows, same positions as the library writes: stored ledgers need nothing new.
"""

from __future__ import annotations

import select
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cache, lru_cache
from uuid import UUID

import psycopg
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import DictRow, dict_row
from psycopg.sql import SQL, Identifier
from psycopg_pool import ConnectionPool

Connect = Callable[[], AbstractContextManager[psycopg.Connection[DictRow]]]
Tail = tuple[UUID, int | None]  # an aggregate, and the version already known (None: nothing)
# One statement carries at most 65,535 parameters, 4 a row; a larger save (a bulk load) goes
# through the library's insert, which sends one array.
ROWS_PER_INSERT_MAX = 16_000


class EventStore:
    """The write path's reads and inserts on one ledger's event table."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self._pool: ConnectionPool[psycopg.Connection[DictRow]] | None = None
        if isinstance(recorder, PostgresApplicationRecorder):
            self._pool = _write_pool(recorder.datastore)

    def select_tails(self, tails: Sequence[Tail]) -> dict[UUID, list[StoredEvent]]:
        """Each aggregate's events after its known version, in version order, read at once."""
        found: dict[UUID, list[StoredEvent]] = {aggregate_id: [] for aggregate_id, _ in tails}
        if not tails:
            return found
        recorder = self.recorder
        if isinstance(recorder, PostgresApplicationRecorder):
            try:
                rows = _select_tails_postgres(recorder, self._connection, tails)
            except psycopg.OperationalError:  # a connection the server ended: reads may retry
                self._replace_dead_connections()
                rows = _select_tails_postgres(recorder, self._connection, tails)
        elif isinstance(recorder, SQLiteApplicationRecorder):
            rows = _select_tails_sqlite(recorder, tails)
        else:
            rows = [
                event
                for aggregate_id, known in tails
                for event in recorder.select_events(aggregate_id, gt=known)
            ]
        for event in rows:
            found[UUID(str(event.originator_id))].append(event)
        return found

    def insert(self, events: Sequence[StoredEvent]) -> Sequence[int]:
        """Store the events in one transaction; their positions, in the order given."""
        recorder = self.recorder
        if isinstance(recorder, PostgresApplicationRecorder) and len(events) <= ROWS_PER_INSERT_MAX:
            try:
                return _insert_postgres(recorder, self._connection, events)
            except psycopg.OperationalError:
                # The connection was lost: before the commit, or after it. Look before
                # writing again, so that a committed write answers its positions.
                self._replace_dead_connections()
                stored = _stored_positions(recorder, self._connection, events)
                if stored is not None:
                    return stored
                return _insert_postgres(recorder, self._connection, events)
        return recorder.insert_events(events) or ()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def _replace_dead_connections(self) -> None:
        assert self._pool is not None
        self._pool.check()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[DictRow]]:
        """A pooled connection, alive as far as can be told without a round trip. On the
        first dead one, every idle connection the server ended is replaced at once (the pool's
        own ``check`` would sleep a second, then two, between dead connections)."""
        pool = self._pool
        assert pool is not None
        pool.open()  # at the first command: a ledger that only reads opens none
        connection = pool.getconn()
        if not _alive(connection):
            pool.putconn(connection)  # closed: discarded and replaced
            pool.check()
            connection = pool.getconn()
        try:
            yield connection
        finally:
            pool.putconn(connection)


def _write_pool(datastore: PostgresDatastore) -> ConnectionPool[psycopg.Connection[DictRow]]:
    """As many connections as the library's pool, made the same way."""
    library = datastore.pool
    assert isinstance(library.kwargs, dict)  # the library passes its settings as a dict
    return ConnectionPool(
        kwargs={**library.kwargs, "row_factory": dict_row},
        connection_class=psycopg.Connection[DictRow],
        min_size=1,
        max_size=library.max_size,
        open=False,
        configure=datastore.after_connect_func(),
        timeout=library.timeout,
        max_lifetime=library.max_lifetime,
        name="ledger-writes",
    )


def _alive(connection: psycopg.Connection[DictRow]) -> bool:
    """An idle connection has nothing to read: if it has, the server said goodbye (a restart,
    a terminated backend, an idle timeout) or the socket closed; it is closed here, so that
    the pool discards it. No round trip, unlike a ping; a silently dropped network is found by
    the statement, as it would be after a ping."""
    if connection.closed or connection.broken:
        return False
    readable, _, _ = select.select([connection.fileno()], [], [], 0)
    if readable:
        connection.close()
        return False
    return True


def _select_tails_postgres(
    recorder: PostgresApplicationRecorder, connect: Connect, tails: Sequence[Tail]
) -> list[StoredEvent]:
    statement = _select_tails_statement(recorder.datastore.schema, recorder.events_table_name)
    ids = [aggregate_id for aggregate_id, _ in tails]
    known = [0 if version is None else version for _, version in tails]
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute(statement, (ids, known), prepare=True)
        return [
            StoredEvent(
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in cursor.fetchall()
        ]


def _select_tails_sqlite(
    recorder: SQLiteApplicationRecorder, tails: Sequence[Tail]
) -> list[StoredEvent]:
    # UNION ALL keeps each part a primary-key range scan (an OR of ranges may not).
    part = (
        "SELECT originator_id, originator_version, topic, state "
        f"FROM {recorder.events_table_name} WHERE originator_id = ? AND originator_version > ?"
    )
    statement = " UNION ALL ".join([part] * len(tails))
    params: list[object] = []
    for aggregate_id, version in tails:
        params += [aggregate_id.hex, 0 if version is None else version]
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    events = [
        StoredEvent(
            originator_id=UUID(row["originator_id"]),
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=row["state"],
        )
        for row in rows
    ]
    events.sort(key=lambda event: event.originator_version)
    return events


def _stored_positions(
    recorder: PostgresApplicationRecorder, connect: Connect, events: Sequence[StoredEvent]
) -> list[int] | None:
    """The positions of these very events if a transaction committed them; None if none of
    them is stored. Another writer's events at the same versions are a lost race."""
    statement = SQL(
        "SELECT e.notification_id AS id, e.originator_id, e.originator_version, e.state "
        "FROM unnest(%s::uuid[], %s::bigint[]) AS k(id, version) JOIN {0}.{1} AS e "
        "ON e.originator_id = k.id AND e.originator_version = k.version"
    ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    keys = [(UUID(str(e.originator_id)), e.originator_version) for e in events]
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute(statement, ([k[0] for k in keys], [k[1] for k in keys]))
        rows = cursor.fetchall()
    if not rows:
        return None
    found = {(UUID(str(r["originator_id"])), r["originator_version"]): r for r in rows}
    if len(found) != len(events) or any(
        bytes(found[key]["state"]) != event.state for key, event in zip(keys, events, strict=True)
    ):
        raise IntegrityError("another writer stored events at the same versions")
    return [found[key]["id"] for key in keys]


def _insert_postgres(
    recorder: PostgresApplicationRecorder, connect: Connect, events: Sequence[StoredEvent]
) -> list[int]:
    lock_timeout, lock, notify = _transaction_statements(
        recorder.datastore.schema, recorder.events_table_name, recorder.datastore.lock_timeout
    )
    insert = _insert_statement(recorder.datastore.schema, recorder.events_table_name, len(events))
    params: list[object] = []
    for event in events:
        params += [event.originator_id, event.originator_version, event.topic, event.state]
    with connect() as connection:
        try:
            # Leaving the pipeline sends it and reads every result: the one round trip.
            with connection.pipeline(), connection.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(lock_timeout, prepare=True)
                cursor.execute(lock, prepare=True)
                cursor.execute(notify, prepare=True)
                inserted = connection.cursor()
                inserted.execute(insert, params, prepare=True)
                cursor.execute("COMMIT")
            rows = inserted.fetchall()
        except psycopg.errors.UniqueViolation as error:
            connection.rollback()  # the pipeline left the transaction failed, not ended
            raise IntegrityError(str(error)) from None
        except BaseException:
            if connection.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
                connection.rollback()
            raise
    position = {(UUID(str(r["originator_id"])), r["originator_version"]): r["id"] for r in rows}
    return [position[(UUID(str(e.originator_id)), e.originator_version)] for e in events]


# Statements are composed once and kept as text: composing one costs more than sending it.


@cache
def _select_tails_statement(schema: str, table: str) -> str:
    # A join on the primary key: each aggregate is an index range scan from its known version.
    return (
        SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state "
            "FROM unnest(%s::uuid[], %s::bigint[]) AS k(id, known) JOIN {0}.{1} AS e "
            "ON e.originator_id = k.id AND e.originator_version > k.known "
            "ORDER BY e.originator_id, e.originator_version"
        )
        .format(Identifier(schema), Identifier(table))
        .as_string()
    )


@cache
def _transaction_statements(schema: str, table: str, lock_timeout_s: int) -> tuple[str, ...]:
    """The library's own: the same lock timeout, table lock and notification channel."""
    return (
        SQL("SET LOCAL lock_timeout = '{0}s'").format(lock_timeout_s).as_string(),
        SQL("LOCK TABLE {0}.{1} IN EXCLUSIVE MODE")
        .format(Identifier(schema), Identifier(table))
        .as_string(),
        SQL("NOTIFY {0}").format(Identifier(table.replace(".", "_"))).as_string(),
    )


@lru_cache(maxsize=64)
def _insert_statement(schema: str, table: str, rows: int) -> str:
    values = SQL(", ").join([SQL("(%s, %s, %s, %s)")] * rows)
    return (
        SQL(
            "INSERT INTO {0}.{1} (originator_id, originator_version, topic, state) VALUES {2} "
            "RETURNING notification_id AS id, originator_id, originator_version"
        )
        .format(Identifier(schema), Identifier(table), values)
        .as_string()
    )
