"""The journal and the read model's head; the audit log's checkpoints and proofs, and what
changed between two points of history."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from uuid import UUID

import strawberry

from api import policy
from api.context import Info
from api.journal import types as t
from api.journal import views
from api.relay import cursor, page_info, parse_global_id, window
from audit.queries import AuditReads
from domain.errors import InvalidQuery
from domain.fiscal import local_date
from projections.diff import diff as history_diff

# A scale needs a few marks; a bound keeps one request from reading the whole journal.
RECORDED_TIMES_MAX = 50


@strawberry.type
class JournalQuery:
    @strawberry.field(
        description="Every event in global order, a page at a time (a Relay connection: "
        "string cursors; the subscription journal(after:) takes a position instead).",
        permission_classes=policy.allowed(policy.JOURNAL),
    )
    async def journal(
        self,
        info: Info,
        after: str | None = None,
        first: int | None = None,
        types: list[str] | None = None,
        aggregate_id: strawberry.ID | None = None,
        min_position: int | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> t.JournalConnection:
        await info.context.fresh(min_position)
        paging = window(first, after, last, before)
        paging.size()  # refused before the database is asked
        page = await info.context.run(
            info.context.read_model.journal,
            after=paging.after,
            first=paging.first,
            last=paging.last,
            before=paging.before,
            types=tuple(types or ()),
            aggregate_id=None if aggregate_id is None else stream_id(aggregate_id),
        )
        edges = [
            t.JournalEdge(cursor=cursor(e.position), node=views.journal_entry(e))
            for e in page.items
        ]
        return t.JournalConnection(
            edges=edges,
            page_info=page_info(edges, page),
            total_count=page.total_count,
        )

    @strawberry.field(
        description="Whether this is a training ledger, and the day its clock says it is."
    )
    async def ledger(self, info: Info) -> t.Ledger:
        ledger = info.context.ledger
        installation = await info.context.run(ledger.installation)
        training = installation is not None and installation.training
        return t.Ledger(
            training=training,
            history_until=installation.history_until if installation and training else None,
            today=local_date(ledger.clock()),
        )

    @strawberry.field(
        description="When the events at these positions were recorded, for a time scale over "
        f"the ledger's history (at most {RECORDED_TIMES_MAX} positions; ones not yet applied are "
        "left out). Public: any answer asked asOf a recorded moment tells its position already; "
        "what the events say stays in the journal."
    )
    async def recorded_times(
        self,
        info: Info,
        positions: list[int],
    ) -> list[t.RecordedTime]:
        wanted = sorted(set(positions))
        if len(wanted) > RECORDED_TIMES_MAX:
            raise InvalidQuery(f"at most {RECORDED_TIMES_MAX} positions", field="positions")
        found = await info.context.run(info.context.read_model.recorded_times, wanted)
        return [
            t.RecordedTime(position=p, recorded_at=datetime.fromisoformat(found[p]))
            for p in wanted
            if p in found
        ]

    @strawberry.field(description="Positions of the event store and the read model.")
    async def ledger_head(self, info: Info) -> t.LedgerHead:
        head = await info.context.read(info.context.read_model.head)
        return t.LedgerHead(
            position=head.position, read_model_position=head.read_model_position, lag=head.lag
        )


@strawberry.type
class AuditQuery:
    """Checkpoints and proofs carry hashes only, so anyone may ask for them: a transparency
    log is meant to be checked by whoever holds a checkpoint."""

    @strawberry.field(
        description="Signed checkpoints of the event log by tree size, a page at a time."
    )
    async def checkpoints(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> t.CheckpointConnection:
        paging = window(first, after, last, before)
        paging.size()
        page = await info.context.run(_audit(info).checkpoints, paging)
        edges = [
            t.CheckpointEdge(cursor=cursor(c.tree_size), node=views.checkpoint(c))
            for c in page.items
        ]
        return t.CheckpointConnection(
            edges=edges, page_info=page_info(edges, page), total_count=page.total_count
        )

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
        "(default: the latest signed checkpoint's tree size when it holds the position, else "
        "the whole log the read model holds); checkpoint names the signed checkpoint it is "
        "against (null when none was signed at that size)."
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


def stream_id(value: str) -> str:
    """The event stream an ``aggregateId`` names: the stream's own id (JournalEntry's
    aggregateId), or the global id of an object whose key is that id (a project)."""
    parsed = parse_global_id(value)
    if parsed is not None:
        with suppress(ValueError):
            return str(UUID(parsed[1]))
    return value


def _audit(info: Info) -> AuditReads:
    return AuditReads(info.context.read_model.store)
