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


DOCUMENT_NO = "Number of the estimate document (số văn bản dự toán), e.g. 215/TTr-STC."
DOCUMENT_DATE = "Date of that document; within the year before and the year's adjustment window."


@strawberry.input(description="Propose a budget estimate for a line (lập dự toán).")
class ProposeEstimateInput:
    program_code: str
    year: int
    source: FundingSource
    amount: VND
    document_no: str = strawberry.field(description=DOCUMENT_NO)
    document_date: date = strawberry.field(description=DOCUMENT_DATE)
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Adjust a line's estimate up (positive) or down (negative).")
class AdjustEstimateInput:
    program_code: str
    year: int
    source: FundingSource
    delta: str = strawberry.field(description='Signed đồng, e.g. "-300000000".')
    document_no: str = strawberry.field(description=DOCUMENT_NO)
    document_date: date = strawberry.field(description=DOCUMENT_DATE)
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Withdraw a line's whole estimate, with the reason.")
class CancelEstimateInput:
    program_code: str
    year: int
    source: FundingSource
    reason: str
    document_no: str = strawberry.field(description=DOCUMENT_NO)
    document_date: date = strawberry.field(description=DOCUMENT_DATE)
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Cancel unspent budget of a line at year end (hủy dự toán): dated from 31 "
    "December of the year; at most what is free on the line (commitments stay)."
)
class CancelBudgetInput:
    program_code: str
    year: int
    source: FundingSource
    amount: VND
    reason: str
    decision_no: str
    decision_date: date
    holder_code: str | None = strawberry.field(default=None, description=HOLDER_CODE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
