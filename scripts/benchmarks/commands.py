"""Measurement 1: payments recorded through the use cases, by one client and by eight at once,
beside a raw ``INSERT … ; COMMIT`` of a comparable row in the same database.

The ledger runs as it does behind the API: the projector in-process, catching up as commands
land. Each client pays its own project, as separate users would; a payment writes the payment
event and its voucher claim, in one transaction.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
import uuid

import psycopg

from domain.ledger import Ledger
from scripts.benchmarks.fixtures import CENTER, contracted_project, payment
from scripts.benchmarks.report import Row, rate_row
from scripts.settings import Settings

CONCURRENT_CLIENTS = 8
RAW_TABLE = "bench_raw_events"
GOAL_SINGLE = 0.5


def measure_commands(ledger: Ledger, settings: Settings, backend: str, count: int) -> list[Row]:
    """``count`` payments by one client, then ``count`` spread over eight clients."""
    print(f"{backend}: commands, {count:,} by one client then by eight …", file=sys.stderr)
    projects = [contracted_project(ledger, f"CMD-{n}") for n in range(CONCURRENT_CLIENTS + 1)]
    single = _payments_per_s(ledger, [projects[0]], count, "solo")
    before = (ledger.group_commit.saves, ledger.group_commit.transactions)
    concurrent = _payments_per_s(ledger, projects[1:], count, "group")
    saves = ledger.group_commit.saves - before[0]
    transactions = ledger.group_commit.transactions - before[1]
    raw = _raw_commits_per_s(settings, count)
    return [
        rate_row(
            backend,
            "commands, 1 client",
            "cmd/s",
            single,
            raw,
            "raw INSERT+COMMIT",
            GOAL_SINGLE,
        ),
        rate_row(
            backend,
            f"commands, {CONCURRENT_CLIENTS} clients",
            "cmd/s",
            concurrent,
            single,
            "ledger, 1 client",
            1.0,
            detail=(
                f"{concurrent / raw:.3f}× the raw single-client rate; group commit wrote "
                f"{saves:,} saves in {transactions:,} transactions"
            ),
        ),
    ]


def _payments_per_s(ledger: Ledger, projects: list[uuid.UUID], count: int, tag: str) -> float:
    share = max(count // len(projects), 1)
    failures: list[BaseException] = []

    def client(project: uuid.UUID, n: int) -> None:
        try:
            for k in range(share):
                ledger.record_payment(payment(project, f"UNC-{tag}-{n}-{k}"), CENTER)
        except BaseException as error:  # reported after the clock stops
            failures.append(error)

    threads = [
        threading.Thread(target=client, args=(project, n)) for n, project in enumerate(projects)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return share * len(projects) / elapsed


def _raw_commits_per_s(settings: Settings, count: int) -> float:
    """The baseline: one row like a stored event (a UUID, a version, a topic, ~400 bytes of JSON)
    inserted and committed at a time, by the driver alone, into the same database."""
    state = b'{"amount_vnd":10000,"voucher_no":"UNC-0","payee":"' + b"x" * 340 + b'"}'
    topic = "domain.projects.events:PaymentRecorded"
    database = settings.database
    if database.kind == "sqlite":
        lite = sqlite3.connect(str(database.path), isolation_level=None)
        lite.execute("PRAGMA journal_mode=WAL")  # as the event store sets it
        lite.execute(
            f"CREATE TABLE {RAW_TABLE} (id INTEGER PRIMARY KEY, originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB, "
            "UNIQUE (originator_id, originator_version))"
        )
        started = time.perf_counter()
        for n in range(count):
            lite.execute("BEGIN")
            lite.execute(
                f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                (uuid.uuid4().hex, n, topic, state),
            )
            lite.execute("COMMIT")
        elapsed = time.perf_counter() - started
        lite.execute(f"DROP TABLE {RAW_TABLE}")
        lite.close()
        return count / elapsed
    with psycopg.connect(database.conninfo()) as pg:
        pg.execute(
            f"CREATE TABLE {RAW_TABLE} (notification_id BIGSERIAL PRIMARY KEY, "
            "originator_id UUID, originator_version BIGINT, topic TEXT, state BYTEA, "
            "UNIQUE (originator_id, originator_version))"
        )
        pg.commit()
        started = time.perf_counter()
        for n in range(count):
            pg.execute(
                f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), n, topic, state),
            )
            pg.commit()
        elapsed = time.perf_counter() - started
        pg.execute(f"DROP TABLE {RAW_TABLE}")
        pg.commit()
    return count / elapsed
