"""Payments on both backends: the rules of the money hold, and a refusal writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    FiscalDateViolation,
    IdempotencyKeyReused,
    InvalidDate,
    PaymentAboveSupport,
    PaymentAlreadyReversed,
    PaymentNotAllowed,
    UnknownPayment,
    VoucherAlreadyRecorded,
)
from domain.projects.commands import (
    AcceptOutputs,
    CancelProject,
    CarryOverProject,
    ProposeProject,
    RecordPayment,
    ReversePayment,
    SettleProject,
)
from domain.types import FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, DOIT, FINANCE, PROGRAM

P = FundingSource.PROVINCIAL


def _pay(pid, amount, voucher, value_date=date(2024, 4, 1), source=P, kind=PaymentKind.PAYMENT):
    return RecordPayment(
        project_id=pid,
        kind=kind,
        source=source,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=value_date,
        payee="Hộ kinh doanh Minh Phát",
    )


@pytest.fixture
def project(scenario):
    scenario.allocate(1_000_000_000)
    return scenario.approved_project(support=250_000_000)


def test_payments_above_the_approved_support_are_refused(scenario, project):
    scenario.ledger.record_payment(_pay(project, 200_000_000, "UNC-1"), CENTER)
    before = scenario.ledger.head_position()
    with pytest.raises(PaymentAboveSupport):
        scenario.ledger.record_payment(_pay(project, 50_000_001, "UNC-2"), CENTER)
    assert scenario.ledger.head_position() == before
    scenario.ledger.record_payment(_pay(project, 50_000_000, "UNC-2"), CENTER)
    assert scenario.ledger.project(project).paid_by_source() == {P: 250_000_000}


def test_a_payment_from_a_source_without_approved_support_is_refused(scenario, project):
    with pytest.raises(PaymentAboveSupport):
        scenario.ledger.record_payment(
            _pay(project, 1, "UNC-1", source=FundingSource.DISTRICT), CENTER
        )


def test_no_payment_before_approval(scenario):
    pid = scenario.ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code="DA-X",
            title="Đề án",
            content_code="IV.2.a",
            unit_code="718",
            year=2024,
            eligible_cost_vnd=100_000_000,
            requested_support=(SourceAmount(P, 50_000_000),),
            planned_outputs=(Output("fairs", 1),),
            proposed_on=date(2024, 2, 1),
        ),
        CENTER,
    ).aggregate_id
    with pytest.raises(PaymentNotAllowed) as refused:
        scenario.ledger.record_payment(_pay(pid, 1_000, "UNC-1"), CENTER)
    assert "not approved" in refused.value.message


def test_no_payment_after_settlement_or_cancellation(scenario, project):
    ledger = scenario.ledger
    ledger.record_payment(_pay(project, 100_000_000, "UNC-1"), CENTER)
    ledger.accept_outputs(
        AcceptOutputs(
            project_id=project,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        CENTER,
    )
    ledger.settle_project(
        SettleProject(
            project_id=project,
            final_support=(SourceAmount(P, 100_000_000),),
            decision_no="QT-1",
            decision_date=date(2024, 5, 2),
        ),
        CENTER,
    )
    with pytest.raises(PaymentNotAllowed, match="settled"):
        ledger.record_payment(_pay(project, 1_000, "UNC-2"), CENTER)
    other = scenario.approved_project(code="DA-2024-02")
    ledger.cancel_project(
        CancelProject(
            project_id=other, reason="rút", decision_no="5/QĐ-SCT", decision_date=date(2024, 5, 3)
        ),
        DOIT,
    )
    with pytest.raises(PaymentNotAllowed, match="cancelled"):
        ledger.record_payment(_pay(other, 1_000, "UNC-3"), CENTER)


def test_a_voucher_number_is_recorded_once_per_program(scenario, project):
    scenario.ledger.record_payment(_pay(project, 10_000_000, "unc-0042"), CENTER)
    other = scenario.approved_project(code="DA-2024-02")
    with pytest.raises(VoucherAlreadyRecorded):
        scenario.ledger.record_payment(_pay(other, 10_000_000, " UNC-0042 "), CENTER)
    assert scenario.ledger.project(other).payments == ()


def test_a_payment_is_reversed_once_and_only_if_it_exists(scenario, project):
    ledger = scenario.ledger
    ledger.record_payment(_pay(project, 100_000_000, "UNC-1"), CENTER)
    with pytest.raises(UnknownPayment):
        ledger.reverse_payment(
            ReversePayment(project_id=project, voucher_no="UNC-404", reason="nhầm"), CENTER
        )
    ledger.reverse_payment(
        ReversePayment(project_id=project, voucher_no="UNC-1", reason="sai tài khoản"), CENTER
    )
    with pytest.raises(PaymentAlreadyReversed):
        ledger.reverse_payment(
            ReversePayment(project_id=project, voucher_no="UNC-1", reason="sai tài khoản"), CENTER
        )
    assert ledger.project(project).paid_by_source() == {}
    # the reversed money can be paid again, under a new voucher
    ledger.record_payment(_pay(project, 250_000_000, "UNC-2"), CENTER)


def test_payment_value_dates_follow_the_fiscal_year_of_the_budget(scenario, project):
    ledger = scenario.ledger
    with pytest.raises(InvalidDate):  # in the future
        ledger.record_payment(_pay(project, 1_000, "UNC-1", value_date=date(2024, 6, 16)), CENTER)
    with pytest.raises(PaymentNotAllowed):  # before the approval decision
        ledger.record_payment(_pay(project, 1_000, "UNC-1", value_date=date(2024, 2, 28)), CENTER)
    scenario.clock.set(date(2025, 1, 31))  # adjustment window: still charged to 2024
    ledger.record_payment(_pay(project, 1_000, "UNC-1", value_date=date(2024, 12, 31)), CENTER)
    with pytest.raises(FiscalDateViolation):  # money of 2024 cannot move in 2025
        ledger.record_payment(_pay(project, 1_000, "UNC-2", value_date=date(2025, 1, 2)), CENTER)
    scenario.clock.set(date(2025, 2, 1))
    with pytest.raises(FiscalDateViolation):  # the window closed on 31 January
        ledger.record_payment(_pay(project, 1_000, "UNC-3", value_date=date(2024, 12, 31)), CENTER)


def test_a_contracted_commitment_carried_over_is_paid_in_the_next_year(scenario, project):
    ledger = scenario.ledger
    ledger.record_payment(_pay(project, 100_000_000, "UNC-1"), CENTER)
    scenario.clock.set(date(2025, 1, 5))
    ledger.carry_over_project(
        CarryOverProject(
            project_id=project, decision_no="CN-01/QĐ-STC", decision_date=date(2025, 1, 5)
        ),
        FINANCE,
    )
    old, new = (ledger.budget_line(PROGRAM, year, P) for year in (2024, 2025))
    assert (old.committed_vnd, old.carried_out_vnd) == (100_000_000, 150_000_000)
    assert (new.committed_vnd, new.carried_in_vnd, new.available_vnd) == (
        150_000_000,
        150_000_000,
        0,
    )
    ledger.record_payment(_pay(project, 150_000_000, "UNC-2", value_date=date(2025, 1, 5)), CENTER)


def test_a_commitment_contracted_after_31_december_is_not_carried_over(scenario):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(signed=False)
    scenario.clock.set(date(2025, 1, 3))
    from domain.projects.commands import SignContract

    scenario.ledger.sign_contract(
        SignContract(project_id=pid, contract_no="HĐ-late", signed_on=date(2025, 1, 2)), CENTER
    )
    with pytest.raises(FiscalDateViolation):
        scenario.ledger.carry_over_project(
            CarryOverProject(project_id=pid, decision_no="CN-2", decision_date=date(2025, 1, 5)),
            FINANCE,
        )


def test_the_same_idempotency_key_gives_the_same_answer_and_one_event(scenario, project):
    payment = _pay(project, 10_000_000, "UNC-1")
    first = scenario.ledger.record_payment(payment, FINANCE, idempotency_key="req-7f3a")
    head = scenario.ledger.head_position()
    again = scenario.ledger.record_payment(payment, FINANCE, idempotency_key="req-7f3a")
    assert (again.aggregate_id, again.version, again.replayed) == (
        first.aggregate_id,
        first.version,
        True,
    )
    assert scenario.ledger.head_position() == head
    assert len(scenario.ledger.project(project).payments) == 1


def test_a_replay_answers_the_first_position_even_after_later_writes(scenario, project):
    payment = _pay(project, 10_000_000, "UNC-1")
    first = scenario.ledger.record_payment(payment, FINANCE, idempotency_key="req-7f3a")
    assert first.position == scenario.ledger.head_position()
    scenario.ledger.record_payment(_pay(project, 5_000_000, "UNC-2"), CENTER)
    again = scenario.ledger.record_payment(payment, FINANCE, idempotency_key="req-7f3a")
    assert again.replayed
    assert again.position == first.position < scenario.ledger.head_position()


def test_an_idempotency_key_reused_with_different_content_is_refused(scenario, project):
    scenario.ledger.record_payment(
        _pay(project, 10_000_000, "UNC-1"), FINANCE, idempotency_key="req-1"
    )
    head = scenario.ledger.head_position()
    with pytest.raises(IdempotencyKeyReused):
        scenario.ledger.record_payment(
            _pay(project, 20_000_000, "UNC-2"), FINANCE, idempotency_key="req-1"
        )
    assert scenario.ledger.head_position() == head
