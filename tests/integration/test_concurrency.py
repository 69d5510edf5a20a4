"""Concurrent writers on PostgreSQL: lost optimistic-concurrency races are retried and the
money rules still hold, because every decision is made again on fresh state."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from domain.errors import LedgerError, PaymentAboveSupport
from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from projections.digest import check
from scripts.bootstrap import bootstrap, start_projector
from scripts.settings import Settings
from tests.support import CENTER, with_ledger

THREADS = 8
PAYMENTS_PER_THREAD = 3


@pytest.mark.postgres
def test_eight_threads_paying_one_project_never_exceed_its_approved_support(postgres_ledgers):
    make = postgres_ledgers
    scenario = with_ledger(make)
    scenario.allocate(1_000_000_000)
    # 250 million approved; 8 × 3 payments of 20 million ask for 480 million: 12 fit exactly.
    project = scenario.approved_project(support=250_000_000)
    writers = [make(scenario.clock) for _ in range(THREADS)]
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def pay(index: int) -> None:
        start.wait()
        for n in range(PAYMENTS_PER_THREAD):
            payment = RecordPayment(
                project_id=project,
                kind=PaymentKind.PAYMENT,
                source=FundingSource.PROVINCIAL,
                amount_vnd=20_000_000,
                voucher_no=f"UNC-{index}-{n}",
                value_date=date(2024, 4, 1),
                payee="HTX",
            )
            try:
                writers[index].record_payment(payment, CENTER)
                result = "paid"
            except PaymentAboveSupport:
                result = "refused"
            except LedgerError as error:
                result = error.code
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    paid = make(scenario.clock).project(project).paid_by_source()[FundingSource.PROVINCIAL]
    assert paid <= 250_000_000
    assert outcomes.count("paid") == 12
    assert paid == 240_000_000
    assert outcomes.count("refused") == THREADS * PAYMENTS_PER_THREAD - 12


@pytest.mark.postgres
def test_a_projector_running_beside_concurrent_writers_skips_no_event(
    postgres_ledgers, postgres_url
):
    make = postgres_ledgers
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": postgres_url})
    scenario = with_ledger(make)
    scenario.allocate(1_000_000_000)
    projects = [scenario.approved_project(f"DA-{i}", support=200_000_000) for i in range(4)]
    with bootstrap(settings, ledger=scenario.ledger) as services:
        stop = threading.Event()
        projector = start_projector(scenario.ledger, services.store, settings, stop, batch_size=3)

        # Writers are built before they start: concurrent CREATE TABLE IF NOT EXISTS races in
        # PostgreSQL's catalog ("tuple concurrently updated"), a start-up matter, not a write one.
        writers_ledgers = [make(scenario.clock) for _ in range(4)]

        def write(index: int) -> None:
            for n in range(15):
                writers_ledgers[index].record_payment(
                    RecordPayment(
                        project_id=projects[index],
                        kind=PaymentKind.PAYMENT,
                        source=FundingSource.PROVINCIAL,
                        amount_vnd=1_000_000,
                        voucher_no=f"UNC-{index}-{n}",
                        value_date=date(2024, 4, 1),
                        payee="HTX",
                    ),
                    CENTER,
                )

        writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        model = services.read_model
        model.wait_for(scenario.ledger.head_position(), timeout_s=30)
        stop.set()
        projector.join()
        positions = [entry.position for entry in model.journal(first=500).items]
        assert positions == list(range(1, scenario.ledger.head_position() + 1))
        assert model.budget("BD-KC-2025").totals.paid == 60_000_000
        assert check(scenario.ledger, services.store).differing_tables == []
