"""Mutation inputs. Every input has an optional idempotencyKey (same key, same answer)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.scalars import VND
from api.types import AppraisalResult, FundingSource, PaymentKind
from projections.rows import AsOf

KEY = "Same key and same content: the first answer, no new event (khóa chống trùng)."


@strawberry.input(description="An amount from one funding source.")
class SourceAmountInput:
    source: FundingSource  # type: ignore[valid-type]
    amount: VND


@strawberry.input(description="A quantity of one indicator.")
class OutputInput:
    indicator_code: str
    quantity: int


@strawberry.input(description="Allocate budget to a line (giao dự toán).")
class AllocateBudgetInput:
    program_code: str
    year: int
    source: FundingSource  # type: ignore[valid-type]
    amount: VND
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Adjust a line's allocation up (positive) or down (negative).")
class AdjustBudgetInput:
    program_code: str
    year: int
    source: FundingSource  # type: ignore[valid-type]
    delta: str = strawberry.field(description='Signed đồng, e.g. "-300000000".')
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Propose a project (đề xuất đề án).")
class ProposeProjectInput:
    program_code: str
    code: str
    title: str
    content_code: str
    unit_code: str
    year: int
    eligible_cost: VND
    requested_support: list[SourceAmountInput]
    planned_outputs: list[OutputInput]
    beneficiary_ids: list[strawberry.ID] | None = None
    proposed_on: date | None = strawberry.field(
        default=None, description="Date of the proposal document; today when omitted."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Record the appraisal (thẩm định).")
class AppraiseProjectInput:
    project_id: strawberry.ID
    result: AppraisalResult  # type: ignore[valid-type]
    notes: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Approve support (phê duyệt).")
class ApproveProjectInput:
    project_id: strawberry.ID
    approved_support: list[SourceAmountInput]
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Reject a proposal.")
class RejectProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Cancel a project; unpaid support returns to the budget.")
class CancelProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Record the signed contract (hợp đồng).")
class SignContractInput:
    project_id: strawberry.ID
    contract_no: str
    signed_on: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Record an advance or payment through the State Treasury.")
class RecordPaymentInput:
    project_id: strawberry.ID
    kind: PaymentKind  # type: ignore[valid-type]
    source: FundingSource  # type: ignore[valid-type]
    amount: VND
    voucher_no: str
    value_date: date
    payee: str
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Reverse a recorded payment, once.")
class ReversePaymentInput:
    project_id: strawberry.ID
    voucher_no: str
    reason: str
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Accept outputs (nghiệm thu).")
class AcceptOutputsInput:
    project_id: strawberry.ID
    outputs: list[OutputInput]
    record_no: str
    accepted_on: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Settle a project (quyết toán): the final support per source.")
class SettleProjectInput:
    project_id: strawberry.ID
    final_support: list[SourceAmountInput]
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="Register a beneficiary establishment.")
class RegisterEstablishmentInput:
    program_code: str
    name: str
    kind: str = strawberry.field(
        description="SME, COOPERATIVE, COOPERATIVE_GROUP or HOUSEHOLD_BUSINESS."
    )
    tax_code: str
    unit_code: str
    address: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="A point of history: any combination; omitted parts mean now.")
class AsOfInput:
    position: int | None = strawberry.field(default=None, description="Ledger position.")
    recorded_at: datetime | None = strawberry.field(
        default=None, description="What the ledger said at this moment."
    )
    effective_on: date | None = strawberry.field(
        default=None, description="Money that had moved by this date (value dates)."
    )


def as_of_point(value: AsOfInput | None) -> AsOf | None:
    if value is None:
        return None
    return AsOf(value.position, value.recorded_at, value.effective_on)
