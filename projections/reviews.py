"""Yearly reports and inspections in the read model, and their journal summaries."""

from __future__ import annotations

from domain.inspections.events import Inspection
from domain.reports.events import YearlyReport
from projections.batch import Batch
from projections.context import Context
from projections.payload import dong
from projections.review_tables import INSPECTIONS, REPORT_FIGURES, YEARLY_REPORTS
from projections.store import Transaction

REPORT_EVENTS = (YearlyReport.Recorded,)
INSPECTION_EVENTS = (Inspection.Recorded, Inspection.FollowUpRecorded)


def project_report(
    event: YearlyReport.Recorded, position: int, batch: Batch, ctx: Context, tx: Transaction
) -> tuple[str, str]:
    batch.append(
        YEARLY_REPORTS,
        (
            position,
            str(event.originator_id),
            event.program_code,
            event.number,
            event.effective_on.isoformat(),
            event.sender,
            event.year,
            event.note,
        ),
    )
    figures = [("output", o.indicator_code, o.quantity) for o in event.outputs]
    figures += [("amount", a.content_code, a.amount_vnd) for a in event.amounts]
    for seq, (kind, code, quantity) in enumerate(figures):
        batch.append(
            REPORT_FIGURES, (position, seq, event.program_code, event.year, kind, code, quantity)
        )
    stated = []
    if event.outputs:
        stated.append(f"{len(event.outputs)} chỉ tiêu")
    if event.amounts:
        stated.append(f"kinh phí {dong(sum(a.amount_vnd for a in event.amounts))}")
    return event.program_code, (
        f"Nhận báo cáo số {event.number} của {event.sender} về kết quả thực hiện chương trình "
        f"năm {event.year}: {', '.join(stated)}"
    )


def project_inspection(
    event: Inspection.Recorded | Inspection.FollowUpRecorded,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    recorded = isinstance(event, Inspection.Recorded)
    batch.append(
        INSPECTIONS,
        (
            position,
            str(event.originator_id),
            event.program_code,
            event.number,
            "inspection" if recorded else "follow_up",
            event.effective_on.isoformat(),
            event.body if isinstance(event, Inspection.Recorded) else "",
            event.findings if isinstance(event, Inspection.Recorded) else event.note,
            event.follow_up if isinstance(event, Inspection.Recorded) else "",
            event.project_id or None,
            event.project_code if isinstance(event, Inspection.Recorded) else "",
            event.unit_code,
            event.actor_role.value,
        ),
    )
    day = event.effective_on.strftime("%d/%m/%Y")
    if isinstance(event, Inspection.Recorded):
        subject = (
            f"đề án {event.project_code}"
            if event.project_id
            else "việc sử dụng kinh phí khuyến công của "
            + ctx.unit_name(tx, event.program_code, event.unit_code, event.effective_on)
        )
        asked = "; yêu cầu khắc phục" if event.follow_up else "; không có yêu cầu khắc phục"
        return event.program_code, (
            f"{event.body} kiểm tra {subject} ngày {day}, biên bản số {event.number}{asked}"
        )
    return event.program_code, (
        f"Ghi nhận việc khắc phục theo biên bản kiểm tra số {event.number}, hoàn thành ngày {day}"
    )
