"""A recorded inspection."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.inspections.events import Inspection


@dataclass(frozen=True)
class InspectionState:
    id: UUID
    version: int
    program_code: str
    number: str
    inspected_on: date
    project_id: str
    unit_code: str
    follow_ups: int = 0


def evolve(state: InspectionState | None, event: object) -> InspectionState:
    if isinstance(event, Inspection.Recorded):
        return InspectionState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            number=event.number,
            inspected_on=event.effective_on,
            project_id=event.project_id,
            unit_code=event.unit_code,
        )
    assert state is not None, "an inspection starts with Inspection.Recorded"
    if isinstance(event, Inspection.FollowUpRecorded):
        return replace(state, version=event.originator_version, follow_ups=state.follow_ups + 1)
    return replace(state, version=event.originator_version)  # type: ignore[attr-defined]
