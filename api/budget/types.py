"""Budget lines (program × year × source × holder) and the budget execution report."""

from __future__ import annotations

from collections.abc import Callable
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


@strawberry.type(description="The unit whose budget a line is (đơn vị giữ dự toán).")
class BudgetHolder:
    code: str = strawberry.field(description="Unit code: 74, 718…726, a commune's, 79.")
    name: str = strawberry.field(
        description="Its Vietnamese name at the end of the line's year (or on its last day)."
    )


@strawberry.type(
    description="Money of one budget line (program × year × source × holder); every figure is "
    "defined in docs/FINANCE.md's glossary and exported under the same name."
)
class BudgetLine:
    year: int = strawberry.field(description="Năm ngân sách: the fiscal year.")
    source: FundingSource = strawberry.field(description="Nguồn kinh phí: the funding source.")
    holder: BudgetHolder | None = strawberry.field(
        description="Đơn vị giữ dự toán: the unit whose budget the line is; null on totals."
    )
    estimated: VND = _figure("estimated")
    allocated_initial: VND = _figure("allocatedInitial")
    adjustments: SignedVND = _figure("adjustments")
    allocated: VND = _figure("allocated")
    carried_in: VND = _figure("carriedIn")
    carried_out: VND = _figure("carriedOut")
    transferred_in: VND = _figure("transferredIn")
    transferred_out: VND = _figure("transferredOut")
    cancelled: VND = _figure("cancelled")
    committed: VND = _figure("committed")
    paid: VND = _figure("paid")
    refunded: VND = _figure("refunded")
    refund_due: VND = _figure("refundDue")
    settled: VND = _figure("settled")
    advances_outstanding: VND = _figure("advancesOutstanding")
    available: VND = _figure("available")
    execution_rate: float | None = _figure("executionRate")


@strawberry.type(description="One holder's budget lines added.")
class HolderTotals:
    holder: BudgetHolder = strawberry.field(description="The holder.")
    totals: BudgetLine = strawberry.field(
        description="Its lines added (year 0, source OTHER, this holder)."
    )


@strawberry.type(description="Budget lines and their totals, at one point of history.")
class BudgetReport:
    program_code: str = strawberry.field(description="The program.")
    position: int = strawberry.field(description="Ledger position the figures stand at.")
    effective_on: date | None = strawberry.field(description="Effective date asked, if any.")
    totals: BudgetLine = strawberry.field(description="All lines added (year 0, source OTHER).")
    # Built when asked: a dashboard asks the totals only, and a long program has many lines.
    all_lines: strawberry.Private[Callable[[], list[BudgetLine]]]
    all_holders: strawberry.Private[Callable[[], list[HolderTotals]]]

    @strawberry.field(
        description="One per year, source and holder (signed-in callers only; a district "
        "token sees its own holder's lines).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def lines(self) -> list[BudgetLine]:
        return self.all_lines()

    @strawberry.field(
        description="The breakdown by holder: each holder's lines added (signed-in callers "
        "only; a district token sees its own).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def holders(self) -> list[HolderTotals]:
        return self.all_holders()
