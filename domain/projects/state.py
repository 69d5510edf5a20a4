"""A project as it stands: status, support per source, payments and outputs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from domain.ids import LEGACY_LINE_HOLDER
from domain.projects.events import Project
from domain.types import (
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    ProjectStatus,
    SourceAmount,
    amounts_by_source,
)


@dataclass(frozen=True)
class PaymentRecord:
    voucher_no: str
    kind: PaymentKind
    source: FundingSource
    amount_vnd: int
    year: int  # the fiscal year it was charged to: the project's budget year when paid
    reversed: bool = False


@dataclass(frozen=True)
class ProjectState:
    id: UUID
    version: int
    program_code: str
    code: str
    title: str
    status: ProjectStatus
    content_code: str
    unit_code: str
    year: int
    proposed_on: date
    eligible_cost_vnd: int
    requested: tuple[SourceAmount, ...]
    planned_outputs: tuple[Output, ...]
    beneficiary_ids: tuple[UUID, ...]
    budget_year: int
    appraisal: AppraisalResult | None = None
    approved_on: date | None = None
    approved: dict[FundingSource, int] = field(default_factory=dict)
    contract_signed_on: date | None = None
    status_before_suspension: ProjectStatus | None = None
    payments: tuple[PaymentRecord, ...] = ()
    accepted_outputs: tuple[Output, ...] = ()
    final_support: dict[FundingSource, int] = field(default_factory=dict)
    refund_due: dict[FundingSource, int] = field(default_factory=dict)
    refunded: dict[FundingSource, int] = field(default_factory=dict)
    # The establishment's own money towards the cost: not support, never on a budget line.
    co_financing_declared_vnd: int = 0
    co_financing_evidenced_vnd: int = 0
    co_financing_settled_vnd: int = 0
    # Kept as payments are folded in, so a payment's check does not walk every earlier one.
    paid: dict[FundingSource, int] = field(default_factory=dict)
    # Where each source's commitment sits; a source not named is on the province's line.
    holders: dict[FundingSource, str] = field(default_factory=dict)

    def holder_of(self, source: FundingSource) -> str:
        return self.holders.get(source, LEGACY_LINE_HOLDER)

    def line_keys(self, year: int | None = None) -> list[tuple[int, FundingSource, str]]:
        """The lines its approved support sits on, in ``year`` (the budget year by default)."""
        on = self.budget_year if year is None else year
        return [(on, source, self.holder_of(source)) for source in self.approved]

    def paid_by_source(self) -> dict[FundingSource, int]:
        """Every đồng disbursed and not reversed, advances included."""
        return dict(self.paid)

    def payment(self, voucher_no: str) -> PaymentRecord | None:
        return next((p for p in self.payments if p.voucher_no == voucher_no), None)

    def refund_outstanding(self, source: FundingSource) -> int:
        return self.refund_due.get(source, 0) - self.refunded.get(source, 0)


def _with_reversal(
    payments: tuple[PaymentRecord, ...], voucher_no: str
) -> tuple[PaymentRecord, ...]:
    return tuple(replace(p, reversed=True) if p.voucher_no == voucher_no else p for p in payments)


def _plus(
    amounts: dict[FundingSource, int], source: FundingSource, amount: int
) -> dict[FundingSource, int]:
    return {**amounts, source: amounts.get(source, 0) + amount}


def _with_holders(
    holders: dict[FundingSource, str], named: dict[str, str]
) -> dict[FundingSource, str]:
    return {**holders, **{FundingSource(source): code for source, code in named.items()}}


def evolve(state: ProjectState | None, event: object) -> ProjectState:
    if isinstance(event, Project.Proposed):
        return ProjectState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            code=event.code,
            title=event.title,
            status=ProjectStatus.PROPOSED,
            content_code=event.content_code,
            unit_code=event.unit_code,
            year=event.year,
            proposed_on=event.effective_on,
            eligible_cost_vnd=event.eligible_cost_vnd,
            requested=event.requested,
            planned_outputs=event.planned_outputs,
            beneficiary_ids=event.beneficiary_ids,
            budget_year=event.year,
            co_financing_declared_vnd=event.co_financing_vnd,
        )
    assert state is not None, "a project starts with Project.Proposed"
    s = replace(state, version=event.originator_version)  # type: ignore[attr-defined]
    match event:
        case Project.Appraised(result=result):
            return replace(s, status=ProjectStatus.APPRAISED, appraisal=result)
        case Project.Approved(support=support, budget_year=budget_year, effective_on=day):
            return replace(
                s,
                status=ProjectStatus.APPROVED,
                approved=amounts_by_source(support),
                budget_year=budget_year,
                approved_on=day,
                holders=_with_holders(s.holders, event.holders),
            )
        case Project.Rejected():
            return replace(s, status=ProjectStatus.REJECTED)
        case Project.Adjusted(support=support):
            return replace(
                s,
                approved=amounts_by_source(support),
                holders=_with_holders(s.holders, event.holders),
            )
        case Project.HolderTransferred(to_holder=new, amounts=amounts):
            return replace(s, holders={**s.holders, **{item.source: new for item in amounts}})
        case Project.Suspended():
            return replace(s, status=ProjectStatus.SUSPENDED, status_before_suspension=s.status)
        case Project.Resumed():
            assert s.status_before_suspension is not None
            return replace(s, status=s.status_before_suspension, status_before_suspension=None)
        case Project.Cancelled(refund_due=refund_due):
            return replace(
                s, status=ProjectStatus.CANCELLED, refund_due=amounts_by_source(refund_due)
            )
        case Project.ContractSigned(signed_on=signed_on):
            return replace(s, status=ProjectStatus.CONTRACTED, contract_signed_on=signed_on)
        case Project.PaymentRecorded():
            record = PaymentRecord(
                event.voucher_no, event.kind, event.source, event.amount_vnd, s.budget_year
            )
            paid = _plus(s.paid, event.source, event.amount_vnd)
            return replace(s, payments=(*s.payments, record), paid=paid)
        case Project.PaymentReversed(voucher_no=voucher_no):
            paid = dict(s.paid)
            for p in s.payments:
                if p.voucher_no == voucher_no and not p.reversed:
                    paid = _plus(paid, p.source, -p.amount_vnd)
            paid = {source: amount for source, amount in paid.items() if amount}  # as if unpaid
            return replace(s, payments=_with_reversal(s.payments, voucher_no), paid=paid)
        case Project.OutputsAccepted(outputs=outputs, co_financing_vnd=evidenced):
            return replace(
                s,
                status=ProjectStatus.ACCEPTED,
                accepted_outputs=(*s.accepted_outputs, *outputs),
                co_financing_evidenced_vnd=s.co_financing_evidenced_vnd + evidenced,
            )
        case Project.Settled(final_support=final, refund_due=refund_due):
            return replace(
                s,
                status=ProjectStatus.SETTLED,
                final_support=amounts_by_source(final),
                refund_due=amounts_by_source(refund_due),
                co_financing_settled_vnd=event.co_financing_vnd,
            )
        case Project.RefundReceived(source=source, amount_vnd=amount):
            return replace(s, refunded=_plus(s.refunded, source, amount))
        case Project.CarriedOver(to_year=to_year):
            return replace(s, budget_year=to_year)
    raise TypeError(f"not a project event: {type(event).__name__}")
