"""Loading an establishment from the register."""

from __future__ import annotations

from uuid import UUID

from domain.application import LedgerApplication
from domain.errors import UnknownEstablishment
from domain.establishments.state import EstablishmentState, evolve


def load_establishment(app: LedgerApplication, establishment_id: UUID) -> EstablishmentState:
    state = app.load(establishment_id, evolve)
    if state is None:
        raise UnknownEstablishment(f"no establishment {establishment_id}", "establishmentId")
    return state
