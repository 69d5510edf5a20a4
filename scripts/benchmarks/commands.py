"""Measurement 1: payments recorded through the use cases, by one client and by eight at once,
beside a raw ``INSERT … ; COMMIT`` of a comparable row in the same database by one client and by
eight (a thread and a connection each).

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
from contextlib import closing
from typing import Protocol

import psycopg

from domain.ledger import Ledger
from scripts.benchmarks.fixtures import CENTER, contracted_project, payment
from scripts.benchmarks.report import Row, rate_row
from scripts.settings import Settings

CONCURRENT_CLIENTS = 8
RAW_TABLE = "bench_raw_events"
RAW_STATE = b'{"amount_vnd":10000,"voucher_no":"UNC-0","payee":"' + b"x" * 340 + b'"}'
RAW_TOPIC = "domain.projects.events:PaymentRecorded"
SQLITE_BUSY_TIMEOUT_S = 30.0
GOAL_SINGLE = 0.4
GOAL_CONCURRENT = 1.0  # group commit beats eight clients committing alone


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
    raw_concurrent = _raw_commits_per_s(settings, count, CONCURRENT_CLIENTS)
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
            raw_concurrent,
            f"raw INSERT+COMMIT by {CONCURRENT_CLIENTS} clients",
            GOAL_CONCURRENT,
            detail=(
                f"{concurrent / single:.2f}× the ledger's 1-client rate; group commit wrote "
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


def _raw_commits_per_s(settings: Settings, count: int, clients: int = 1) -> float:
    """The baseline: rows like a stored event (a UUID, a version, a topic, ~400 bytes of JSON)
    inserted and committed one at a time, by the driver alone, into a table shaped like the
    event table in the same database; ``clients`` threads with a connection each share
    ``count`` rows."""
    database = settings.database
    raw_table: RawTable = (
        _SQLiteRaw(str(database.path))
        if database.kind == "sqlite"
        else (_PostgresRaw(database.conninfo()))
    )
    share = max(count // clients, 1)
    failures: list[BaseException] = []

    def client() -> None:
        try:
            raw_table.insert_and_commit(share)
        except BaseException as error:  # reported after the clock stops
            failures.append(error)

    raw_table.create()
    try:
        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        raw_table.drop()
    if failures:
        raise failures[0]
    return share * clients / elapsed


class RawTable(Protocol):
    def create(self) -> None: ...
    def insert_and_commit(self, rows: int) -> None: ...
    def drop(self) -> None: ...


class _SQLiteRaw:
    def __init__(self, path: str) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        lite = sqlite3.connect(self.path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_S)
        lite.execute("PRAGMA journal_mode=WAL")  # as the event store sets it
        return lite

    def create(self) -> None:
        with closing(self._connect()) as lite:
            lite.execute(
                f"CREATE TABLE {RAW_TABLE} (originator_id TEXT, originator_version INTEGER, "
                "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
            )

    def insert_and_commit(self, rows: int) -> None:
        with closing(self._connect()) as lite:
            for n in range(rows):
                lite.execute("BEGIN IMMEDIATE")  # a writer waits for the lock, as a command does
                lite.execute(
                    f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                    "VALUES (?, ?, ?, ?)",
                    (uuid.uuid4().hex, n, RAW_TOPIC, RAW_STATE),
                )
                lite.execute("COMMIT")

    def drop(self) -> None:
        with closing(self._connect()) as lite:
            lite.execute(f"DROP TABLE {RAW_TABLE}")


class _PostgresRaw:
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo

    def create(self) -> None:
        with psycopg.connect(self.conninfo) as pg:
            pg.execute(
                f"CREATE TABLE {RAW_TABLE} (originator_id UUID NOT NULL, "
                "originator_version BIGINT NOT NULL, topic TEXT, state BYTEA, "
                "notification_id BIGSERIAL, PRIMARY KEY (originator_id, originator_version))"
            )
            pg.execute(f"CREATE UNIQUE INDEX ON {RAW_TABLE} (notification_id)")

    def insert_and_commit(self, rows: int) -> None:
        with psycopg.connect(self.conninfo) as pg:
            for n in range(rows):
                pg.execute(
                    f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                    "VALUES (%s, %s, %s, %s)",
                    (uuid.uuid4(), n, RAW_TOPIC, RAW_STATE),
                )
                pg.commit()

    def drop(self) -> None:
        with psycopg.connect(self.conninfo) as pg:
            pg.execute(f"DROP TABLE {RAW_TABLE}")
