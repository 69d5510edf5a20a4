"""Plan rows as GraphQL objects."""

from __future__ import annotations

from api.plans import types as t
from projections import plan_rows as rows


def plan(view: rows.PlanView) -> t.Plan:
    return t.Plan(
        program_code=view.program_code,
        year=view.year,
        unit_code=view.unit_code,
        status=view.status,
        documents=[
            t.PlanDocument(
                act=d.act,
                document_no=d.document_no,
                document_date=d.document_date,
                position=d.position,
            )
            for d in view.documents
        ],
        items=[_item(item) for item in view.items],
    )


def _item(item: rows.PlanItemView) -> t.PlanItem:
    return t.PlanItem(
        item_no=item.item_no,
        content_code=item.content_code,
        unit_code=item.unit_code,
        planned_projects=item.planned_projects,
        outputs=[
            t.PlanQuantity(indicator_code=o.indicator_code, quantity=o.quantity)
            for o in item.outputs
        ],
        money=[
            t.PlanMoney(source=m.source, holder_code=m.holder_code, amount=m.amount_vnd)
            for m in item.money
        ],
        planned=item.planned_vnd,
        planned_provincial=item.provincial_vnd,
        approved=item.approved_vnd,
        projects=item.projects,
        project_codes=list(item.project_codes),
    )


def versus(row: rows.PlanVersusActual) -> t.PlanVersusActual:
    return t.PlanVersusActual(
        year=row.year,
        unit_code=row.unit_code,
        content_code=row.content_code,
        planned_projects=row.planned_projects,
        planned=row.planned_vnd,
        planned_provincial=row.planned_provincial_vnd,
        approved=row.approved_vnd,
        projects=row.projects,
        outputs=[
            t.OutputVersusPlan(
                indicator_code=o.indicator_code, planned=o.planned, achieved=o.achieved
            )
            for o in row.outputs
        ],
        committed=row.committed_vnd,
        paid=row.paid_vnd,
    )
