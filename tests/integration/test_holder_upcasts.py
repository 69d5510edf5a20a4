"""Events stored before budget holders existed stay readable, on both backends: a version 1
BudgetLine.Opened reads as the province's (74), under the id it was stored with, its bytes
unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time

from eventsourcing.persistence import StoredEvent

from domain.budget.events import BudgetLine
from domain.fiscal import VIETNAM_TZ
from domain.ids import budget_line_id
from domain.types import FundingSource
from tests.support import FINANCE, PROGRAM, ReadSide, Scenario


def _as_version_1(stored: StoredEvent) -> StoredEvent:
    state = json.loads(stored.state)
    state.pop("class_version", None)
    state.pop("holder_code", None)
    return replace(stored, state=json.dumps(state).encode())


def test_a_line_opened_before_holders_is_the_provinces_under_its_old_id(
    scenario: Scenario, read_side: ReadSide
) -> None:
    s = scenario
    line_id = budget_line_id(PROGRAM, 2024, "NATIONAL", "74")
    opened = BudgetLine.Opened(
        originator_id=line_id,
        originator_version=1,
        timestamp=datetime.combine(date(2024, 1, 5), time(9), tzinfo=VIETNAM_TZ),
        actor_subject=FINANCE.subject,
        actor_role=FINANCE.role,
        effective_on=date(2024, 1, 5),
        document_ref="1/QĐ-UBND",
        program_code=PROGRAM,
        year=2024,
        source=FundingSource.NATIONAL,
        holder_code="74",
    )
    stored = _as_version_1(s.ledger.mapper.to_stored_event(opened))  # what the old code wrote
    assert b"holder_code" not in stored.state
    s.ledger.recorder.insert_events([stored])
    line = s.ledger.budget_line(PROGRAM, 2024, FundingSource.NATIONAL)
    assert line is not None
    assert (line.id, line.holder_code) == (line_id, "74")
    s.allocate(100_000_000, source=FundingSource.NATIONAL)  # lands on the same, old line
    assert s.ledger.budget_line(PROGRAM, 2024, FundingSource.NATIONAL).allocated_vnd == (
        100_000_000
    )
    (view,) = [v for v in read_side.catch_up().budget(PROGRAM).lines if v.source == "NATIONAL"]
    assert (view.holder_code, view.holder_name, view.figures.allocated) == (
        "74",
        "Tỉnh Bình Dương",
        100_000_000,
    )
