"""The bulk build (rebuild, check, restore) makes the read model the incremental projector
makes, row for row, on SQLite and PostgreSQL, over a synthetic history: in two processes, and
through ``rebuild``'s swap. (tests/e2e/test_restore.py compares them over the demo's history.)"""

from __future__ import annotations

from projections.bulk.build import build
from projections.digest import check, digests, drop_scratch, rebuild
from projections.projector import Projector
from projections.schema import LIVE_PREFIX, SCRATCH_PREFIX, indexes
from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from scripts.synthetic import generate
from tests.support import LedgerFactory, with_ledger

SYNTHETIC_EVENTS = 2_000


def test_a_rebuild_of_a_synthetic_history_equals_the_incremental_read_model(
    make_ledger: LedgerFactory, database_url: str
) -> None:
    scenario = with_ledger(make_ledger)
    generate(scenario.ledger, SYNTHETIC_EVENTS)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=scenario.ledger) as services:
        Projector(services.ledger, services.store, batch_size=997).catch_up()
        with services.store.snapshot() as tx:
            incremental = digests(tx, LIVE_PREFIX)
        try:  # in two processes, as a long history is built
            assert (
                build(services.store, SCRATCH_PREFIX, shares=2) == services.ledger.head_position()
            )
            with services.store.snapshot() as tx:
                assert digests(tx, SCRATCH_PREFIX) == incremental
        finally:
            drop_scratch(services.store)
        assert rebuild(services.ledger, services.store) == services.ledger.head_position()
        with services.store.snapshot() as tx:
            assert digests(tx, LIVE_PREFIX) == incremental
        assert check(services.ledger, services.store).holds
        # The swapped-in tables carry on incrementally, with their indexes.
        generate(services.ledger, 500, seed=2)
        Projector(services.ledger, services.store).catch_up()
        report = check(services.ledger, services.store)
        assert report.holds
        assert report.position == services.ledger.head_position()


def test_small_batches_written_in_one_round_trip_make_the_read_model_the_bulk_build_makes(
    make_ledger: LedgerFactory, database_url: str
) -> None:
    """Batches of a few events (commands as they come) are written by plain inserts in one
    pipeline on PostgreSQL, large ones by COPY: both give the same rows."""
    scenario = with_ledger(make_ledger)
    generate(scenario.ledger, 300)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=scenario.ledger) as services:
        Projector(services.ledger, services.store, batch_size=2).catch_up()
        with services.store.snapshot() as tx:
            incremental = digests(tx, LIVE_PREFIX)
        try:
            build(services.store, SCRATCH_PREFIX)
            with services.store.snapshot() as tx:
                assert digests(tx, SCRATCH_PREFIX) == incremental
        finally:
            drop_scratch(services.store)


def test_a_rebuild_leaves_the_live_tables_with_their_indexes_and_no_scratch_index(
    make_ledger: LedgerFactory, database_url: str
) -> None:
    """PostgreSQL makes the indexes on the new tables before the swap and renames them with
    the tables; SQLite makes them in the swap. Either way the live names are the ones the
    incremental projector's tables have."""
    scenario = with_ledger(make_ledger)
    generate(scenario.ledger, 200)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=scenario.ledger) as services:
        rebuild(services.ledger, services.store)
        with services.store.snapshot() as tx:
            catalog = (
                "SELECT indexname FROM pg_indexes"
                if tx.dialect == "postgresql"
                else "SELECT name FROM sqlite_master WHERE type = 'index'"
            )
            found = {name for (name,) in tx.rows(catalog)}
    assert {name for _, name, _ in indexes(LIVE_PREFIX)} <= found
    assert not {name for _, name, _ in indexes(SCRATCH_PREFIX)} & found
