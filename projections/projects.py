"""Projects in the read model: the register, status history, postings and output rows.

Money moves between the accounts of a budget line (program, year, source):
``free`` (available) → ``open`` (committed, unpaid) → ``spent`` (paid) → ``settled`` (the final
support, at settlement); overpayment at settlement or cancellation becomes ``receivable`` until
refunded back to ``free``; carry-over moves ``open`` from one year's line to the next. The
figures over these accounts are defined once, in ``projections.figures``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from domain.projects.events import Project
from domain.types import AppraisalResult, Output, PaymentKind, ProjectStatus, SourceAmount
from projections.advances import Advances, changes
from projections.batch import Batch, LineKey, ProjectRow
from projections.context import Context
from projections.payload import dong, outputs_text, plain, search_text, total, utc_text
from projections.plans import link_project
from projections.schema import PAYMENT_REVERSALS, PAYMENTS
from projections.store import Transaction

ProjectEvent = (
    Project.Proposed
    | Project.Appraised
    | Project.Approved
    | Project.Rejected
    | Project.Adjusted
    | Project.Suspended
    | Project.Resumed
    | Project.Cancelled
    | Project.ContractSigned
    | Project.PaymentRecorded
    | Project.PaymentReversed
    | Project.OutputsAccepted
    | Project.Settled
    | Project.RefundReceived
    | Project.CarriedOver
    | Project.HolderTransferred
)
NOT_YET_APPROVED = {ProjectStatus.PROPOSED.value, ProjectStatus.APPRAISED.value}


def project_project(
    event: ProjectEvent,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    if isinstance(event, Project.Proposed):
        p = _register(event, position)
        ctx.projects[p.id] = p
        link_project(event, position, batch)
    else:
        p = ctx.project(tx, event.originator_id)
    summary = _apply(
        event,
        p,
        position,
        batch,
        lambda: ctx.indicator_names(tx, p.program_code),
        lambda unit: ctx.unit_name(tx, p.program_code, unit, event.effective_on),
    )
    p.updated_position = position
    batch.upsert_project(p)
    return p.program_code, summary


def _register(event: Project.Proposed, position: int) -> ProjectRow:
    return ProjectRow(
        id=str(event.originator_id),
        program_code=event.program_code,
        code=event.code,
        title=event.title,
        content_code=event.content_code,
        unit_code=event.unit_code,
        year=event.year,
        budget_year=event.year,
        eligible_cost=event.eligible_cost_vnd,
        requested_total=total(event.requested),
        planned_outputs=json.dumps(plain(event.planned_outputs), ensure_ascii=False),
        beneficiary_ids=json.dumps(plain(event.beneficiary_ids)),
        proposed_on=event.effective_on.isoformat(),
        proposed_position=position,
        status=ProjectStatus.PROPOSED.value,
        status_before_suspension=None,
        updated_position=position,
        search_text=search_text(event.code, event.title),
        advances=Advances(),
        holders="{}",
    )


def _apply(
    event: ProjectEvent,
    p: ProjectRow,
    position: int,
    batch: Batch,
    names: Callable[[], Mapping[str, str]],
    unit_name: Callable[[str], str],
) -> str:
    """``names``: the program's indicators' Vietnamese names, by code, and ``unit_name`` a
    unit's name on the event's day, for the summary."""
    day = event.effective_on.isoformat()
    at = utc_text(event.timestamp)

    def line(source: str, year: int | None = None, holder: str | None = None) -> LineKey:
        return (p.program_code, year or p.budget_year, source, holder or p.holder_of(source))

    def post(
        kind: str,
        amount: int,
        debit: tuple[str, str],
        credit: tuple[str, str],
        debit_year: int | None = None,
        credit_year: int | None = None,
        holders: tuple[str | None, str | None] = (None, None),
    ) -> None:
        batch.posting(
            position,
            kind,
            amount,
            (line(debit[0], debit_year, holders[0]), debit[1]),
            (line(credit[0], credit_year, holders[1]), credit[1]),
            day,
            p,
        )

    def status(new: ProjectStatus) -> None:
        p.status = new.value
        batch.status(position, p, day, at)

    def plan(sign: int) -> None:
        """Approval adds the planned outputs to the targets' plan; cancellation takes them off."""
        for planned in _planned(p):
            batch.output(
                position,
                p.program_code,
                planned.indicator_code,
                "planned",
                sign * planned.quantity,
                day,
                p,
                p.budget_year,
            )

    def release_and_reclaim(
        released: tuple[SourceAmount, ...], refund_due: tuple[SourceAmount, ...]
    ) -> None:
        """Unpaid support goes back to ``free``; paid money above what is owed becomes due."""
        for item in released:
            post(
                "release", item.amount_vnd, (item.source.value, "free"), (item.source.value, "open")
            )
        for item in refund_due:
            post(
                "reclaim",
                item.amount_vnd,
                (item.source.value, "receivable"),
                (item.source.value, "spent"),
            )

    def follow_advances(change: Callable[[Advances], None]) -> None:
        """Posts what a payment, a reversal or the project's close changes in the advances not
        yet recovered, on the lines they were paid from."""
        before = p.advances.outstanding()
        change(p.advances)
        for year, source, amount in changes(before, p.advances.outstanding()):
            post("advance", amount, (source, "advance"), (source, "advance_memo"), year, year)

    def settle(final: tuple[SourceAmount, ...]) -> None:
        """What is left spent is the final support (quyết toán): it moves to ``settled`` on each
        line it was paid from — a project carried over was paid from two years' lines — and the
        rest on the line of its budget year, where a refund due was taken from."""
        paid = p.advances.paid_by_line()
        settled = _by_source(final)
        for s in sorted(settled.keys() | {source for _, source in paid}):
            earlier = 0
            for (year, source), amount in sorted(paid.items()):
                if source == s and year != p.budget_year:
                    post("settlement", amount, (s, "settled"), (s, "spent"), year, year)
                    earlier += amount
            post("settlement", settled.get(s, 0) - earlier, (s, "settled"), (s, "spent"))

    match event:
        case Project.Proposed():
            batch.status(position, p, day, at)
            return f"Đề xuất đề án {p.code}: {p.title}"
        case Project.Appraised(result=result):
            status(ProjectStatus.APPRAISED)
            verdict = "đạt" if result is AppraisalResult.PASS else "không đạt"
            return f"Thẩm định đề án {p.code}: {verdict}"
        case Project.Approved(support=support, budget_year=budget_year):
            p.budget_year = budget_year
            p.set_holders(event.holders)
            for item in support:
                s = item.source.value
                post("commitment", item.amount_vnd, (s, "open"), (s, "free"))
            plan(+1)
            status(ProjectStatus.APPROVED)
            return f"Phê duyệt đề án {p.code}: hỗ trợ {dong(total(support))} ({event.document_ref})"
        case Project.Rejected(reason=reason):
            status(ProjectStatus.REJECTED)
            return f"Không phê duyệt đề án {p.code}: {reason}"
        case Project.Adjusted(support=support, previous_support=previous):
            p.set_holders(event.holders)
            before = _by_source(previous)
            after = _by_source(support)
            for s in sorted(set(before) | set(after)):
                post("commitment", after.get(s, 0) - before.get(s, 0), (s, "open"), (s, "free"))
            return (
                f"Điều chỉnh hỗ trợ đề án {p.code}: {dong(total(previous))} → "
                f"{dong(total(support))} ({event.document_ref})"
            )
        case Project.Suspended(reason=reason):
            p.status_before_suspension = p.status
            status(ProjectStatus.SUSPENDED)
            return f"Tạm dừng đề án {p.code}: {reason}"
        case Project.Resumed():
            status(ProjectStatus(p.status_before_suspension))
            p.status_before_suspension = None
            return f"Tiếp tục đề án {p.code}"
        case Project.Cancelled(released=released, refund_due=refund_due, previous_status=prev):
            release_and_reclaim(released, refund_due)
            follow_advances(Advances.close)
            if prev.value not in NOT_YET_APPROVED:  # suspension only follows approval
                plan(-1)
            status(ProjectStatus.CANCELLED)
            return f"Hủy đề án {p.code}: {event.reason}"
        case Project.ContractSigned(contract_no=contract_no):
            status(ProjectStatus.CONTRACTED)
            return f"Ký hợp đồng {contract_no} thực hiện đề án {p.code}"
        case Project.PaymentRecorded(kind=kind, source=source, amount_vnd=amount):
            post("payment", amount, (source.value, "spent"), (source.value, "open"))
            voucher_no, year = event.voucher_no, p.budget_year
            follow_advances(lambda a: a.record(voucher_no, kind.value, source.value, year, amount))
            batch.append(
                PAYMENTS,
                (
                    position,
                    p.program_code,
                    p.id,
                    event.voucher_no,
                    kind.value,
                    source.value,
                    amount,
                    event.value_date.isoformat(),
                    event.payee,
                    p.budget_year,
                    p.holder_of(source.value),
                ),
            )
            verb = "Tạm ứng" if kind is PaymentKind.ADVANCE else "Thanh toán"
            return (
                f"{verb} {dong(amount)} cho {event.payee} (chứng từ {event.voucher_no}), "
                f"đề án {p.code}"
            )
        case Project.PaymentReversed(source=source, amount_vnd=amount, voucher_no=voucher):
            post("reversal", amount, (source.value, "open"), (source.value, "spent"))
            follow_advances(lambda a: a.reverse(voucher))
            batch.append(PAYMENT_REVERSALS, (position, p.program_code, p.id, voucher))
            return f"Hủy chứng từ {voucher} ({dong(amount)}), đề án {p.code}: {event.reason}"
        case Project.OutputsAccepted(outputs=outputs, record_no=record_no):
            for output in outputs:
                batch.output(
                    position,
                    p.program_code,
                    output.indicator_code,
                    "achieved",
                    output.quantity,
                    day,
                    p,
                    p.budget_year,
                )
            status(ProjectStatus.ACCEPTED)
            return f"Nghiệm thu đề án {p.code} ({record_no}): {outputs_text(outputs, names())}"
        case Project.Settled(final_support=final, released=released, refund_due=refund_due):
            release_and_reclaim(released, refund_due)
            settle(final)
            follow_advances(Advances.close)
            status(ProjectStatus.SETTLED)
            return f"Quyết toán đề án {p.code}: {dong(total(final))} ({event.document_ref})"
        case Project.RefundReceived(source=source, amount_vnd=amount, voucher_no=voucher):
            post("refund", amount, (source.value, "free"), (source.value, "receivable"))
            return f"Thu hồi {dong(amount)} (chứng từ {voucher}), đề án {p.code}"
        case Project.CarriedOver(from_year=from_year, to_year=to_year, amounts=amounts):
            for item in amounts:
                s = item.source.value
                post(
                    "carry",
                    item.amount_vnd,
                    (s, "open"),
                    (s, "open"),
                    debit_year=to_year,
                    credit_year=from_year,
                )
            p.budget_year = to_year
            return (
                f"Chuyển nguồn đề án {p.code} từ năm {from_year} sang năm {to_year}: "
                f"{dong(total(amounts))}"
            )
        case Project.HolderTransferred(from_holder=old, to_holder=new, amounts=amounts):
            for item in amounts:
                s = item.source.value
                post("transfer", item.amount_vnd, (s, "open"), (s, "open"), holders=(new, old))
            p.set_holders({item.source.value: new for item in amounts})
            return (
                f"Chuyển cam kết đề án {p.code} từ {unit_name(old)} sang đơn vị kế thừa "
                f"{unit_name(new)}: "
                f"{dong(total(amounts))} ({event.document_ref})"
            )
    raise TypeError(type(event).__name__)


def _planned(p: ProjectRow) -> list[Output]:
    return [
        Output(str(o["indicator_code"]), int(o["quantity"])) for o in json.loads(p.planned_outputs)
    ]


def _by_source(items: tuple[SourceAmount, ...]) -> dict[str, int]:
    return {item.source.value: item.amount_vnd for item in items}
