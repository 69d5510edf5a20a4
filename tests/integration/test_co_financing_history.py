"""Counterpart money in stored history, on both backends: what the old code recorded as a
COUNTERPART budget source still reads, folds and settles, but takes no new money; stored
version 1 project events read as no co-financing. Each refusal writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from eventsourcing.persistence import StoredEvent

from domain.accounts.commands import RegisterAccount
from domain.budget.commands import AdjustBudget, AdjustEstimate, AllocateBudget, ProposeEstimate
from domain.errors import CounterpartIsCoFinancing, LedgerError
from domain.events import Decision
from domain.programs.state import ProgramState
from domain.projects import lifecycle
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    SettleProject,
)
from domain.types import (
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    SourceAmount,
)
from projections.digest import check
from projections.rows import CoFinancing
from tests.history import pay
from tests.support import CENTER, DOIT, FINANCE, PROGRAM, ReadSide, Scenario

P, C = FundingSource.PROVINCIAL, FundingSource.COUNTERPART
MACHINES = (Output("machines_applied", 2),)


def _refused(s: Scenario, act: Callable[[], object]) -> LedgerError:
    head = s.ledger.head_position()
    with pytest.raises(CounterpartIsCoFinancing) as refused:
        act()
    assert s.ledger.head_position() == head  # nothing written
    return refused.value


def _counterpart_history(s: Scenario, monkeypatch: pytest.MonkeyPatch):
    """What the code before co-financing recorded: a COUNTERPART line, support and payment."""
    with monkeypatch.context() as old_code:
        old_code.setattr(ProgramState, "check_budget_source", ProgramState.check_source)
        s.allocate(2_000_000_000)
        s.allocate(600_000_000, source=C, decision_no="12/TB-SCT")
        pid = s.ledger.propose_project(
            ProposeProject(
                program_code=PROGRAM,
                code="DA-DU-01",
                title="Máy sấy hạt điều",
                content_code="IV.1.b",
                unit_code="719",
                year=2024,
                eligible_cost_vnd=900_000_000,
                requested_support=(SourceAmount(P, 300_000_000), SourceAmount(C, 600_000_000)),
                planned_outputs=MACHINES,
                proposed_on=date(2024, 2, 1),
            ),
            CENTER,
        ).aggregate_id
        s.ledger.appraise_project(
            AppraiseProject(project_id=pid, result=AppraisalResult.PASS), DOIT
        )
        s.ledger.approve_project(
            ApproveProject(
                project_id=pid,
                approved_support=(SourceAmount(P, 300_000_000), SourceAmount(C, 600_000_000)),
                decision_no="15/QĐ-SCT",
                decision_date=date(2024, 3, 1),
            ),
            DOIT,
        )
        s.ledger.record_payment(pay(pid, 300_000_000, "UNC-1", date(2024, 4, 1)), CENTER)
        s.ledger.record_payment(pay(pid, 500_000_000, "DU-1", date(2024, 4, 2), C), CENTER)
    return pid


def test_stored_counterpart_money_reads_and_settles_but_takes_no_new_money(
    scenario: Scenario, read_side: ReadSide, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = scenario
    pid = _counterpart_history(s, monkeypatch)
    assert s.ledger.project(pid).approved == {P: 300_000_000, C: 600_000_000}
    lines = read_side.catch_up().budget(PROGRAM, 2024).lines
    assert {line.source for line in lines} == {"PROVINCIAL", "COUNTERPART"}
    adjust = AdjustBudget(
        program_code=PROGRAM,
        year=2024,
        source=C,
        delta_vnd=10_000_000,
        reason="bổ sung",
        decision_no="16/QĐ-UBND",
        decision_date=date(2024, 6, 3),
    )
    _refused(s, lambda: s.ledger.adjust_budget(adjust, FINANCE))
    estimate = ProposeEstimate(
        program_code=PROGRAM,
        year=2025,
        source=C,
        amount_vnd=10_000_000,
        document_no="17/TTr-SCT",
        document_date=date(2024, 6, 3),
    )
    _refused(s, lambda: s.ledger.propose_estimate(estimate, FINANCE))
    more_estimate = AdjustEstimate(
        program_code=PROGRAM,
        year=2024,
        source=C,
        delta_vnd=10_000_000,
        document_no="18/TTr-SCT",
        document_date=date(2024, 6, 3),
    )
    _refused(s, lambda: s.ledger.adjust_estimate(more_estimate, FINANCE))
    allocate = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=C,
        amount_vnd=1_000_000,
        decision_no="19/TB-SCT",
        decision_date=date(2024, 6, 3),
    )
    _refused(s, lambda: s.ledger.allocate_budget(allocate, FINANCE))
    more_pay = pay(pid, 100_000_000, "DU-2", date(2024, 6, 3), C)
    _refused(s, lambda: s.ledger.record_payment(more_pay, CENTER))
    raise_counterpart = AdjustProject(
        project_id=pid,
        approved_support=(SourceAmount(P, 300_000_000), SourceAmount(C, 600_000_001)),
        reason="tăng vốn đối ứng",
        decision_no="20/QĐ-SCT",
        decision_date=date(2024, 6, 3),
    )
    _refused(s, lambda: s.ledger.adjust_project(raise_counterpart, DOIT))
    lower = replace(
        raise_counterpart,
        approved_support=(SourceAmount(P, 300_000_000), SourceAmount(C, 500_000_000)),
        reason="giảm theo số đã chi",
    )
    s.ledger.adjust_project(lower, DOIT)  # history may keep or lower it
    s.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid, outputs=MACHINES, record_no="BB-1/2024", accepted_on=date(2024, 6, 5)
        ),
        CENTER,
    )
    s.ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 300_000_000), SourceAmount(C, 500_000_000)),
            decision_no="21/QĐ-SCT",
            decision_date=date(2024, 6, 10),
        ),
        CENTER,
    )
    assert s.ledger.project(pid).final_support == {P: 300_000_000, C: 500_000_000}
    read_side.catch_up()
    report = check(s.ledger, read_side.store)
    assert report.holds, report.differing_tables


def _as_version_1(stored: StoredEvent, *fields: str) -> StoredEvent:
    state = json.loads(stored.state)
    for name in ("class_version", *fields):
        state.pop(name, None)
    return replace(stored, state=json.dumps(state).encode())


def test_project_events_stored_before_co_financing_read_as_none(
    scenario: Scenario, read_side: ReadSide
) -> None:
    s = scenario
    s.allocate(2_000_000_000)
    decision = Decision(CENTER, s.clock())
    program = s.ledger.program(PROGRAM)
    proposed = lifecycle.propose(
        program,
        None,
        set(),
        ProposeProject(
            program_code=PROGRAM,
            code="DA-V1-01",
            title="Máy ép viên nén",
            content_code="IV.1.b",
            unit_code="720",
            year=2024,
            eligible_cost_vnd=600_000_000,
            requested_support=(SourceAmount(P, 250_000_000),),
            planned_outputs=MACHINES,
            proposed_on=date(2024, 2, 1),
        ),
        decision,
    )
    old = [_as_version_1(s.ledger.mapper.to_stored_event(e), "co_financing_vnd") for e in proposed]
    old = [_as_version_1(e, "co_financing_note") for e in old]
    s.ledger.recorder.insert_events(old)
    pid = proposed[0].originator_id
    s.ledger.appraise_project(AppraiseProject(project_id=pid, result=AppraisalResult.PASS), DOIT)
    s.ledger.approve_project(
        ApproveProject(
            project_id=pid,
            approved_support=(SourceAmount(P, 250_000_000),),
            decision_no="22/QĐ-SCT",
            decision_date=date(2024, 3, 1),
        ),
        DOIT,
    )
    s.ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.PAYMENT,
            source=P,
            amount_vnd=250_000_000,
            voucher_no="UNC-V1",
            value_date=date(2024, 4, 1),
            payee="Công ty TNHH Gỗ Dầu Tiếng",
        ),
        CENTER,
    )
    accepted = lifecycle.accept_outputs(
        program,
        s.ledger.project(pid),
        AcceptOutputs(
            project_id=pid, outputs=MACHINES, record_no="BB-2/2024", accepted_on=date(2024, 6, 5)
        ),
        decision,
    )
    stored = [s.ledger.mapper.to_stored_event(e) for e in accepted]
    s.ledger.recorder.insert_events(
        [_as_version_1(e, "co_financing_vnd", "co_financing_document") for e in stored]
    )
    project = s.ledger.project(pid)
    assert (project.co_financing_declared_vnd, project.co_financing_evidenced_vnd) == (0, 0)
    s.ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 250_000_000),),
            decision_no="23/QĐ-SCT",
            decision_date=date(2024, 6, 10),
        ),
        CENTER,
    )
    model = read_side.catch_up()
    assert model.project_details([str(pid)])[str(pid)].co_financing == CoFinancing()
    (entry,) = model.journal(types=["Project.Proposed"], first=10).items
    assert "co_financing_vnd" not in json.loads(entry.payload)  # the stored bytes as written


def test_a_treasury_account_of_counterpart_money_is_refused(scenario: Scenario) -> None:
    """The Treasury pays budget money only: no account, so no statement, of COUNTERPART."""
    account = RegisterAccount(
        program_code=PROGRAM,
        number="9523.1.7654321",
        holder_code="74",
        source=C,
        name="Tài khoản vốn đối ứng",
        opened_on=date(2024, 1, 2),
    )
    _refused(scenario, lambda: scenario.ledger.register_account(account, FINANCE))
