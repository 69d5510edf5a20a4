"""Turning read-model rows and program state into GraphQL objects."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from api import types as t
from domain.programs.definition import Indicator
from domain.programs.state import ProgramState
from projections import rows
from projections.diff import HistoryDiff
from projections.log.checkpoints import Checkpoint
from projections.queries.audit_log import ConsistencyProof, InclusionProof


def program(state: ProgramState) -> t.Program:
    d = state.definition
    return t.Program(
        id=t.global_id("Program", d.code),
        code=d.code,
        title_vi=d.title_vi,
        title_en=d.title_en,
        decision_no=d.legal_basis.decision_no,
        decision_date=d.legal_basis.decision_date,
        period_start=d.period_start,
        period_end=d.period_end,
        indicators=[indicator(i, state.targets[i.code]) for i in d.indicators],
        contents=[
            t.ContentItem(code=c.code, title_vi=c.title_vi, title_en=c.title_en) for c in d.contents
        ],
        funding_sources=[t.FundingSource(s.code.value) for s in d.funding_sources],
        units=[
            t.AdminUnit(
                code=u.code,
                name_vi=u.name_vi,
                level=u.level,
                valid_from=u.valid_from,
                valid_to=u.valid_to,
                successor=u.successor,
            )
            for u in d.units
        ],
    )


def indicator(i: Indicator, target: int) -> t.Indicator:
    return t.Indicator(
        code=i.code,
        section=i.section,
        name_vi=i.name_vi,
        name_en=i.name_en,
        unit=i.unit,
        target=target,
        approximate=i.approximate,
    )


def _ratio(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def target(row: rows.TargetProgress) -> t.TargetProgress:
    i = row.indicator
    return t.TargetProgress(
        indicator=t.Indicator(
            code=i.code,
            section=i.section,
            name_vi=i.name_vi,
            name_en=i.name_en,
            unit=i.unit,
            target=row.target,
            approximate=i.approximate,
        ),
        target=row.target,
        target_as_approved=row.target_as_approved,
        planned=row.planned,
        achieved=row.achieved,
        progress=_ratio(row.progress),
        cost_per_output=row.cost_per_output,
    )


def budget_line(year: int, source: str, f: rows.BudgetFigures) -> t.BudgetLine:
    return t.BudgetLine(
        year=year,
        source=t.FundingSource(source),
        estimated=f.estimated,
        allocated=f.allocated,
        committed=f.committed,
        paid=f.paid,
        refunded=f.refunded,
        available=f.available,
        carried_in=f.carried_in,
        carried_out=f.carried_out,
        cancelled=f.cancelled,
        execution_rate=_ratio(f.execution_rate),
    )


def budget(report: rows.BudgetReport) -> t.BudgetReport:
    return t.BudgetReport(
        program_code=report.program_code,
        position=report.position,
        effective_on=report.effective_on,
        all_lines=[budget_line(line.year, line.source, line.figures) for line in report.lines],
        totals=budget_line(0, "OTHER", report.totals),
    )


def project(view: rows.ProjectView, details: rows.ProjectDetails) -> t.Project:
    return t.Project(
        id=t.global_id("Project", view.id),
        code=view.code,
        program_code=view.program_code,
        title=view.title,
        status=t.ProjectStatus(view.status),
        content_code=view.content_code,
        unit_code=view.unit_code,
        year=view.year,
        budget_year=view.budget_year,
        eligible_cost=view.eligible_cost,
        requested=view.requested,
        approved_support=view.approved_support,
        support=[
            t.SourceAmount(source=t.FundingSource(s), amount=a) for s, a in details.support.items()
        ],
        paid=view.paid,
        advances_outstanding=details.advances_outstanding,
        refund_due=view.refund_due,
        position=view.position,
        uuid=view.id,
    )


def establishment(view: rows.EstablishmentView) -> t.Establishment:
    return t.Establishment(
        id=t.global_id("Establishment", view.id),
        name=view.name,
        kind=view.kind,
        tax_code=view.tax_code,
        unit_code=view.unit_code,
        certifications=view.certifications,
    )


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


def page_info(items: list[Any], has_next: bool, after: int | None) -> t.PageInfo:
    return t.PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=items[0].cursor if items else None,
        end_cursor=items[-1].cursor if items else None,
    )


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
                source=t.FundingSource(line.source),
                changes=[
                    t.AmountChange(figure=c.measure, before=c.before, after=c.after, delta=c.delta)
                    for c in line.changes
                ],
            )
            for line in d.budget
        ],
        targets=[
            t.TargetChange(
                indicator=t.Indicator(
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
