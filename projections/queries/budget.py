"""Budget queries: a program's figures per year and source, and committed and paid broken down
by content item or unit, as of any point of history."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from domain.errors import InvalidQuery, UnknownHolder
from projections.figures import Leg, total
from projections.figures import figures as figures_of
from projections.queries.programs import resolve_program
from projections.rows import (
    AsOf,
    BreakdownRow,
    BudgetFigures,
    BudgetLineView,
    BudgetReport,
    HolderTotals,
)
from projections.store import Transaction
from projections.totals import as_of_legs

K = TypeVar("K")
# Figures are folded in Python from sums per (account, kind, sign): one SUM per row in SQL
# instead of nine CASE expressions, which is what an as-of scan over many rows costs.
LEGS = "account, kind, amount > 0, SUM(amount)"
BREAKDOWN_COLUMNS = {"content": "content_code", "unit": "unit_code", "holder": "holder_code"}


def budget(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int | None,
    as_of: AsOf | None,
    holder_code: str | None = None,
    *,
    lines: bool = True,
) -> BudgetReport:
    """Lines keyed (year, source, holder); ``holder_code`` keeps one holder's lines, and the
    totals are then that holder's. Without ``lines``, the totals only (no lines, no holders):
    every figure adds up, so the figures of all the legs together are the lines' sum, from
    one row per kind of leg instead of one per line and kind."""
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    # The units name the lines' holders and check the one asked for; totals alone need neither.
    units = _units(tx, prefix, program_code) if lines or holder_code is not None else {}
    if holder_code is not None and holder_code not in units:
        raise UnknownHolder(f"{holder_code!r} is not a unit of {program_code}", "holderCode")
    if not lines:
        legs = as_of_legs(
            tx, prefix, program_code, year, position, effective, holder_code=holder_code
        )
        totals = figures_of((str(a), str(k), bool(p), int(v)) for *_, a, k, p, v in legs)
        return BudgetReport(program_code, position, effective, (), totals, ())
    rows = as_of_legs(
        tx, prefix, program_code, year, position, effective, by_holder=True, holder_code=holder_code
    )
    figures = _fold_by(rows, lambda r: (int(r[0]), str(r[1]), str(r[2])))
    where, params = "program_code = ? AND position <= ?", [program_code, position]
    if year is not None:
        where, params = f"{where} AND year = ?", [*params, year]
    if holder_code is not None:
        where, params = f"{where} AND holder_code = ?", [*params, holder_code]
    # A line with no money yet still shows, with zero figures.
    for line_year, source, holder in tx.rows(
        f"SELECT year, source, holder_code FROM {prefix}budget_lines WHERE {where}", params
    ):
        figures.setdefault((int(line_year), str(source), str(holder)), BudgetFigures())
    views = tuple(
        BudgetLineView(program_code, y, s, f, h, _name_in(units, h, y))
        for (y, s, h), f in sorted(figures.items())
    )
    holders = tuple(
        HolderTotals(
            code,
            _name_in(units, code, max(v.year for v in views if v.holder_code == code)),
            total(v.figures for v in views if v.holder_code == code),
        )
        for code in sorted({line.holder_code for line in views})
    )
    return BudgetReport(
        program_code, position, effective, views, total(line.figures for line in views), holders
    )


def _units(tx: Transaction, prefix: str, program_code: str) -> dict[str, dict[str, Any]]:
    """Unit code → the unit as the program's definition in the read model gives it (with its
    dated renames)."""
    for (definition,) in tx.rows(
        f"SELECT definition FROM {prefix}programs WHERE code = ?", [program_code]
    ):
        return {str(u["code"]): u for u in json.loads(definition).get("units", [])}
    return {}


def _name_in(units: dict[str, dict[str, Any]], code: str, year: int) -> str:
    """The holder's Vietnamese name at the end of the year, or on its last day if it ended
    before (Thị xã Tân Uyên in 2022, Thành phố Tân Uyên in 2023)."""
    unit = units.get(code)
    if unit is None:
        return code
    day = date(year, 12, 31).isoformat()
    if unit.get("valid_to") is not None:
        day = min(day, str(unit["valid_to"]))
    name = str(unit["name_vi"])
    for rename in unit.get("renamed", []):
        if str(rename["effective_from"]) <= day:
            name = str(rename["name_vi"])
    return name


def budget_breakdown(
    tx: Transaction,
    prefix: str,
    program_code: str,
    by: str,
    year: int | None,
    as_of: AsOf | None,
) -> tuple[BreakdownRow, ...]:
    """Committed and paid per content item (``by="content"``), unit (``by="unit"``) or
    budget holder (``by="holder"``)."""
    column = BREAKDOWN_COLUMNS.get(by)
    if column is None:
        raise InvalidQuery("break down by content, unit or holder", field="by")
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


def projects_committed_on(
    tx: Transaction, prefix: str, program_code: str, holder_code: str
) -> list[str]:
    """Ids of projects with money standing committed and unpaid on the holder's lines."""
    return [
        str(pid)
        for (pid,) in tx.rows(
            f"SELECT project_id FROM {prefix}postings WHERE program_code = ? AND holder_code = ? "
            "AND account = 'open' AND project_id IS NOT NULL "
            "GROUP BY project_id HAVING SUM(amount) <> 0 ORDER BY project_id",
            [program_code, holder_code],
        )
    ]


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


def content_figures(
    tx: Transaction, prefix: str, program_code: str, position: int, effective: date | None
) -> dict[tuple[int, str], BudgetFigures]:
    """The figures of the projects' money per (budget year, content item)."""
    where, params = _money_filter(program_code, position, effective, None)
    rows = tx.rows(
        f"SELECT year, content_code, {LEGS} FROM {prefix}postings "
        f"WHERE {where} AND content_code IS NOT NULL "
        "GROUP BY year, content_code, account, kind, amount > 0",
        params,
    )
    return _fold_by(rows, lambda r: (int(r[0]), str(r[1])))
