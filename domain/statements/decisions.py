"""Importing Treasury statements and matching their lines by hand: pure decisions."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from domain.accounts.state import AccountState
from domain.errors import (
    InvalidInput,
    StatementAlreadyMatched,
    StatementLineUnknown,
    UnknownAccount,
    UnknownPayment,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.ids import natural_id
from domain.programs.state import ProgramState
from domain.projects.state import ProjectState
from domain.statements.commands import ImportStatement, MatchStatementLine, UnmatchStatementLine
from domain.statements.events import Statement
from domain.statements.state import StatementState
from domain.text import clean_code, clean_text, optional_text
from domain.types import PaymentRef, StatementEntry

# A year of a province's payments is a few thousand lines; the limit stops a wrong file (or a
# whole treasury's export) from holding the server for minutes.
STATEMENT_LINES_MAX = 200_000
PAYMENTS_PER_MATCH_MAX = 50


def statement_id(program_code: str, sha256: str) -> UUID:
    """The same file for the same program is the same statement: a second import collides."""
    return natural_id("statement", program_code, sha256)


def import_statement(
    program: ProgramState,
    existing: StatementState | None,
    account: AccountState | None,
    cmd: ImportStatement,
    decision: Decision,
) -> list[LedgerEvent]:
    """Nothing when the file was imported before; its lines are already in the ledger. The
    account must be registered for the program: its holder and source are the statement's."""
    if existing is not None:
        return []
    if account is None or account.program_code != program.code:
        raise UnknownAccount(
            f"no Treasury account {cmd.account!r} is registered for {program.code}: "
            "register it first",
            field="account",
        )
    source = account.source
    if cmd.source is not None and cmd.source is not source:
        raise InvalidInput(
            f"account {account.number} pays {source.value} money, not {cmd.source.value}",
            field="source",
        )
    if not cmd.lines:
        raise InvalidInput("the statement has no lines", field="file")
    if len(cmd.lines) > STATEMENT_LINES_MAX:
        raise InvalidInput(f"a statement holds at most {STATEMENT_LINES_MAX:,} lines", "file")
    if cmd.file_format not in ("csv", "xlsx"):
        raise InvalidInput("a statement is a CSV or XLSX file", field="file")
    pending = Pending(statement_id(program.code, cmd.sha256), 0, decision)
    pending.add(
        Statement.Imported,
        effective_on=max(line.value_date for line in cmd.lines),
        document_ref=optional_text(cmd.file_name, "fileName", max_chars=200) or cmd.sha256[:16],
        program_code=program.code,
        source=source,
        account=account.number,
        holder_code=account.holder_code,
        file_name=optional_text(cmd.file_name, "fileName", max_chars=200),
        file_format=cmd.file_format,
        sha256=cmd.sha256,
        lines=cmd.lines,
    )
    return pending.events


def match_line(
    statement: StatementState,
    projects: Mapping[UUID, ProjectState | None],
    cmd: MatchStatementLine,
    decision: Decision,
) -> list[LedgerEvent]:
    """Each payment named must be a payment of a project of the statement's program, recorded
    and not reversed; a line matched by hand must be unmatched before it is matched again."""
    line = _line(statement, cmd.line_no)
    if line.line_no in statement.manual:
        raise StatementAlreadyMatched(
            f"line {line.line_no} is already matched by hand; unmatch it first", field="lineNo"
        )
    if not 1 <= len(cmd.payments) <= PAYMENTS_PER_MATCH_MAX:
        raise InvalidInput(f"name 1 to {PAYMENTS_PER_MATCH_MAX} payments", field="payments")
    refs = []
    for index, ref in enumerate(cmd.payments):
        voucher = clean_code(ref.voucher_no, f"payments[{index}].voucherNo").upper()
        project = projects.get(ref.project_id)
        payment = project.payment(voucher) if project is not None else None
        if project is None or project.program_code != statement.program_code or payment is None:
            raise UnknownPayment(
                f"no payment {voucher} on project {ref.project_id} of {statement.program_code}",
                field=f"payments[{index}]",
            )
        if payment.reversed:
            raise InvalidInput(f"payment {voucher} was reversed", field=f"payments[{index}]")
        refs.append(PaymentRef(ref.project_id, voucher))
    if len(set(refs)) != len(refs):
        raise InvalidInput("a payment is named twice", field="payments")
    taken = {ref for lno, named in statement.manual.items() for ref in named if lno != line.line_no}
    if taken & set(refs):
        raise StatementAlreadyMatched(
            "a payment named is already matched by hand to another line of this statement",
            field="payments",
        )
    pending = Pending(statement.id, statement.version, decision)
    pending.add(
        Statement.LineMatched,
        effective_on=line.value_date,
        document_ref=line.voucher_no,
        line_no=line.line_no,
        payments=tuple(refs),
        note=optional_text(cmd.note, "note", max_chars=500),
    )
    return pending.events


def unmatch_line(
    statement: StatementState, cmd: UnmatchStatementLine, decision: Decision
) -> list[LedgerEvent]:
    line = _line(statement, cmd.line_no)
    if line.line_no in statement.held_apart:
        raise InvalidInput(f"line {line.line_no} is already unmatched by hand", field="lineNo")
    pending = Pending(statement.id, statement.version, decision)
    pending.add(
        Statement.LineUnmatched,
        effective_on=line.value_date,
        document_ref=line.voucher_no,
        line_no=line.line_no,
        reason=clean_text(cmd.reason, "reason", max_chars=500),
    )
    return pending.events


def _line(statement: StatementState, line_no: int) -> StatementEntry:
    line = statement.lines.get(line_no)
    if line is None:
        raise StatementLineUnknown(f"the statement has no line {line_no}", field="lineNo")
    return line
