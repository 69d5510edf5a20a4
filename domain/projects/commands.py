"""What users ask of a project. Names are imperative; the events they lead to are past tense."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.claims import ADDED_LATER, DERIVED
from domain.plans.items import PlanItemRef
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount


@dataclass(frozen=True, kw_only=True)
class ProposeProject:
    program_code: str
    code: str
    title: str
    content_code: str
    unit_code: str
    year: int
    eligible_cost_vnd: int
    requested_support: tuple[SourceAmount, ...]
    planned_outputs: tuple[Output, ...]
    beneficiary_ids: tuple[UUID, ...] = ()
    proposed_on: date | None = None  # defaults to the day it is recorded
    # The establishment's own money declared towards the cost, and what it pays for.
    co_financing_vnd: int = field(default=0, metadata=ADDED_LATER)
    co_financing_note: str = field(default="", metadata=ADDED_LATER)
    # The annual-plan item the project carries out (Điều 2.4.a), in the plans of its year.
    plan_item: PlanItemRef | None = field(default=None, metadata=ADDED_LATER)


@dataclass(frozen=True, kw_only=True)
class AppraiseProject:
    project_id: UUID
    result: AppraisalResult
    notes: str = ""
    record_no: str = ""


@dataclass(frozen=True, kw_only=True)
class ApproveProject:
    project_id: UUID
    approved_support: tuple[SourceAmount, ...]
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class RejectProject:
    project_id: UUID
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class AdjustProject:
    project_id: UUID
    approved_support: tuple[SourceAmount, ...]
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class SuspendProject:
    project_id: UUID
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class ResumeProject:
    project_id: UUID
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class CancelProject:
    project_id: UUID
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class SignContract:
    project_id: UUID
    contract_no: str
    signed_on: date


@dataclass(frozen=True, kw_only=True)
class RecordPayment:
    project_id: UUID
    kind: PaymentKind
    source: FundingSource
    amount_vnd: int
    voucher_no: str
    value_date: date
    payee: str


@dataclass(frozen=True, kw_only=True)
class ReversePayment:
    project_id: UUID
    voucher_no: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class AcceptOutputs:
    project_id: UUID
    outputs: tuple[Output, ...]
    record_no: str
    accepted_on: date
    # Co-financing this acceptance evidences, and the document evidencing it.
    co_financing_vnd: int = field(default=0, metadata=ADDED_LATER)
    co_financing_document: str = field(default="", metadata=ADDED_LATER)


@dataclass(frozen=True, kw_only=True)
class SettleProject:
    project_id: UUID
    final_support: tuple[SourceAmount, ...]
    decision_no: str
    decision_date: date
    # Co-financing settled, at most what acceptances evidenced.
    co_financing_vnd: int = field(default=0, metadata=ADDED_LATER)


@dataclass(frozen=True, kw_only=True)
class RecordRefund:
    project_id: UUID
    source: FundingSource
    amount_vnd: int
    voucher_no: str
    value_date: date


@dataclass(frozen=True, kw_only=True)
class CarryOverProject:
    project_id: UUID
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class TransferToSuccessor:
    """Open commitments of ``from_holder`` pass to its successor by a named decision (the end
    of district budgets on 2025-07-01: Nghị quyết 202/2025/QH15, Luật số 72/2025/QH15)."""

    program_code: str
    from_holder: str
    project_ids: tuple[UUID, ...] = field(default=(), metadata=DERIVED)
    decision_no: str
    decision_date: date
