"""Group commit: saves queued while one is written share the next transaction, and a conflict
in a shared transaction fails only the save that conflicts."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError, StoredEvent

from domain.group_commit import GroupCommit


def _event(originator: str, version: int = 1) -> StoredEvent:
    return StoredEvent(originator, version, "topic", b"{}")  # type: ignore[arg-type]


class Table:
    """An in-memory event table with the store's uniqueness rule: one row per (id, version),
    all or nothing per transaction."""

    def __init__(self) -> None:
        self.rows: list[StoredEvent] = []
        self.transactions: list[int] = []  # saves' event counts, per transaction
        self.first_started = threading.Event()
        self.release_first = threading.Event()

    def insert(self, events: Sequence[StoredEvent]) -> list[int]:
        if not self.transactions and not self.first_started.is_set():
            self.first_started.set()
            self.release_first.wait(timeout=10)  # holds the first transaction open
        keys = {(r.originator_id, r.originator_version) for r in self.rows}
        new = [(e.originator_id, e.originator_version) for e in events]
        if len(set(new)) != len(new) or keys & set(new):
            raise IntegrityError("duplicate (originator_id, originator_version)")
        self.rows.extend(events)
        self.transactions.append(len(events))
        start = len(self.rows) - len(events) + 1
        return list(range(start, start + len(events)))


def _in_thread(commit: GroupCommit, events: list[StoredEvent], out: dict[str, object], name: str):
    def run() -> None:
        try:
            out[name] = list(commit.write(events))
        except IntegrityError as error:
            out[name] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_for_queue(commit: GroupCommit, length: int) -> None:
    for _ in range(1000):
        if len(commit._queue) >= length:
            return
        threading.Event().wait(0.005)
    raise AssertionError("the saves did not queue")


def test_a_lone_save_is_written_at_once_and_gets_its_positions():
    table = Table()
    table.first_started.set()  # nothing to hold
    commit = GroupCommit(table.insert)
    assert list(commit.write([_event("a"), _event("a", 2)])) == [1, 2]
    assert table.transactions == [2]


def test_saves_queued_behind_a_transaction_share_the_next_one():
    table = Table()
    commit = GroupCommit(table.insert)
    out: dict[str, object] = {}
    first = _in_thread(commit, [_event("a")], out, "a")
    assert table.first_started.wait(timeout=10)
    others = [_in_thread(commit, [_event(n), _event(n, 2)], out, n) for n in ("b", "c", "d")]
    _wait_for_queue(commit, 3)
    table.release_first.set()
    for thread in (first, *others):
        thread.join(timeout=10)
    assert table.transactions == [1, 6]  # b, c and d in one transaction
    assert out["a"] == [1]
    positions = sorted(p for n in "bcd" for p in out[n])  # type: ignore[attr-defined]
    assert positions == [2, 3, 4, 5, 6, 7]
    for n in "bcd":  # each save's events stay together, in order
        first_position, second_position = out[n]  # type: ignore[misc]
        assert second_position == first_position + 1
    assert (commit.transactions, commit.saves) == (2, 4)


def test_a_conflict_in_a_shared_transaction_fails_only_the_save_that_conflicts():
    table = Table()
    commit = GroupCommit(table.insert)
    out: dict[str, object] = {}
    first = _in_thread(commit, [_event("a")], out, "a")
    assert table.first_started.wait(timeout=10)
    b = _in_thread(commit, [_event("b")], out, "b")
    _wait_for_queue(commit, 1)
    clash = _in_thread(commit, [_event("a")], out, "clash")  # version 1 of "a" is taken
    _wait_for_queue(commit, 2)
    c = _in_thread(commit, [_event("c")], out, "c")
    _wait_for_queue(commit, 3)
    table.release_first.set()
    for thread in (first, b, clash, c):
        thread.join(timeout=10)
    assert isinstance(out["clash"], IntegrityError)
    assert out["a"] == [1]
    assert sorted([*out["b"], *out["c"]]) == [2, 3]  # type: ignore[misc]
    assert [(r.originator_id, r.originator_version) for r in table.rows] == [
        ("a", 1),
        ("b", 1),
        ("c", 1),
    ]
