"""Importing a Treasury statement file: parse it, then record its lines as one event. The same
path serves the command line and the API; a file refused by the parser writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from domain.application import Receipt
from domain.ledger import Ledger
from domain.statements.commands import ImportStatement
from domain.types import Actor, FundingSource
from finance.statement_file import ParsedStatement, StatementFormatUnsupported, parse_statement

STATEMENT_BYTES_MAX = 50 * 2**20


@dataclass(frozen=True)
class Imported:
    receipt: Receipt
    parsed: ParsedStatement

    @property
    def already_imported(self) -> bool:
        return self.receipt.position is None


def import_statement_file(
    ledger: Ledger,
    program_code: str,
    source: FundingSource | None,
    account: str,
    file_name: str,
    data: bytes,
    actor: Actor,
    idempotency_key: str | None = None,
) -> Imported:
    if len(data) > STATEMENT_BYTES_MAX:
        raise StatementFormatUnsupported(
            f"a statement file is at most {STATEMENT_BYTES_MAX // 2**20} MB", field="file"
        )
    parsed = parse_statement(data, file_name)
    receipt = ledger.import_statement(
        ImportStatement(
            program_code=program_code,
            source=source,
            account=account,
            file_name=file_name,
            file_format=parsed.file_format,
            sha256=parsed.sha256,
            lines=parsed.lines,
        ),
        actor,
        idempotency_key=idempotency_key,
    )
    return Imported(receipt, parsed)
