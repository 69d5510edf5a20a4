"""Project and establishment rows as GraphQL objects."""

from __future__ import annotations

from datetime import date

from api.as_of import point_key
from api.enums import FundingSource, ProjectStatus
from api.projects import types as t
from api.relay import global_id
from projections import rows


def project(
    view: rows.ProjectView, details: rows.ProjectDetails, as_of: rows.AsOf | None = None
) -> t.Project:
    return t.Project(
        id=global_id("Project", view.id, point_key(as_of)),
        code=view.code,
        program_code=view.program_code,
        title=view.title,
        status=ProjectStatus(view.status),
        content_code=view.content_code,
        unit_code=view.unit_code,
        year=view.year,
        budget_year=view.budget_year,
        eligible_cost=view.eligible_cost,
        requested=view.requested,
        approved_support=view.approved_support,
        support=[
            t.SourceAmount(source=FundingSource(s), amount=a) for s, a in details.support.items()
        ],
        co_financing=t.CoFinancing(
            declared=details.co_financing.declared,
            description=details.co_financing.description,
            evidenced=details.co_financing.evidenced,
            evidence_documents=list(details.co_financing.evidence_documents),
            settled=details.co_financing.settled,
        ),
        paid=view.paid,
        advances_outstanding=details.advances_outstanding,
        refund_due=view.refund_due,
        position=view.position,
        uuid=view.id,
        proposed_on=date.fromisoformat(view.proposed_on),
    )


def establishment(view: rows.EstablishmentView) -> t.Establishment:
    return t.Establishment(
        id=global_id("Establishment", view.id),
        name=view.name,
        kind=view.kind,
        tax_code=view.tax_code,
        unit_code=view.unit_code,
        certifications=view.certifications,
    )
