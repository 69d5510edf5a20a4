"""Programs and progress against their targets: public reads."""

from __future__ import annotations

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from api.as_of import AsOfInput, as_of_point
from api.context import Info
from api.programs import types as t
from api.programs import views
from domain.errors import UnknownProgram
from domain.ledger import Ledger
from domain.programs.state import ProgramState
from projections.queries import ReadModel


async def program_by_code(info: Info, code: str) -> t.Program | None:
    try:
        state = await info.context.read(info.context.ledger.program, code)
    except UnknownProgram:
        return None
    return views.program(state)


@strawberry.type
class ProgramQuery:
    @strawberry.field(description="Programs the ledger holds.")
    async def programs(self, info: Info) -> list[t.Program]:
        states = await info.context.read(
            _program_states, info.context.ledger, info.context.read_model
        )
        return [views.program(s) for s in states]

    @strawberry.field(description="One program by its code, e.g. BD-KC-2025.")
    async def program(self, info: Info, code: str) -> t.Program | None:
        return await program_by_code(info, code)


@strawberry.type
class TargetQuery:
    @strawberry.field(description="Progress against each indicator's target.")
    async def targets(
        self,
        info: Info,
        program_code: str,
        year: int | None = None,
        unit_code: str | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.TargetProgress]:
        await info.context.fresh(min_position)
        rows = await info.context.read(
            info.context.read_model.targets,
            program_code,
            year,
            unit_code,
            as_of_point(as_of),
            # The costliest part on a long history, and a dashboard does not show it.
            cost_per_output=asks_for(info, "costPerOutput"),
        )
        return [views.target(r) for r in rows]


def asks_for(info: Info, field_name: str) -> bool:
    """Whether the query selects ``field_name`` anywhere under this field, fragments included
    (also when a directive skips it: the answer is then merely computed for nothing)."""
    return _selects(info.selected_fields, field_name)


def _selects(selections: list[Selection], field_name: str) -> bool:
    return any(
        (isinstance(s, SelectedField) and s.name == field_name)
        or _selects(s.selections, field_name)
        for s in selections
    )


def _program_states(ledger: Ledger, read_model: ReadModel) -> list[ProgramState]:
    """Every program's state, in one trip off the event loop rather than one per program."""
    return [ledger.program(code) for code in read_model.program_codes()]
