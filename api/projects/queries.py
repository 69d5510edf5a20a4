"""The project and establishment registers: for signed-in callers."""

from __future__ import annotations

from uuid import UUID

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point, point_from_key, point_key
from api.context import Info
from api.enums import ProjectStatus
from api.projects import types as t
from api.projects import views
from api.relay import cursor, page_info, parse_node_id, window
from domain.errors import InvalidQuery
from projections.rows import AsOf, ProjectView


async def project_by_id(info: Info, global_id: str, as_of: AsOf | None) -> t.Project | None:
    """The project a global id names, as of the point the id carries (a historical id) or,
    for a current id, as of ``as_of``."""
    policy.PROJECTS.check(info.context.principal)
    uuid, as_of = _project_key(global_id, as_of)
    view = await info.context.run(info.context.read_model.project, uuid, as_of)
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
        last: int | None = None,
        before: str | None = None,
    ) -> t.ProjectConnection:
        await info.context.fresh(min_position)
        paging = window(first, after, last, before)
        page = await info.context.run(
            info.context.read_model.projects,
            program_code,
            status=None if status is None else status.value,
            year=year,
            unit_code=unit_code,
            content_code=content_code,
            search=search,
            first=paging.first,
            after=paging.after,
            last=paging.last,
            before=paging.before,
            as_of=as_of_point(as_of),
        )
        nodes = await _projects(info, list(page.items), as_of_point(as_of))
        edges = [t.ProjectEdge(cursor=cursor(n.position), node=n) for n in nodes]
        return t.ProjectConnection(
            edges=edges,
            page_info=page_info(edges, page),
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
        last: int | None = None,
        before: str | None = None,
    ) -> t.EstablishmentConnection:
        paging = window(first, after, last, before)
        page = await info.context.run(
            info.context.read_model.establishments,
            search=search,
            unit_code=unit_code,
            first=paging.first,
            after=paging.after,
            last=paging.last,
            before=paging.before,
        )
        edges = [
            t.EstablishmentEdge(cursor=cursor(v.position), node=views.establishment(v))
            for v in page.items
        ]
        return t.EstablishmentConnection(
            edges=edges,
            page_info=page_info(edges, page),
            total_count=page.total_count,
        )


def _project_key(value: str, as_of: AsOf | None) -> tuple[str, AsOf | None]:
    parsed = parse_node_id(value)
    if parsed is None or parsed[0] != "Project":
        raise InvalidQuery("not a project id", field="id")
    _, key, point = parsed
    try:
        uuid = str(UUID(key))
        at = None if point is None else point_from_key(point)
    except ValueError:
        raise InvalidQuery("not a project id", field="id") from None
    if at is None:
        return uuid, as_of
    if as_of is not None and point_key(as_of) != point:
        raise InvalidQuery(
            "the id names the project as of another point than asOf; give one of them",
            field="asOf",
        )
    return uuid, at


async def _projects(info: Info, views_: list[ProjectView], as_of: AsOf | None) -> list[t.Project]:
    ids = [v.id for v in views_]
    details = await info.context.run(info.context.read_model.project_details, ids, as_of)
    return [views.project(v, details[v.id], as_of) for v in views_]
