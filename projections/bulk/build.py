"""A bulk build of the read model from the event log: the shares in parallel processes, the
Merkle log in this one, then the checkpointed totals, the tracking position and (for a rebuild)
the swap of the new tables for the live ones.

The result is the read model the incremental projector builds, row for row: the same
projections write the same rows; only their order of writing differs (tests compare digests).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from projections.bulk.merkle import build_log
from projections.bulk.partition import Share, project_share
from projections.bulk.source import Database
from projections.schema import (
    LIVE_PREFIX,
    SCRATCH_PREFIX,
    TABLES,
    drop_statements,
    index_statements,
    indexes,
    qualified,
)
from projections.store import PostgresStore, ReadStore, create_tables, write_position
from projections.totals import write_checkpoints

# One process per core, at most two: each share applies every program event again, and the
# Merkle log is built in order in this process meanwhile.
SHARES_MAX = 2
# Below this many events a second process costs more than it saves: one share, in-process.
PROCESSES_MIN_EVENTS = 20_000


def build(
    store: ReadStore,
    prefix: str,
    *,
    stop: int | None = None,
    shares: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Build the read model under ``prefix`` (dropped first) from the events up to ``stop``
    (default: every stored event); returns how many events it applied."""
    database = Database.of(store)
    head = database.head()
    last_position = head if stop is None else min(stop, head)
    with store.transaction() as tx:
        for statement in drop_statements(prefix):
            tx.execute(statement)
    create_tables(store, prefix, indexes=False)
    count = shares or (min(SHARES_MAX, os.cpu_count() or 1) if head >= PROCESSES_MIN_EVENTS else 1)
    jobs = [Share(database, prefix, last_position, index, count) for index in range(count)]
    if count == 1:
        results = [project_share(jobs[0])]
        events, last = build_log(database, store, prefix, last_position, progress)
    else:
        spawn = multiprocessing.get_context("spawn")  # nothing of this process is inherited
        with ProcessPoolExecutor(count, mp_context=spawn) as pool:
            running = [pool.submit(project_share, job) for job in jobs]
            events, last = build_log(database, store, prefix, last_position, progress)
            results = [future.result() for future in running]
    projected = sum(result.events for result in results)
    if projected != events:
        raise AssertionError(f"the shares projected {projected} events, the log has {events}")
    with store.transaction() as tx:
        write_checkpoints(tx, prefix, 0, last)
        write_position(tx, last, prefix)
    return events


def swap_in(store: ReadStore) -> None:
    """Replace the live read model by the one built under the scratch prefix, in one
    transaction (readers see the old tables until it commits), with its indexes and planner
    statistics.

    On PostgreSQL the indexes are made and the tables vacuumed before that transaction, two
    statements at a time on connections of their own (each is one backend's work: two of them
    took 2.1 s down to 1.4 s on 100,002 events), and the swap renames tables and indexes only.
    SQLite has one writer: its indexes are made inside the swap, one after another."""
    if isinstance(store, PostgresStore):
        store.run_apart([statement for _, _, statement in indexes(SCRATCH_PREFIX)])
        store.refresh_statistics(SCRATCH_PREFIX)
    with store.transaction() as tx:
        for statement in drop_statements(LIVE_PREFIX):
            tx.execute(statement)
        for table in TABLES:
            built, live = qualified(SCRATCH_PREFIX, table), qualified(LIVE_PREFIX, table)
            tx.execute(f"ALTER TABLE {built} RENAME TO {live}")
            if tx.dialect == "postgresql":  # SQLite renames its key's index with the table
                tx.execute(f"ALTER INDEX {built}_pkey RENAME TO {live}_pkey")
        if tx.dialect == "postgresql":
            for (_, built, _), (_, live, _) in zip(
                indexes(SCRATCH_PREFIX), indexes(LIVE_PREFIX), strict=True
            ):
                tx.execute(f"ALTER INDEX {built} RENAME TO {live}")
        else:
            for statement in index_statements(LIVE_PREFIX):
                tx.execute(statement)
    if not isinstance(store, PostgresStore):
        store.refresh_statistics(LIVE_PREFIX)
