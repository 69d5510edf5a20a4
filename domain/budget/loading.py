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
    app: LedgerApplication, program_code: str, year: int, source: FundingSource, holder: str
) -> BudgetLineState | None:
    """None while nothing has been recorded on the line: it opens on first use."""
    return app.load(budget_line_id(program_code, year, source.value, holder), evolve)


def load_line_book(
    app: LedgerApplication,
    program: ProgramState,
    keys: Iterable[LineKey],
    decision: Decision,
) -> LineBook:
    """The budget lines a decision may touch: these (year, source, holder), nothing more."""
    lines: dict[LineKey, BudgetLineState | None] = {
        key: load_budget_line(app, program.code, *key) for key in dict.fromkeys(keys)
    }
    return LineBook(program, lines, decision)
