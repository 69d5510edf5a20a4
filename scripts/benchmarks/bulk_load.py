"""Measurement 2: a bulk load, a hundred times the demo's history, written through the ledger's
bulk path (``scripts.synthetic``: whole projects decided by the domain's own rules, saved two
thousand events a transaction), beside the database's own fastest load of the very same rows:
``COPY`` on PostgreSQL, one ``executemany`` transaction on SQLite.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from typing import Any

import psycopg

from domain.ledger import Ledger
from scripts.benchmarks.report import Row, rate_row
from scripts.settings import Settings
from scripts.synthetic import generate

COPY_TABLE = "bench_copied_events"
GOAL = 0.3


def measure_bulk_load(
    ledger: Ledger, settings: Settings, backend: str, demo_events: int, factor: int
) -> list[Row]:
    events = demo_events * factor
    print(f"{backend}: bulk load of {events:,} events (demo ×{factor}) …", file=sys.stderr)
    before = ledger.head_position()
    started = time.perf_counter()
    generate(ledger, events)
    elapsed = time.perf_counter() - started
    written = ledger.head_position() - before
    raw = raw_load_per_s(settings, before)
    return [
        rate_row(
            backend,
            f"bulk load (demo ×{factor})",
            "ev/s",
            written / elapsed,
            raw,
            "COPY" if backend == "postgresql" else "raw executemany",
            GOAL,
            detail=f"{written:,} events in {elapsed:.1f} s",
        )
    ]


def raw_load_per_s(settings: Settings, after: int) -> float:
    """Read back the rows the ledger stored (not timed), then time loading them raw."""
    database = settings.database
    if database.kind == "sqlite":
        lite = sqlite3.connect(str(database.path), isolation_level=None)
        rows: list[Any] = lite.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ?",
            (after,),
        ).fetchall()
        lite.execute(
            f"CREATE TABLE {COPY_TABLE} (id INTEGER PRIMARY KEY, originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB, "
            "UNIQUE (originator_id, originator_version))"
        )
        started = time.perf_counter()
        lite.execute("BEGIN")
        lite.executemany(
            f"INSERT INTO {COPY_TABLE} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
        lite.execute("COMMIT")
        elapsed = time.perf_counter() - started
        lite.execute(f"DROP TABLE {COPY_TABLE}")
        lite.close()
        return len(rows) / elapsed
    with psycopg.connect(database.conninfo()) as pg:
        rows = pg.execute(
            "SELECT originator_id, originator_version, topic, state FROM ledger_events "
            "WHERE notification_id > %s",
            (after,),
        ).fetchall()
        pg.execute(
            f"CREATE TABLE {COPY_TABLE} (notification_id BIGSERIAL PRIMARY KEY, "
            "originator_id UUID, originator_version BIGINT, topic TEXT, state BYTEA, "
            "UNIQUE (originator_id, originator_version))"
        )
        pg.commit()
        started = time.perf_counter()
        with pg.cursor().copy(
            f"COPY {COPY_TABLE} (originator_id, originator_version, topic, state) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        pg.commit()
        elapsed = time.perf_counter() - started
        pg.execute(f"DROP TABLE {COPY_TABLE}")
        pg.commit()
    return len(rows) / elapsed
