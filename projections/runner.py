"""Keeping the read model caught up: one projector at a time, woken by new events.

PostgreSQL: the projector holds an advisory lock (a second copy waits as a standby and takes
over when the first dies) and wakes on the event store's NOTIFY. SQLite: a file lock beside the
database, and a pull loop in bounded batches (SQLite has no notifications).
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import psycopg
from eventsourcing.persistence import OperationalError

from projections.projector import Projector

log = logging.getLogger("khuyencong.projector")

PROJECTOR_LOCK_KEY = 0x6B68_7579_656E  # "khuyen": one read model per database
SQLITE_POLL_INTERVAL_S = 0.05
GATHER_S = 0.005
LISTEN_TIMEOUT_S = 1.0
STANDBY_RETRY_S = 2.0
RETRY_AFTER_S = 1.0
# Errors that say the database is busy or away for now, not that the projection is wrong.
TRANSIENT_ERRORS = (OperationalError, psycopg.OperationalError, sqlite3.OperationalError)
EVENTS_CHANNEL = "ledger_events"  # the library's PostgreSQL recorder notifies on this channel


class ProjectorLock(Protocol):
    def acquire(self) -> bool: ...
    def release(self) -> None: ...


class AdvisoryLock:
    """A session-level PostgreSQL advisory lock on its own connection."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.conn: psycopg.Connection[Any] | None = None

    def acquire(self) -> bool:
        if self.conn is None:
            self.conn = psycopg.connect(self.conninfo, autocommit=True)
        (held,) = self.conn.execute(
            "SELECT pg_try_advisory_lock(%s)", (PROJECTOR_LOCK_KEY,)
        ).fetchone() or (False,)
        return bool(held)

    def release(self) -> None:
        if self.conn is not None:
            self.conn.close()  # ending the session releases the lock
            self.conn = None


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: Any = None

    def acquire(self) -> bool:
        self.handle = self.handle or open(self.path, "a")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class Waker(Protocol):
    def wait(self, timeout_s: float) -> None: ...
    def close(self) -> None: ...


class PollWaker:
    """Polls; when the projector shares its process with the ledger, ``written`` (set after
    every save) wakes it at once, so a command is visible in milliseconds, not a poll later."""

    def __init__(self, stop: threading.Event, written: threading.Event | None = None) -> None:
        self.stop = stop
        self.written = written

    def wait(self, timeout_s: float) -> None:
        timeout_s = min(timeout_s, SQLITE_POLL_INTERVAL_S)
        if self.written is None:
            self.stop.wait(timeout_s)
        elif self.written.wait(timeout_s):
            # A moment for the rest of a burst of saves to arrive, so that it is applied in one
            # batch, not one each: SQLite has one writer, and each batch holds the others back.
            self.stop.wait(GATHER_S)
            # Cleared before the next batch reads, so a save made after this is not missed.
            self.written.clear()

    def close(self) -> None:
        pass


class ListenWaker:
    """Wakes on the event store's NOTIFY; the timeout bounds the wait if one is missed."""

    def __init__(self, conninfo: str) -> None:
        self.conn = psycopg.connect(conninfo, autocommit=True)
        self.conn.execute(f"LISTEN {EVENTS_CHANNEL}")

    def wait(self, timeout_s: float) -> None:
        for _ in self.conn.notifies(timeout=timeout_s, stop_after=1):
            pass

    def close(self) -> None:
        self.conn.close()


def run(
    projector: Projector,
    lock: ProjectorLock,
    make_waker: Callable[[], Waker],
    stop: threading.Event,
    *,
    on_standby: Callable[[], None] | None = None,
    on_caught_up: Callable[[], object] | None = None,
    until_caught_up: bool = False,
) -> int:
    """Hold the lock (or wait as a standby), then project until stopped; returns events applied.
    ``on_caught_up`` runs each time the read model has reached the head."""
    while not lock.acquire():
        if on_standby is not None:
            on_standby()
        if stop.wait(STANDBY_RETRY_S):
            return 0
    waker: Waker | None = None
    applied = 0
    failed_in_a_row = 0
    try:
        while not stop.is_set():
            try:
                waker = waker or make_waker()
                count = projector.run_batch()
                failed_in_a_row = 0
                applied += count
                if count == 0:
                    if on_caught_up is not None:
                        on_caught_up()  # e.g. a scheduled checkpoint, signed by the leader only
                    if until_caught_up:
                        break
                    waker.wait(LISTEN_TIMEOUT_S)
            except TRANSIENT_ERRORS as error:
                # A busy or restarting database must not end the projector for good: a batch's
                # transaction was rolled back, so it is simply tried again; the waker's own
                # connection (LISTEN) may be gone too, so it is made again.
                # The first retry is at once: after a termination the connections are made
                # anew and the next try succeeds; a database that stays away is tried again
                # every RETRY_AFTER_S.
                failed_in_a_row += 1
                pause = RETRY_AFTER_S if failed_in_a_row > 1 else 0.0
                log.warning("projector: %s; trying again in %.1f s", error, pause)
                if waker is not None:
                    waker.close()
                    waker = None
                stop.wait(pause)
    finally:
        if waker is not None:
            waker.close()
        lock.release()
    return applied
