"""Annual plans in the read model: each act on a plan, the items each submission or revision
wrote, the provincial money an approval allocated, and the plan item a project names."""

from __future__ import annotations

import json

from domain.plans.events import Plan
from domain.plans.items import PlanItem
from domain.projects.events import Project
from domain.types import FundingSource
from projections.batch import Batch
from projections.context import Context
from projections.payload import dong, plain, utc_text
from projections.plan_tables import PLAN_ACTS, PLAN_ALLOCATIONS, PLAN_ITEMS, PLAN_LINKS
from projections.store import Transaction

PlanEvent = Plan.Submitted | Plan.Revised | Plan.Compiled | Plan.Approved
PLAN_EVENTS = (Plan.Submitted, Plan.Revised, Plan.Compiled, Plan.Approved)
ACTS = {
    Plan.Submitted: "SUBMITTED",
    Plan.Revised: "REVISED",
    Plan.Compiled: "COMPILED",
    Plan.Approved: "APPROVED",
}


def project_plan(
    event: PlanEvent, position: int, batch: Batch, ctx: Context, tx: Transaction
) -> tuple[str, str]:
    plan_id = str(event.originator_id)
    if isinstance(event, Plan.Submitted):
        ctx.plans[plan_id] = (event.program_code, event.year, event.unit_code)
    program_code, year, unit_code = ctx.plan(tx, plan_id)
    compiled = (
        json.dumps(event.plan_versions, sort_keys=True) if isinstance(event, Plan.Compiled) else ""
    )
    batch.append(
        PLAN_ACTS,
        (
            position,
            plan_id,
            program_code,
            year,
            unit_code,
            ACTS[type(event)],
            event.document_no,
            event.document_date.isoformat(),
            event.effective_on.isoformat(),
            utc_text(event.timestamp),
            compiled,
        ),
    )
    document = f"(văn bản {event.document_no} ngày {event.document_date:%d/%m/%Y})"
    if isinstance(event, Plan.Submitted | Plan.Revised):
        for item in event.items:
            batch.append(
                PLAN_ITEMS, _item_row(position, plan_id, program_code, year, unit_code, item)
            )
        planned = dong(sum(item.planned_vnd() for item in event.items))
        verb = "Gửi" if isinstance(event, Plan.Submitted) else "Điều chỉnh"
        why = f"; lý do: {event.reason}" if isinstance(event, Plan.Revised) else ""
        return program_code, (
            f"{verb} kế hoạch khuyến công năm {year} của "
            f"{ctx.unit_name(tx, program_code, unit_code, event.effective_on)}: "
            f"{len(event.items)} nội dung, {planned} {document}{why}"
        )
    if isinstance(event, Plan.Compiled):
        return program_code, (
            f"Trung tâm tổng hợp kế hoạch khuyến công năm {year} của "
            f"{len(event.plan_versions)} huyện với kế hoạch của Trung tâm {document}"
        )
    for seq, allocation in enumerate(event.allocations):
        batch.append(
            PLAN_ALLOCATIONS,
            (
                position,
                seq,
                program_code,
                year,
                allocation.unit_code,
                allocation.item_no,
                allocation.amount_vnd,
                event.effective_on.isoformat(),
            ),
        )
    allocated = dong(sum(a.amount_vnd for a in event.allocations))
    return program_code, (
        f"Phê duyệt kế hoạch khuyến công năm {year}, phân bổ {allocated} kinh phí khuyến công "
        f"của tỉnh cho {len(event.allocations)} nội dung {document}"
    )


def link_project(event: Project.Proposed, position: int, batch: Batch) -> None:
    """The plan item a proposed project carries out, if it names one."""
    if event.plan_item_no:
        batch.append(
            PLAN_LINKS,
            (
                position,
                str(event.originator_id),
                event.program_code,
                event.year,
                event.plan_unit_code,
                event.plan_item_no,
            ),
        )


def _item_row(
    position: int, plan_id: str, program_code: str, year: int, unit_code: str, item: PlanItem
) -> tuple[object, ...]:
    return (
        position,
        item.item_no,
        plan_id,
        program_code,
        year,
        unit_code,
        item.content_code,
        item.unit_code,
        item.planned_projects,
        json.dumps(plain(item.outputs), ensure_ascii=False),
        json.dumps(plain(item.money), ensure_ascii=False),
        item.planned_vnd(),
        item.planned_vnd(FundingSource.PROVINCIAL),
    )
