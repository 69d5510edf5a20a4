"""The project and establishment registers: for signed-in callers."""

from __future__ import annotations

from uuid import UUID

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point
from api.context import Info
from api.enums import ProjectStatus
from api.projects import types as t
from api.projects import views
from api.relay import after_cursor, cursor, page_info, parse_global_id
from domain.errors import InvalidQuery
from projections.queries import checked_page_size
from projections.rows import AsOf, ProjectView


async def project_by_id(info: Info, global_id: str, as_of: AsOf | None) -> t.Project | None:
    policy.PROJECTS.check(info.context.principal)
    view = await info.context.run(info.context.read_model.project, _project_uuid(global_id), as_of)
    if view is None:
        return None
    return (await _projects(info, [view], as_of))[0]


async def establishment_by_id(info: Info, key: str) -> t.Establishment | None:
    policy.ESTABLISHMENTS.check(info.context.principal)
    view = await info.context.run(info.context.read_model.establishment, key)
    return views.establishment(view) if view else None


@strawberry.type
class ProjectQuery:
    @strawberry.field(
        description="The project register, a page at a time.",
        permission_classes=policy.allowed(policy.PROJECTS),
    )
    async def projects(
        self,
        info: Info,
        program_code: str,
        status: ProjectStatus | None = None,
        year: int | None = None,
        unit_code: str | None = None,
        content_code: str | None = None,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> t.ProjectConnection:
        await info.context.fresh(min_position)
        start = after_cursor(after)
        page = await info.context.run(
            info.context.read_model.projects,
            program_code,
            status=None if status is None else status.value,
            year=year,
            unit_code=unit_code,
            content_code=content_code,
            search=search,
            first=checked_page_size(first),
            after=start,
            as_of=as_of_point(as_of),
        )
        nodes = await _projects(info, list(page.items), as_of_point(as_of))
        edges = [t.ProjectEdge(cursor=cursor(n.position), node=n) for n in nodes]
        return t.ProjectConnection(
            edges=edges,
            page_info=page_info(edges, page.has_next, start),
            total_count=page.total_count,
        )

    @strawberry.field(description="One project, as of a point of history.")
    async def project(
        self,
        info: Info,
        id: strawberry.ID,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> t.Project | None:
        await info.context.fresh(min_position)
        return await project_by_id(info, id, as_of_point(as_of))  # checks policy.PROJECTS

    @strawberry.field(
        description="Per year the projects were proposed for: state support beside the "
        "establishments' co-financing (their own money, not state budget).",
        permission_classes=policy.allowed(policy.PROJECTS),
    )
    async def support_and_co_financing(
        self,
        info: Info,
        program_code: str,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> list[t.SupportAndCoFinancing]:
        await info.context.fresh(min_position)
        rows = await info.context.run(
            info.context.read_model.support_and_co_financing, program_code, as_of_point(as_of)
        )
        return [t.SupportAndCoFinancing(**vars(row)) for row in rows]

    @strawberry.field(
        description="The establishment register, a page at a time.",
        permission_classes=policy.allowed(policy.ESTABLISHMENTS),
    )
    async def establishments(
        self,
        info: Info,
        search: str | None = None,
        unit_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> t.EstablishmentConnection:
        start = after_cursor(after)
        page = await info.context.run(
            info.context.read_model.establishments,
            search=search,
            unit_code=unit_code,
            first=checked_page_size(first),
            after=start,
        )
        edges = [
            t.EstablishmentEdge(cursor=cursor(v.position), node=views.establishment(v))
            for v in page.items
        ]
        return t.EstablishmentConnection(
            edges=edges,
            page_info=page_info(edges, page.has_next, start),
            total_count=page.total_count,
        )


def _project_uuid(value: str) -> str:
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != "Project":
        raise InvalidQuery("not a project id", field="id")
    try:
        return str(UUID(parsed[1]))
    except ValueError:
        raise InvalidQuery("not a project id", field="id") from None


async def _projects(info: Info, views_: list[ProjectView], as_of: AsOf | None) -> list[t.Project]:
    ids = [v.id for v in views_]
    details = await info.context.run(info.context.read_model.project_details, ids, as_of)
    return [views.project(v, details[v.id]) for v in views_]
