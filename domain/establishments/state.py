"""An establishment as it stands in the register."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from domain.establishments.events import Establishment
from domain.types import EstablishmentKind


@dataclass(frozen=True)
class EstablishmentState:
    id: UUID
    version: int
    name: str
    kind: EstablishmentKind
    tax_code: str
    unit_code: str
    certificate_nos: frozenset[str] = frozenset()


def evolve(state: EstablishmentState | None, event: object) -> EstablishmentState:
    if isinstance(event, Establishment.Registered):
        return EstablishmentState(
            id=event.originator_id,
            version=event.originator_version,
            name=event.name,
            kind=event.kind,
            tax_code=event.tax_code,
            unit_code=event.unit_code,
        )
    assert state is not None, "an establishment starts with Establishment.Registered"
    if isinstance(event, Establishment.CertificationAdded):
        return replace(
            state,
            version=event.originator_version,
            certificate_nos=state.certificate_nos | {event.certificate_no},
        )
    raise TypeError(f"not an establishment event: {type(event).__name__}")
