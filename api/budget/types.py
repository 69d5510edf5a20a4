"""Budget lines (program × year × source) and the budget execution report."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from api import policy
from api.enums import FundingSource
from api.scalars import VND, SignedVND
from projections.figures import FIGURES_BY_FIELD


def _figure(field: str) -> Any:
    """A figure described by its Vietnamese term and meaning, as docs and exports name it."""
    figure = FIGURES_BY_FIELD[field]
    return strawberry.field(description=figure.graphql_description)


@strawberry.type(
    description="Money of one budget line (program × year × source); every figure is defined in "
    "docs/FINANCE.md's glossary and exported under the same name."
)
class BudgetLine:
    year: int = strawberry.field(description="Năm ngân sách: the fiscal year.")
    source: FundingSource = strawberry.field(description="Nguồn kinh phí: the funding source.")
    estimated: VND = _figure("estimated")
    allocated_initial: VND = _figure("allocatedInitial")
    adjustments: SignedVND = _figure("adjustments")
    allocated: VND = _figure("allocated")
    carried_in: VND = _figure("carriedIn")
    carried_out: VND = _figure("carriedOut")
    cancelled: VND = _figure("cancelled")
    committed: VND = _figure("committed")
    paid: VND = _figure("paid")
    refunded: VND = _figure("refunded")
    refund_due: VND = _figure("refundDue")
    settled: VND = _figure("settled")
    advances_outstanding: VND = _figure("advancesOutstanding")
    available: VND = _figure("available")
    execution_rate: float | None = _figure("executionRate")


@strawberry.type(description="Budget lines and their totals, at one point of history.")
class BudgetReport:
    program_code: str = strawberry.field(description="The program.")
    position: int = strawberry.field(description="Ledger position the figures stand at.")
    effective_on: date | None = strawberry.field(description="Effective date asked, if any.")
    totals: BudgetLine = strawberry.field(description="All lines added (year 0, source OTHER).")
    all_lines: strawberry.Private[list[BudgetLine]]

    @strawberry.field(
        description="One per year and source (signed-in callers only).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def lines(self) -> list[BudgetLine]:
        return self.all_lines
