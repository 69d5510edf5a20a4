"""Decisions about a project's money after approval: payments and their reversal, settlement,
refunds, and carrying unpaid commitments into the next fiscal year."""

from __future__ import annotations

from domain.budget.book import LineBook
from domain.budget.holders import check_not_ended
from domain.errors import (
    FiscalDateViolation,
    InvalidInput,
    PaymentAboveSupport,
    PaymentAlreadyReversed,
    PaymentNotAllowed,
    RefundAboveDue,
    SettlementAboveAllowed,
    UnknownPayment,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date, check_spending_date, year_end
from domain.money import check_amount
from domain.programs.state import ProgramState
from domain.projects import checks, co_financing
from domain.projects.commands import (
    CarryOverProject,
    RecordPayment,
    RecordRefund,
    ReversePayment,
    SettleProject,
)
from domain.projects.events import Project
from domain.projects.state import ProjectState
from domain.projects.support_caps import check_support
from domain.text import TEXT_MAX_CHARS, clean_code, clean_text
from domain.types import PaymentKind, ProjectStatus

S = ProjectStatus
PAYABLE = {S.APPROVED, S.CONTRACTED, S.ACCEPTED}


def record_payment(
    program: ProgramState, project: ProjectState, cmd: RecordPayment, decision: Decision
) -> list[LedgerEvent]:
    """An advance or payment: after approval, before settlement, within the approved support."""
    if project.status not in PAYABLE:
        raise PaymentNotAllowed(_why_not_payable(project), field="projectId")
    source = program.check_budget_source(cmd.source)
    amount = check_amount(cmd.amount_vnd, "amount")
    approved = project.approved.get(source, 0)
    paid = project.paid_by_source()
    if paid.get(source, 0) + amount > approved:
        raise PaymentAboveSupport(
            f"{amount:,} đồng would bring {source.value} payments to "
            f"{paid.get(source, 0) + amount:,} đồng, above the approved {approved:,} đồng",
            field="amount",
        )
    value_date = check_date(cmd.value_date, "valueDate", today=decision.today)
    assert project.approved_on is not None
    if value_date < project.approved_on:
        raise PaymentNotAllowed(
            f"value date {value_date.isoformat()} is before the approval on "
            f"{project.approved_on.isoformat()}",
            field="valueDate",
        )
    check_spending_date(value_date, project.budget_year, today=decision.today, field="valueDate")
    program.check_open(project.budget_year, "valueDate")
    # Paid where the commitment sits, while its holder has a budget: after a district's last
    # day its commitments pass to the successor by an explicit transfer, never silently.
    check_not_ended(program, project.holder_of(source), value_date)
    # Caps are checked again at payment: a rule version recorded after approval but in force
    # on the approval date still binds what is paid.
    after = {**paid, source: paid.get(source, 0) + amount}
    check_support(
        program,
        after,
        content_code=project.content_code,
        planned_outputs=project.planned_outputs,
        beneficiary_ids=project.beneficiary_ids,
        eligible_cost_vnd=project.eligible_cost_vnd,
        on=project.approved_on,
        field="amount",
    )
    voucher_no = clean_voucher(cmd.voucher_no)
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.PaymentRecorded,
        effective_on=value_date,
        document_ref=voucher_no,
        kind=PaymentKind(cmd.kind),
        source=source,
        amount_vnd=amount,
        voucher_no=voucher_no,
        payee=clean_text(cmd.payee, "payee"),
        value_date=value_date,
    )
    return pending.events


def reverse_payment(
    program: ProgramState, project: ProjectState, cmd: ReversePayment, decision: Decision
) -> list[LedgerEvent]:
    """A payment is reversed in the year it was charged to, while that year is open: after a
    carry-over, payments of the year before stay as the closed year left them."""
    program.check_open(project.budget_year, "projectId")
    voucher_no = clean_voucher(cmd.voucher_no)
    payment = project.payment(voucher_no)
    if payment is None:
        raise UnknownPayment(f"no payment {voucher_no} on project {project.code}", "voucherNo")
    if payment.reversed:
        raise PaymentAlreadyReversed(f"payment {voucher_no} is already reversed", "voucherNo")
    if project.status is S.SETTLED:
        raise PaymentNotAllowed("a settled project's payments are final", field="projectId")
    program.check_open(payment.year, "voucherNo")
    if payment.year != project.budget_year:
        raise PaymentNotAllowed(
            f"payment {voucher_no} was charged to {payment.year}; the project's unpaid support "
            f"was carried over to {project.budget_year}",
            field="voucherNo",
        )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.PaymentReversed,
        effective_on=decision.today,
        document_ref=voucher_no,
        voucher_no=voucher_no,
        source=payment.source,
        amount_vnd=payment.amount_vnd,
        reason=clean_text(cmd.reason, "reason", max_chars=TEXT_MAX_CHARS),
    )
    return pending.events


def settle(
    program: ProgramState,
    project: ProjectState,
    lines: LineBook,
    cmd: SettleProject,
    decision: Decision,
) -> list[LedgerEvent]:
    """Quyết toán: final support per source, at most what was approved and what was paid."""
    checks.require_status(project, {S.ACCEPTED}, "settle")
    final = checks.source_amounts(
        program, cmd.final_support, "finalSupport", allow_empty=True, standing=project.approved
    )
    paid = project.paid_by_source()
    for index, (source, amount) in enumerate(final.items()):
        where = f"finalSupport[{index}].amount"
        if amount > project.approved.get(source, 0):
            raise SettlementAboveAllowed(f"{source.value} above the approved support", where)
        if amount > paid.get(source, 0):
            raise SettlementAboveAllowed(
                f"{source.value} above the {paid.get(source, 0):,} đồng paid; pay the rest first",
                where,
            )
    settled_co_financing = co_financing.settled(project, cmd.co_financing_vnd)
    day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
    ref = clean_code(cmd.decision_no, "decisionNo")
    # What was never paid goes back to the budget now; what was overpaid goes back when the
    # refund is received, so the line never offers money that is still with the beneficiary.
    released = {s: a - paid.get(s, 0) for s, a in project.approved.items()}
    for source, amount in released.items():
        if amount > 0:
            lines.release(
                project.budget_year,
                source,
                project.holder_of(source),
                amount,
                project.id,
                effective_on=day,
                document_ref=ref,
            )
    refund_due = {s: a - final.get(s, 0) for s, a in paid.items()}
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.Settled,
        effective_on=day,
        document_ref=ref,
        final_support=checks.as_source_amounts(final),
        released=checks.as_source_amounts(released),
        refund_due=checks.as_source_amounts(refund_due),
        co_financing_vnd=settled_co_financing,
    )
    return pending.events + lines.events


def record_refund(
    program: ProgramState,
    project: ProjectState,
    lines: LineBook,
    cmd: RecordRefund,
    decision: Decision,
) -> list[LedgerEvent]:
    """Money back from the beneficiary frees its commitment on the budget line again."""
    checks.require_status(project, {S.SETTLED, S.CANCELLED}, "record a refund for")
    source = program.check_source(cmd.source)
    amount = check_amount(cmd.amount_vnd, "amount")
    outstanding = project.refund_outstanding(source)
    if amount > outstanding:
        raise RefundAboveDue(
            f"{outstanding:,} đồng of {source.value} is due; {amount:,} đồng is too much", "amount"
        )
    value_date = check_date(cmd.value_date, "valueDate", today=decision.today)
    voucher_no = clean_voucher(cmd.voucher_no)
    lines.release(
        project.budget_year,
        source,
        project.holder_of(source),
        amount,
        project.id,
        effective_on=value_date,
        document_ref=voucher_no,
    )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.RefundReceived,
        effective_on=value_date,
        document_ref=voucher_no,
        source=source,
        amount_vnd=amount,
        voucher_no=voucher_no,
    )
    return pending.events + lines.events


def carry_over(
    project: ProjectState, lines: LineBook, cmd: CarryOverProject, decision: Decision
) -> list[LedgerEvent]:
    """Only commitments contracted by 31 December move to the next year (chuyển nguồn)."""
    checks.require_status(project, {S.CONTRACTED, S.ACCEPTED}, "carry over")
    year = project.budget_year
    assert project.contract_signed_on is not None
    if project.contract_signed_on > year_end(year):
        raise FiscalDateViolation(
            f"the contract was signed after {year_end(year).isoformat()}", field="projectId"
        )
    day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
    if day < year_end(year):
        raise FiscalDateViolation(
            f"carry-over of {year} is decided from {year_end(year).isoformat()}", "decisionDate"
        )
    paid = project.paid_by_source()
    unpaid = {s: a - paid.get(s, 0) for s, a in project.approved.items() if a > paid.get(s, 0)}
    if not unpaid:
        raise InvalidInput("nothing is left unpaid to carry over", field="projectId")
    ref = clean_code(cmd.decision_no, "decisionNo")
    for source, amount in unpaid.items():
        lines.carry(
            year,
            source,
            project.holder_of(source),
            amount,
            project.id,
            effective_on=day,
            document_ref=ref,
        )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.CarriedOver,
        effective_on=day,
        document_ref=ref,
        from_year=year,
        to_year=year + 1,
        amounts=checks.as_source_amounts(unpaid),
    )
    return pending.events + lines.events


def clean_voucher(value: object) -> str:
    """Treasury voucher numbers compare without case or surrounding space."""
    return clean_code(value, "voucherNo").upper()


def _why_not_payable(project: ProjectState) -> str:
    reasons = {
        S.PROPOSED: "it is not approved yet",
        S.APPRAISED: "it is not approved yet",
        S.REJECTED: "it was rejected",
        S.SUSPENDED: "it is suspended",
        S.SETTLED: "it is settled",
        S.CANCELLED: "it is cancelled",
    }
    return f"no payment on project {project.code}: {reasons.get(project.status, 'not payable')}"
