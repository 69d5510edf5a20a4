"""Budget lines in the read model: estimates, allocations and year-end cancellation as postings.

Commitments, releases and carry-overs are posted from the project events that cause them (they
know whether money was unpaid or overpaid); the lines' own mirror events only enter the journal.
"""

from __future__ import annotations

from domain.budget.events import BudgetLine
from projections.batch import Batch
from projections.context import Context
from projections.payload import dong
from projections.schema import BUDGET_LINES
from projections.store import Transaction

SOURCE_NAMES = {
    "PROVINCIAL": "ngân sách tỉnh",
    "DISTRICT": "ngân sách huyện",
    "COMMUNE": "ngân sách xã",
    "NATIONAL": "kinh phí khuyến công quốc gia",
    "COUNTERPART": "vốn đối ứng",
    "OTHER_PROGRAM": "lồng ghép chương trình khác",
    "OTHER": "nguồn khác",
}


def project_budget_line(
    event: BudgetLine.Opened
    | BudgetLine.EstimateProposed
    | BudgetLine.EstimateAdjusted
    | BudgetLine.EstimateCancelled
    | BudgetLine.Allocated
    | BudgetLine.AllocationAdjusted
    | BudgetLine.Committed
    | BudgetLine.CommitmentReleased
    | BudgetLine.CarriedOut
    | BudgetLine.CarriedIn
    | BudgetLine.Cancelled
    | BudgetLine.TransferredOut
    | BudgetLine.TransferredIn,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    day = event.effective_on.isoformat()
    if isinstance(event, BudgetLine.Opened):
        line = (event.program_code, event.year, event.source.value, event.holder_code)
        ctx.lines[str(event.originator_id)] = line
        batch.upsert(
            BUDGET_LINES,
            str(event.originator_id),
            (str(event.originator_id), *line[:3], position, event.holder_code),
        )
    else:
        line = ctx.line(tx, event.originator_id)
    program, year, source, holder = line

    def unit(code: str) -> str:
        return ctx.unit_name(tx, program, code, event.effective_on)

    where = f"năm {year}, {SOURCE_NAMES[source]}, {unit(holder)}"
    match event:
        case BudgetLine.Opened():
            return program, f"Mở dòng dự toán {where}"
        case (
            BudgetLine.EstimateProposed(amount_vnd=amount)
            | BudgetLine.EstimateAdjusted(delta_vnd=amount)
        ):
            batch.posting(
                position, "estimate", amount, (line, "estimate"), (line, "estimate_request"), day
            )
            verb = "Đề xuất" if isinstance(event, BudgetLine.EstimateProposed) else "Điều chỉnh"
            return program, f"{verb} dự toán {where}: {_signed(amount)}"
        case BudgetLine.EstimateCancelled(amount_vnd=amount):
            batch.posting(
                position, "estimate", -amount, (line, "estimate"), (line, "estimate_request"), day
            )
            return program, f"Hủy đề xuất dự toán {where}: {dong(amount)}"
        case (
            BudgetLine.Allocated(amount_vnd=amount)
            | BudgetLine.AllocationAdjusted(delta_vnd=amount)
        ):
            # Adjustments post apart, so reports can show the budget as approved and as adjusted.
            kind = "allocation" if isinstance(event, BudgetLine.Allocated) else "adjustment"
            batch.posting(position, kind, amount, (line, "free"), (line, "funding"), day)
            verb = (
                "Giao dự toán" if isinstance(event, BudgetLine.Allocated) else "Điều chỉnh dự toán"
            )
            return program, f"{verb} {where}: {_signed(amount)} ({event.document_ref})"
        case BudgetLine.Cancelled(amount_vnd=amount):
            batch.posting(
                position, "cancellation", amount, (line, "cancelled"), (line, "free"), day
            )
            return program, f"Hủy dự toán còn lại {where}: {dong(amount)} ({event.document_ref})"
        case BudgetLine.Committed(amount_vnd=amount):
            return program, f"Cam kết chi {dong(amount)} trên dòng dự toán {where}"
        case BudgetLine.CommitmentReleased(amount_vnd=amount):
            return program, f"Giảm cam kết chi {dong(amount)} trên dòng dự toán {where}"
        case BudgetLine.CarriedOut(amount_vnd=amount, to_year=to_year):
            return program, f"Chuyển nguồn {dong(amount)} từ {where} sang năm {to_year}"
        case BudgetLine.CarriedIn(amount_vnd=amount, from_year=from_year):
            return program, f"Nhận chuyển nguồn {dong(amount)} từ năm {from_year} vào {where}"
        case BudgetLine.TransferredOut(amount_vnd=amount, to_holder=to_holder):
            return (
                program,
                f"Chuyển cam kết {dong(amount)} từ {where} sang đơn vị kế thừa {unit(to_holder)} "
                f"({event.document_ref})",
            )
        case BudgetLine.TransferredIn(amount_vnd=amount, from_holder=from_holder):
            return (
                program,
                f"Nhận cam kết {dong(amount)} của {unit(from_holder)} vào {where} "
                f"({event.document_ref})",
            )
    raise TypeError(type(event).__name__)


def _signed(amount: int) -> str:
    return ("+" if amount > 0 else "−") + dong(abs(amount))
