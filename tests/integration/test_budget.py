"""Budget lines on both backends: estimates, allocations, adjustments and year-end rules."""

from __future__ import annotations

from datetime import date

import pytest

from domain.budget.commands import (
    AdjustBudget,
    AdjustEstimate,
    AllocateBudget,
    CancelBudget,
    CancelEstimate,
    ProposeEstimate,
)
from domain.errors import (
    AmountAboveCeiling,
    FiscalDateViolation,
    InsufficientBudget,
    InvalidAmount,
    InvalidDate,
    InvalidInput,
    OverCommitment,
    UnknownBudgetLine,
    UnknownProgram,
)
from domain.money import AMOUNT_CEILING_VND
from domain.types import FundingSource
from tests.support import FINANCE, PROGRAM

P = FundingSource.PROVINCIAL


def test_allocations_and_adjustments_add_up_on_the_line(scenario):
    scenario.allocate(2_000_000_000)
    scenario.ledger.adjust_budget(
        AdjustBudget(
            program_code=PROGRAM,
            year=2024,
            source=P,
            delta_vnd=-300_000_000,
            reason="giảm dự toán",
            decision_no="88/QĐ-UBND",
            decision_date=date(2024, 6, 1),
        ),
        FINANCE,
    )
    line = scenario.ledger.budget_line(PROGRAM, 2024, P)
    assert (line.allocated_vnd, line.available_vnd) == (1_700_000_000, 1_700_000_000)


def test_estimates_are_proposed_adjusted_and_cancelled_without_committing_money(scenario):
    ledger = scenario.ledger
    ledger.propose_estimate(
        ProposeEstimate(
            program_code=PROGRAM,
            year=2025,
            source=P,
            amount_vnd=3_000_000_000,
            document_no="1021/TTr-SCT",
            document_date=date(2024, 6, 1),
        ),
        FINANCE,
    )
    ledger.adjust_estimate(
        AdjustEstimate(
            program_code=PROGRAM,
            year=2025,
            source=P,
            delta_vnd=-500_000_000,
            document_no="1102/TTr-SCT",
            document_date=date(2024, 6, 10),
        ),
        FINANCE,
    )
    assert ledger.budget_line(PROGRAM, 2025, P).estimated_vnd == 2_500_000_000
    ledger.cancel_estimate(
        CancelEstimate(
            program_code=PROGRAM,
            year=2025,
            source=P,
            reason="thay bằng dự toán mới",
            document_no="1200/TTr-SCT",
            document_date=date(2024, 6, 12),
        ),
        FINANCE,
    )
    line = ledger.budget_line(PROGRAM, 2025, P)
    assert (line.estimated_vnd, line.available_vnd) == (0, 0)


def test_adjusting_down_below_what_is_committed_is_refused(scenario):
    scenario.allocate(300_000_000)
    scenario.approved_project(support=250_000_000)
    before = scenario.ledger.head_position()
    with pytest.raises(InsufficientBudget):
        scenario.ledger.adjust_budget(
            AdjustBudget(
                program_code=PROGRAM,
                year=2024,
                source=P,
                delta_vnd=-100_000_000,
                reason="cắt giảm",
                decision_no="9/QĐ-UBND",
                decision_date=date(2024, 6, 1),
            ),
            FINANCE,
        )
    assert scenario.ledger.head_position() == before


def test_approval_above_what_the_line_has_free_is_refused(scenario):
    scenario.allocate(200_000_000)
    with pytest.raises(OverCommitment) as refused:
        scenario.approved_project(support=250_000_000)
    assert refused.value.code == "BUDGET_OVERCOMMITTED"
    line = scenario.ledger.budget_line(PROGRAM, 2024, P)
    assert (line.committed_vnd, line.available_vnd) == (0, 200_000_000)


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (0, InvalidAmount),
        (-5, InvalidAmount),
        (AMOUNT_CEILING_VND + 1, AmountAboveCeiling),
        ("1000", InvalidAmount),
        (1.5, InvalidAmount),
        (True, InvalidAmount),
    ],
)
def test_allocations_of_bad_amounts_are_refused(scenario, amount, error):
    with pytest.raises(error):
        scenario.allocate(amount)
    assert scenario.ledger.head_position() == 1


def test_unknown_program_and_source_are_refused(scenario):
    with pytest.raises(UnknownProgram):
        scenario.ledger.allocate_budget(
            AllocateBudget(
                program_code="XX-2030",
                year=2024,
                source=P,
                amount_vnd=1_000,
                decision_no="1/QĐ",
                decision_date=date(2024, 1, 5),
            ),
            FINANCE,
        )
    with pytest.raises(InvalidInput):
        scenario.allocate(1_000_000, year=2031)
    assert scenario.ledger.head_position() == 1


def test_allocation_dates_follow_the_fiscal_calendar(scenario):
    with pytest.raises(InvalidDate):  # after the day it is recorded
        scenario.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=2024,
                source=P,
                amount_vnd=1_000_000,
                decision_no="1/QĐ",
                decision_date=date(2024, 6, 16),
            ),
            FINANCE,
        )
    with pytest.raises(FiscalDateViolation):  # two years before the fiscal year
        scenario.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=2025,
                source=P,
                amount_vnd=1_000_000,
                decision_no="1/QĐ",
                decision_date=date(2023, 12, 1),
            ),
            FINANCE,
        )
    assert scenario.ledger.head_position() == 1


def test_a_year_past_its_adjustment_window_takes_no_new_allocation(scenario):
    scenario.clock.set(date(2025, 1, 31))
    scenario.allocate(1_000_000, year=2024)  # 31 January: still in the window
    scenario.clock.set(date(2025, 2, 1))
    with pytest.raises(FiscalDateViolation):
        scenario.allocate(1_000_000, year=2024)


def test_unspent_budget_is_cancelled_only_at_year_end_and_only_what_is_free(scenario):
    scenario.allocate(500_000_000)
    scenario.approved_project(support=200_000_000)
    cancel = CancelBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=300_000_000,
        reason="hủy dự toán cuối năm",
        decision_no="15/QĐ-STC",
        decision_date=date(2024, 6, 15),
    )
    with pytest.raises(FiscalDateViolation):
        scenario.ledger.cancel_budget(cancel, FINANCE)
    scenario.clock.set(date(2025, 1, 10))
    too_much = CancelBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=300_000_001,
        reason="hủy",
        decision_no="15/QĐ-STC",
        decision_date=date(2025, 1, 10),
    )
    with pytest.raises(InsufficientBudget):
        scenario.ledger.cancel_budget(too_much, FINANCE)
    scenario.ledger.cancel_budget(
        CancelBudget(
            program_code=PROGRAM,
            year=2024,
            source=P,
            amount_vnd=300_000_000,
            reason="hủy",
            decision_no="15/QĐ-STC",
            decision_date=date(2025, 1, 10),
        ),
        FINANCE,
    )
    line = scenario.ledger.budget_line(PROGRAM, 2024, P)
    assert (line.cancelled_vnd, line.available_vnd, line.committed_vnd) == (
        300_000_000,
        0,
        200_000_000,
    )


def test_adjusting_a_line_that_does_not_exist_is_refused(scenario):
    with pytest.raises(UnknownBudgetLine):
        scenario.ledger.adjust_budget(
            AdjustBudget(
                program_code=PROGRAM,
                year=2024,
                source=FundingSource.NATIONAL,
                delta_vnd=5,
                reason="x",
                decision_no="1/QĐ",
                decision_date=date(2024, 6, 1),
            ),
            FINANCE,
        )
