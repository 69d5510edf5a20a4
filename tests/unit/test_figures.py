"""Every budget figure from the legs of the postings (projections.figures)."""

from __future__ import annotations

from decimal import Decimal

from projections.figures import BudgetFigures, figures, total


def test_each_figure_is_a_sum_of_legs_by_account_and_kind():
    f = figures(
        [
            ("estimate", "estimate", True, 1_000),
            ("funding", "allocation", False, -900),
            ("funding", "adjustment", False, -100),
            ("free", "allocation", True, 900),
            ("free", "adjustment", True, 100),
            ("open", "commitment", True, 600),
            ("free", "commitment", False, -600),
            ("spent", "payment", True, 500),
            ("open", "payment", False, -500),
            ("receivable", "reclaim", True, 50),
            ("spent", "reclaim", False, -50),
            ("settled", "settlement", True, 450),
            ("spent", "settlement", False, -450),
            ("free", "refund", True, 20),
            ("receivable", "refund", False, -20),
            ("open", "carry", True, 40),
            ("advance", "advance", True, 30),
            ("advance_memo", "advance", False, -30),
        ]
    )
    assert f == BudgetFigures(
        estimated=1_000,
        allocated_initial=900,
        adjustments=100,
        carried_in=40,
        committed=600 + 40 - 20,
        paid=500,
        refunded=20,
        refund_due=30,
        settled=450,
        advances_outstanding=30,
        available=420,
    )
    assert f.allocated == 1_000
    assert f.execution_rate == Decimal("0.4808")  # 500 ÷ (1,000 + 40)


def test_a_line_with_nothing_to_spend_has_no_execution_rate():
    assert BudgetFigures().execution_rate is None


def test_figures_add_up_across_lines():
    one = BudgetFigures(allocated_initial=10, adjustments=-2, paid=4)
    two = BudgetFigures(allocated_initial=5, carried_in=3, paid=1)
    both = total([one, two])
    assert (both.allocated, both.carried_in, both.paid) == (13, 3, 5)
