"""Inputs of the budget mutations. Every input has an optional idempotencyKey."""

from __future__ import annotations

from datetime import date

import strawberry

from api.descriptions import IDEMPOTENCY_KEY
from api.enums import FundingSource
from api.scalars import VND

HOLDER_CODE = (
    "The unit whose budget the line is (74 the province, 718…726 a district, 79 from "
    "2025-07-01). Default: the region unit valid on the decision date, for PROVINCIAL, "
    "NATIONAL, OTHER_PROGRAM and OTHER money; DISTRICT and COMMUNE money must name it."
)


@strawberry.input(description="Allocate budget to a line (giao dự toán).")
class AllocateBudgetInput:
    program_code: str
    year: int
    source: FundingSource
    amount: VND
    decision_no: str
    decision_date: date
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Adjust a line's allocation up (positive) or down (negative).")
class AdjustBudgetInput:
    program_code: str
    year: int
    source: FundingSource
    delta: str = strawberry.field(description='Signed đồng, e.g. "-300000000".')
    reason: str
    decision_no: str
    decision_date: date
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Pass a holder's open commitments to its successor, by the decision that ended "
    "its budget (district budgets end on 2025-07-01: Nghị quyết 202/2025/QH15)."
)
class TransferToSuccessorInput:
    program_code: str
    from_holder: str = strawberry.field(description="The holder whose budget ended, e.g. 718.")
    decision_no: str = strawberry.field(description="The decision, e.g. 202/2025/QH15.")
    decision_date: date = strawberry.field(description="Effective on; after the holder's end.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
