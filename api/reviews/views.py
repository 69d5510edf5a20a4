"""Read-model rows of the review area as GraphQL objects."""

from __future__ import annotations

from datetime import date

from api.programs import views as program_views
from api.relay import global_id
from api.reviews import types as t
from projections import review_rows as rows


def report(r: rows.ReportView) -> t.YearlyReport:
    return t.YearlyReport(
        number=r.number,
        reported_on=date.fromisoformat(r.reported_on),
        sender=r.sender,
        year=r.year,
        note=r.note,
        outputs=[t.ReportedOutput(indicator_code=c, quantity=q) for c, q in r.outputs],
        amounts=[t.ReportedAmount(content_code=c, amount=a) for c, a in r.amounts],
        position=r.position,
    )


def inspection(r: rows.InspectionView) -> t.Inspection:
    return t.Inspection(
        number=r.number,
        inspected_on=date.fromisoformat(r.inspected_on),
        body=r.body,
        findings=r.findings,
        follow_up=r.follow_up,
        project_id=None if r.project_id is None else global_id("Project", r.project_id),
        project_code=r.project_code,
        unit_code=r.unit_code,
        recorded_by=r.actor_role,
        follow_ups=[
            t.InspectionFollowUp(
                done_on=date.fromisoformat(f.done_on),
                note=f.note,
                recorded_by=f.actor_role,
                position=f.position,
            )
            for f in r.follow_ups
        ],
        position=r.position,
    )


def review(r: rows.ProgramReview) -> t.ProgramReview:
    return t.ProgramReview(
        program_code=r.program_code,
        position=r.position,
        years=list(r.years),
        items=[
            t.ReviewItem(
                year=i.year,
                content_code=i.content_code,
                content_title=i.content_title,
                indicators=[
                    t.ReviewIndicator(
                        progress=program_views.target(x.progress), reported=x.reported
                    )
                    for x in i.indicators
                ],
                committed=i.figures.committed,
                paid=i.figures.paid,
                settled=i.figures.settled,
                refunded=i.figures.refunded,
                refund_due=i.figures.refund_due,
                reported_amount=i.reported_amount,
            )
            for i in r.items
        ],
        reports=[report(x) for x in r.reports],
    )
