"""The program review (tổng kết, đánh giá; Điều 2.1.d): per year and content item, the targets
and achievements the targets query answers, the money the figures module computes, and the
figures the departments' yearly reports stated. And the reports and inspections themselves."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from projections.figures import BudgetFigures
from projections.queries.budget import content_figures
from projections.queries.core import marks
from projections.queries.programs import resolve_program
from projections.queries.targets import targets
from projections.review_rows import (
    FollowUpView,
    InspectionView,
    ProgramReview,
    ReportView,
    ReviewIndicator,
    ReviewItem,
)
from projections.rows import AsOf
from projections.store import Transaction

INSPECTION_COLUMNS = (
    "position, id, program_code, number, kind, day, body, text, follow_up, project_id, "
    "project_code, unit_code, actor_role"
)


def reports(
    tx: Transaction, prefix: str, program_code: str, year: int | None, as_of: AsOf | None
) -> tuple[ReportView, ...]:
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    where, params = _report_scope(program_code, position, effective, "r.")
    if year is not None:
        where, params = f"{where} AND r.year = ?", [*params, year]
    figures: dict[int, list[tuple[str, str, int]]] = {}
    for pos, kind, code, quantity in tx.rows(
        f"SELECT f.position, f.kind, f.code, f.quantity FROM {prefix}report_figures f "
        f"JOIN {prefix}yearly_reports r ON r.position = f.position WHERE {where} "
        "ORDER BY f.position, f.seq",
        params,
    ):
        figures.setdefault(int(pos), []).append((str(kind), str(code), int(quantity)))
    return tuple(
        ReportView(
            int(pos),
            str(number),
            str(day),
            str(sender),
            int(row_year),
            str(note),
            tuple((c, q) for k, c, q in figures.get(int(pos), []) if k == "output"),
            tuple((c, q) for k, c, q in figures.get(int(pos), []) if k == "amount"),
        )
        for pos, number, day, sender, row_year, note in tx.rows(
            f"SELECT r.position, r.number, r.reported_on, r.sender, r.year, r.note "
            f"FROM {prefix}yearly_reports r WHERE {where} ORDER BY r.year, r.position",
            params,
        )
    )


def inspections(
    tx: Transaction,
    prefix: str,
    program_code: str,
    as_of: AsOf | None,
    project_id: str | None = None,
    unit_code: str | None = None,
) -> tuple[InspectionView, ...]:
    """Inspections recorded by the point asked, each with its follow-ups by then."""
    position, effective = resolve_program(tx, prefix, program_code, None, as_of)
    where, params = "program_code = ? AND position <= ?", [program_code, position]
    if effective is not None:
        where, params = f"{where} AND day <= ?", [*params, effective.isoformat()]
    if project_id is not None:
        where, params = f"{where} AND project_id = ?", [*params, project_id]
    if unit_code is not None:
        where, params = f"{where} AND unit_code = ?", [*params, unit_code]
    return _inspection_views(
        tx.rows(f"SELECT {INSPECTION_COLUMNS} FROM {prefix}inspections WHERE {where}", params)
    )


def project_inspection_ids(
    tx: Transaction, prefix: str, project_ids: list[str]
) -> list[tuple[str, str]]:
    """(inspection id, project id) of the inspections of these projects."""
    return [
        (str(iid), str(pid))
        for iid, pid in tx.rows(
            f"SELECT DISTINCT id, project_id FROM {prefix}inspections "
            f"WHERE project_id IN ({marks(len(project_ids))})",
            project_ids,
        )
    ]


def program_review(
    tx: Transaction, prefix: str, program_code: str, as_of: AsOf | None
) -> ProgramReview:
    position, effective = resolve_program(tx, prefix, program_code, None, as_of)
    pinned = AsOf(position=position, effective_on=effective)
    years = _years(tx, prefix, program_code)
    titles = _content_titles(tx, prefix, program_code)
    home = _indicator_homes(tx, prefix, program_code)
    money = content_figures(tx, prefix, program_code, position, effective)
    stated = _stated(tx, prefix, program_code, position, effective)
    items: list[ReviewItem] = []
    for year in years:
        progress = targets(tx, prefix, program_code, year, None, pinned, cost_per_output=False)
        by_content: dict[str, list[ReviewIndicator]] = {}
        for p in progress:
            reported = stated.get((year, "output", p.indicator.code), 0)
            by_content.setdefault(home.get(p.indicator.code, ""), []).append(
                ReviewIndicator(p, reported)
            )
        codes = set(by_content) | {c for (y, c) in money if y == year}
        codes |= {c for (y, k, c) in stated if y == year and k == "amount"}
        codes.discard("")
        for code in sorted(codes, key=lambda c: titles.get(c, (len(titles), ""))[0]):
            items.append(
                ReviewItem(
                    year,
                    code,
                    titles.get(code, (0, code))[1],
                    tuple(by_content.get(code, ())),
                    money.get((year, code), BudgetFigures()),
                    stated.get((year, "amount", code), 0),
                )
            )
    return ProgramReview(
        program_code,
        position,
        years,
        tuple(items),
        reports(tx, prefix, program_code, None, pinned),
    )


def _report_scope(
    program_code: str, position: int, effective: date | None, alias: str = ""
) -> tuple[str, list[Any]]:
    where = f"{alias}program_code = ? AND {alias}position <= ?"
    params: list[Any] = [program_code, position]
    if effective is not None:
        where += f" AND {alias}reported_on <= ?"
        params.append(effective.isoformat())
    return where, params


def _stated(
    tx: Transaction, prefix: str, program_code: str, position: int, effective: date | None
) -> dict[tuple[int, str, str], int]:
    """What the reports stated, summed per (year, kind, code)."""
    where, params = _report_scope(program_code, position, effective, "r.")
    return {
        (int(year), str(kind), str(code)): int(total or 0)
        for year, kind, code, total in tx.rows(
            f"SELECT f.year, f.kind, f.code, SUM(f.quantity) FROM {prefix}report_figures f "
            f"JOIN {prefix}yearly_reports r ON r.position = f.position WHERE {where} "
            "GROUP BY f.year, f.kind, f.code",
            params,
        )
    }


def _years(tx: Transaction, prefix: str, program_code: str) -> tuple[int, ...]:
    ((start, end),) = tx.rows(
        f"SELECT period_start, period_end FROM {prefix}programs WHERE code = ?", (program_code,)
    )
    first, last = date.fromisoformat(str(start)).year, date.fromisoformat(str(end)).year
    return tuple(range(first, last + 1))


def _content_titles(tx: Transaction, prefix: str, program_code: str) -> dict[str, tuple[int, str]]:
    """Content code → (its order in the decision, its Vietnamese title)."""
    ((definition,),) = tx.rows(
        f"SELECT definition FROM {prefix}programs WHERE code = ?", (program_code,)
    )
    contents = json.loads(definition).get("contents", [])
    return {str(c["code"]): (i, str(c["title_vi"])) for i, c in enumerate(contents)}


def _indicator_homes(tx: Transaction, prefix: str, program_code: str) -> dict[str, str]:
    """Indicator → the content item it is shown under: the first it names (each indicator is
    shown once a year, so its achievement is never counted twice)."""
    homes = {}
    for code, content_codes in tx.rows(
        f"SELECT code, content_codes FROM {prefix}indicators WHERE program_code = ?",
        (program_code,),
    ):
        named = json.loads(str(content_codes or "[]"))
        homes[str(code)] = str(named[0]) if named else ""
    return homes


def _inspection_views(rows: list[tuple[Any, ...]]) -> tuple[InspectionView, ...]:
    follow_ups: dict[str, list[FollowUpView]] = {}
    for r in rows:
        if r[4] == "follow_up":
            follow_ups.setdefault(str(r[1]), []).append(
                FollowUpView(int(r[0]), str(r[5]), str(r[7]), str(r[12]))
            )
    return tuple(
        InspectionView(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[5]),
            str(r[6]),
            str(r[7]),
            str(r[8]),
            None if r[9] is None else str(r[9]),
            str(r[10]),
            str(r[11]),
            str(r[12]),
            tuple(sorted(follow_ups.get(str(r[1]), []), key=lambda f: f.position)),
        )
        for r in sorted(rows, key=lambda r: (str(r[5]), int(r[0])))
        if r[4] == "inspection"
    )
