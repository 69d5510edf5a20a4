"""Loading an imported Treasury statement."""

from __future__ import annotations

from uuid import UUID

from domain.application import LedgerApplication
from domain.errors import UnknownStatement
from domain.statements.state import StatementState, evolve


def load_statement(app: LedgerApplication, statement_id: UUID) -> StatementState:
    state = app.load(statement_id, evolve)
    if state is None:
        raise UnknownStatement(f"no statement {statement_id}", field="statementId")
    return state
