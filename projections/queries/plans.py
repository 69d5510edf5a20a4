"""Annual plans as of any point of history, and each year's plan against what happened: the
projects that name a plan item, their achieved outputs, and the money committed and paid on
them (the budget figures of their postings, ``projections.figures``)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from projections.figures import Leg, figures
from projections.plan_rows import (
    OutputVersusPlan,
    PlanDocument,
    PlanItemView,
    PlanMoneyView,
    PlanVersusActual,
    PlanView,
    Quantity,
)
from projections.plan_tables import PLAN_ACTS, PLAN_ALLOCATIONS, PLAN_ITEMS, PLAN_LINKS
from projections.queries.core import marks
from projections.queries.programs import resolve_program
from projections.rows import AsOf
from projections.schema import OUTPUTS, POSTINGS, PROJECTS, qualified
from projections.store import Transaction

ItemKey = tuple[int, str, int]  # year, plan unit, item number


@dataclass
class _Plan:
    year: int
    unit_code: str
    documents: list[PlanDocument] = field(default_factory=list)
    items_position: int = 0
    compiled: dict[str, int] = field(default_factory=dict)
    compiled_position: int = 0
    approved_position: int = 0


def plans(
    tx: Transaction, prefix: str, program_code: str, year: int, as_of: AsOf | None
) -> tuple[PlanView, ...]:
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    found = _plans(tx, prefix, program_code, year, position, effective)
    items = _items(tx, prefix, program_code, year, found, position)
    approved = _approved(tx, prefix, program_code, year, found)
    linked = _linked_codes(tx, prefix, program_code, year, position)
    region = next((p for p in found.values() if p.compiled_position), None)
    views = []
    for plan in found.values():
        plan_items = tuple(
            _item_view(row, approved.get(key, 0), linked.get(key, ()))
            for row in items.get((year, plan.unit_code), [])
            for key in [(year, plan.unit_code, int(row[0]))]
        )
        views.append(
            PlanView(
                program_code,
                year,
                plan.unit_code,
                _status(plan, region),
                tuple(plan.documents),
                plan_items,
            )
        )
    return tuple(sorted(views, key=lambda v: (len(v.unit_code), v.unit_code)))


def plan_versus_actual(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int | None,
    unit_code: str | None,
    as_of: AsOf | None,
) -> tuple[PlanVersusActual, ...]:
    position, effective = resolve_program(tx, prefix, program_code, year, as_of)
    years = [year] if year is not None else _plan_years(tx, prefix, program_code, position)
    groups: dict[tuple[int, str, str], dict[str, Any]] = {}
    item_group: dict[ItemKey, tuple[int, str, str]] = {}

    def group(key: tuple[int, str, str]) -> dict[str, Any]:
        return groups.setdefault(
            key, {"n": 0, "vnd": 0, "prov": 0, "appr": 0, "out": defaultdict(lambda: [0, 0])}
        )

    for one_year in years:
        found = _plans(tx, prefix, program_code, one_year, position, effective)
        approved = _approved(tx, prefix, program_code, one_year, found)
        for (_, plan_unit), item_rows in _items(
            tx, prefix, program_code, one_year, found, position
        ).items():
            for row in item_rows:
                item_no, content, unit, n, outputs, _, vnd, prov = row
                key = (one_year, str(unit), str(content))
                item_group[(one_year, plan_unit, int(item_no))] = key
                g = group(key)
                g["n"] += int(n)
                g["vnd"] += int(vnd)
                g["prov"] += int(prov)
                g["appr"] += approved.get((one_year, plan_unit, int(item_no)), 0)
                for output in json.loads(str(outputs)):
                    g["out"][output["indicator_code"]][0] += int(output["quantity"])
    projects = _linked_projects(tx, prefix, program_code, years, position)
    by_project: dict[str, tuple[int, str, str]] = {}
    for project_id, link_year, plan_unit, item_no, unit, content in projects:
        key = item_group.get((link_year, plan_unit, item_no), (link_year, unit, content))
        by_project[project_id] = key
        group(key).setdefault("projects", set()).add(project_id)
    _add_achieved(tx, prefix, by_project, groups, position, effective)
    legs = _legs(tx, prefix, by_project, position, effective)
    rows: list[PlanVersusActual] = []
    for key, g in sorted(groups.items()):
        if unit_code is not None and key[1] != unit_code:
            continue
        money = figures(legs.get(key, []))
        rows.append(
            PlanVersusActual(
                year=key[0],
                unit_code=key[1],
                content_code=key[2],
                planned_projects=g["n"],
                planned_vnd=g["vnd"],
                planned_provincial_vnd=g["prov"],
                approved_vnd=g["appr"],
                projects=len(g.get("projects", ())),
                outputs=tuple(
                    OutputVersusPlan(code, planned, achieved)
                    for code, (planned, achieved) in sorted(g["out"].items())
                ),
                committed_vnd=money.committed,
                paid_vnd=money.paid,
            )
        )
    return tuple(rows)


def _plans(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int,
    position: int,
    effective: date | None,
) -> dict[str, _Plan]:
    sql = (
        "SELECT plan_id, unit_code, act, document_no, document_date, position, compiled "
        f"FROM {qualified(prefix, PLAN_ACTS)} WHERE program_code = ? AND year = ? "
        "AND position <= ?"
    )
    params: list[Any] = [program_code, year, position]
    if effective is not None:
        sql += " AND effective_on <= ?"
        params.append(effective.isoformat())
    found: dict[str, _Plan] = {}
    for plan_id, unit, act, number, day, at, compiled in tx.rows(
        sql + " ORDER BY position", params
    ):
        plan = found.setdefault(str(plan_id), _Plan(year, str(unit)))
        plan.documents.append(PlanDocument(str(act), str(number), date.fromisoformat(day), at))
        if act in ("SUBMITTED", "REVISED"):
            plan.items_position = int(at)
        elif act == "COMPILED":
            plan.compiled, plan.compiled_position = json.loads(str(compiled)), int(at)
        else:
            plan.approved_position = int(at)
    return found


def _items(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int,
    found: dict[str, _Plan],
    position: int,
) -> dict[tuple[int, str], list[tuple[Any, ...]]]:
    """The items each plan's latest submission or revision wrote, by (year, plan unit)."""
    latest = {plan.items_position: plan.unit_code for plan in found.values()}
    items: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    if not latest:
        return items
    for row in tx.rows(
        "SELECT position, item_no, content_code, unit_code, planned_projects, outputs, money, "
        f"planned_vnd, provincial_vnd FROM {qualified(prefix, PLAN_ITEMS)} "
        f"WHERE program_code = ? AND year = ? AND position IN ({marks(len(latest))}) "
        "ORDER BY position, item_no",
        (program_code, year, *latest),
    ):
        items.setdefault((year, latest[int(row[0])]), []).append(tuple(row[1:]))
    return items


def _approved(
    tx: Transaction, prefix: str, program_code: str, year: int, found: dict[str, _Plan]
) -> dict[ItemKey, int]:
    approvals = [plan.approved_position for plan in found.values() if plan.approved_position]
    if not approvals:
        return {}
    return {
        (year, str(unit), int(item_no)): int(amount)
        for unit, item_no, amount in tx.rows(
            f"SELECT plan_unit, item_no, amount FROM {qualified(prefix, PLAN_ALLOCATIONS)} "
            "WHERE program_code = ? AND year = ? AND position = ?",
            (program_code, year, max(approvals)),
        )
    }


def _status(plan: _Plan, region: _Plan | None) -> str:
    if plan.approved_position:
        return "APPROVED"
    if region is not None and plan is not region and plan.unit_code in region.compiled:
        if region.approved_position:
            return "APPROVED"
        if plan.documents[-1].position < region.compiled_position:
            return "COMPILED"
    return plan.documents[-1].act


def _item_view(row: tuple[Any, ...], approved: int, codes: tuple[str, ...]) -> PlanItemView:
    item_no, content, unit, n, outputs, money, vnd, prov = row
    return PlanItemView(
        item_no=int(item_no),
        content_code=str(content),
        unit_code=str(unit),
        planned_projects=int(n),
        outputs=tuple(
            Quantity(o["indicator_code"], int(o["quantity"])) for o in json.loads(str(outputs))
        ),
        money=tuple(
            PlanMoneyView(m["source"], m["holder_code"], int(m["amount_vnd"]))
            for m in json.loads(str(money))
        ),
        planned_vnd=int(vnd),
        provincial_vnd=int(prov),
        approved_vnd=approved,
        projects=len(codes),
        project_codes=codes,
    )


def _linked_codes(
    tx: Transaction, prefix: str, program_code: str, year: int, position: int
) -> dict[ItemKey, tuple[str, ...]]:
    """The codes of the projects naming each item, in the order they were proposed."""
    codes: dict[ItemKey, tuple[str, ...]] = {}
    for unit, item_no, code in tx.rows(
        f"SELECT l.plan_unit, l.item_no, p.code FROM {qualified(prefix, PLAN_LINKS)} l "
        f"JOIN {qualified(prefix, PROJECTS)} p ON p.id = l.project_id "
        "WHERE l.program_code = ? AND l.year = ? AND l.position <= ? ORDER BY l.position",
        (program_code, year, position),
    ):
        key = (year, str(unit), int(item_no))
        codes[key] = (*codes.get(key, ()), str(code))
    return codes


def _plan_years(tx: Transaction, prefix: str, program_code: str, position: int) -> list[int]:
    return [
        int(year)
        for (year,) in tx.rows(
            f"SELECT DISTINCT year FROM {qualified(prefix, PLAN_ACTS)} "
            "WHERE program_code = ? AND position <= ? ORDER BY year",
            (program_code, position),
        )
    ]


def _linked_projects(
    tx: Transaction, prefix: str, program_code: str, years: list[int], position: int
) -> list[tuple[str, int, str, int, str, str]]:
    """Projects that name a plan item of ``years``, with their own unit and content item."""
    if not years:
        return []
    return [
        (str(pid), int(year), str(plan_unit), int(item_no), str(unit), str(content))
        for pid, year, plan_unit, item_no, unit, content in tx.rows(
            "SELECT l.project_id, l.year, l.plan_unit, l.item_no, p.unit_code, p.content_code "
            f"FROM {qualified(prefix, PLAN_LINKS)} l "
            f"JOIN {qualified(prefix, PROJECTS)} p ON p.id = l.project_id "
            f"WHERE l.program_code = ? AND l.position <= ? AND l.year IN ({marks(len(years))})",
            (program_code, position, *years),
        )
    ]


def _cut(alias: str, position: int, effective: date | None) -> tuple[str, list[Any]]:
    sql = f" AND {alias}position <= ?"
    params: list[Any] = [position]
    if effective is not None:
        sql += f" AND {alias}effective_on <= ?"
        params.append(effective.isoformat())
    return sql, params


def _add_achieved(
    tx: Transaction,
    prefix: str,
    by_project: dict[str, tuple[int, str, str]],
    groups: dict[tuple[int, str, str], dict[str, Any]],
    position: int,
    effective: date | None,
) -> None:
    if not by_project:
        return
    cut, params = _cut("", position, effective)
    for project_id, code, quantity in tx.rows(
        f"SELECT project_id, indicator_code, SUM(quantity) FROM {qualified(prefix, OUTPUTS)} "
        f"WHERE kind = 'achieved' AND project_id IN ({marks(len(by_project))}){cut} "
        "GROUP BY project_id, indicator_code",
        (*by_project, *params),
    ):
        groups[by_project[str(project_id)]]["out"][str(code)][1] += int(quantity or 0)


def _legs(
    tx: Transaction,
    prefix: str,
    by_project: dict[str, tuple[int, str, str]],
    position: int,
    effective: date | None,
) -> dict[tuple[int, str, str], list[Leg]]:
    """The postings of the linked projects, summed as legs for ``projections.figures``."""
    legs: dict[tuple[int, str, str], list[Leg]] = defaultdict(list)
    if not by_project:
        return legs
    cut, params = _cut("", position, effective)
    for project_id, account, kind, positive, amount in tx.rows(
        "SELECT project_id, account, kind, amount > 0, SUM(amount) "
        f"FROM {qualified(prefix, POSTINGS)} "
        f"WHERE project_id IN ({marks(len(by_project))}){cut} "
        "GROUP BY project_id, account, kind, amount > 0",
        (*by_project, *params),
    ):
        legs[by_project[str(project_id)]].append(
            (str(account), str(kind), bool(positive), int(amount))
        )
    return legs
