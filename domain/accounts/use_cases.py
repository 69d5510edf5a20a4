"""Use cases of Treasury accounts."""

from __future__ import annotations

from typing import Any

from domain.accounts import decisions
from domain.accounts.commands import RegisterAccount
from domain.accounts.state import AccountState, evolve
from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.ids import account_id
from domain.programs.loading import load_program
from domain.types import Actor


class AccountUseCases(LedgerApplication):
    def treasury_account(self, number: str) -> AccountState | None:
        return self.load(account_id(decisions.clean_number(number)), evolve)

    def register_account(
        self, cmd: RegisterAccount, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            aid = account_id(decisions.clean_number(cmd.number))
            existing = self.load(aid, evolve)
            return aid, decisions.register_account(program, existing, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
