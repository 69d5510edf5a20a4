"""Co-financing, given / when / then: declared at proposal, evidenced at acceptance, settled."""

from __future__ import annotations

from datetime import date

import pytest

from domain.budget.book import LineBook
from domain.budget.commands import AllocateBudget
from domain.budget.decisions import allocate_budget
from domain.budget.state import evolve as evolve_line
from domain.errors import (
    CoFinancingAboveCost,
    CoFinancingAboveEvidence,
    CounterpartIsCoFinancing,
    InvalidInput,
)
from domain.projects import lifecycle, payments
from domain.projects.commands import (
    AcceptOutputs,
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    SettleProject,
)
from domain.projects.events import Project
from domain.projects.state import evolve
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, PROGRAM
from tests.unit.decide import binh_duong, decision, given

P = FundingSource.PROVINCIAL
PROGRAM_STATE = binh_duong()
MACHINES = (Output("machines_applied", 1),)


def _propose(co_financing_vnd=400_000_000, note="phần còn lại giá máy", cost=700_000_000):
    cmd = ProposeProject(
        program_code=PROGRAM,
        code="DA-CF",
        title="Máy cắt laser CNC",
        content_code="IV.1.b",
        unit_code="721",
        year=2024,
        eligible_cost_vnd=cost,
        requested_support=(SourceAmount(P, 300_000_000),),
        planned_outputs=MACHINES,
        proposed_on=date(2024, 2, 1),
        co_financing_vnd=co_financing_vnd,
        co_financing_note=note,
    )
    return lifecycle.propose(PROGRAM_STATE, None, set(), cmd, decision(date(2024, 2, 1), CENTER))


def _book():
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=1_000_000_000,
        decision_no="1/QĐ-UBND",
        decision_date=date(2024, 1, 5),
    )
    line = given(allocate_budget(PROGRAM_STATE, None, cmd, decision(date(2024, 1, 5))), evolve_line)
    return LineBook(PROGRAM_STATE, {(2024, P, "74"): line}, decision(date(2024, 3, 1)))


def _paid_project():
    history = _propose()
    project = given(history, evolve)
    appraise = AppraiseProject(project_id=project.id, result=AppraisalResult.PASS)
    history += lifecycle.appraise(project, appraise, decision(date(2024, 2, 20)))
    approve = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 300_000_000),),
        decision_no="5/QĐ-SCT",
        decision_date=date(2024, 3, 1),
    )
    events = lifecycle.approve(
        PROGRAM_STATE, given(history, evolve), _book(), approve, decision(date(2024, 3, 1))
    )
    history += [e for e in events if isinstance(e, Project.Approved)]
    pay = RecordPayment(
        project_id=project.id,
        kind=PaymentKind.PAYMENT,
        source=P,
        amount_vnd=300_000_000,
        voucher_no="UNC-1",
        value_date=date(2024, 6, 3),
        payee="Cơ sở A",
    )
    history += payments.record_payment(
        PROGRAM_STATE, given(history, evolve), pay, decision(date(2024, 6, 3), CENTER)
    )
    return history


def _accept(history, amount=400_000_000, document="HĐ 12/2024; hóa đơn 0001234"):
    cmd = AcceptOutputs(
        project_id=given(history, evolve).id,
        outputs=MACHINES,
        record_no="BB-1/2024",
        accepted_on=date(2024, 9, 2),
        co_financing_vnd=amount,
        co_financing_document=document,
    )
    return lifecycle.accept_outputs(
        PROGRAM_STATE, given(history, evolve), cmd, decision(date(2024, 9, 2))
    )


def _settle(history, amount):
    cmd = SettleProject(
        project_id=given(history, evolve).id,
        final_support=(SourceAmount(P, 300_000_000),),
        decision_no="9/QĐ-SCT",
        decision_date=date(2024, 10, 1),
        co_financing_vnd=amount,
    )
    book = LineBook(PROGRAM_STATE, {}, decision(date(2024, 10, 1)))
    return payments.settle(
        PROGRAM_STATE, given(history, evolve), book, cmd, decision(date(2024, 10, 1))
    )


def test_a_proposal_declares_the_establishments_co_financing():
    (proposed,) = _propose()
    assert proposed.co_financing_vnd == 400_000_000
    assert proposed.co_financing_note == "phần còn lại giá máy"
    assert given([proposed], evolve).co_financing_declared_vnd == 400_000_000


def test_support_and_co_financing_above_the_eligible_cost_are_refused():
    with pytest.raises(CoFinancingAboveCost):
        _propose(co_financing_vnd=400_000_001)


def test_a_description_without_an_amount_is_refused():
    with pytest.raises(InvalidInput):
        _propose(co_financing_vnd=0, note="vốn tự có")


def test_counterpart_support_is_refused_at_proposal():
    cmd = ProposeProject(
        program_code=PROGRAM,
        code="DA-CP",
        title="Máy cắt laser CNC",
        content_code="IV.1.b",
        unit_code="721",
        year=2024,
        eligible_cost_vnd=700_000_000,
        requested_support=(SourceAmount(FundingSource.COUNTERPART, 400_000_000),),
        planned_outputs=MACHINES,
    )
    with pytest.raises(CounterpartIsCoFinancing):
        lifecycle.propose(PROGRAM_STATE, None, set(), cmd, decision(date(2024, 2, 1), CENTER))


def test_acceptance_evidences_co_financing_with_its_document():
    history = _paid_project()
    (accepted,) = _accept(history)
    assert accepted.co_financing_vnd == 400_000_000
    assert accepted.co_financing_document == "HĐ 12/2024; hóa đơn 0001234"
    assert given([*history, accepted], evolve).co_financing_evidenced_vnd == 400_000_000


def test_evidence_without_its_document_is_refused():
    with pytest.raises(InvalidInput) as refused:
        _accept(_paid_project(), document="")
    assert refused.value.field == "coFinancingDocumentNo"


def test_settlement_settles_at_most_the_evidenced_co_financing():
    history = _paid_project()
    history += _accept(history, amount=350_000_000)
    with pytest.raises(CoFinancingAboveEvidence):
        _settle(history, 350_000_001)
    settled = [e for e in _settle(history, 350_000_000) if isinstance(e, Project.Settled)]
    assert settled[0].co_financing_vnd == 350_000_000
    assert given([*history, *settled], evolve).co_financing_settled_vnd == 350_000_000


def test_stored_version_1_events_read_as_no_co_financing():
    proposed: dict[str, object] = {}
    accepted: dict[str, object] = {}
    settled: dict[str, object] = {}
    Project.Proposed.upcast_v1_v2(proposed)
    Project.OutputsAccepted.upcast_v1_v2(accepted)
    Project.Settled.upcast_v1_v2(settled)
    assert proposed == {"co_financing_vnd": 0, "co_financing_note": ""}
    assert accepted == {"co_financing_vnd": 0, "co_financing_document": ""}
    assert settled == {"co_financing_vnd": 0}


def test_co_financing_is_not_support_so_the_cap_still_allows_the_states_full_share():
    history = _paid_project()  # approved at the cap (300 million), beside 400 million declared
    project = given(history, evolve)
    assert project.approved == {P: 300_000_000}
    assert project.co_financing_declared_vnd + sum(project.approved.values()) == 700_000_000
