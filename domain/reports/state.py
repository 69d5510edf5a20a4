"""A received yearly report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from domain.reports.events import YearlyReport


@dataclass(frozen=True)
class ReportState:
    id: UUID
    version: int
    program_code: str
    number: str
    sender: str
    year: int


def evolve(state: ReportState | None, event: object) -> ReportState:
    if isinstance(event, YearlyReport.Recorded):
        return ReportState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            number=event.number,
            sender=event.sender,
            year=event.year,
        )
    assert state is not None, "a report starts with YearlyReport.Recorded"
    return replace(state, version=event.originator_version)  # type: ignore[attr-defined]
