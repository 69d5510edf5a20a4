"""Budget figures as GraphQL objects."""

from __future__ import annotations

from api.budget import types as t
from api.enums import FundingSource
from api.programs.views import ratio
from projections import rows


def budget_line(
    year: int, source: str, f: rows.BudgetFigures, holder: t.BudgetHolder | None = None
) -> t.BudgetLine:
    return t.BudgetLine(
        year=year,
        source=FundingSource(source),
        holder=holder,
        estimated=f.estimated,
        allocated_initial=f.allocated_initial,
        adjustments=f.adjustments,
        allocated=f.allocated,
        carried_in=f.carried_in,
        carried_out=f.carried_out,
        transferred_in=f.transferred_in,
        transferred_out=f.transferred_out,
        cancelled=f.cancelled,
        committed=f.committed,
        paid=f.paid,
        refunded=f.refunded,
        refund_due=f.refund_due,
        settled=f.settled,
        advances_outstanding=f.advances_outstanding,
        available=f.available,
        execution_rate=ratio(f.execution_rate),
    )


def budget(report: rows.BudgetReport, visible_holder: str | None = None) -> t.BudgetReport:
    """``visible_holder``: show only that holder's lines (a district token); totals stay."""

    def shown(code: str) -> bool:
        return visible_holder is None or code == visible_holder

    def lines() -> list[t.BudgetLine]:
        return [
            budget_line(
                line.year,
                line.source,
                line.figures,
                t.BudgetHolder(code=line.holder_code, name=line.holder_name),
            )
            for line in report.lines
            if shown(line.holder_code)
        ]

    def holders() -> list[t.HolderTotals]:
        return [
            t.HolderTotals(
                holder=(holder := t.BudgetHolder(code=h.holder_code, name=h.holder_name)),
                totals=budget_line(0, "OTHER", h.figures, holder),
            )
            for h in report.holders
            if shown(h.holder_code)
        ]

    return t.BudgetReport(
        program_code=report.program_code,
        position=report.position,
        effective_on=report.effective_on,
        all_lines=lines,
        all_holders=holders,
        totals=budget_line(0, "OTHER", report.totals),
    )
