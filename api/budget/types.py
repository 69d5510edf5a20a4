"""Budget lines (program × year × source) and the budget execution report."""

from __future__ import annotations

from datetime import date

import strawberry

from api import policy
from api.enums import FundingSource
from api.scalars import VND


@strawberry.type(description="The unit whose budget a line is (đơn vị giữ dự toán).")
class BudgetHolder:
    code: str = strawberry.field(description="Unit code: 74, 718…726, a commune's, 79.")
    name: str = strawberry.field(description="Its Vietnamese name in the program.")


@strawberry.type(description="Money of one budget line (program × year × source × holder).")
class BudgetLine:
    year: int = strawberry.field(description="Fiscal year (năm ngân sách).")
    source: FundingSource = strawberry.field(description="Funding source.")
    holder: BudgetHolder | None = strawberry.field(
        description="The unit whose budget the line is; null on totals."
    )
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
    all_lines: strawberry.Private[list[BudgetLine]]
    all_holders: strawberry.Private[list[HolderTotals]]

    @strawberry.field(
        description="One per year, source and holder (signed-in callers only; a district "
        "token sees its own holder's lines).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def lines(self) -> list[BudgetLine]:
        return self.all_lines

    @strawberry.field(
        description="The breakdown by holder: each holder's lines added (signed-in callers "
        "only; a district token sees its own).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def holders(self) -> list[HolderTotals]:
        return self.all_holders
