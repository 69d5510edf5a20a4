"""Export queries: the sums and register rows an open-data export is built from, each read up to
one position so every figure of an export agrees with the others."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from projections.figures import BudgetFigures, Leg, figures
from projections.store import Transaction


class ExecutionFigures(NamedTuple):
    """The figures of the projects' money on one line, content item and unit."""

    year: int
    source: str
    content_code: str
    unit_code: str
    figures: BudgetFigures


class ExportProject(NamedTuple):
    id: str
    code: str
    title: str
    content_code: str
    unit_code: str
    status: str
    year: int
    proposed_on: str
    planned_outputs: list[dict[str, Any]]


def execution_figures(
    tx: Transaction, prefix: str, program_code: str, year: int | None, position: int
) -> list[ExecutionFigures]:
    where, params = _money_scope(program_code, year, position)
    rows = tx.rows(
        "SELECT year, source, content_code, unit_code, account, kind, amount > 0, SUM(amount) "
        f"FROM {prefix}postings WHERE {where} AND project_id IS NOT NULL "
        "GROUP BY year, source, content_code, unit_code, account, kind, amount > 0",
        params,
    )
    legs: dict[tuple[int, str, str, str], list[Leg]] = {}
    for y, s, c, u, account, kind, positive, amount in rows:
        legs.setdefault((int(y), str(s), str(c), str(u)), []).append(
            (str(account), str(kind), bool(positive), int(amount))
        )
    return [ExecutionFigures(*key, figures(cell)) for key, cell in sorted(legs.items())]


def export_projects(
    tx: Transaction, prefix: str, program_code: str, year: int | None, position: int
) -> list[ExportProject]:
    """The program's projects proposed by ``position``; with a year, those proposed for it or
    charged to it (carried over), in the order they were proposed."""
    where = "program_code = ? AND proposed_position <= ?"
    params: list[Any] = [program_code, position]
    if year is not None:
        where += " AND (year = ? OR budget_year = ?)"
        params += [year, year]
    rows = tx.rows(
        "SELECT id, code, title, content_code, unit_code, status, year, proposed_on, "
        f"planned_outputs FROM {prefix}projects WHERE {where} ORDER BY proposed_position",
        params,
    )
    return [
        ExportProject(
            str(pid),
            str(code),
            str(title),
            str(content),
            str(unit),
            str(status),
            int(proposed_year),
            str(proposed_on),
            json.loads(str(planned)),
        )
        for pid, code, title, content, unit, status, proposed_year, proposed_on, planned in rows
    ]


def _money_scope(program_code: str, year: int | None, position: int) -> tuple[str, list[Any]]:
    where = "program_code = ? AND position <= ?"
    params: list[Any] = [program_code, position]
    if year is not None:
        where += " AND year = ?"
        params.append(year)
    return where, params
