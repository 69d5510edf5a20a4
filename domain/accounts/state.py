"""A registered Treasury account."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from domain.accounts.events import TreasuryAccount
from domain.types import FundingSource


@dataclass(frozen=True)
class AccountState:
    id: UUID
    version: int
    program_code: str
    number: str
    holder_code: str
    source: FundingSource
    name: str


def evolve(state: AccountState | None, event: object) -> AccountState:
    if isinstance(event, TreasuryAccount.Registered):
        return AccountState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            number=event.number,
            holder_code=event.holder_code,
            source=event.source,
            name=event.name,
        )
    assert state is not None, "an account starts with TreasuryAccount.Registered"
    return replace(state, version=event.originator_version)  # type: ignore[attr-defined]
