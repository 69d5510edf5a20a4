"""Group commit: saves that arrive while another is being written share the next transaction.

The event store serialises writers (PostgreSQL: an exclusive table lock for a gap-free order;
SQLite: one writer at a time), so concurrent commands used to queue for the lock one commit at
a time, and on SQLite waited in the library's connection pool until some timed out. Here one
waiting thread, the leader, takes every queued save, writes them all in one transaction and
wakes their threads; then hands leadership to the first save queued meanwhile. A lone save is
written at once: the batching adds no wait.

A batch is all or nothing in the database, but not for its callers: when it fails on a
uniqueness conflict (an aggregate version or a claim another writer took), each save of the
batch is written again on its own, so only the saves that conflict see the error (and their use
cases decide again), exactly as without batching.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eventsourcing.persistence import IntegrityError, StoredEvent

Insert = Callable[[Sequence[StoredEvent]], Sequence[int] | None]
BATCH_SAVES_MAX = 256  # bounds a transaction's size and the time its lock is held


@dataclass(eq=False)
class _Save:
    events: Sequence[StoredEvent]
    woken: threading.Event = field(default_factory=threading.Event)
    leads: bool = False
    positions: Sequence[int] = ()
    error: BaseException | None = None


class GroupCommit:
    def __init__(self, insert: Insert) -> None:
        self._insert = insert
        self._lock = threading.Lock()
        self._queue: list[_Save] = []
        self._writing = False
        self.transactions = 0  # how many commits served how many saves (the bench says)
        self.saves = 0

    def write(self, events: Sequence[StoredEvent]) -> Sequence[int]:
        """Store these events in one transaction, possibly shared; return their positions."""
        save = _Save(events)
        with self._lock:
            self._queue.append(save)
            if not self._writing:
                self._writing = save.leads = True
        if not save.leads:
            save.woken.wait()
        if save.leads:
            self._lead()
        if save.error is not None:
            raise save.error
        return save.positions

    def _lead(self) -> None:
        with self._lock:
            batch = self._queue[:BATCH_SAVES_MAX]
            del self._queue[: len(batch)]
        self._write(batch)
        with self._lock:
            self.transactions += 1
            self.saves += len(batch)
            successor = self._queue[0] if self._queue else None
            if successor is None:
                self._writing = False
            else:
                successor.leads = True
        for save in batch:
            save.woken.set()
        if successor is not None:
            successor.woken.set()

    def _write(self, batch: list[_Save]) -> None:
        events = [event for save in batch for event in save.events]
        try:
            positions = self._insert(events) or ()
        except IntegrityError as error:
            if len(batch) == 1:
                batch[0].error = error
                return
            for save in batch:  # find who conflicts: each on its own
                self._write([save])
            return
        except BaseException as error:  # the database failed every save of the batch
            for save in batch:
                save.error = error
            return
        start = 0
        for save in batch:
            save.positions = positions[start : start + len(save.events)]
            start += len(save.events)
