"""Use cases of programs: define one from its file, revise a target, add a support rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.ids import program_id
from domain.programs import decisions
from domain.programs.commands import AddSupportRule, RecordYearClosed, ReviseTarget
from domain.programs.loading import load_program
from domain.programs.parsing import parse_program
from domain.programs.state import ProgramState, evolve
from domain.types import Actor


class ProgramUseCases(LedgerApplication):
    def program(self, code: str) -> ProgramState:
        """The program now, for the Ledger's callers (CLI, finance, exports, tests)."""
        return load_program(self, code)

    def define_program(self, data: Mapping[str, Any], actor: Actor) -> Receipt:
        """Record a program from its file; the same file again changes nothing."""
        definition = parse_program(data)

        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            pid = program_id(definition.code)
            return pid, decisions.define_program(self.load(pid, evolve), definition, decision)

        return self.execute(definition, actor, None, decide)

    def revise_target(
        self, cmd: ReviseTarget, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            return program.id, decisions.revise_target(program, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def add_support_rule(
        self, cmd: AddSupportRule, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            return program.id, decisions.add_support_rule(program, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def record_year_closed(
        self, cmd: RecordYearClosed, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            return program.id, decisions.record_year_closed(program, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
