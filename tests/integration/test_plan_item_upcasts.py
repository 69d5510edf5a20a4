"""A project proposed before plans existed stays readable, on both backends: a version 2
Project.Proposed reads as naming no plan item, and the read model links it to none."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time

from eventsourcing.persistence import StoredEvent

from domain.fiscal import VIETNAM_TZ
from domain.ids import project_id
from domain.projects.events import Project
from domain.types import FundingSource, Output, SourceAmount
from tests.support import CENTER, PROGRAM, ReadSide, Scenario


def _as_version_2(stored: StoredEvent) -> StoredEvent:
    state = json.loads(stored.state)
    state["class_version"] = 2
    state.pop("plan_unit_code")
    state.pop("plan_item_no")
    return replace(stored, state=json.dumps(state).encode())


def test_a_project_proposed_before_plans_names_no_plan_item(
    scenario: Scenario, read_side: ReadSide
) -> None:
    pid = project_id(PROGRAM, "DA-CU-1")
    proposed = Project.Proposed(
        originator_id=pid,
        originator_version=1,
        timestamp=datetime.combine(date(2024, 2, 1), time(9), tzinfo=VIETNAM_TZ),
        actor_subject=CENTER.subject,
        actor_role=CENTER.role,
        effective_on=date(2024, 2, 1),
        document_ref="DA-CU-1",
        program_code=PROGRAM,
        code="DA-CU-1",
        title="Hỗ trợ máy sấy",
        content_code="IV.1.b",
        unit_code="719",
        year=2024,
        eligible_cost_vnd=600_000_000,
        requested=(SourceAmount(FundingSource.PROVINCIAL, 250_000_000),),
        planned_outputs=(Output("machines_applied", 2),),
        beneficiary_ids=(),
        co_financing_vnd=0,
        co_financing_note="",
        plan_unit_code="",
        plan_item_no=0,
    )
    stored = _as_version_2(scenario.ledger.mapper.to_stored_event(proposed))
    assert b"plan_item_no" not in stored.state
    scenario.ledger.recorder.insert_events([stored])
    (event,) = scenario.ledger.events.get(pid)
    assert (event.plan_unit_code, event.plan_item_no) == ("", 0)
    assert scenario.ledger.project(pid).code == "DA-CU-1"
    model = read_side.catch_up()
    assert model.project(str(pid)) is not None
    assert model.plan_versus_actual(PROGRAM, 2024) == ()
