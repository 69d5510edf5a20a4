"""One ledger shared by many threads, as the API shares it: concurrent saves go through the
group commit, and the aggregate states it keeps in memory never hide another writer's events."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from domain.application import WRITE_ATTEMPTS_MAX, Receipt
from domain.errors import ConcurrencyConflict, PaymentAboveSupport
from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from tests.support import CENTER

THREADS = 8
PAYMENTS_PER_THREAD = 6
PAYMENT_VND = 10_000_000
SUPPORT_VND = 250_000_000
PAYABLE = SUPPORT_VND // PAYMENT_VND  # 25 of the 48 payments fit
# The retry budget, sized from the race rather than from luck. A save loses a race only to a
# save of the same project version that committed (the group commit fails only the conflicting
# saves, and vouchers are unique), and every attempt reloads the project, so each lost attempt
# of one command is lost to a different payment that another thread saved. At most PAYABLE
# payments are ever saved, so a command needs at most PAYABLE + 1 attempts. The ledger makes
# WRITE_ATTEMPTS_MAX of them per call; a client answered CONCURRENCY_CONFLICT (nothing written)
# sends the same command again, as the API documents, and this many calls cover the bound
# whatever the timing. (Eight threads can make one lose ten attempts in a row: one call alone
# failed 2 of 30 runs.)
CLIENT_ATTEMPTS_MAX = -(-(PAYABLE + 1) // WRITE_ATTEMPTS_MAX)


def _payment(project, amount: int, voucher: str) -> RecordPayment:
    return RecordPayment(
        project_id=project,
        kind=PaymentKind.PAYMENT,
        source=FundingSource.PROVINCIAL,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=date(2024, 4, 1),
        payee="HTX Điều Bình Phước",
    )


def test_threads_sharing_one_ledger_keep_the_money_rules(scenario):
    """Eight threads pay one project at once: a batch of saves that race for the same version
    fails only the losers, which decide again on fresh state, so no payment exceeds the support."""
    ledger = scenario.ledger
    scenario.allocate(1_000_000_000)
    project = scenario.approved_project(support=SUPPORT_VND)
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    positions: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def pay(index: int) -> None:
        start.wait()
        for n in range(PAYMENTS_PER_THREAD):
            payment = _payment(project, PAYMENT_VND, f"UNC-{index}-{n}")
            try:
                receipt = _paid_with_client_retries(ledger, payment)
            except PaymentAboveSupport:
                outcome = "refused"
            except BaseException as error:  # a thread's error would otherwise vanish
                with lock:
                    failures.append(error)
                return
            else:
                outcome = "paid"
            with lock:
                outcomes.append(outcome)
                if outcome == "paid":
                    assert receipt.position is not None
                    positions.append(receipt.position)

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    # 48 payments of 10 million ask for 480 million; 25 fit in the 250 million approved.
    assert outcomes.count("paid") == PAYABLE
    assert outcomes.count("refused") == THREADS * PAYMENTS_PER_THREAD - PAYABLE
    assert ledger.project(project).paid_by_source() == {FundingSource.PROVINCIAL: SUPPORT_VND}
    # Each receipt names its save's last event (the voucher claim), right after the payment.
    stored = {n.id: n for n in ledger.recorder.select_notifications(start=1, limit=10_000)}
    assert len(set(positions)) == PAYABLE
    assert all(stored[p - 1].originator_id == project for p in positions)
    versions = sorted(n.originator_version for n in stored.values() if n.originator_id == project)
    assert versions == list(range(1, len(versions) + 1))  # no version skipped or doubled


def _paid_with_client_retries(ledger, payment: RecordPayment) -> Receipt:
    for _ in range(CLIENT_ATTEMPTS_MAX - 1):
        try:
            return ledger.record_payment(payment, CENTER)
        except ConcurrencyConflict:
            continue
    return ledger.record_payment(payment, CENTER)


def test_a_ledger_sees_what_another_process_wrote_since_it_last_looked(scenario, make_ledger):
    """The first ledger keeps the project's state in memory; a second one (another API
    replica) pays meanwhile; the first must decide on the new total, not on its memory."""
    first = scenario.ledger
    scenario.allocate(1_000_000_000)
    project = scenario.approved_project(support=100_000_000)
    first.record_payment(_payment(project, 40_000_000, "UNC-1"), CENTER)
    other = make_ledger(scenario.clock)
    other.record_payment(_payment(project, 50_000_000, "UNC-2"), CENTER)

    with pytest.raises(PaymentAboveSupport, match="110,000,000"):
        first.record_payment(_payment(project, 20_000_000, "UNC-3"), CENTER)
    receipt = first.record_payment(_payment(project, 10_000_000, "UNC-4"), CENTER)
    assert first.project(project).paid_by_source() == {FundingSource.PROVINCIAL: 100_000_000}
    assert receipt.version == other.project(project).version


def test_the_kept_states_are_bounded(scenario):
    ledger = scenario.ledger
    ledger.states.capacity = 3
    scenario.allocate(1_000_000_000)
    for n in range(4):
        scenario.approved_project(f"DA-{n}", support=10_000_000)
    assert len(ledger.states) == 3
