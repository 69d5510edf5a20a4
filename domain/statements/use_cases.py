"""Use cases of Treasury statements: import a file's lines, match and unmatch lines by hand."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.accounts.decisions import clean_number
from domain.accounts.state import evolve as evolve_account
from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.ids import account_id
from domain.programs.loading import load_program
from domain.projects.state import evolve as evolve_project
from domain.statements import decisions
from domain.statements.commands import ImportStatement, MatchStatementLine, UnmatchStatementLine
from domain.statements.decisions import statement_id
from domain.statements.loading import load_statement
from domain.statements.state import StatementState, evolve
from domain.types import Actor


class StatementUseCases(LedgerApplication):
    def statement(self, sid: UUID) -> StatementState:
        return load_statement(self, sid)

    def import_statement(
        self, cmd: ImportStatement, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        """A file imported before changes nothing: the receipt has no position."""

        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            sid = statement_id(program.code, cmd.sha256)
            existing = self.load(sid, evolve)
            account = self.load(account_id(clean_number(cmd.account)), evolve_account)
            return sid, decisions.import_statement(program, existing, account, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def match_statement_line(
        self, cmd: MatchStatementLine, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            statement = load_statement(self, cmd.statement_id)
            projects = {
                ref.project_id: self.load(ref.project_id, evolve_project) for ref in cmd.payments
            }
            return statement.id, decisions.match_line(statement, projects, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def unmatch_statement_line(
        self, cmd: UnmatchStatementLine, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            statement = load_statement(self, cmd.statement_id)
            return statement.id, decisions.unmatch_line(statement, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
