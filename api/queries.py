"""The Query type: thin resolvers that parse, authorise, call one query, shape the result."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from api import finance, policy, views
from api import types as t
from api.context import Info
from api.inputs import AsOfInput, as_of_point
from audit.queries import AuditReads
from domain.errors import InvalidQuery, UnknownProgram
from domain.ledger import Ledger
from domain.programs.state import ProgramState
from projections.diff import diff as history_diff
from projections.queries import ReadModel, checked_page_size
from projections.rows import AsOf


def _project_uuid(value: str) -> str:
    parsed = t.parse_global_id(value)
    if parsed is None or parsed[0] != "Project":
        raise InvalidQuery("not a project id", field="id")
    try:
        return str(UUID(parsed[1]))
    except ValueError:
        raise InvalidQuery("not a project id", field="id") from None


async def _projects(info: Info, views_: list, as_of: AsOf | None) -> list[t.Project]:
    ids = [v.id for v in views_]
    details = await info.context.run(info.context.read_model.project_details, ids, as_of)
    return [views.project(v, details[v.id]) for v in views_]


async def _program(info: Info, code: str) -> t.Program | None:
    try:
        state = await info.context.read(info.context.ledger.program, code)
    except UnknownProgram:
        return None
    return views.program(state)


async def _project(info: Info, global_id: str, as_of: AsOf | None) -> t.Project | None:
    policy.PROJECTS.check(info.context.principal)
    view = await info.context.run(info.context.read_model.project, _project_uuid(global_id), as_of)
    if view is None:
        return None
    return (await _projects(info, [view], as_of))[0]


@strawberry.type
class Query:
    @strawberry.field(description="Fetch any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> t.Node | None:
        parsed = t.parse_global_id(id)
        kind, key = parsed if parsed is not None else ("", "")
        if kind == "Program":
            return await _program(info, key)
        if kind == "Project":
            return await _project(info, id, None)
        if kind == "Establishment":
            policy.ESTABLISHMENTS.check(info.context.principal)
            view = await info.context.run(info.context.read_model.establishment, key)
            return views.establishment(view) if view else None
        return None

    @strawberry.field(description="Programs the ledger holds.")
    async def programs(self, info: Info) -> list[t.Program]:
        states = await info.context.read(
            _program_states, info.context.ledger, info.context.read_model
        )
        return [views.program(s) for s in states]

    @strawberry.field(description="One program by its code, e.g. BD-KC-2025.")
    async def program(self, info: Info, code: str) -> t.Program | None:
        return await _program(info, code)

    @strawberry.field(description="Budget execution per year and source, with totals.")
    async def budget(
        self,
        info: Info,
        program_code: str,
        year: int | None = None,
        as_of: AsOfInput | None = None,
        min_position: int | None = None,
    ) -> t.BudgetReport:
        await info.context.fresh(min_position)
        report = await info.context.read(
            info.context.read_model.budget, program_code, year, as_of_point(as_of)
        )
        return views.budget(report)

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
            cost_per_output=_asks_for(info, "costPerOutput"),
        )
        return [views.target(r) for r in rows]

    @strawberry.field(
        description="The project register, a page at a time.",
        permission_classes=policy.allowed(policy.PROJECTS),
    )
    async def projects(
        self,
        info: Info,
        program_code: str,
        status: t.ProjectStatus | None = None,  # type: ignore[valid-type]
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
        start = _cursor(after)
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
        edges = [t.ProjectEdge(cursor=t.cursor(n.position), node=n) for n in nodes]
        return t.ProjectConnection(
            edges=edges,
            page_info=views.page_info(edges, page.has_next, start),
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
        return await _project(info, id, as_of_point(as_of))

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
        start = _cursor(after)
        page = await info.context.run(
            info.context.read_model.establishments,
            search=search,
            unit_code=unit_code,
            first=checked_page_size(first),
            after=start,
        )
        edges = [
            t.EstablishmentEdge(cursor=t.cursor(v.position), node=views.establishment(v))
            for v in page.items
        ]
        return t.EstablishmentConnection(
            edges=edges,
            page_info=views.page_info(edges, page.has_next, start),
            total_count=page.total_count,
        )

    @strawberry.field(
        description="Every event in global order; after is a position.",
        permission_classes=policy.allowed(policy.JOURNAL),
    )
    async def journal(
        self,
        info: Info,
        after: int | None = None,
        first: int | None = None,
        types: list[str] | None = None,
        aggregate_id: strawberry.ID | None = None,
        min_position: int | None = None,
    ) -> t.JournalConnection:
        await info.context.fresh(min_position)
        page = await info.context.run(
            info.context.read_model.journal,
            after=after or 0,
            first=checked_page_size(first),
            types=tuple(types or ()),
            aggregate_id=aggregate_id,
        )
        edges = [
            t.JournalEdge(cursor=t.cursor(e.position), node=views.journal_entry(e))
            for e in page.items
        ]
        return t.JournalConnection(
            edges=edges,
            page_info=views.page_info(edges, page.has_next, after),
            total_count=page.total_count,
        )

    @strawberry.field(description="Positions of the event store and the read model.")
    async def ledger_head(self, info: Info) -> t.LedgerHead:
        head = await info.context.read(info.context.read_model.head)
        return t.LedgerHead(
            position=head.position, read_model_position=head.read_model_position, lag=head.lag
        )

    # Audit ------------------------------------------------------------------------------
    # Checkpoints and proofs carry hashes only, so anyone may ask for them: a transparency
    # log is meant to be checked by whoever holds a checkpoint.

    @strawberry.field(description="Signed checkpoints of the event log, by tree size.")
    async def checkpoints(
        self, info: Info, after: int | None = None, first: int | None = None
    ) -> t.CheckpointPage:
        found, more = await info.context.run(
            _audit(info).checkpoints, after, checked_page_size(first)
        )
        return t.CheckpointPage(items=[views.checkpoint(c) for c in found], has_next_page=more)

    @strawberry.field(description="The latest signed checkpoint, if any.")
    async def latest_checkpoint(self, info: Info) -> t.Checkpoint | None:
        found = await info.context.run(_audit(info).latest)
        return views.checkpoint(found) if found else None

    @strawberry.field(description="The public keys that signed checkpoints.")
    async def audit_public_keys(self, info: Info) -> list[t.AuditKey]:
        keys = await info.context.run(_audit(info).public_keys)
        return [t.AuditKey(key_id=k, public_key_pem=pem) for k, pem in sorted(keys.items())]

    @strawberry.field(
        description="Proof that the event at a position is in the log of treeSize events "
        "(default: the whole log the read model holds)."
    )
    async def inclusion_proof(
        self, info: Info, position: int, tree_size: int | None = None
    ) -> t.InclusionProof:
        proof, kept = await info.context.run(_audit(info).inclusion, position, tree_size)
        return views.inclusion(proof, kept)

    @strawberry.field(
        description="Proof that the log of toSize events (default: the whole log) extends the "
        "log of fromSize events."
    )
    async def consistency_proof(
        self, info: Info, from_size: int, to_size: int | None = None
    ) -> t.ConsistencyProof:
        proof, old, new = await info.context.run(_audit(info).consistency, from_size, to_size)
        return views.consistency(proof, old, new)

    @strawberry.field(
        description="What changed in a program's budget and targets between two positions."
    )
    async def diff(
        self,
        info: Info,
        program_code: str,
        from_position: int,
        to_position: int | None = None,
        min_position: int | None = None,
    ) -> t.HistoryDiff:
        await info.context.fresh(min_position)
        read_model = info.context.read_model
        if to_position is None:
            to_position = await info.context.run(read_model.position)
        result = await info.context.run(
            history_diff, read_model, program_code, from_position, to_position
        )
        return views.history_diff(result)

    reconciliation: finance.ReconciliationReport = strawberry.field(
        resolver=finance.reconciliation,
        permission_classes=policy.allowed(policy.RECONCILIATION),
        description="The ledger against the State Treasury for one fiscal year, per account "
        "and month, with what is unmatched; asOf reproduces a past reconciliation "
        "(finance, auditor, doit).",
    )

    treasury_statements: list[finance.ImportedStatement] = strawberry.field(
        resolver=finance.treasury_statements,
        permission_classes=policy.allowed(policy.TREASURY_STATEMENTS),
        description="The Treasury statements imported for a program (finance, auditor, doit).",
    )
    export_link: finance.ExportLink = strawberry.field(
        resolver=finance.export_link,
        permission_classes=policy.allowed(policy.EXPORTS),
        description="A download link for the budget execution and target progress as XLSX or "
        "CSV, an Open Fiscal Data Package, or IATI 2.03 XML (signed in callers).",
    )


def _asks_for(info: Info, field_name: str) -> bool:
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


def _audit(info: Info) -> AuditReads:
    return AuditReads(info.context.read_model.store)


def _cursor(after: str | None) -> int | None:
    try:
        return t.parse_cursor(after)
    except ValueError as error:
        raise InvalidQuery(str(error), field="after") from None
