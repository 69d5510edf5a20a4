"""Target queries: each indicator's target, plan and achievement, and what was paid on the
projects that achieved it, as of any point of history."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from projections.figures import paid_condition
from projections.queries.core import pairs
from projections.queries.programs import resolve_program
from projections.rows import AsOf, IndicatorView, TargetProgress
from projections.store import Transaction
from projections.totals import as_of_outputs


def targets(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int | None,
    unit_code: str | None,
    as_of: AsOf | None,
    *,
    cost_per_output: bool,
) -> tuple[TargetProgress, ...]:
    """Progress per indicator. ``cost_per_output=False`` is for callers that do not show
    that figure: the payments behind it, the costliest part of the query on a long history
    (every achieving project's postings), are then not summed and paid_for_achieving is 0."""
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    indicators = tx.rows(
        "SELECT code, section, name_vi, name_en, unit, approximate "
        f"FROM {prefix}indicators WHERE program_code = ? ORDER BY ordinal",
        (program_code,),
    )
    counts = _output_counts(
        as_of_outputs(tx, prefix, program_code, position, effective), year, unit_code
    )
    first = dict(
        pairs(
            tx.rows(
                f"SELECT o.indicator_code, o.quantity FROM {prefix}outputs o "
                f"JOIN {prefix}programs g "
                "ON g.code = o.program_code AND g.position = o.position "
                "WHERE o.program_code = ? AND o.kind = 'target'",
                (program_code,),
            )
        )
    )
    paid = (
        _paid_for_achieving(tx, prefix, program_code, position, effective, year, unit_code)
        if cost_per_output
        else {}
    )
    return tuple(
        _target_progress(row, counts.get(str(row[0]), _NO_OUTPUTS), first, paid)
        for row in indicators
    )


def _paid_for_achieving(
    tx: Transaction,
    prefix: str,
    program_code: str,
    position: int,
    effective: date | None,
    year: int | None,
    unit_code: str | None,
) -> dict[str, int]:
    """Paid on the projects with achieved outputs of each indicator (each project once)."""
    scoped = "program_code = ? AND position <= ?"
    params: list[Any] = [program_code, position]
    if effective is not None:
        scoped += " AND effective_on <= ?"
        params.append(effective.isoformat())
    scope, scope_params = _output_scope(year, unit_code)
    scoped += scope
    params += scope_params
    return dict(
        pairs(
            tx.rows(
                f"SELECT a.indicator_code, SUM(p.amount) FROM {prefix}postings p JOIN "
                f"(SELECT DISTINCT indicator_code, project_id FROM {prefix}outputs "
                f"WHERE {scoped} AND kind = 'achieved') a ON a.project_id = p.project_id "
                f"WHERE {paid_condition('p.')} AND p.position <= ? GROUP BY a.indicator_code",
                [*params, position],
            )
        )
    )


class _OutputCounts(NamedTuple):
    target: int
    planned: int
    achieved: int


_NO_OUTPUTS = _OutputCounts(0, 0, 0)


def _output_counts(
    rows: list[tuple[Any, ...]], year: int | None, unit_code: str | None
) -> dict[str, _OutputCounts]:
    """Target, planned and achieved per indicator from the checkpointed sums. The target
    counts the whole program; planned and achieved only the asked year and unit."""
    counts: dict[str, list[int]] = {}
    measures = {"target": 0, "planned": 1, "achieved": 2}
    for code, kind, row_year, row_unit, quantity in rows:
        measure = measures.get(str(kind))
        if measure is None:
            continue
        in_scope = (year is None or row_year == year) and (
            unit_code is None or row_unit == unit_code
        )
        if measure == 0 or in_scope:
            counts.setdefault(str(code), [0, 0, 0])[measure] += int(quantity or 0)
    return {code: _OutputCounts(*sums) for code, sums in counts.items()}


def _target_progress(
    indicator: tuple[Any, ...],
    counts: _OutputCounts,
    first: dict[str, int],
    paid: dict[str, int],
) -> TargetProgress:
    code, section, name_vi, name_en, unit, approximate = indicator
    return TargetProgress(
        indicator=IndicatorView(
            str(code), str(section), str(name_vi), str(name_en), str(unit), bool(approximate)
        ),
        target=counts.target,
        target_as_approved=first.get(code, 0),
        planned=counts.planned,
        achieved=counts.achieved,
        paid_for_achieving=paid.get(code, 0),
    )


def _output_scope(year: int | None, unit_code: str | None) -> tuple[str, list[Any]]:
    """The extra conditions (" AND …") on the outputs that planned and achieved count."""
    scope = ""
    params: list[Any] = []
    if year is not None:
        scope += " AND year = ?"
        params.append(year)
    if unit_code is not None:
        scope += " AND unit_code = ?"
        params.append(unit_code)
    return scope, params
