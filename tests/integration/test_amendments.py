"""Refusals of the commands that amend earlier decisions, on both backends: each answers its
code and writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.budget.commands import AdjustEstimate, ProposeEstimate
from domain.errors import InsufficientBudget, InvalidInput, RefundAboveDue, SupportAboveCap
from domain.programs.commands import AddSupportRule
from domain.projects.commands import (
    AcceptOutputs,
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    SettleProject,
)
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, DOIT, FINANCE, PROGRAM

P = FundingSource.PROVINCIAL
FAIR_CAP = {
    "code": "QD40-2019-FAIRS",
    "legal_basis": "Quyết định 40/2019/QĐ-UBND",
    "source_note": "test rule",
    "effective_from": "2019-12-30",
    "content_codes": ["IV.2.a"],
    "max_share_percent": 70,
    "cap_vnd": 60_000_000,
    "per": "project",
}


def _pay(pid, amount, voucher):
    return RecordPayment(
        project_id=pid,
        kind=PaymentKind.PAYMENT,
        source=P,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=date(2024, 4, 1),
        payee="HTX",
    )


def test_a_rule_version_recorded_after_approval_binds_later_payments(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(
        support=100_000_000, cost=200_000_000, content_code="IV.2.a", outputs=(Output("fairs", 1),)
    )
    scenario.ledger.record_payment(_pay(pid, 50_000_000, "UNC-1"), CENTER)
    scenario.ledger.add_support_rule(AddSupportRule(program_code=PROGRAM, rule=FAIR_CAP), DOIT)
    head = scenario.ledger.head_position()
    with pytest.raises(SupportAboveCap):
        scenario.ledger.record_payment(_pay(pid, 20_000_000, "UNC-2"), CENTER)
    assert scenario.ledger.head_position() == head
    scenario.ledger.record_payment(_pay(pid, 10_000_000, "UNC-3"), CENTER)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"code": "TT28-2018-MACHINERY"}, "INVALID_INPUT"),
        ({"multiple_of": "NO-SUCH-RULE", "cap_vnd": None}, "INVALID_INPUT"),
        ({"content_codes": ["IV.9.z"]}, "INVALID_PROGRAM_FILE"),
        ({"max_share_percent": 0}, "INVALID_PROGRAM_FILE"),
    ],
)
def test_a_rule_that_is_a_duplicate_or_malformed_is_refused(scenario, change, code):
    rule = {k: v for k, v in {**FAIR_CAP, **change}.items() if v is not None}
    with pytest.raises(InvalidInput) as refused:
        scenario.ledger.add_support_rule(AddSupportRule(program_code=PROGRAM, rule=rule), DOIT)
    assert refused.value.code == code
    assert scenario.ledger.head_position() == 1


def test_a_refund_above_what_is_due_is_refused(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=250_000_000)
    scenario.ledger.record_payment(_pay(pid, 200_000_000, "UNC-1"), CENTER)
    scenario.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        CENTER,
    )
    scenario.ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 190_000_000),),
            decision_no="QT-1",
            decision_date=date(2024, 5, 2),
        ),
        CENTER,
    )
    head = scenario.ledger.head_position()
    with pytest.raises(RefundAboveDue):
        scenario.ledger.record_refund(
            RecordRefund(
                project_id=pid,
                source=P,
                amount_vnd=10_000_001,
                voucher_no="NT-1",
                value_date=date(2024, 5, 3),
            ),
            CENTER,
        )
    assert scenario.ledger.head_position() == head


def test_an_estimate_cannot_be_adjusted_below_zero(scenario):
    scenario.ledger.propose_estimate(
        ProposeEstimate(
            program_code=PROGRAM,
            year=2025,
            source=P,
            amount_vnd=1_000_000,
            document_no="TTr-1",
            document_date=date(2024, 6, 1),
        ),
        FINANCE,
    )
    head = scenario.ledger.head_position()
    with pytest.raises(InsufficientBudget):
        scenario.ledger.adjust_estimate(
            AdjustEstimate(
                program_code=PROGRAM,
                year=2025,
                source=P,
                delta_vnd=-1_000_001,
                document_no="TTr-2",
                document_date=date(2024, 6, 2),
            ),
            FINANCE,
        )
    assert scenario.ledger.head_position() == head


MACHINERY_V2 = {
    "code": "TT28-2018-MACHINERY-V2",
    "legal_basis": "Thông tư 28/2018/TT-BTC (checked)",
    "source_note": "test rule",
    "effective_from": "2024-06-01",
    "content_codes": ["IV.1.b"],
    "indicator_code": "machines_applied",
    "max_share_percent": 50,
    "cap_vnd": 100_000_000,
    "per": "establishment",
    "replaces": "TT28-2018-MACHINERY",
}


def test_a_new_rule_version_ends_the_one_it_replaces_and_bounds_later_approvals(
    scenario, make_ledger
):
    scenario.allocate(1_000_000_000)
    scenario.approved_project("DA-1", support=250_000_000)  # approved 2024-03-01: old rule
    scenario.ledger.add_support_rule(AddSupportRule(program_code=PROGRAM, rule=MACHINERY_V2), DOIT)
    rules = {r.code: r for r in scenario.ledger.program(PROGRAM).support_rules}
    assert rules["TT28-2018-MACHINERY"].effective_to == date(2024, 5, 31)
    assert rules["TT28-2018-MACHINERY-V2"].effective_to is None
    # The technology line's cap is a multiple of the machinery cap in force on the day.
    program = scenario.ledger.program(PROGRAM)
    assert program.version_on("TT28-2018-MACHINERY", date(2024, 5, 31)).cap_vnd == 300_000_000
    assert program.version_on("TT28-2018-MACHINERY", date(2024, 6, 1)).cap_vnd == 100_000_000
    pid = scenario.ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code="DA-2",
            title="Hỗ trợ máy chế biến hạt điều tự động",
            content_code="IV.1.b",
            unit_code="719",
            year=2024,
            eligible_cost_vnd=600_000_000,
            requested_support=(SourceAmount(P, 250_000_000),),
            planned_outputs=(Output("machines_applied", 2),),
            proposed_on=date(2024, 6, 3),
        ),
        CENTER,
    ).aggregate_id
    scenario.ledger.appraise_project(
        AppraiseProject(project_id=pid, result=AppraisalResult.PASS), DOIT
    )
    approve = ApproveProject(
        project_id=pid,
        approved_support=(SourceAmount(P, 250_000_000),),
        decision_no="DA-2/QĐ-SCT",
        decision_date=date(2024, 6, 10),
    )
    with pytest.raises(SupportAboveCap, match="TT28-2018-MACHINERY-V2"):
        scenario.ledger.approve_project(approve, DOIT)
    scenario.ledger.approve_project(
        replace(approve, approved_support=(SourceAmount(P, 100_000_000),)), DOIT
    )
    # The history gives the same validity to a ledger that reads it afresh.
    again = make_ledger(scenario.clock).program(PROGRAM)
    assert again.support_rules == scenario.ledger.program(PROGRAM).support_rules


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"replaces": "NO-SUCH-RULE"}, "no earlier rule"),
        ({"effective_from": "2018-05-12"}, "starts after"),
    ],
)
def test_a_version_replaces_an_earlier_rule_it_starts_after(scenario, change, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        scenario.ledger.add_support_rule(
            AddSupportRule(program_code=PROGRAM, rule={**MACHINERY_V2, **change}), DOIT
        )
    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", "replaces")
    assert scenario.ledger.head_position() == 1
