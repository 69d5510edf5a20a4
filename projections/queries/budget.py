"""Budget queries: a program's figures per year and source, and committed and paid broken down
by content item or unit, as of any point of history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from domain.errors import InvalidQuery
from projections.figures import Leg, total
from projections.figures import figures as figures_of
from projections.queries.programs import resolve_program
from projections.rows import AsOf, BreakdownRow, BudgetFigures, BudgetLineView, BudgetReport
from projections.store import Transaction
from projections.totals import as_of_legs

K = TypeVar("K")
# Figures are folded in Python from sums per (account, kind, sign): one SUM per row in SQL
# instead of nine CASE expressions, which is what an as-of scan over many rows costs.
LEGS = "account, kind, amount > 0, SUM(amount)"
BREAKDOWN_COLUMNS = {"content": "content_code", "unit": "unit_code"}


def budget(
    tx: Transaction, prefix: str, program_code: str, year: int | None, as_of: AsOf | None
) -> BudgetReport:
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    rows = as_of_legs(tx, prefix, program_code, year, position, effective)
    figures = _fold_by(rows, lambda r: (int(r[0]), str(r[1])))
    year_filter, year_params = ("AND year = ?", [year]) if year is not None else ("", [])
    # A line with no money yet still shows, with zero figures.
    for line_year, source in tx.rows(
        f"SELECT year, source FROM {prefix}budget_lines WHERE program_code = ? "
        f"AND position <= ? {year_filter}",
        [program_code, position, *year_params],
    ):
        figures.setdefault((int(line_year), str(source)), BudgetFigures())
    lines = tuple(BudgetLineView(program_code, y, s, f) for (y, s), f in sorted(figures.items()))
    return BudgetReport(
        program_code, position, effective, lines, total(line.figures for line in lines)
    )


def budget_breakdown(
    tx: Transaction,
    prefix: str,
    program_code: str,
    by: str,
    year: int | None,
    as_of: AsOf | None,
) -> tuple[BreakdownRow, ...]:
    """Committed and paid per content item (``by="content"``) or unit (``by="unit"``)."""
    column = BREAKDOWN_COLUMNS.get(by)
    if column is None:
        raise InvalidQuery("break down by content or unit", field="by")
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    where, params = _money_filter(program_code, position, effective, year)
    rows = tx.rows(
        f"SELECT {column}, {LEGS} FROM {prefix}postings "
        f"WHERE {where} AND {column} IS NOT NULL "
        f"GROUP BY {column}, account, kind, amount > 0",
        params,
    )
    figures = _fold_by(rows, lambda r: str(r[0]))
    return tuple(BreakdownRow(key, f.committed, f.paid) for key, f in sorted(figures.items()))


def _money_filter(
    program_code: str, position: int, effective: date | None, year: int | None
) -> tuple[str, list[Any]]:
    where = "program_code = ? AND position <= ?"
    params: list[Any] = [program_code, position]
    if year is not None:
        where += " AND year = ?"
        params.append(year)
    if effective is not None:
        where += " AND effective_on <= ?"
        params.append(effective.isoformat())
    return where, params


def _fold_by(
    rows: list[tuple[Any, ...]], key: Callable[[tuple[Any, ...]], K]
) -> dict[K, BudgetFigures]:
    """Rows of (key columns…, account, kind, positive, sum) into figures per key."""
    legs: dict[K, list[Leg]] = {}
    for row in rows:
        account, kind, positive, amount = row[-4:]
        legs.setdefault(key(row), []).append((str(account), str(kind), bool(positive), int(amount)))
    return {k: figures_of(v) for k, v in legs.items()}
