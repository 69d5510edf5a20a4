"""Budget execution: public totals; the lines for signed-in callers (see BudgetReport)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point
from api.budget import types as t
from api.budget import views
from api.context import Info
from api.programs.queries import asks_for


@strawberry.type
class BudgetQuery:
    @strawberry.field(description="Budget execution per year and source, with totals.")
    async def budget(
        self,
        info: Info,
        program_code: str,
        year: int | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
        holder_code: Annotated[
            str | None,
            strawberry.argument(
                description="Only this holder's lines, and totals of them (74, 718…726, 79)."
            ),
        ] = None,
    ) -> t.BudgetReport:
        await info.context.fresh(min_position)
        report = await info.context.read(
            info.context.read_model.budget,
            program_code,
            year,
            as_of_point(as_of),
            holder_code,
            # A dashboard asks for the totals only: no line is then read.
            lines=asks_for(info, "lines") or asks_for(info, "holders"),
        )
        return views.budget(report, policy.visible_holder(info.context.principal))
