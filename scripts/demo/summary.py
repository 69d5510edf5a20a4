"""What the demo wrote: counted on the read model where a user of the demo would look, and
by the loader for what the read model does not tell apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.ledger import Ledger
from domain.projects.commands import RecordPayment, RecordRefund, ReversePayment
from domain.types import ProjectStatus
from projections.queries import ReadModel
from scripts.demo.commands import Command
from scripts.demo.program import PROGRAM, YEARS


@dataclass(frozen=True)
class YearFigures:
    """One fiscal year of the loaded history, as the read model reports it."""

    projects: int  # proposed for the year
    payments: int  # payments recorded with a value date in the year (reversed ones included)
    allocated_vnd: int  # allocations with their adjustments, every source
    committed_vnd: int
    paid_vnd: int  # net of reversals
    closed: bool
    # The establishments' own money on the year's projects: co-financing, not budget.
    co_financing_declared_vnd: int = 0
    co_financing_settled_vnd: int = 0


@dataclass(frozen=True)
class DemoSummary:
    """What the load wrote, counted on the read model, and how long it took."""

    seed: int
    events: int
    commands: int
    projects: int
    projects_by_status: Mapping[str, int]
    establishments: int
    payments: int
    reversals: int
    refunds: int
    statements: int
    statement_lines: int
    closes: int
    forced_closes: int
    years: Mapping[int, YearFigures]
    last_day: date
    elapsed_s: float


@dataclass
class Tally:
    """What the loader counts as it goes."""

    commands: int = 0  # every entry written through a use case, the close's own included
    payments: int = 0
    reversals: int = 0
    refunds: int = 0
    statements: int = 0
    statement_lines: int = 0
    closes: int = 0
    forced_closes: int = 0
    payments_by_year: Counter[int] = field(default_factory=Counter)

    def count(self, command: Command) -> None:
        if isinstance(command, RecordPayment):
            self.payments += 1
            self.payments_by_year[command.value_date.year] += 1
        elif isinstance(command, ReversePayment):
            self.reversals += 1
        elif isinstance(command, RecordRefund):
            self.refunds += 1


def summarise(
    tally: Tally, model: ReadModel, ledger: Ledger, seed: int, last_day: date, elapsed_s: float
) -> DemoSummary:
    """Counted from the read model, caught up to the head: what a user of the demo sees."""
    by_status = {
        status.value: model.projects(PROGRAM, status=status.value, first=1).total_count
        for status in ProjectStatus
    }
    closed = ledger.program(PROGRAM).closed_years
    return DemoSummary(
        seed=seed,
        events=model.journal(first=1).total_count,
        commands=tally.commands,
        projects=sum(by_status.values()),
        projects_by_status=by_status,
        establishments=model.establishments(first=1).total_count,
        payments=tally.payments,
        reversals=tally.reversals,
        refunds=tally.refunds,
        statements=tally.statements,
        statement_lines=tally.statement_lines,
        closes=tally.closes,
        forced_closes=tally.forced_closes,
        years=_years(tally, model, closed),
        last_day=last_day,
        elapsed_s=round(elapsed_s, 2),
    )


def _years(tally: Tally, model: ReadModel, closed: frozenset[int]) -> dict[int, YearFigures]:
    co_financing = {r.year: r for r in model.support_and_co_financing(PROGRAM)}
    years = {}
    for year in YEARS:
        totals = model.budget(PROGRAM, year).totals
        co = co_financing.get(year)
        years[year] = YearFigures(
            model.projects(PROGRAM, year=year, first=1).total_count,
            tally.payments_by_year[year],
            totals.allocated,
            totals.committed,
            totals.paid,
            year in closed,
            co.co_financing_declared if co else 0,
            co.co_financing_settled if co else 0,
        )
    return years
