"""The stored history on both backends: stable topics, faithful round trips, one global order,
and the write path's own reads and inserts."""

from __future__ import annotations

import time
from datetime import date
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from domain import event_store
from domain.budget.commands import AllocateBudget
from domain.errors import VoucherAlreadyRecorded
from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from tests.support import CENTER, FINANCE, PROGRAM, Clock, with_ledger


def test_stored_topics_are_the_explicit_stable_ones(scenario):
    scenario.allocate(1_000_000_000)
    scenario.approved_project()
    topics = {n.topic for n in scenario.ledger.recorder.select_notifications(start=1, limit=1000)}
    assert all(topic.startswith("khuyencong:") for topic in topics)
    assert {
        "khuyencong:Program.Defined",
        "khuyencong:BudgetLine.Allocated",
        "khuyencong:Project.Approved",
        "khuyencong:BudgetLine.Committed",
    } <= topics


def test_events_read_back_by_a_new_process_equal_the_events_written(scenario, make_ledger):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    scenario.ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.ADVANCE,
            source=FundingSource.PROVINCIAL,
            amount_vnd=5_000_000,
            voucher_no="UNC-1",
            value_date=date(2024, 4, 1),
            payee="Công ty TNHH Bàu Bàng",
        ),
        CENTER,
    )
    fresh = make_ledger(Clock(date(2024, 6, 15)))
    assert list(fresh.events.get(pid)) == list(scenario.ledger.events.get(pid))
    assert fresh.project(pid) == scenario.ledger.project(pid)


def test_positions_give_one_gap_free_order_across_aggregates(scenario):
    scenario.allocate(1_000_000_000)
    scenario.ledger.allocate_budget(
        AllocateBudget(
            program_code=PROGRAM,
            year=2024,
            source=FundingSource.DISTRICT,
            holder_code="719",
            amount_vnd=5_000_000,
            decision_no="7/QĐ-UBND",
            decision_date=date(2024, 2, 1),
        ),
        FINANCE,
    )
    ids = [n.id for n in scenario.ledger.recorder.select_notifications(start=1, limit=1000)]
    assert ids == list(range(1, len(ids) + 1))
    assert len(ids) == 5


def _payment(project_id, voucher_no: str, amount_vnd: int = 1_000_000) -> RecordPayment:
    return RecordPayment(
        project_id=project_id,
        kind=PaymentKind.PAYMENT,
        source=FundingSource.PROVINCIAL,
        amount_vnd=amount_vnd,
        voucher_no=voucher_no,
        value_date=date(2024, 4, 1),
        payee="HTX",
    )


def test_a_commands_reads_of_several_aggregates_find_what_other_writers_added(
    scenario, make_ledger
):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    ledger = scenario.ledger
    ledger.record_payment(_payment(pid, "UNC-1"), CENTER)  # the project is now kept
    other = make_ledger(scenario.clock)
    other.record_payment(_payment(pid, "UNC-2"), CENTER)  # behind the kept state's back

    with pytest.raises(VoucherAlreadyRecorded):
        ledger.record_payment(_payment(pid, " unc-2 "), CENTER)
    ledger.record_payment(_payment(pid, "UNC-3"), CENTER)

    fresh = make_ledger(scenario.clock)
    assert fresh.project(pid) == ledger.project(pid)
    assert fresh.project(pid).paid_by_source()[FundingSource.PROVINCIAL] == 3_000_000


def test_tails_are_read_after_each_known_version_in_version_order(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    ledger = scenario.ledger
    for n in range(3):
        ledger.record_payment(_payment(pid, f"UNC-{n}"), CENTER)
    everything = list(ledger.recorder.select_events(pid))
    missing = uuid4()

    tails = ledger.event_store.select_tails([(missing, None), (pid, 2)])

    assert tails[missing] == []
    assert tails[pid] == everything[2:]


def test_an_insert_that_loses_a_version_race_writes_nothing_and_the_next_one_succeeds(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    recorder = scenario.ledger.recorder
    head = recorder.max_notification_id()
    last = recorder.select_events(pid, desc=True, limit=1)[0]
    fresh = StoredEvent(uuid4(), 1, last.topic, last.state)
    taken = StoredEvent(pid, last.originator_version, last.topic, last.state)

    with pytest.raises(IntegrityError):
        scenario.ledger.event_store.insert([fresh, taken])
    assert recorder.max_notification_id() == head

    (position,) = scenario.ledger.event_store.insert([fresh])
    assert position > head  # PostgreSQL's sequence may have moved on: positions only grow
    assert recorder.select_events(fresh.originator_id) == [fresh]
    (stored,) = recorder.select_notifications(start=head + 1, limit=10)
    assert (stored.id, stored.originator_id) == (position, fresh.originator_id)


@pytest.mark.postgres
def test_commands_go_on_after_the_server_closed_every_connection(postgres_ledgers, postgres_url):
    scenario = with_ledger(postgres_ledgers)
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    scenario.ledger.record_payment(_payment(pid, "UNC-1"), CENTER)  # its connections are open

    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for _ in range(100):  # terminating is asked for, then done: wait until it is
            (others,) = admin.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()
            if others == 0:
                break
            time.sleep(0.05)

    receipt = scenario.ledger.record_payment(_payment(pid, "UNC-2"), CENTER)

    fresh = postgres_ledgers(scenario.clock)  # the library's own pool takes its time to heal
    assert receipt.position == fresh.head_position()
    assert fresh.project(pid).paid_by_source()[FundingSource.PROVINCIAL] == 2_000_000


@pytest.mark.postgres
@pytest.mark.parametrize("lost", ["after the commit", "before the commit"])
def test_an_insert_whose_connection_is_lost_is_stored_once_and_answers_its_positions(
    postgres_ledgers, monkeypatch, lost
):
    scenario = with_ledger(postgres_ledgers)
    recorder = scenario.ledger.recorder
    head = recorder.max_notification_id()
    template = recorder.select_notifications(start=head, limit=1)[0]
    events = [StoredEvent(uuid4(), 1, template.topic, template.state) for _ in range(2)]
    real_insert = event_store._insert_postgres
    calls = []

    # The connection dies as the answer comes back (or as the statements go out): the one
    # fault that cannot be caused on purpose at the right instant, so it is injected here.
    def insert_then_lose_the_answer(*args):
        calls.append(1)
        if len(calls) == 1:
            if lost == "after the commit":
                real_insert(*args)
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real_insert(*args)

    monkeypatch.setattr(event_store, "_insert_postgres", insert_then_lose_the_answer)
    positions = scenario.ledger.event_store.insert(events)

    stored = recorder.select_notifications(start=head + 1, limit=10)
    assert [(n.originator_id, n.id) for n in stored] == [
        (e.originator_id, p) for e, p in zip(events, positions, strict=True)
    ]
    assert len(calls) == (1 if lost == "after the commit" else 2)


def test_a_payment_on_a_kept_project_reads_once_and_writes_once(scenario, monkeypatch):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    ledger = scenario.ledger
    ledger.record_payment(_payment(pid, "UNC-1"), CENTER)  # the project is kept from here
    statements: list[tuple[str, int]] = []

    def counted(name, method):
        def call(batch, *args, **kwargs):
            statements.append((name, len(batch)))
            return method(batch, *args, **kwargs)

        return call

    store = ledger.event_store
    monkeypatch.setattr(store, "select_tails", counted("read", store.select_tails))
    monkeypatch.setattr(store, "insert", counted("write", store.insert))
    monkeypatch.setattr(ledger.group_commit, "_insert", store.insert)
    library_select = ledger.recorder.select_events

    def library_read(*args, **kwargs):
        statements.append(("library read", 1))
        return library_select(*args, **kwargs)

    monkeypatch.setattr(ledger.recorder, "select_events", library_read)

    ledger.record_payment(_payment(pid, "UNC-2"), CENTER)

    # project, program and voucher claim in one read; payment and claim in one transaction
    assert statements == [("read", 3), ("write", 2)]
