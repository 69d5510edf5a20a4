"""Review reads: the yearly reports received, the inspections, and the program review."""

from __future__ import annotations

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point
from api.context import Info
from api.refusals import project_id
from api.reviews import types as t
from api.reviews import views


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description="The departments' yearly reports received, as of a point of history "
        "(effectiveOn cuts at the report's date).",
        permission_classes=policy.allowed(policy.REVIEW),
    )
    async def yearly_reports(
        self,
        info: Info,
        program_code: str,
        year: int | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.YearlyReport]:
        await info.context.fresh(min_position)
        found = await info.context.read(
            info.context.read_model.yearly_reports, program_code, year, as_of_point(as_of)
        )
        return [views.report(r) for r in found]

    @strawberry.field(
        description="Inspections of projects and budget holders, by the day inspected, each "
        "with its follow-ups; filter by projectId, or by unitCode (a holder inspected, or the "
        "unit of a project inspected).",
        permission_classes=policy.allowed(policy.REVIEW),
    )
    async def inspections(
        self,
        info: Info,
        program_code: str,
        project_id: strawberry.ID | None = None,
        unit_code: str | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.Inspection]:
        await info.context.fresh(min_position)
        pid = None if project_id is None else str(_project(project_id))
        found = await info.context.read(
            info.context.read_model.inspections,
            program_code,
            as_of_point(as_of),
            project_id=pid,
            unit_code=unit_code,
        )
        return [views.inspection(r) for r in found]

    @strawberry.field(
        description="The program review (Điều 2.1.d): per year and content item, the targets "
        "and achievements the targets query answers, the money of the budget's figures, and "
        "what the yearly reports stated; as of any point of history.",
        permission_classes=policy.allowed(policy.REVIEW),
    )
    async def program_review(
        self,
        info: Info,
        program_code: str,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> t.ProgramReview:
        await info.context.fresh(min_position)
        found = await info.context.read(
            info.context.read_model.program_review, program_code, as_of_point(as_of)
        )
        return views.review(found)


def _project(value: strawberry.ID) -> object:
    return project_id(str(value))
