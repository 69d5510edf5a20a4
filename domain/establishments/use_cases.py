"""Use cases of the establishment register."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.application import LedgerApplication, Receipt
from domain.establishments import decisions
from domain.establishments.commands import AddCertification, RegisterEstablishment
from domain.establishments.loading import load_establishment
from domain.establishments.state import EstablishmentState, evolve
from domain.events import Decision, LedgerEvent
from domain.ids import establishment_id
from domain.programs.loading import load_program
from domain.text import clean_tax_code
from domain.types import Actor


class EstablishmentUseCases(LedgerApplication):
    def establishment(self, establishment_id: UUID) -> EstablishmentState:
        return load_establishment(self, establishment_id)

    def register_establishment(
        self, cmd: RegisterEstablishment, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            eid = establishment_id(clean_tax_code(cmd.tax_code, "taxCode"))
            return eid, decisions.register(program, self.load(eid, evolve), cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def add_certification(
        self, cmd: AddCertification, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            establishment = load_establishment(self, cmd.establishment_id)
            return establishment.id, decisions.add_certification(establishment, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
