"""Use cases of budget lines: estimates, allocations, adjustments, year-end cancellation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from domain.application import LedgerApplication, Receipt
from domain.budget import decisions
from domain.budget.commands import (
    AdjustBudget,
    AdjustEstimate,
    AllocateBudget,
    CancelBudget,
    CancelEstimate,
    ProposeEstimate,
)
from domain.budget.loading import load_budget_line
from domain.budget.state import BudgetLineState
from domain.events import Decision, LedgerEvent
from domain.fiscal import check_year
from domain.ids import LEGACY_LINE_HOLDER, budget_line_id
from domain.programs.loading import load_program
from domain.programs.state import ProgramState
from domain.types import Actor, FundingSource

Command = TypeVar(
    "Command",
    ProposeEstimate,
    AdjustEstimate,
    CancelEstimate,
    AllocateBudget,
    AdjustBudget,
    CancelBudget,
)
LineDecision = Callable[[ProgramState, BudgetLineState | None, Any, Decision], list[LedgerEvent]]


class BudgetUseCases(LedgerApplication):
    def budget_line(
        self, program_code: str, year: int, source: FundingSource, holder: str = LEGACY_LINE_HOLDER
    ) -> BudgetLineState | None:
        """The line now, or None before anything is recorded on it, for the Ledger's callers."""
        return load_budget_line(self, program_code, year, source, holder)

    def propose_estimate(
        self, cmd: ProposeEstimate, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.propose_estimate)

    def adjust_estimate(
        self, cmd: AdjustEstimate, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.adjust_estimate)

    def cancel_estimate(
        self, cmd: CancelEstimate, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.cancel_estimate)

    def allocate_budget(
        self, cmd: AllocateBudget, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.allocate_budget)

    def adjust_budget(
        self, cmd: AdjustBudget, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.adjust_budget)

    def cancel_budget(
        self, cmd: CancelBudget, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        return self._on_line(cmd, actor, idempotency_key, decisions.cancel_budget)

    def _on_line(
        self, cmd: Command, actor: Actor, idempotency_key: str | None, decide_on: LineDecision
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            source = program.check_source(cmd.source)
            program.check_open(check_year(cmd.year, "year"))
            holder = decisions.line_holder(program, cmd, decision)
            line = load_budget_line(self, program.code, cmd.year, source, holder)
            events = decide_on(program, line, cmd, decision)
            return budget_line_id(program.code, cmd.year, source.value, holder), events

        return self.execute(cmd, actor, idempotency_key, decide)
