"""The stored history on both backends: stable topics, faithful round trips, one global order."""

from __future__ import annotations

from datetime import date

from domain.budget.commands import AllocateBudget
from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from tests.support import CENTER, FINANCE, PROGRAM, Clock


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
