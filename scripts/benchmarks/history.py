"""Measurements 3 and 4 on a long synthetic history: the read model rebuilt from every event
beside a raw SELECT of the events table, and the as-of budget query at random points of it."""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from datetime import date

import psycopg

from domain.ledger import Ledger
from projections.digest import check, rebuild
from projections.queries import ReadModel
from projections.rows import AsOf
from projections.store import ReadStore
from scripts.benchmarks.report import Row, ceiling_row, percentile, rate_row
from scripts.settings import Settings
from scripts.synthetic import PROGRAM, YEARS

# Of a raw SELECT: SQLite's scan is several times PostgreSQL's, so its share is smaller.
REBUILD_GOAL = {"postgresql": 0.25, "sqlite": 0.05}
AS_OF_GOAL_P95_MS = 10.0


def measure_rebuild(ledger: Ledger, store: ReadStore, settings: Settings, backend: str) -> Row:
    events = ledger.head_position()
    print(f"{backend}: rebuild of {events:,} events …", file=sys.stderr)
    raw_seconds = raw_select_seconds(settings)
    started = time.perf_counter()
    applied = rebuild(ledger, store)
    elapsed = time.perf_counter() - started
    return rate_row(
        backend,
        "rebuild",
        "ev/s",
        applied / elapsed,
        events / raw_seconds,
        "raw SELECT",
        REBUILD_GOAL[backend],
        detail=f"{applied:,} events in {elapsed:.1f} s",
    )


def measure_check(ledger: Ledger, store: ReadStore, settings: Settings, backend: str) -> Row:
    """``khuyencong check``: a build of every event beside the read model, and the digests of
    both, against the same raw SELECT."""
    events = ledger.head_position()
    print(f"{backend}: check of {events:,} events …", file=sys.stderr)
    raw_seconds = raw_select_seconds(settings)
    started = time.perf_counter()
    report = check(ledger, store)
    elapsed = time.perf_counter() - started
    return rate_row(
        backend,
        "check",
        "ev/s",
        report.position / elapsed,
        events / raw_seconds,
        "raw SELECT",
        REBUILD_GOAL[backend],
        detail=f"{report.position:,} events in {elapsed:.1f} s, read model equal: {report.holds}",
    )


def measure_as_of(model: ReadModel, backend: str, queries: int) -> Row:
    head = model.position()
    print(f"{backend}: {queries} as-of budget queries …", file=sys.stderr)
    latencies = as_of_latencies_ms(model, head, queries)
    return ceiling_row(
        backend,
        f"as-of budget p95 at {head:,} events",
        "ms",
        percentile(latencies, 0.95),
        AS_OF_GOAL_P95_MS,
        detail=f"p50 {percentile(latencies, 0.5):.2f} ms over {queries} random points",
    )


def as_of_latencies_ms(model: ReadModel, head: int, queries: int) -> list[float]:
    """The budget of a random year as of a random position and effective date, timed."""
    rng = random.Random(7)
    latencies = []
    for _ in range(queries):
        year = rng.choice(YEARS)
        as_of = AsOf(
            position=rng.randrange(1, head + 1), effective_on=date(year, rng.randrange(1, 13), 28)
        )
        started = time.perf_counter()
        model.budget(PROGRAM, year=year, as_of=as_of)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def raw_select_seconds(settings: Settings) -> float:
    """The baseline: read every stored event with a plain SELECT, as fast as the driver goes."""
    database = settings.database
    started = time.perf_counter()
    if database.kind == "sqlite":
        lite = sqlite3.connect(str(database.path))
        for _ in lite.execute("SELECT * FROM stored_events"):
            pass
        lite.close()
    else:
        with psycopg.connect(database.conninfo()) as pg, pg.cursor("raw") as cursor:
            cursor.itersize = 10_000
            cursor.execute("SELECT * FROM ledger_events")
            for _ in cursor:
                pass
    return time.perf_counter() - started
