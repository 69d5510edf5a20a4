"""Annual plans and each year's plan against what happened, as of any point (signed in)."""

from __future__ import annotations

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point
from api.context import Info
from api.plans import types as t
from api.plans import views


@strawberry.type
class PlanQuery:
    @strawberry.field(
        description="The annual plans of a year: each district's and the Center's (unit 74), "
        "with their documents, items and the provincial money approved.",
        permission_classes=policy.allowed(policy.PLANS),
    )
    async def plans(
        self,
        info: Info,
        program_code: str,
        year: int,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.Plan]:
        await info.context.fresh(min_position)
        found = await info.context.read(
            info.context.read_model.plans, program_code, year, as_of_point(as_of)
        )
        return [views.plan(view) for view in found]

    @strawberry.field(
        description="Plan against actual per year, unit and content item: planned and approved "
        "money, projects, planned and achieved outputs, committed and paid money.",
        permission_classes=policy.allowed(policy.PLANS),
    )
    async def plan_versus_actual(
        self,
        info: Info,
        program_code: str,
        year: int | None = None,
        unit_code: str | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.PlanVersusActual]:
        await info.context.fresh(min_position)
        found = await info.context.read(
            info.context.read_model.plan_versus_actual,
            program_code,
            year,
            unit_code,
            as_of_point(as_of),
        )
        return [views.versus(row) for row in found]
