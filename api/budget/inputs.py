"""Inputs of the budget mutations. Every input has an optional idempotencyKey."""

from __future__ import annotations

from datetime import date

import strawberry

from api.descriptions import IDEMPOTENCY_KEY
from api.enums import FundingSource
from api.scalars import VND


@strawberry.input(description="Allocate budget to a line (giao dự toán).")
class AllocateBudgetInput:
    program_code: str
    year: int
    source: FundingSource
    amount: VND
    decision_no: str
    decision_date: date
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
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
