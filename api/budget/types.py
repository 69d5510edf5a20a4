"""Budget lines (program × year × source) and the budget execution report."""

from __future__ import annotations

from datetime import date

import strawberry

from api import policy
from api.enums import FundingSource
from api.scalars import VND


@strawberry.type(description="Money of one budget line (program × year × source).")
class BudgetLine:
    year: int = strawberry.field(description="Fiscal year (năm ngân sách).")
    source: FundingSource = strawberry.field(description="Funding source.")
    estimated: VND = strawberry.field(description="Proposed estimate (dự toán đề xuất).")
    allocated: VND = strawberry.field(description="Allocated, with adjustments (giao dự toán).")
    committed: VND = strawberry.field(description="Approved support still standing.")
    paid: VND = strawberry.field(description="Every đồng disbursed, advances included.")
    refunded: VND = strawberry.field(description="Refunds received back.")
    available: VND = strawberry.field(description="Free to commit.")
    carried_in: VND = strawberry.field(description="Carried in from the year before.")
    carried_out: VND = strawberry.field(description="Carried over to the next year.")
    cancelled: VND = strawberry.field(description="Cancelled at year end (hủy dự toán).")
    execution_rate: float | None = strawberry.field(description="Paid ÷ (allocated + carried in).")


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
