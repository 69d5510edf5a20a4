"""Journal entries, checkpoints, proofs and history diffs as GraphQL objects."""

from __future__ import annotations

import json
from datetime import date, datetime

import strawberry

from api.enums import FundingSource
from api.journal import types as t
from api.programs.types import Indicator
from projections import rows
from projections.diff import HistoryDiff
from projections.log.checkpoints import Checkpoint
from projections.queries.audit_log import ConsistencyProof, InclusionProof


def journal_entry(entry: rows.JournalEntry) -> t.JournalEntry:
    return t.JournalEntry(
        position=entry.position,
        recorded_at=datetime.fromisoformat(entry.recorded_at),
        effective_on=_date(entry.effective_on),
        type=entry.type,
        aggregate_id=strawberry.ID(entry.aggregate_id),
        actor=f"{entry.actor_subject} ({entry.actor_role})",
        document_ref=entry.document_ref,
        summary=entry.summary,
        payload=json.loads(entry.payload),
        leaf_index=entry.leaf,
    )


def _date(text: str) -> date:
    return date.fromisoformat(text)


def checkpoint(c: Checkpoint) -> t.Checkpoint:
    return t.Checkpoint(
        origin=c.origin,
        tree_size=c.tree_size,
        root_hash=c.root_hash,
        signed_at=datetime.fromisoformat(c.signed_at),
        key_id=c.key_id,
        signature=c.signature,
        json=json.dumps(c.as_json(), ensure_ascii=False),
    )


def inclusion(proof: InclusionProof, kept: Checkpoint | None) -> t.InclusionProof:
    return t.InclusionProof(
        position=proof.position,
        leaf_index=proof.leaf_index,
        tree_size=proof.tree_size,
        leaf_hash=proof.leaf_hash.hex(),
        root_hash=proof.root_hash.hex(),
        path=[h.hex() for h in proof.path],
        checkpoint=checkpoint(kept) if kept else None,
    )


def consistency(
    proof: ConsistencyProof, old: Checkpoint | None, new: Checkpoint | None
) -> t.ConsistencyProof:
    return t.ConsistencyProof(
        from_size=proof.from_size,
        to_size=proof.to_size,
        from_root=proof.from_root.hex(),
        to_root=proof.to_root.hex(),
        path=[h.hex() for h in proof.path],
        from_checkpoint=checkpoint(old) if old else None,
        to_checkpoint=checkpoint(new) if new else None,
    )


def history_diff(d: HistoryDiff) -> t.HistoryDiff:
    return t.HistoryDiff(
        program_code=d.program_code,
        from_position=d.from_position,
        to_position=d.to_position,
        budget=[
            t.BudgetLineChange(
                year=line.year,
                source=FundingSource(line.source),
                holder_code=line.holder_code,
                changes=[
                    t.AmountChange(figure=c.measure, before=c.before, after=c.after, delta=c.delta)
                    for c in line.changes
                ],
            )
            for line in d.budget
        ],
        targets=[
            t.TargetChange(
                indicator=Indicator(
                    code=tc.indicator.code,
                    section=tc.indicator.section,
                    name_vi=tc.indicator.name_vi,
                    name_en=tc.indicator.name_en,
                    unit=tc.indicator.unit,
                    target=tc.target,
                    approximate=tc.indicator.approximate,
                ),
                changes=[
                    t.CountChange(measure=c.measure, before=c.before, after=c.after, delta=c.delta)
                    for c in tc.changes
                ],
            )
            for tc in d.targets
        ],
    )
