"""One share of a bulk build: the events of some aggregates, projected in one process.

Every projection keeps state per aggregate only (a project's register row, a budget line's key,
an establishment's row), except what it reads of programs: indicator and unit names for the
journal's summaries. So the aggregates are split into shares by id; each share sees every
program event as well, in order, and applies it to its own context, while only the share that
owns the program writes the program's rows. The rows of every share together are the rows the
incremental projector writes: the journal, postings and outputs are keyed by position, the
registers by aggregate.

Append-only rows are written every ``FLUSH_EVENTS`` events (``COPY`` on PostgreSQL); register
rows stay in memory, each at its last state, and are written once at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.programs.events import Program
from projections.batch import Batch, Row
from projections.bulk.decode import EventDecoder
from projections.bulk.memory import without_cycle_collection
from projections.bulk.overlap import Writer, prefetched
from projections.bulk.source import Database, share_of
from projections.context import Context
from projections.projector import handler, journal_row
from projections.schema import JOURNAL, TABLES
from projections.store import ReadStore

FLUSH_EVENTS = 20_000
PROGRAM_TOPICS = tuple(
    sorted(v.TOPIC for v in vars(Program).values() if isinstance(v, type) and hasattr(v, "TOPIC"))
)
TABLES_BY_NAME = {table.name: table for table in TABLES}


@dataclass(frozen=True)
class Share:
    database: Database
    prefix: str
    stop: int  # the last position to project
    index: int
    count: int


@dataclass(frozen=True)
class ShareResult:
    index: int
    events: int  # the events this share wrote journal rows for


def project_share(share: Share) -> ShareResult:
    """Project one share into the tables under ``share.prefix`` (made, empty, by the caller)."""
    store = share.database.open_store()
    try:
        with without_cycle_collection():
            return _project(share, store)
    finally:
        store.close()


def _project(share: Share, store: ReadStore) -> ShareResult:
    decoder = EventDecoder()
    context = Context(share.prefix)
    own, others = Batch(), Batch()  # rows to write; program rows another share writes
    context.pending = [own.upserts, others.upserts]
    reads = _Reads(store)
    events = since_flush = 0
    rows = share.database.rows(share.stop, (share.index, share.count), PROGRAM_TOPICS)
    writer: Writer[dict[str, list[Row]]] = Writer(
        lambda rows: write_rows(store, share.prefix, rows)
    )
    try:
        for position, leaf, aggregate_id, version, topic, state in prefetched(rows):
            event = decoder.decode(aggregate_id, version, topic, state)
            mine = share_of(aggregate_id, share.count) == share.index
            batch = own if mine else others
            program_code, summary = handler(event)(event, position, batch, context, reads)
            if not mine:
                others.take_appended()
                continue
            payload = state.decode("utf-8")
            journal = journal_row(event, position, leaf, program_code, summary, payload)
            batch.append(JOURNAL, journal)
            events += 1
            since_flush += 1
            if since_flush >= FLUSH_EVENTS:
                writer.put(own.take_appended())
                since_flush = 0
        writer.put(own.take_appended())
        writer.put(
            {name: [keyed[k] for k in sorted(keyed)] for name, keyed in own.register_rows().items()}
        )
    finally:
        writer.close()
    return ShareResult(share.index, events)


def write_rows(store: ReadStore, prefix: str, rows: dict[str, list[Row]]) -> None:
    """Rows into empty or append-only tables: plain inserts, ``COPY`` on PostgreSQL."""
    with store.transaction() as tx:
        for name, table_rows in rows.items():
            tx.append(prefix, TABLES_BY_NAME[name], table_rows)


class _Reads:
    """What a projection may read back while the share runs: rows already written. A bulk
    build starts from empty tables and keeps every register it makes in its context, so
    projections find what they need there; a read is a short transaction of its own."""

    dialect: str

    def __init__(self, store: ReadStore) -> None:
        self.store = store
        self.dialect = store.dialect

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.store.snapshot() as tx:
            return tx.rows(sql, params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise AssertionError("a projection writes through its batch, not its transaction")

    def execute_many(self, sql: str, rows: Sequence[Row]) -> None:
        raise AssertionError("a projection writes through its batch, not its transaction")

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return iter(self.rows(sql, params))

    def append(self, prefix: str, table: Any, rows: Sequence[Row]) -> None:
        raise AssertionError("a projection writes through its batch, not its transaction")

    def pipeline(self) -> Any:
        raise AssertionError("a projection writes through its batch, not its transaction")
