"""Inputs of the project and establishment mutations. Every input has an optional
idempotencyKey (same key, same answer)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.descriptions import IDEMPOTENCY_KEY
from api.enums import AppraisalResult, CertificationKind, FundingSource, PaymentKind
from api.scalars import VND


@strawberry.input(description="An amount from one funding source.")
class SourceAmountInput:
    source: FundingSource
    amount: VND


@strawberry.input(description="A quantity of one indicator.")
class OutputInput:
    indicator_code: str
    quantity: int


@strawberry.input(description="The plan item a project carries out (in its year's plans).")
class PlanItemRefInput:
    unit_code: str = strawberry.field(description="The unit whose plan holds the item.")
    item_no: int = strawberry.field(description="The item's number in that plan.")


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
    co_financing: VND | None = strawberry.field(
        default=None,
        description="The establishment's own money declared towards the eligible cost "
        "(co-financing, not state budget); with the support requested, at most the eligible cost.",
    )
    co_financing_description: str | None = strawberry.field(
        default=None, description="What the co-financing pays for."
    )
    plan_item: PlanItemRefInput | None = strawberry.field(
        default=None, description="The annual-plan item the project carries out."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Record the appraisal (thẩm định).")
class AppraiseProjectInput:
    project_id: strawberry.ID
    result: AppraisalResult
    notes: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Approve support (phê duyệt).")
class ApproveProjectInput:
    project_id: strawberry.ID
    approved_support: list[SourceAmountInput]
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Reject a proposal.")
class RejectProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Cancel a project; unpaid support returns to the budget.")
class CancelProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Record the signed contract (hợp đồng).")
class SignContractInput:
    project_id: strawberry.ID
    contract_no: str
    signed_on: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Record an advance or payment through the State Treasury.")
class RecordPaymentInput:
    project_id: strawberry.ID
    kind: PaymentKind
    source: FundingSource
    amount: VND
    voucher_no: str
    value_date: date
    payee: str
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Reverse a recorded payment, once.")
class ReversePaymentInput:
    project_id: strawberry.ID
    voucher_no: str
    reason: str
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Accept outputs (nghiệm thu).")
class AcceptOutputsInput:
    project_id: strawberry.ID
    outputs: list[OutputInput]
    record_no: str
    accepted_on: date
    co_financing_evidenced: VND | None = strawberry.field(
        default=None, description="Co-financing this acceptance evidences."
    )
    co_financing_document_no: str | None = strawberry.field(
        default=None,
        description="The document evidencing it (invoice, payment voucher, record); required "
        "with an amount.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Settle a project (quyết toán): the final support per source.")
class SettleProjectInput:
    project_id: strawberry.ID
    final_support: list[SourceAmountInput]
    decision_no: str
    decision_date: date
    co_financing_settled: VND | None = strawberry.field(
        default=None, description="Co-financing settled; at most what acceptance evidenced."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


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
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Change an approved project's support by decision (điều chỉnh): the commitment "
    "on each budget line moves by the difference."
)
class AdjustProjectInput:
    project_id: strawberry.ID
    approved_support: list[SourceAmountInput] = strawberry.field(
        description="The support as it now stands, per source (every source, not a difference)."
    )
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Suspend a project by decision (tạm dừng): no payment meanwhile.")
class SuspendProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Resume a suspended project by decision (tiếp tục thực hiện).")
class ResumeProjectInput:
    project_id: strawberry.ID
    reason: str
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Carry a contracted project's unpaid support into the next year (chuyển "
    "nguồn): decided from 31 December, for contracts signed by then."
)
class CarryOverProjectInput:
    project_id: strawberry.ID
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Record money paid back by a settled or cancelled project's beneficiary "
    "(thu hồi, nộp trả), at most what is due."
)
class RecordRefundInput:
    project_id: strawberry.ID
    source: FundingSource
    amount: VND
    voucher_no: str
    value_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Record a certificate an establishment received.")
class AddCertificationInput:
    establishment_id: strawberry.ID = strawberry.field(description="The establishment's id.")
    kind: CertificationKind = strawberry.field(description="What kind of certificate.")
    title: str = strawberry.field(description="What was certified: the product or the mark.")
    certificate_no: str = strawberry.field(description="Number of the certificate.")
    level: str = strawberry.field(
        description="Who certified it: cấp tỉnh, cấp khu vực, cấp quốc gia …"
    )
    issued_on: date = strawberry.field(description="Date of the certificate.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
