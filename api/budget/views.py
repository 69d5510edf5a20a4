"""Budget figures as GraphQL objects."""

from __future__ import annotations

from api.budget import types as t
from api.enums import FundingSource
from api.programs.views import ratio
from projections import rows


def budget_line(year: int, source: str, f: rows.BudgetFigures) -> t.BudgetLine:
    return t.BudgetLine(
        year=year,
        source=FundingSource(source),
        estimated=f.estimated,
        allocated_initial=f.allocated_initial,
        adjustments=f.adjustments,
        allocated=f.allocated,
        carried_in=f.carried_in,
        carried_out=f.carried_out,
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


def budget(report: rows.BudgetReport) -> t.BudgetReport:
    return t.BudgetReport(
        program_code=report.program_code,
        position=report.position,
        effective_on=report.effective_on,
        all_lines=[budget_line(line.year, line.source, line.figures) for line in report.lines],
        totals=budget_line(0, "OTHER", report.totals),
    )
