"""The installation as its events leave it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.installation.events import Installation


@dataclass(frozen=True)
class InstallationState:
    id: UUID
    version: int
    training: bool
    seed: int | None
    history_until: date | None


def evolve(state: InstallationState | None, event: object) -> InstallationState:
    if isinstance(event, Installation.MarkedAsTraining):
        return InstallationState(
            id=event.originator_id,
            version=event.originator_version,
            training=True,
            seed=event.seed,
            history_until=event.history_until,
        )
    assert state is not None, "an installation starts with one of its events"
    return replace(state, version=event.originator_version)  # type: ignore[attr-defined]
