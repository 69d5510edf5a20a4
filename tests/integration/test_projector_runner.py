"""The projector loop: woken at once by a save in its own process, and not ended for good by a
database that is busy or restarting for a moment."""

from __future__ import annotations

import logging
import sqlite3
import threading

import psycopg

from projections.projector import Projector
from projections.runner import PollWaker, run
from scripts.bootstrap import create_projector_lock, create_waker


class BusyOnce(Projector):
    """A projector whose first batch meets a locked database, as SQLite reports it."""

    failed = False

    def run_batch(self) -> int:
        if not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("database is locked")
        return super().run_batch()


def test_a_busy_database_delays_the_projector_but_does_not_stop_it(
    scenario, read_side, caplog, monkeypatch
):
    scenario.allocate(1_000_000_000)
    scenario.approved_project()
    monkeypatch.setattr("projections.runner.RETRY_AFTER_S", 0.01)
    projector = BusyOnce(scenario.ledger, read_side.store)
    stop = threading.Event()
    with caplog.at_level(logging.WARNING, logger="khuyencong.projector"):
        applied = run(
            projector,
            create_projector_lock(read_side.settings),
            lambda: create_waker(read_side.settings, stop),
            stop,
            until_caught_up=True,
        )
    assert projector.failed
    assert applied == scenario.ledger.head_position()
    assert read_side.model.position() == scenario.ledger.head_position()
    assert "database is locked; trying again" in caplog.text


def test_a_save_wakes_the_projector_of_its_own_process(scenario):
    stop = threading.Event()
    waker = PollWaker(stop, scenario.ledger.written)
    scenario.ledger.written.clear()
    scenario.allocate(1_000_000_000)
    assert scenario.ledger.written.is_set()
    waker.wait(60)  # returns at once: the save set it
    assert not scenario.ledger.written.is_set()  # cleared for the next batch


def test_a_lost_wake_up_connection_is_made_again(scenario, read_side, caplog, monkeypatch):
    """On PostgreSQL the projector waits on a LISTEN connection of its own; when the server
    goes away that connection breaks, and the loop must make a new one, not stop."""
    scenario.allocate(1_000_000_000)
    monkeypatch.setattr("projections.runner.RETRY_AFTER_S", 0.01)
    stop = threading.Event()
    made: list[str] = []

    def make_waker():
        if not made:
            made.append("refused")
            raise psycopg.OperationalError("connection to server was lost")
        made.append("made")
        return create_waker(read_side.settings, stop)

    with caplog.at_level(logging.WARNING, logger="khuyencong.projector"):
        applied = run(
            Projector(scenario.ledger, read_side.store),
            create_projector_lock(read_side.settings),
            make_waker,
            stop,
            until_caught_up=True,
        )
    assert made == ["refused", "made"]
    assert applied == scenario.ledger.head_position()
    assert "connection to server was lost; trying again" in caplog.text
