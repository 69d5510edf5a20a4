"""A project's life on both backends, from proposal to settlement and refund."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from domain.errors import (
    InvalidText,
    InvalidTransition,
    ProjectAlreadyExists,
    SettlementAboveAllowed,
    SupportAboveCap,
    SupportAboveCost,
    UnknownContentItem,
    UnknownEstablishment,
    UnknownIndicator,
    UnknownUnit,
)
from domain.ids import natural_id
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CancelProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    RejectProject,
    ResumeProject,
    SettleProject,
    SuspendProject,
)
from domain.projects.events import Project
from domain.types import (
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    ProjectStatus,
    SourceAmount,
)
from tests.support import CENTER, DOIT, PROGRAM

P = FundingSource.PROVINCIAL


def _proposal(**changes):
    values = {
        "program_code": PROGRAM,
        "code": "DA-2024-07",
        "title": "Hỗ trợ dây chuyền sấy gỗ",
        "content_code": "IV.1.b",
        "unit_code": "720",
        "year": 2024,
        "eligible_cost_vnd": 900_000_000,
        "requested_support": (SourceAmount(P, 400_000_000),),
        "planned_outputs": (Output("technology_lines", 1),),
        "proposed_on": date(2024, 2, 1),
    }
    values.update(changes)
    return ProposeProject(**values)


def test_a_project_runs_from_proposal_to_settlement_and_refund(scenario):
    ledger = scenario.ledger
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=300_000_000, cost=700_000_000)
    pay = RecordPayment(
        project_id=pid,
        kind=PaymentKind.ADVANCE,
        source=P,
        amount_vnd=120_000_000,
        voucher_no="UNC-0101",
        value_date=date(2024, 3, 15),
        payee="Công ty TNHH Cơ khí Bàu Bàng",
    )
    ledger.record_payment(pay, CENTER)
    ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.PAYMENT,
            source=P,
            amount_vnd=180_000_000,
            voucher_no="UNC-0188",
            value_date=date(2024, 5, 20),
            payee="Công ty TNHH Cơ khí Bàu Bàng",
        ),
        CENTER,
    )
    ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BBNT-12/2024",
            accepted_on=date(2024, 6, 1),
        ),
        CENTER,
    )
    ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 280_000_000),),
            decision_no="QT-12/QĐ-SCT",
            decision_date=date(2024, 6, 10),
        ),
        CENTER,
    )
    project = ledger.project(pid)
    assert project.status is ProjectStatus.SETTLED
    assert project.refund_outstanding(P) == 20_000_000
    # the 20 million overpaid stays committed until it is back on the line
    assert ledger.budget_line(PROGRAM, 2024, P).committed_vnd == 300_000_000
    ledger.record_refund(
        RecordRefund(
            project_id=pid,
            source=P,
            amount_vnd=20_000_000,
            voucher_no="NT-0005",
            value_date=date(2024, 6, 14),
        ),
        CENTER,
    )
    assert ledger.project(pid).refund_outstanding(P) == 0
    assert ledger.budget_line(PROGRAM, 2024, P).committed_vnd == 280_000_000
    kinds = [type(e).__name__ for e in ledger.events.get(pid)]
    assert kinds == [
        "Proposed",
        "Appraised",
        "Approved",
        "ContractSigned",
        "PaymentRecorded",
        "PaymentRecorded",
        "OutputsAccepted",
        "Settled",
        "RefundReceived",
    ]


def test_every_event_records_who_when_the_effective_date_and_the_document(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    approved = next(e for e in scenario.ledger.events.get(pid) if isinstance(e, Project.Approved))
    assert (approved.actor_subject, approved.actor_role.value) == (DOIT.subject, "doit")
    assert approved.effective_on == date(2024, 3, 1)
    assert approved.document_ref == "DA-2024-01/QĐ-SCT"
    assert approved.timestamp == scenario.clock()


def test_support_above_the_machinery_cap_in_force_is_refused(scenario):
    scenario.allocate(1_000_000_000)
    with pytest.raises(SupportAboveCap) as refused:
        scenario.approved_project(support=300_000_001, cost=800_000_000)
    assert "TT28-2018-MACHINERY" in refused.value.message
    with pytest.raises(SupportAboveCap):  # 50 % of cost binds before the absolute cap
        scenario.approved_project(code="DA-2024-02", support=250_000_000, cost=400_000_000)


def test_a_technology_line_may_have_one_and_a_half_times_the_machinery_cap(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(
        support=450_000_000, cost=1_000_000_000, outputs=(Output("technology_lines", 1),)
    )
    assert scenario.ledger.project(pid).approved == {P: 450_000_000}


def test_support_above_the_eligible_cost_is_refused(scenario):
    scenario.allocate(1_000_000_000)
    with pytest.raises(SupportAboveCost):
        scenario.approved_project(
            content_code="IV.5.a", outputs=(), support=500_000_000, cost=400_000_000
        )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"content_code": "IV.9.a"}, UnknownContentItem),
        ({"content_code": "IV.1"}, UnknownContentItem),
        ({"unit_code": "999"}, UnknownUnit),
        ({"planned_outputs": (Output("robots", 1),)}, UnknownIndicator),
        ({"title": "   "}, InvalidText),
        ({"title": "x" * 2001}, InvalidText),
        ({"beneficiary_ids": (natural_id("establishment", "0000000000"),)}, UnknownEstablishment),
    ],
)
def test_proposals_with_unknown_codes_or_bad_text_are_refused(scenario, change, error):
    with pytest.raises(error):
        scenario.ledger.propose_project(_proposal(**change), CENTER)
    assert scenario.ledger.head_position() == 1


def test_a_district_unit_is_refused_after_the_2025_merger(scenario):
    scenario.clock.set(date(2025, 8, 1))
    with pytest.raises(UnknownUnit) as refused:
        scenario.ledger.propose_project(_proposal(year=2025, proposed_on=date(2025, 7, 15)), CENTER)
    assert "use 79" in refused.value.message
    receipt = scenario.ledger.propose_project(
        _proposal(year=2025, unit_code="79", proposed_on=date(2025, 7, 15)), CENTER
    )
    assert scenario.ledger.project(receipt.aggregate_id).unit_code == "79"


def test_project_codes_are_unique_within_a_program(scenario):
    scenario.ledger.propose_project(_proposal(), CENTER)
    with pytest.raises(ProjectAlreadyExists):
        scenario.ledger.propose_project(_proposal(title="khác"), CENTER)


def test_titles_are_stored_in_nfc(scenario):
    title = unicodedata.normalize("NFD", "Hỗ trợ lò sấy Dầu Tiếng")
    receipt = scenario.ledger.propose_project(_proposal(title=title), CENTER)
    stored = scenario.ledger.project(receipt.aggregate_id).title
    assert stored == "Hỗ trợ lò sấy Dầu Tiếng"
    assert stored != title


def test_a_failed_appraisal_cannot_be_approved_but_can_be_rejected(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.ledger.propose_project(_proposal(), CENTER).aggregate_id
    scenario.ledger.appraise_project(
        AppraiseProject(project_id=pid, result=AppraisalResult.FAIL, notes="thiếu hồ sơ"), DOIT
    )
    with pytest.raises(InvalidTransition):
        scenario.ledger.approve_project(
            ApproveProject(
                project_id=pid,
                approved_support=(SourceAmount(P, 100),),
                decision_no="1/QĐ-SCT",
                decision_date=date(2024, 3, 1),
            ),
            DOIT,
        )
    scenario.ledger.reject_project(
        RejectProject(
            project_id=pid,
            reason="không đạt thẩm định",
            decision_no="2/QĐ-SCT",
            decision_date=date(2024, 3, 2),
        ),
        DOIT,
    )
    assert scenario.ledger.project(pid).status is ProjectStatus.REJECTED


def test_adjusting_support_moves_the_commitment_on_the_budget_line(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=250_000_000)
    scenario.ledger.adjust_project(
        AdjustProject(
            project_id=pid,
            approved_support=(SourceAmount(P, 200_000_000),),
            reason="giảm quy mô",
            decision_no="7/QĐ-SCT",
            decision_date=date(2024, 4, 1),
        ),
        DOIT,
    )
    assert scenario.ledger.budget_line(PROGRAM, 2024, P).committed_vnd == 200_000_000


def test_cancelling_releases_unpaid_support_and_makes_what_was_paid_due(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=250_000_000)
    scenario.ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.ADVANCE,
            source=P,
            amount_vnd=50_000_000,
            voucher_no="UNC-77",
            value_date=date(2024, 4, 1),
            payee="HTX",
        ),
        CENTER,
    )
    scenario.ledger.cancel_project(
        CancelProject(
            project_id=pid,
            reason="cơ sở xin rút",
            decision_no="9/QĐ-SCT",
            decision_date=date(2024, 5, 1),
        ),
        DOIT,
    )
    project = scenario.ledger.project(pid)
    assert project.status is ProjectStatus.CANCELLED
    assert project.refund_outstanding(P) == 50_000_000
    assert scenario.ledger.budget_line(PROGRAM, 2024, P).committed_vnd == 50_000_000


def test_suspension_stops_payments_until_resumed(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project()
    scenario.ledger.suspend_project(
        SuspendProject(
            project_id=pid,
            reason="kiểm tra hiện trường",
            decision_no="10/QĐ-SCT",
            decision_date=date(2024, 4, 1),
        ),
        DOIT,
    )
    payment = RecordPayment(
        project_id=pid,
        kind=PaymentKind.PAYMENT,
        source=P,
        amount_vnd=1_000_000,
        voucher_no="UNC-9",
        value_date=date(2024, 4, 2),
        payee="A",
    )
    with pytest.raises(InvalidTransition):
        scenario.ledger.record_payment(payment, CENTER)
    scenario.ledger.resume_project(
        ResumeProject(
            project_id=pid,
            reason="đã khắc phục",
            decision_no="11/QĐ-SCT",
            decision_date=date(2024, 4, 5),
        ),
        DOIT,
    )
    assert scenario.ledger.project(pid).status is ProjectStatus.CONTRACTED
    scenario.ledger.record_payment(payment, CENTER)


def test_settlement_cannot_exceed_what_was_paid(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=250_000_000)
    scenario.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        CENTER,
    )
    with pytest.raises(SettlementAboveAllowed):
        scenario.ledger.settle_project(
            SettleProject(
                project_id=pid,
                final_support=(SourceAmount(P, 1_000),),
                decision_no="QT-1",
                decision_date=date(2024, 5, 2),
            ),
            CENTER,
        )
