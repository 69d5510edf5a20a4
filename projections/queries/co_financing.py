"""State support and co-financing side by side, per year a project was proposed for.

State support is what the budget lines hold for the projects (committed, paid); co-financing
is the establishments' own money, read from the projects' events (declared at proposal,
evidenced at acceptance, settled). Version 1 events carry no co-financing: they count as none.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from projections.figures import Leg, figures
from projections.payload import readable_payload
from projections.queries.programs import resolve_program
from projections.rows import AsOf, SupportAndCoFinancing
from projections.store import Transaction

CO_FINANCING_EVENTS = ("Project.Proposed", "Project.OutputsAccepted", "Project.Settled")


def by_year(
    tx: Transaction, prefix: str, program_code: str, as_of: AsOf | None
) -> tuple[SupportAndCoFinancing, ...]:
    position, _ = resolve_program(tx, prefix, program_code, None, as_of)
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for year, projects in tx.rows(
        f"SELECT p.year, COUNT(*) FROM {prefix}projects p "
        "WHERE p.program_code = ? AND p.proposed_position <= ? GROUP BY p.year",
        (program_code, position),
    ):
        years[int(year)][0] = int(projects)
    # Committed and paid are the budget figures (projections.figures) of the projects' legs.
    legs: dict[int, list[Leg]] = defaultdict(list)
    for year, account, kind, positive, amount in tx.rows(
        "SELECT p.year, x.account, x.kind, x.amount > 0, SUM(x.amount) "
        f"FROM {prefix}postings x JOIN {prefix}projects p ON p.id = x.project_id "
        "WHERE p.program_code = ? AND x.position <= ? "
        "GROUP BY p.year, x.account, x.kind, x.amount > 0",
        (program_code, position),
    ):
        legs[int(year)].append((str(account), str(kind), bool(positive), int(amount)))
    for year, year_legs in legs.items():
        support = figures(year_legs)
        years[year][1:3] = [support.committed, support.paid]
    marks = ", ".join("?" for _ in CO_FINANCING_EVENTS)
    for year, kind, payload in tx.rows(
        f"SELECT p.year, j.type, j.payload FROM {prefix}journal j "
        f"JOIN {prefix}projects p ON p.id = j.aggregate_id "
        f"WHERE p.program_code = ? AND j.position <= ? AND j.type IN ({marks})",
        (program_code, position, *CO_FINANCING_EVENTS),
    ):
        plain: dict[str, Any] = json.loads(readable_payload(str(payload)))
        column = 3 + CO_FINANCING_EVENTS.index(str(kind))
        years[int(year)][column] += int(plain.get("co_financing_vnd", 0))
    return tuple(SupportAndCoFinancing(year, *figures) for year, figures in sorted(years.items()))
