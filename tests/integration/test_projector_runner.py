"""The projector loop: woken at once by a save in its own process, and not ended for good by a
database that is busy or restarting for a moment."""

from __future__ import annotations

import logging
import sqlite3
import threading

import psycopg
import pytest

from projections.digest import check
from projections.projector import Projector
from projections.runner import PollWaker, run
from scripts.bootstrap import bootstrap, create_projector_lock, create_waker
from scripts.settings import Settings
from tests.support import ReadSide, with_ledger


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


COMMIT_REFUSED_ONCE = """
CREATE SEQUENCE commit_attempts;
CREATE FUNCTION refuse_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a sequence is not rolled back with the transaction: only the first commit is refused
  IF nextval('commit_attempts') = 1 THEN RAISE EXCEPTION 'commit refused'; END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER refused_at_commit AFTER INSERT ON rm_journal
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_first_commit();
"""


@pytest.mark.postgres
def test_a_batch_whose_commit_fails_is_projected_again_from_what_was_committed(
    postgres_ledgers, postgres_url
):
    """Every statement of the batch succeeded, then its commit failed (as when the server stops
    at that moment): the next batch must build on the committed log, not on the lost one."""
    scenario = with_ledger(postgres_ledgers)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": postgres_url})
    with bootstrap(settings, ledger=scenario.ledger) as services:
        read_side = ReadSide(services)
        scenario.allocate(1_000_000_000)
        read_side.catch_up()
        scenario.approved_project()
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(COMMIT_REFUSED_ONCE)
        try:
            with pytest.raises(psycopg.errors.RaiseException, match="commit refused"):
                read_side.projector.run_batch()
            read_side.catch_up()
        finally:
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute("DROP TRIGGER refused_at_commit ON rm_journal")
                admin.execute("DROP FUNCTION refuse_first_commit(); DROP SEQUENCE commit_attempts")
        assert read_side.model.position() == scenario.ledger.head_position()
        assert check(scenario.ledger, read_side.store).differing_tables == []
