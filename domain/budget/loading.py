"""Loading budget lines: one line, or the book of lines a decision may touch."""

from __future__ import annotations

from collections.abc import Iterable

from domain.application import LedgerApplication
from domain.budget.book import LineBook, LineKey
from domain.budget.state import BudgetLineState, evolve
from domain.events import Decision
from domain.ids import budget_line_id
from domain.programs.state import ProgramState
from domain.types import FundingSource


def load_budget_line(
    app: LedgerApplication, program_code: str, year: int, source: FundingSource
) -> BudgetLineState | None:
    """None while nothing has been recorded on the line: it opens on first use."""
    return app.load(budget_line_id(program_code, year, source.value), evolve)


def load_line_book(
    app: LedgerApplication,
    program: ProgramState,
    years: Iterable[int],
    sources: Iterable[FundingSource],
    decision: Decision,
) -> LineBook:
    """The budget lines a decision may touch: these years and sources, nothing more."""
    wanted = set(sources)
    lines: dict[LineKey, BudgetLineState | None] = {
        (year, source): load_budget_line(app, program.code, year, source)
        for year in years
        for source in FundingSource
        if source in wanted
    }
    return LineBook(program, lines, decision)
