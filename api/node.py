"""The Relay ``node`` field: any object by its global id, each kind read by its own area."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.finance.queries import statement_by_id, statement_line_by_id
from api.finance.views import STATEMENT, STATEMENT_LINE
from api.programs.queries import program_by_code
from api.projects.queries import establishment_by_id, project_by_id
from api.relay import Node, parse_global_id


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Fetch any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        parsed = parse_global_id(id)
        kind, key = parsed if parsed is not None else ("", "")
        if kind == "Program":
            return await program_by_code(info, key)
        if kind == "Project":
            return await project_by_id(info, id, None)  # checks policy.PROJECTS
        if kind == "Establishment":
            return await establishment_by_id(info, key)  # checks policy.ESTABLISHMENTS
        if kind == STATEMENT:
            return await statement_by_id(info, key)  # checks policy.TREASURY_STATEMENTS
        if kind == STATEMENT_LINE:
            return await statement_line_by_id(info, key)  # checks policy.TREASURY_STATEMENTS
        return None
