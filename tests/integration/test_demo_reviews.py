"""Yearly reports, inspections and the program review in the demo ledger, on SQLite and
PostgreSQL: two departments report on each year 2021–2025, inspections of a budget holder and of
projects under way read in the projects' histories, and the review answers every year with the
budget's figures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.test_demo import PROGRAM, Demo, _loaded
from tests.support import LedgerFactory


@pytest.fixture
def demo(make_ledger: LedgerFactory, database_url: str) -> Iterator[Demo]:
    with _loaded(make_ledger, database_url) as loaded:
        yield loaded


def test_the_demo_reports_inspects_and_reviews_2021_to_2025(demo: Demo) -> None:
    model = demo.model
    review = model.program_review(PROGRAM)
    assert review.years == (2021, 2022, 2023, 2024, 2025)
    assert sorted((r.year, r.sender) for r in review.reports) == sorted(
        (year, sender)
        for year in review.years
        for sender in ("Sở Nông nghiệp và Phát triển nông thôn", "Hội Liên hiệp Phụ nữ tỉnh")
    )
    for year in review.years:
        items = [i for i in review.items if i.year == year]
        totals = model.budget(PROGRAM, year).totals
        assert sum(i.figures.paid for i in items) == totals.paid > 0
        assert sum(i.figures.committed for i in items) == totals.committed
        assert sum(i.reported_amount for i in items) > 0
        achieved = {
            x.progress.indicator.code: x.progress.achieved for i in items for x in i.indicators
        }
        assert achieved == {t.indicator.code: t.achieved for t in model.targets(PROGRAM, year)}

    inspections = model.inspections(PROGRAM)
    assert [i.unit_code for i in inspections if i.project_id is None] == ["719"]
    projects = [i for i in inspections if i.project_id is not None]
    assert len(projects) >= 3
    assert any(i.follow_up and i.follow_ups for i in projects)
    histories = model.histories([str(i.project_id) for i in projects])
    for inspection in projects:
        history = histories[str(inspection.project_id)]
        assert inspection.position in [e.position for e in history]
        assert [e.position for e in history] == sorted(e.position for e in history)
