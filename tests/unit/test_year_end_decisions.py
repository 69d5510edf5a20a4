"""What the rules allow after a year is closed and after the program's period ends, given /
when / then without a database: a project carried from 2025 into 2026 is paid there, nothing
new is budgeted or committed for 2026, and a close recorded after the adjustment window is late.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from domain.budget import decisions as budget
from domain.budget.book import LineBook
from domain.budget.commands import AdjustBudget, AllocateBudget, ProposeEstimate
from domain.budget.events import BudgetLine
from domain.budget.state import evolve as evolve_line
from domain.errors import (
    FiscalDateViolation,
    InvalidInput,
    LateCloseNeedsForce,
    PaymentNotAllowed,
    YearAlreadyClosed,
)
from domain.programs.commands import RecordYearClosed
from domain.programs.decisions import record_year_closed
from domain.programs.events import Program
from domain.programs.state import evolve as evolve_program
from domain.projects import lifecycle, payments, succession
from domain.projects.commands import (
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CarryOverProject,
    ProposeProject,
    RecordPayment,
    ReversePayment,
    SignContract,
    TransferToSuccessor,
)
from domain.projects.events import Project
from domain.projects.state import evolve
from domain.transcodings import LedgerMapper, register_ledger_transcodings
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, DOIT, FINANCE, PROGRAM
from tests.unit.decide import binh_duong, decision, given

P = FundingSource.PROVINCIAL
PROGRAM_STATE = binh_duong()
LATE = date(2026, 12, 5)  # the day the close of 2025 was recorded, past its window
CLOSED_ON = date(2026, 1, 20)  # the close's decision date


def _line_2025():
    return given(_line_2025_events(), evolve_line)


def _line_2025_events():
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2025,
        source=P,
        amount_vnd=1_000_000_000,
        decision_no="1/QĐ-UBND",
        decision_date=date(2025, 1, 5),
    )
    return budget.allocate_budget(PROGRAM_STATE, None, cmd, decision(date(2025, 1, 5)))


def _own(events, project_id):
    return [e for e in events if e.originator_id == project_id]


def _payment(project_id, voucher, amount, value_date):
    return RecordPayment(
        project_id=project_id,
        kind=PaymentKind.PAYMENT,
        source=P,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=value_date,
        payee="Công ty TNHH Cơ khí Phú Giáo",
    )


def _contracted_2025():
    """A 2025 project: 300 million approved, contracted in March, 17 million paid."""
    propose = ProposeProject(
        program_code=PROGRAM,
        code="DA-2025-07",
        title="Máy ép viên nén mùn cưa",
        content_code="IV.1.b",
        unit_code="721",
        year=2025,
        eligible_cost_vnd=800_000_000,
        requested_support=(SourceAmount(P, 300_000_000),),
        planned_outputs=(Output("machines_applied", 2),),
        proposed_on=date(2025, 2, 1),
    )
    history = lifecycle.propose(
        PROGRAM_STATE, None, set(), propose, decision(date(2025, 2, 1), CENTER)
    )
    project = given(history, evolve)
    appraise = AppraiseProject(project_id=project.id, result=AppraisalResult.PASS)
    history += lifecycle.appraise(project, appraise, decision(date(2025, 2, 20)))
    march = date(2025, 3, 1)
    approve = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 300_000_000),),
        decision_no="5/QĐ-SCT",
        decision_date=march,
    )
    book = LineBook(PROGRAM_STATE, {(2025, P, "74"): _line_2025()}, decision(march, DOIT))
    approved = lifecycle.approve(
        PROGRAM_STATE, given(history, evolve), book, approve, decision(march)
    )
    history += _own(approved, project.id)
    sign = SignContract(project_id=project.id, contract_no="HĐ-07", signed_on=date(2025, 3, 10))
    history += lifecycle.sign_contract(given(history, evolve), sign, decision(date(2025, 3, 10)))
    pay = _payment(project.id, "UNC-2025-1", 17_000_000, date(2025, 4, 1))
    history += payments.record_payment(
        PROGRAM_STATE, given(history, evolve), pay, decision(date(2025, 4, 1), CENTER)
    )
    return history


def _transferred_to_79(history):
    """The province's books pass to Thành phố Hồ Chí Minh on 2025-07-01: the open commitment
    moves from 74's 2025 line to 79's. Answers the history and 79's line events."""
    project = given(history, evolve)
    july = date(2025, 7, 1)
    line_74 = _line_2025()
    book = LineBook(
        PROGRAM_STATE, {(2025, P, "74"): line_74, (2025, P, "79"): None}, decision(july)
    )
    cmd = TransferToSuccessor(
        program_code=PROGRAM,
        from_holder="74",
        project_ids=(project.id,),
        decision_no="202/2025/QH15",
        decision_date=july,
    )
    old, new, day = succession.successor(PROGRAM_STATE, cmd, decision(july, FINANCE))
    events = succession.transfer(project, book, old, new, day, cmd, decision(july, FINANCE))
    line_79 = [e for e in book.events if e.originator_id != line_74.id]
    return history + events, line_79


def _carried_into_2026():
    """The close of 2025 recorded late: the project carried into 2026, 2025 closed.
    Answers the project's history, the 2026 line's events and the program after the close."""
    history, line_79 = _transferred_to_79(_contracted_2025())
    project = given(history, evolve)
    book = LineBook(
        PROGRAM_STATE,
        {(2025, P, "79"): given(line_79, evolve_line), (2026, P, "79"): None},
        decision(LATE, FINANCE),
    )
    carry = CarryOverProject(project_id=project.id, decision_no="7/QĐ-STC", decision_date=CLOSED_ON)
    events = payments.carry_over(project, book, carry, decision(LATE, FINANCE))
    skip = {project.id, line_79[0].originator_id}
    line_2026 = [e for e in events if e.originator_id not in skip]
    closed = _close(PROGRAM_STATE, LATE, forced=True, reason="chờ quyết định chuyển nguồn")
    return history + _own(events, project.id), line_2026, evolve_program(PROGRAM_STATE, closed[0])


def _close(program, today, *, forced, reason=""):
    """The close of 2025, decided on 20 January 2026 and recorded ``today``."""
    cmd = RecordYearClosed(
        program_code=PROGRAM,
        year=2025,
        decision_no="7/QĐ-STC",
        decision_date=CLOSED_ON,
        forced=forced,
        reason=reason,
        unmatched_lines=0,
        carried_projects=1,
        cancelled_projects=0,
        cancelled_vnd=0,
    )
    return record_year_closed(program, cmd, decision(today, FINANCE))


# Rule 1: a commitment carried over stays payable in the next year, past the program's end.


def test_a_project_carried_past_the_program_end_is_paid_in_the_next_year():
    history, line_2026, program = _carried_into_2026()
    project = given(history, evolve)
    assert (project.budget_year, program.closed_years) == (2026, frozenset({2025}))
    line = given(line_2026, evolve_line)
    assert (line.year, line.carried_in_vnd, line.committed_vnd) == (2026, 283_000_000, 283_000_000)
    pay = _payment(project.id, "UNC-2026-1", 100_000_000, date(2026, 11, 30))
    (paid,) = payments.record_payment(program, project, pay, decision(LATE, CENTER))
    assert isinstance(paid, Project.PaymentRecorded)
    in_window = _payment(project.id, "UNC-2026-2", 183_000_000, date(2026, 12, 30))
    assert payments.record_payment(program, project, in_window, decision(date(2027, 1, 31)))
    with pytest.raises(FiscalDateViolation):  # 2026's adjustment window has ended
        payments.record_payment(program, project, in_window, decision(date(2027, 2, 1)))
    with pytest.raises(FiscalDateViolation):  # money of 2026 moves in 2026
        payments.record_payment(
            program,
            project,
            _payment(project.id, "UNC-2027-1", 1_000_000, date(2027, 1, 5)),
            decision(date(2027, 1, 5)),
        )


def test_a_carried_project_reverses_its_next_year_payments_but_not_the_closed_years():
    history, _, program = _carried_into_2026()
    project = given(history, evolve)
    pay = _payment(project.id, "UNC-2026-1", 100_000_000, date(2026, 11, 30))
    history += payments.record_payment(program, project, pay, decision(LATE, CENTER))
    project = given(history, evolve)
    reverse = ReversePayment(project_id=project.id, voucher_no="UNC-2026-1", reason="trùng")
    (reversed_,) = payments.reverse_payment(program, project, reverse, decision(LATE, CENTER))
    assert isinstance(reversed_, Project.PaymentReversed)
    of_2025 = ReversePayment(project_id=project.id, voucher_no="UNC-2025-1", reason="sai")
    with pytest.raises(YearAlreadyClosed):
        payments.reverse_payment(program, project, of_2025, decision(LATE, CENTER))
    with pytest.raises(PaymentNotAllowed):  # carried, though its year is not marked closed
        payments.reverse_payment(PROGRAM_STATE, project, of_2025, decision(LATE, CENTER))


# Rule 2: nothing new is allocated, estimated or committed for a year outside the program.


def test_nothing_new_is_budgeted_or_committed_for_a_year_after_the_program():
    history, line_2026, program = _carried_into_2026()
    line = given(line_2026, evolve_line)
    in_2026 = decision(date(2026, 3, 2), FINANCE)
    allocate = AllocateBudget(
        program_code=PROGRAM,
        year=2026,
        source=P,
        amount_vnd=1_000_000,
        decision_no="9/QĐ-UBND",
        decision_date=date(2026, 3, 2),
    )
    estimate = ProposeEstimate(
        program_code=PROGRAM,
        year=2026,
        source=P,
        amount_vnd=1_000_000,
        document_no="9/TTr-SCT",
        document_date=date(2026, 3, 2),
    )
    adjust = AdjustBudget(
        program_code=PROGRAM,
        year=2026,
        source=P,
        delta_vnd=1_000_000,
        reason="bổ sung",
        decision_no="9/QĐ-UBND",
        decision_date=date(2026, 3, 2),
    )
    with pytest.raises(InvalidInput, match="runs from 2021 to 2025"):
        budget.allocate_budget(program, line, allocate, in_2026)
    with pytest.raises(InvalidInput, match="runs from 2021 to 2025"):
        budget.propose_estimate(program, line, estimate, in_2026)
    with pytest.raises(InvalidInput, match="runs from 2021 to 2025"):  # the carry-over's line
        budget.adjust_budget(program, line, adjust, in_2026)
    project = given(history, evolve)
    more = AdjustProject(
        project_id=project.id,
        approved_support=(
            SourceAmount(P, 290_000_000),
            SourceAmount(FundingSource.DISTRICT, 10_000_000),
        ),
        reason="bổ sung ngân sách huyện",
        decision_no="10/QĐ-SCT",
        decision_date=date(2026, 3, 2),
    )
    lines = {(2026, P, "79"): line, (2026, FundingSource.DISTRICT, "79"): None}
    with pytest.raises(InvalidInput, match="runs from 2021 to 2025"):
        lifecycle.adjust(program, project, LineBook(program, lines, in_2026), more, in_2026)
    less = AdjustProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 250_000_000),),
        reason="giảm hỗ trợ",
        decision_no="11/QĐ-SCT",
        decision_date=date(2026, 3, 2),
    )
    book = LineBook(program, lines, in_2026)
    released = lifecycle.adjust(program, project, book, less, in_2026)  # money going back
    assert [type(e) for e in released] == [Project.Adjusted, BudgetLine.CommitmentReleased]


# Rule 3: a close recorded after the adjustment window is late: only forced, and marked late.


@pytest.mark.parametrize(
    ("recorded_on", "late"),
    [(date(2026, 1, 31), False), (date(2026, 2, 1), True), (LATE, True)],
)
def test_a_close_after_the_adjustment_window_is_only_forced_and_is_marked_late(recorded_on, late):
    if late:
        with pytest.raises(LateCloseNeedsForce) as refused:
            _close(PROGRAM_STATE, recorded_on, forced=False)
        assert refused.value.field == "force"
        with pytest.raises(InvalidInput):
            _close(PROGRAM_STATE, recorded_on, forced=True, reason=" ")
    else:
        (in_time,) = _close(PROGRAM_STATE, recorded_on, forced=False)
        assert in_time.late is False
    (closed,) = _close(PROGRAM_STATE, recorded_on, forced=True, reason="sổ mở quá hạn")
    assert isinstance(closed, Program.YearClosed)
    assert (closed.late, closed.forced, closed.reason) == (late, True, "sổ mở quá hạn")


def _mapper() -> LedgerMapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_ledger_transcodings(transcoder)
    return LedgerMapper(transcoder=transcoder)


@pytest.mark.parametrize(("recorded_on", "late"), [(date(2026, 1, 20), False), (LATE, True)])
def test_a_year_closed_event_stored_before_late_existed_is_read_with_it(recorded_on, late):
    """Version 1 had no ``late``: it is read from the recorded time; the bytes stay as stored."""
    (event,) = _close(PROGRAM_STATE, recorded_on, forced=True, reason="chờ Kho bạc")
    mapper = _mapper()
    stored = mapper.to_stored_event(event)
    state = json.loads(stored.state)
    assert (state["class_version"], state["late"]) == (2, late)
    del state["class_version"], state["late"]
    read = mapper.to_domain_event(replace(stored, state=json.dumps(state).encode()))
    assert isinstance(read, Program.YearClosed)
    assert read.late is late
    assert read == event
