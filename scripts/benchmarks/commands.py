"""Measurement 1: payments recorded through the use cases, by one client and by eight at once,
beside a raw ``INSERT … ; COMMIT`` of a comparable row in the same database by one client and by
eight (a thread and a connection each).

Ledger and baseline take turns, in rounds, so that both meet the same load on a shared machine.
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
from collections.abc import Callable
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
ROUNDS = 5
GOAL_SINGLE = 0.4
GOAL_CONCURRENT = 1.0  # group commit beats eight clients committing alone


def measure_commands(
    ledger: Ledger,
    settings: Settings,
    backend: str,
    count: int,
    caught_up: Callable[[], object],
    layout: str = "",
) -> list[Row]:
    """``count`` payments by one client, then ``count`` spread over eight clients, each in
    rounds that alternate with the same number of raw commits (see ``_alternating``).
    ``caught_up`` returns once the projector has applied every event: called before each
    round, so that no round meets the projector's work of the one before. ``layout`` names
    where the projector runs, when not in this process (added to the rows' names)."""
    print(f"{backend}: commands{layout}, {count:,} by one client then by eight …", file=sys.stderr)
    tag = "A" if layout else ""
    projects = [contracted_project(ledger, f"CMD-{tag}{n}") for n in range(CONCURRENT_CLIENTS + 1)]
    raw_table = _raw_table(settings)
    raw_table.create(CONCURRENT_CLIENTS)
    try:
        single, raw = _alternating(
            lambda rows, round_tag: _payments(ledger, projects[:1], rows, f"solo{tag}-{round_tag}"),
            lambda rows, _: _raw_commits(raw_table, rows, 1),
            count,
            caught_up,
        )
        before = (ledger.group_commit.saves, ledger.group_commit.transactions)
        concurrent, raw_concurrent = _alternating(
            lambda rows, round_tag: _payments(
                ledger, projects[1:], rows, f"group{tag}-{round_tag}"
            ),
            lambda rows, _: _raw_commits(raw_table, rows, CONCURRENT_CLIENTS),
            count,
            caught_up,
        )
    finally:
        raw_table.drop()
    saves = ledger.group_commit.saves - before[0]
    transactions = ledger.group_commit.transactions - before[1]
    return [
        rate_row(
            backend,
            f"commands, 1 client{layout}",
            "cmd/s",
            single,
            raw,
            "raw INSERT+COMMIT",
            GOAL_SINGLE,
        ),
        rate_row(
            backend,
            f"commands, {CONCURRENT_CLIENTS} clients{layout}",
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


Timed = Callable[[int, str], tuple[int, float]]  # (rows asked, a tag) → (rows done, seconds)


def _alternating(
    ledger_part: Timed, raw_part: Timed, count: int, caught_up: Callable[[], object]
) -> tuple[float, float]:
    """The two rates, measured in ``ROUNDS`` alternating rounds of ``count / ROUNDS`` each.
    On a machine shared with other work the load drifts within seconds; a baseline taken
    after the whole measurement saw another machine. Rounds put both under the same drift."""
    rows = max(count // ROUNDS, 1)
    done = {"ledger": 0, "raw": 0}
    seconds = {"ledger": 0.0, "raw": 0.0}
    for round_no in range(ROUNDS):
        for name, part in (("ledger", ledger_part), ("raw", raw_part)):
            caught_up()
            finished, elapsed = part(rows, f"r{round_no}")
            done[name] += finished
            seconds[name] += elapsed
    return done["ledger"] / seconds["ledger"], done["raw"] / seconds["raw"]


def _payments(ledger: Ledger, projects: list[uuid.UUID], count: int, tag: str) -> tuple[int, float]:
    def client(index: int, rows: int) -> None:
        for k in range(rows):
            ledger.record_payment(payment(projects[index], f"UNC-{tag}-{index}-{k}"), CENTER)

    return _threads(client, len(projects), count)


def _raw_commits(table: RawTable, count: int, clients: int) -> tuple[int, float]:
    """The baseline: rows like a stored event (a UUID, a version, a topic, ~400 bytes of JSON)
    inserted and committed one at a time by the driver alone, into a table shaped like the
    event table in the same database, by ``clients`` threads with a connection each."""
    return _threads(table.insert_and_commit, clients, count)


def _threads(work: Callable[[int, int], None], clients: int, count: int) -> tuple[int, float]:
    """``count`` rows shared by ``clients`` threads: how many were done, in how many seconds."""
    share = max(count // clients, 1)
    failures: list[BaseException] = []

    def client(index: int) -> None:
        try:
            work(index, share)
        except BaseException as error:  # reported after the clock stops
            failures.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return share * clients, elapsed


def _raw_table(settings: Settings) -> RawTable:
    database = settings.database
    if database.kind == "sqlite":
        return _SQLiteRaw(str(database.path))
    return _PostgresRaw(database.conninfo())


class RawTable(Protocol):
    """A table shaped like the event table, with a connection per client made beforehand (a
    connection's start is not part of a commit)."""

    def create(self, clients: int) -> None: ...
    def insert_and_commit(self, client: int, rows: int) -> None: ...
    def drop(self) -> None: ...


class _SQLiteRaw:
    def __init__(self, path: str) -> None:
        self.path = path
        self.connections: list[sqlite3.Connection] = []

    def create(self, clients: int) -> None:
        for _ in range(clients):
            lite = sqlite3.connect(
                self.path,
                isolation_level=None,
                timeout=SQLITE_BUSY_TIMEOUT_S,
                check_same_thread=False,  # each is used by one client thread at a time
            )
            lite.execute("PRAGMA journal_mode=WAL")  # as the event store sets it
            self.connections.append(lite)
        self.connections[0].execute(
            f"CREATE TABLE {RAW_TABLE} (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )

    def insert_and_commit(self, client: int, rows: int) -> None:
        lite = self.connections[client]
        for n in range(rows):
            lite.execute("BEGIN IMMEDIATE")  # a writer waits for the lock, as a command does
            lite.execute(
                f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                (uuid.uuid4().hex, n, RAW_TOPIC, RAW_STATE),
            )
            lite.execute("COMMIT")

    def drop(self) -> None:
        self.connections[0].execute(f"DROP TABLE {RAW_TABLE}")
        for lite in self.connections:
            lite.close()


class _PostgresRaw:
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.connections: list[psycopg.Connection[tuple[object, ...]]] = []

    def create(self, clients: int) -> None:
        self.connections = [psycopg.connect(self.conninfo) for _ in range(clients)]
        pg = self.connections[0]
        pg.execute(
            f"CREATE TABLE {RAW_TABLE} (originator_id UUID NOT NULL, "
            "originator_version BIGINT NOT NULL, topic TEXT, state BYTEA, "
            "notification_id BIGSERIAL, PRIMARY KEY (originator_id, originator_version))"
        )
        pg.execute(f"CREATE UNIQUE INDEX ON {RAW_TABLE} (notification_id)")
        pg.commit()

    def insert_and_commit(self, client: int, rows: int) -> None:
        pg = self.connections[client]
        for n in range(rows):
            pg.execute(
                f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), n, RAW_TOPIC, RAW_STATE),
            )
            pg.commit()

    def drop(self) -> None:
        pg = self.connections[0]
        pg.execute(f"DROP TABLE {RAW_TABLE}")
        pg.commit()
        for connection in self.connections:
            connection.close()
