"""The rules after a year is closed and after the program's period ends, on both backends.

The program runs from 2021 to 2025. Its project DA-2025-07 is contracted in 2025 with
300 million đồng approved and 17 million paid; the close of 2025 is recorded late, on
5 December 2026, and carries the 283 million đồng unpaid into a 2026 line. A refusal writes
nothing: the ledger's head stays where it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import astuple, replace
from datetime import date, datetime
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from domain.budget.commands import AdjustBudget, AllocateBudget, ProposeEstimate
from domain.errors import (
    FiscalDateViolation,
    InvalidInput,
    LateCloseNeedsForce,
    LedgerError,
    YearAlreadyClosed,
)
from domain.programs.events import Program
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    ReversePayment,
    SettleProject,
    SignContract,
    TransferToSuccessor,
)
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from finance.close import CloseReport, CloseYear, close_year
from projections.rows import BudgetFigures
from tests.support import CENTER, DOIT, FINANCE, PROGRAM, ReadSide, Scenario

P = FundingSource.PROVINCIAL
LATE = date(2026, 12, 5)  # the day the close of 2025 is recorded
CLOSE_2025 = CloseYear(PROGRAM, 2025, "7/QĐ-STC", date(2026, 1, 20))
REASON = "sổ năm 2025 chưa khóa trong thời gian chỉnh lý; khóa bổ sung"
PAYEE = "Công ty TNHH Cơ khí Phú Giáo"


def _contracted_in_2025(s: Scenario) -> UUID:
    s.clock.set(date(2025, 1, 5))
    s.allocate(1_000_000_000, year=2025)
    s.clock.set(date(2025, 3, 10))
    pid = s.ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code="DA-2025-07",
            title="Máy ép viên nén mùn cưa",
            content_code="IV.1.b",
            unit_code="719",
            year=2025,
            eligible_cost_vnd=800_000_000,
            requested_support=(SourceAmount(P, 300_000_000),),
            planned_outputs=(Output("machines_applied", 2),),
            proposed_on=date(2025, 2, 1),
        ),
        CENTER,
    ).aggregate_id
    s.ledger.appraise_project(
        AppraiseProject(project_id=pid, result=AppraisalResult.PASS, notes="đạt"), DOIT
    )
    s.ledger.approve_project(
        ApproveProject(
            project_id=pid,
            approved_support=(SourceAmount(P, 300_000_000),),
            decision_no="DA-2025-07/QĐ-SCT",
            decision_date=date(2025, 3, 1),
        ),
        DOIT,
    )
    s.ledger.sign_contract(
        SignContract(project_id=pid, contract_no="HĐ-DA-2025-07", signed_on=date(2025, 3, 10)),
        CENTER,
    )
    s.clock.set(date(2025, 4, 1))
    _pay(s, pid, "UNC-2025-1", 17_000_000, date(2025, 4, 1))
    s.clock.set(date(2025, 7, 1))  # the province's books pass to Thành phố Hồ Chí Minh
    s.ledger.transfer_to_successor(
        TransferToSuccessor(
            program_code=PROGRAM,
            from_holder="74",
            project_ids=(pid,),
            decision_no="202/2025/QH15",
            decision_date=date(2025, 7, 1),
        ),
        FINANCE,
    )
    return pid


def _pay(s: Scenario, pid: UUID, voucher: str, amount: int, value_date: date) -> None:
    s.ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.PAYMENT,
            source=P,
            amount_vnd=amount,
            voucher_no=voucher,
            value_date=value_date,
            payee=PAYEE,
        ),
        CENTER,
    )


def _close_late(s: Scenario, side: ReadSide) -> CloseReport:
    s.clock.set(LATE)
    side.catch_up()
    return close_year(s.ledger, side.model, replace(CLOSE_2025, force=True, reason=REASON), FINANCE)


def _line(side: ReadSide, year: int) -> BudgetFigures:
    """The year's provincial money, whichever holder's lines it is on (74, then 79)."""
    report = side.catch_up().budget(PROGRAM)
    figures = [astuple(v.figures) for v in report.lines if (v.year, v.source) == (year, P.value)]
    return BudgetFigures(*(sum(values) for values in zip(*figures, strict=True)))


def _refused(s: Scenario, error: type[LedgerError], act: Callable[[], object]) -> LedgerError:
    head = s.ledger.head_position()
    with pytest.raises(error) as refused:
        act()
    assert s.ledger.head_position() == head  # nothing written
    return refused.value


def test_a_project_carried_past_the_program_end_is_paid_settled_and_refunded_the_next_year(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """Rule 1: carried commitments stay payable in the next year, after the program's end."""
    s = scenario
    pid = _contracted_in_2025(s)
    assert _close_late(s, read_side).carried == ("DA-2025-07",)
    _pay(s, pid, "UNC-2026-1", 100_000_000, date(2026, 11, 30))
    _pay(s, pid, "UNC-2026-2", 50_000_000, date(2026, 12, 1))
    s.ledger.reverse_payment(
        ReversePayment(project_id=pid, voucher_no="UNC-2026-2", reason="nhập trùng"), CENTER
    )
    _refused(
        s,
        YearAlreadyClosed,  # a payment of the closed year stays as the close left it
        lambda: s.ledger.reverse_payment(
            ReversePayment(project_id=pid, voucher_no="UNC-2025-1", reason="sai"), CENTER
        ),
    )
    _refused(  # money of 2026 moves in 2026, not in 2025
        s, FiscalDateViolation, lambda: _pay(s, pid, "UNC-2025-9", 1_000_000, date(2025, 12, 30))
    )
    s.clock.set(date(2027, 1, 15))  # 2026's adjustment window
    _pay(s, pid, "UNC-2026-3", 183_000_000, date(2026, 12, 28))
    s.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-NT-07",
            accepted_on=date(2027, 1, 10),
        ),
        CENTER,
    )
    s.ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 290_000_000),),
            decision_no="QT-07/QĐ-SCT",
            decision_date=date(2027, 1, 12),
        ),
        CENTER,
    )
    s.ledger.record_refund(
        RecordRefund(
            project_id=pid,
            source=P,
            amount_vnd=10_000_000,
            voucher_no="GNT-07",
            value_date=date(2027, 1, 14),
        ),
        CENTER,
    )
    figures = _line(read_side, 2026)
    assert (figures.carried_in, figures.paid) == (283_000_000, 283_000_000)
    assert (figures.refunded, figures.available) == (10_000_000, 10_000_000)
    assert _line(read_side, 2025).paid == 17_000_000


def test_the_reported_late_close_carries_into_2026_where_the_project_is_paid_but_not_funded(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """As met: close-year 2025 --decision-date 2026-01-20 --force --reason …, recorded on
    5 December 2026, opened a 2026 line and carried 283,000,000 đồng into it."""
    s = scenario
    pid = _contracted_in_2025(s)
    report = _close_late(s, read_side)
    assert (report.carried, report.late) == (("DA-2025-07",), True)
    assert _line(read_side, 2026).carried_in == 283_000_000
    _pay(s, pid, "UNC-2026-1", 283_000_000, date(2026, 12, 4))  # accepted
    assert _line(read_side, 2026).paid == 283_000_000
    refused = _refused(
        s,
        InvalidInput,
        lambda: s.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=2026,
                source=P,
                amount_vnd=100_000_000,
                decision_no="9/QĐ-UBND",
                decision_date=LATE,
            ),
            FINANCE,
        ),
    )
    assert refused.message == "BD-KC-2025 runs from 2021 to 2025"


def test_nothing_new_is_allocated_or_committed_for_a_year_after_the_program(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """Rule 2: the 2026 line a carry-over opened takes no allocation, estimate or commitment."""
    s = scenario
    pid = _contracted_in_2025(s)
    _close_late(s, read_side)
    s.clock.set(date(2026, 12, 7))
    day = date(2026, 12, 7)
    attempts: list[Callable[[], object]] = [
        lambda: s.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=2026,
                source=P,
                amount_vnd=1_000_000,
                decision_no="9/QĐ-UBND",
                decision_date=day,
            ),
            FINANCE,
        ),
        lambda: s.ledger.propose_estimate(
            ProposeEstimate(
                program_code=PROGRAM,
                year=2026,
                source=P,
                amount_vnd=1_000_000,
                document_no="9/TTr-SCT",
                document_date=day,
            ),
            FINANCE,
        ),
        lambda: s.ledger.adjust_budget(
            AdjustBudget(
                program_code=PROGRAM,
                year=2026,
                source=P,
                delta_vnd=1_000_000,
                reason="bổ sung",
                decision_no="9/QĐ-UBND",
                decision_date=day,
            ),
            FINANCE,
        ),
        lambda: s.ledger.adjust_project(
            AdjustProject(
                project_id=pid,
                approved_support=(
                    SourceAmount(P, 290_000_000),
                    SourceAmount(FundingSource.DISTRICT, 10_000_000),
                ),
                reason="bổ sung ngân sách huyện",
                decision_no="10/QĐ-SCT",
                decision_date=day,
            ),
            DOIT,
        ),
        lambda: s.ledger.propose_project(
            ProposeProject(
                program_code=PROGRAM,
                code="DA-2026-01",
                title="Máy sấy nông sản",
                content_code="IV.1.b",
                unit_code="79",
                year=2026,
                eligible_cost_vnd=500_000_000,
                requested_support=(SourceAmount(P, 100_000_000),),
                planned_outputs=(),
                proposed_on=day,
            ),
            CENTER,
        ),
    ]
    for attempt in attempts:
        refused = _refused(s, InvalidInput, attempt)
        assert "runs from 2021 to 2025" in refused.message
    assert _line(read_side, 2026).allocated == 0


def test_a_close_after_the_adjustment_window_needs_force_and_is_recorded_late(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """Rule 3: a late close is refused without force and a reason, and says it was late."""
    s = scenario
    _contracted_in_2025(s)
    s.clock.set(LATE)
    read_side.catch_up()
    refused = _refused(
        s,
        LateCloseNeedsForce,
        lambda: close_year(s.ledger, read_side.model, CLOSE_2025, FINANCE),
    )
    assert (refused.code, refused.field) == ("LATE_CLOSE_NEEDS_FORCE", "force")
    _refused(
        s,
        InvalidInput,
        lambda: close_year(s.ledger, read_side.model, replace(CLOSE_2025, force=True), FINANCE),
    )
    report = _close_late(s, read_side)
    assert (report.late, report.forced, report.unmatched_lines) == (True, True, 0)
    (entry,) = read_side.catch_up().journal(types=["Program.YearClosed"], first=10).items
    assert entry.position == report.position
    payload = json.loads(entry.payload)
    assert (payload["late"], payload["forced"], payload["reason"]) == (True, True, REASON)
    assert payload["class_version"] == 2
    assert "đóng sổ muộn: ghi ngày 05/12/2026, sau hạn chỉnh lý 31/01/2026" in entry.summary
    assert entry.summary.endswith(f": {REASON}")
    assert s.ledger.program(PROGRAM).closed_years == frozenset({2025})


def test_a_close_stored_before_it_recorded_lateness_reads_as_late_from_its_time(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """A version 1 Program.YearClosed (no ``late``) stays readable: the ledger and the journal
    read it as late when it was recorded after the window; its stored bytes are unchanged."""
    s = scenario
    _contracted_in_2025(s)
    s.clock.set(LATE)
    read_side.catch_up()
    program = s.ledger.program(PROGRAM)
    event = _year_closed(program.id, program.version + 1, s.clock())
    old = _as_version_1(s.ledger.mapper.to_stored_event(event))  # what the old code wrote
    s.ledger.recorder.insert_events([old])
    assert s.ledger.program(PROGRAM).closed_years == frozenset({2025})
    (entry,) = read_side.catch_up().journal(types=["Program.YearClosed"], first=10).items
    assert "late" not in json.loads(entry.payload)
    assert "đóng sổ muộn: ghi ngày 05/12/2026" in entry.summary


def _year_closed(program_id: UUID, version: int, recorded_at: datetime) -> Program.YearClosed:
    return Program.YearClosed(
        originator_id=program_id,
        originator_version=version,
        timestamp=recorded_at,
        actor_subject=FINANCE.subject,
        actor_role=FINANCE.role,
        effective_on=date(2026, 1, 20),
        document_ref="7/QĐ-STC",
        year=2025,
        forced=False,
        reason="",
        unmatched_lines=0,
        carried_projects=0,
        cancelled_projects=0,
        cancelled_vnd=0,
        late=True,
    )


def _as_version_1(stored: StoredEvent) -> StoredEvent:
    state = json.loads(stored.state)
    state.pop("class_version", None)
    state.pop("late", None)
    return replace(stored, state=json.dumps(state).encode())
