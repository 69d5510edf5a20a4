"""The demo's annual plans: 2022–2025 from every district and the Center, compiled and
approved, every project of those years naming its plan item, and plan against actual in
agreement with the budget figures, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from tests.integration.test_demo import Demo, _loaded
from tests.support import PROGRAM, LedgerFactory

DISTRICTS = {"718", "719", "720", "721", "722", "723", "724", "725", "726"}


@pytest.fixture
def demo(make_ledger: LedgerFactory, database_url: str) -> Iterator[Demo]:
    with _loaded(make_ledger, database_url) as loaded:
        yield loaded


def test_every_district_and_the_center_plan_each_year_and_the_plans_are_approved(demo: Demo):
    for year in (2022, 2023, 2024, 2025):
        plans = demo.model.plans(PROGRAM, year)
        assert {plan.unit_code for plan in plans} == DISTRICTS | {"74"}, year
        assert {plan.status for plan in plans} == {"APPROVED"}, year
        region = next(plan for plan in plans if plan.unit_code == "74")
        assert [d.act for d in region.documents] == ["SUBMITTED", "COMPILED", "APPROVED"]
        assert any(d.act == "REVISED" for plan in plans for d in plan.documents), year
        items = [item for plan in plans for item in plan.items]
        assert all(item.approved_vnd <= item.provincial_vnd for item in items)
        assert sum(item.approved_vnd for item in items) > 0
    assert demo.model.plans(PROGRAM, 2021) == ()


def test_plan_against_actual_agrees_with_the_budget_figures(demo: Demo):
    rows = demo.model.plan_versus_actual(PROGRAM)
    assert {row.year for row in rows} == {2022, 2023, 2024, 2025}
    by_year = {y.year: y for y in demo.model.support_and_co_financing(PROGRAM)}
    for year in (2022, 2023, 2024, 2025):
        mine = [row for row in rows if row.year == year]
        # Every project of a plan year names its item, so the rows hold all of the year's.
        assert sum(row.projects for row in mine) == by_year[year].projects
        assert sum(row.paid_vnd for row in mine) == by_year[year].support_paid
        assert sum(row.committed_vnd for row in mine) == by_year[year].support_committed
    # Outputs accepted on the projects naming plan items, and on 2021's (planned before any
    # annual plan was recorded), are the targets' achievements.
    achieved: dict[str, int] = {}
    for row in rows:
        for output in row.outputs:
            achieved[output.indicator_code] = achieved.get(output.indicator_code, 0) + (
                output.achieved
            )
    for view in demo.model.projects(PROGRAM, first=500).items:
        if view.year == 2021:
            for output in demo.ledger.project(UUID(view.id)).accepted_outputs:
                achieved[output.indicator_code] = (
                    achieved.get(output.indicator_code, 0) + output.quantity
                )
    targets = {t.indicator.code: t.achieved for t in demo.model.targets(PROGRAM)}
    assert {code: n for code, n in achieved.items() if n} == {
        code: n for code, n in targets.items() if n
    }
