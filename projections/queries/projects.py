"""Register queries: the projects of a program (filtered, paged, as of any position) with
their money, each project's support and advances, and the establishments register."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from projections.figures import BudgetFigures, Leg, figures
from projections.payload import readable_payload
from projections.queries.core import like, marks, resolve
from projections.queries.paging import Window, keyset_slice
from projections.queries.programs import resolve_program
from projections.rows import (
    AsOf,
    CoFinancing,
    EstablishmentView,
    Page,
    ProjectDetails,
    ProjectView,
)
from projections.store import Transaction, read_position

PROJECT_COLUMNS = (
    "p.content_code, p.unit_code, p.year, p.eligible_cost, p.requested_total, p.proposed_on, "
    "p.proposed_position"
)
ESTABLISHMENT_COLUMNS = (
    "id, name, kind, tax_code, unit_code, address, registered_on, certifications, position"
)


def _status_at(prefix: str) -> str:
    """A project's status as of a bound position (the last change at or before it)."""
    return (
        f"(SELECT s.status FROM {prefix}project_status s WHERE s.project_id = p.id "
        "AND s.position <= ? ORDER BY s.position DESC LIMIT 1)"
    )


def projects(
    tx: Transaction,
    prefix: str,
    program_code: str,
    *,
    status: str | None,
    year: int | None,
    unit_code: str | None,
    content_code: str | None,
    search: str | None,
    window: Window,
    as_of: AsOf | None,
) -> Page[ProjectView]:
    position, _ = resolve_program(tx, prefix, program_code, year, as_of)
    status_sql = _status_at(prefix)
    where = ["p.program_code = ?", "p.proposed_position <= ?"]
    params: list[Any] = [program_code, position]
    for column, value in (
        ("p.year", year),
        ("p.unit_code", unit_code),
        ("p.content_code", content_code),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if search:
        where.append("p.search_text LIKE ? ESCAPE '\\'")
        params.append(like(search))
    if status is not None:
        where.append(f"{status_sql} = ?")
        params.extend([position, status])
    condition = " AND ".join(where)
    ((count,),) = tx.rows(f"SELECT COUNT(*) FROM {prefix}projects p WHERE {condition}", params)
    found = keyset_slice(
        tx,
        columns=f"p.id, p.program_code, p.code, p.title, {status_sql}, {PROJECT_COLUMNS}",
        source=f"{prefix}projects p",
        condition=condition,
        params=params,
        key="p.proposed_position",
        window=window,
        column_params=[position],
    )
    views = tuple(_project_views(tx, prefix, found.rows, position))
    return Page(views, int(count), found.has_next, position, found.has_previous)


def project(
    tx: Transaction, prefix: str, project_id: str, as_of: AsOf | None
) -> ProjectView | None:
    position, _ = resolve(tx, prefix, as_of)
    rows = tx.rows(
        f"SELECT p.id, p.program_code, p.code, p.title, {_status_at(prefix)}, {PROJECT_COLUMNS} "
        f"FROM {prefix}projects p WHERE p.id = ? AND p.proposed_position <= ?",
        (position, project_id, position),
    )
    views = _project_views(tx, prefix, rows, position)
    return views[0] if views else None


def _project_views(
    tx: Transaction, prefix: str, rows: Sequence[tuple[Any, ...]], position: int
) -> list[ProjectView]:
    if not rows:
        return []
    ids = [str(r[0]) for r in rows]
    legs: dict[str, list[Leg]] = {}
    carried_to: dict[str, int] = {}
    for pid, year, account, kind, positive, amount in tx.rows(
        "SELECT project_id, year, account, kind, amount > 0, SUM(amount) "
        f"FROM {prefix}postings WHERE project_id IN ({marks(len(ids))}) AND position <= ? "
        "GROUP BY project_id, year, account, kind, amount > 0",
        [*ids, position],
    ):
        legs.setdefault(str(pid), []).append((str(account), str(kind), bool(positive), int(amount)))
        if kind == "carry" and positive:  # the line a carry-over moved the project to
            carried_to[str(pid)] = max(carried_to.get(str(pid), 0), int(year))
    money = {pid: figures(project_legs) for pid, project_legs in legs.items()}
    views = []
    for r in rows:
        f = money.get(str(r[0]), BudgetFigures())
        views.append(
            ProjectView(
                id=str(r[0]),
                program_code=str(r[1]),
                code=str(r[2]),
                title=str(r[3]),
                status=str(r[4]),
                content_code=str(r[5]),
                unit_code=str(r[6]),
                year=int(r[7]),
                budget_year=max(int(r[7]), carried_to.get(str(r[0]), 0)),
                eligible_cost=int(r[8]),
                requested=int(r[9]),
                approved_support=f.committed,
                paid=f.paid,
                refund_due=f.refund_due,
                proposed_on=str(r[10]),
                position=int(r[11]),
            )
        )
    return views


def project_details(
    tx: Transaction, prefix: str, project_ids: Sequence[str], as_of: AsOf | None
) -> dict[str, ProjectDetails]:
    """Support per source and co-financing, from each project's own events, and advances not
    yet recovered, the figure ``advancesOutstanding`` of its postings (``projections.advances``)."""
    if not project_ids:
        return {}
    position, _ = resolve(tx, prefix, as_of)
    details = {pid: _Details() for pid in project_ids}
    for aggregate_id, kind, payload in tx.rows(
        f"SELECT aggregate_id, type, payload FROM {prefix}journal "
        f"WHERE aggregate_id IN ({marks(len(project_ids))}) AND position <= ? AND type IN ("
        "'Project.Proposed', 'Project.Approved', 'Project.Adjusted', "
        "'Project.OutputsAccepted', 'Project.Settled') ORDER BY position",
        [*project_ids, position],
    ):
        plain = json.loads(readable_payload(str(payload)))
        details[str(aggregate_id)].apply(str(kind), plain)
    legs: dict[str, list[Leg]] = {pid: [] for pid in project_ids}
    for pid, account, kind, positive, amount in tx.rows(
        "SELECT project_id, account, kind, amount > 0, SUM(amount) FROM "
        f"{prefix}postings WHERE project_id IN ({marks(len(project_ids))}) AND position <= ? "
        "AND account = 'advance' GROUP BY project_id, account, kind, amount > 0",
        [*project_ids, position],
    ):
        legs[str(pid)].append((str(account), str(kind), bool(positive), int(amount)))
    return {
        pid: ProjectDetails(
            dict(d.support), figures(legs[pid]).advances_outstanding, d.co_financing
        )
        for pid, d in details.items()
    }


class _Details:
    """Support per source and co-financing, folded from a project's events in order."""

    def __init__(self) -> None:
        self.support: dict[str, int] = {}
        self.co_financing = CoFinancing()

    def apply(self, kind: str, payload: dict[str, Any]) -> None:
        # Version 1 events (stored before co-financing was recorded) carry none.
        amount = int(payload.get("co_financing_vnd", 0))
        cf = self.co_financing
        if kind == "Project.Proposed":
            note = str(payload.get("co_financing_note", ""))
            self.co_financing = replace(cf, declared=amount, description=note)
        elif kind == "Project.OutputsAccepted":
            document = str(payload.get("co_financing_document", ""))
            documents = (*cf.evidence_documents, document) if document else cf.evidence_documents
            self.co_financing = replace(
                cf, evidenced=cf.evidenced + amount, evidence_documents=documents
            )
        elif kind in ("Project.Approved", "Project.Adjusted"):
            self.support = {i["source"]: i["amount_vnd"] for i in payload["support"]}
        elif kind == "Project.Settled":
            self.co_financing = replace(cf, settled=amount)


def establishments(
    tx: Transaction,
    prefix: str,
    *,
    search: str | None,
    unit_code: str | None,
    window: Window,
) -> Page[EstablishmentView]:
    position = read_position(tx, prefix)
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if search:
        where.append("search_text LIKE ? ESCAPE '\\'")
        params.append(like(search))
    if unit_code:
        where.append("unit_code = ?")
        params.append(unit_code)
    condition = " AND ".join(where)
    ((count,),) = tx.rows(f"SELECT COUNT(*) FROM {prefix}establishments WHERE {condition}", params)
    found = keyset_slice(
        tx,
        columns=ESTABLISHMENT_COLUMNS,
        source=f"{prefix}establishments",
        condition=condition,
        params=params,
        key="position",
        window=window,
    )
    items = tuple(_establishment(r) for r in found.rows)
    return Page(items, int(count), found.has_next, position, found.has_previous)


def establishment(tx: Transaction, prefix: str, establishment_id: str) -> EstablishmentView | None:
    rows = tx.rows(
        f"SELECT {ESTABLISHMENT_COLUMNS} FROM {prefix}establishments WHERE id = ?",
        (establishment_id,),
    )
    return _establishment(rows[0]) if rows else None


def program_codes(tx: Transaction, prefix: str) -> list[str]:
    return [str(r[0]) for r in tx.rows(f"SELECT code FROM {prefix}programs ORDER BY code")]


def _establishment(r: tuple[Any, ...]) -> EstablishmentView:
    return EstablishmentView(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        str(r[5]),
        str(r[6]),
        int(r[7]),
        int(r[8]),
    )


def projects_charged_to(tx: Transaction, prefix: str, program_code: str, year: int) -> list[str]:
    """The ids of the projects whose budget year is ``year``, in the order they were proposed."""
    rows = tx.rows(
        f"SELECT id FROM {prefix}projects WHERE program_code = ? AND budget_year = ? "
        "ORDER BY proposed_position",
        (program_code, year),
    )
    return [str(r[0]) for r in rows]
