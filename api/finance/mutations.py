"""Finance writes: importing Treasury statements, matching lines by hand, closing a year
(finance). Each authorises first (api/policy.py, by name) and answers ``userErrors`` having
written nothing when refused."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import cast

import strawberry
from starlette.datastructures import UploadFile

from api.context import Info
from api.finance import inputs as i
from api.finance import types as t
from api.finance import views
from api.policy import authorize
from api.refusals import UserError, node_uuid, project_id, user_errors
from api.scalars import VND
from domain.accounts.commands import RegisterAccount
from domain.application import Receipt
from domain.errors import InvalidInput, LedgerError
from domain.statements.commands import MatchStatementLine, UnmatchStatementLine
from domain.types import FundingSource, PaymentRef
from finance import close as year_end
from finance.statements import STATEMENT_BYTES_MAX, import_statement_file


@strawberry.type(description="What a statement mutation did.")
class StatementPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    statement: t.TreasuryStatement | None = strawberry.field(description="The statement.")


@strawberry.type(description="What registering a Treasury account did.")
class AccountPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the event.")


@strawberry.type(description="What a year-end close did.")
class CloseYearPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Position of Program.YearClosed.")
    carried: list[str] = strawberry.field(description="Projects carried over.")
    cancelled: list[str] = strawberry.field(description="Projects cancelled.")
    left: list[t.LeftAlone] = strawberry.field(description="Projects left for a decision.")
    cancelled_amount: VND = strawberry.field(description="Free budget cancelled.")
    unmatched_lines: int = strawberry.field(description="Unmatched statement lines.")
    forced: bool = strawberry.field(
        description="Closed with force: statement lines were unmatched, or the close is late."
    )
    late: bool = strawberry.field(
        description="Recorded after the year's adjustment window (31 January of the next year)."
    )


@strawberry.type
class FinanceMutation:
    @strawberry.mutation(
        description="Import a Treasury statement file, CSV or XLSX (finance). The same file "
        "twice changes nothing; a refused file writes nothing."
    )
    async def import_treasury_statement(
        self, info: Info, input: i.ImportStatementInput
    ) -> StatementPayload:
        try:
            authorize(info.context.principal, "importTreasuryStatement")
            data = await _file_bytes(input)
            imported = await info.context.run(
                import_statement_file,
                info.context.ledger,
                input.program_code,
                FundingSource(input.source.value) if input.source else None,
                input.account,
                input.file_name,
                data,
                info.context.principal.actor(),
                input.idempotency_key,
            )
        except LedgerError as error:
            return StatementPayload(user_errors=user_errors(error), position=None, statement=None)
        lines = imported.parsed.lines
        return StatementPayload(
            user_errors=[],
            position=imported.receipt.position,
            statement=t.TreasuryStatement(
                id=views.statement_id(str(imported.receipt.aggregate_id)),
                sha256=imported.parsed.sha256,
                line_count=len(lines),
                amount_total=sum(line.amount_vnd for line in lines),
                already_imported=imported.already_imported,
            ),
        )

    @strawberry.mutation(
        description="Register a holder's Treasury account once (finance): statements name it."
    )
    async def register_treasury_account(
        self, info: Info, input: i.RegisterTreasuryAccountInput
    ) -> AccountPayload:
        try:
            authorize(info.context.principal, "registerTreasuryAccount")
            command = RegisterAccount(
                program_code=input.program_code,
                number=input.number,
                holder_code=input.holder_code,
                source=FundingSource(input.source.value),
                name=input.name,
                opened_on=input.opened_on,
            )
            receipt = await info.context.run(
                info.context.ledger.register_account,
                command,
                info.context.principal.actor(),
                idempotency_key=input.idempotency_key,
            )
        except LedgerError as error:
            return AccountPayload(user_errors=user_errors(error), position=None)
        return AccountPayload(user_errors=[], position=receipt.position)

    @strawberry.mutation(description="Tie a statement line to ledger payments by hand (finance).")
    async def match_statement_line(
        self, info: Info, input: i.MatchStatementLineInput
    ) -> StatementPayload:
        def build() -> MatchStatementLine:
            return MatchStatementLine(
                statement_id=node_uuid(input.statement_id, views.STATEMENT, "statementId"),
                line_no=input.line_no,
                payments=tuple(
                    PaymentRef(project_id(p.project_id, f"payments[{n}].projectId"), p.voucher_no)
                    for n, p in enumerate(input.payments)
                ),
                note=input.note,
            )

        return await _statement_line_mutation(
            info, "matchStatementLine", build, info.context.ledger.match_statement_line, input
        )

    @strawberry.mutation(description="Undo a match of a statement line (finance).")
    async def unmatch_statement_line(
        self, info: Info, input: i.UnmatchStatementLineInput
    ) -> StatementPayload:
        def build() -> UnmatchStatementLine:
            return UnmatchStatementLine(
                statement_id=node_uuid(input.statement_id, views.STATEMENT, "statementId"),
                line_no=input.line_no,
                reason=input.reason,
            )

        return await _statement_line_mutation(
            info, "unmatchStatementLine", build, info.context.ledger.unmatch_statement_line, input
        )

    @strawberry.mutation(
        description="Close a fiscal year: carry over what qualifies, cancel the rest (finance)."
    )
    async def close_year(self, info: Info, input: i.CloseYearInput) -> CloseYearPayload:
        try:
            authorize(info.context.principal, "closeYear")
            command = year_end.CloseYear(
                input.program_code,
                input.year,
                input.decision_no,
                input.decision_date,
                input.force,
                input.reason,
            )
            report = await info.context.run(
                year_end.close_year,
                info.context.ledger,
                info.context.read_model,
                command,
                info.context.principal.actor(),
            )
        except LedgerError as error:
            return CloseYearPayload(
                user_errors=user_errors(error),
                position=None,
                carried=[],
                cancelled=[],
                left=[],
                cancelled_amount=0,
                unmatched_lines=0,
                forced=False,
                late=False,
            )
        return CloseYearPayload(
            user_errors=[],
            position=report.position,
            carried=list(report.carried),
            cancelled=list(report.cancelled),
            left=[t.LeftAlone(project_code=code, why=why) for code, why in report.left],
            cancelled_amount=report.cancelled_vnd,
            unmatched_lines=report.unmatched_lines,
            forced=report.forced,
            late=report.late,
        )


async def _statement_line_mutation(
    info: Info,
    name: str,
    build: Callable[[], object],
    use_case: Callable[..., Receipt],
    input: i.MatchStatementLineInput | i.UnmatchStatementLineInput,
) -> StatementPayload:
    try:
        authorize(info.context.principal, name)
        receipt = await info.context.run(
            use_case,
            build(),
            info.context.principal.actor(),
            idempotency_key=input.idempotency_key,
        )
    except LedgerError as error:
        return StatementPayload(user_errors=user_errors(error), position=None, statement=None)
    return StatementPayload(user_errors=[], position=receipt.position, statement=None)


async def _file_bytes(input: i.ImportStatementInput) -> bytes:
    if (input.content_base64 is None) == (input.file is None):
        raise InvalidInput("send the file as contentBase64 or as file, one of the two", "file")
    if input.file is not None:
        # strawberry types an upload as bytes; over Starlette it is an UploadFile, a spooled
        # temporary file to close.
        upload = cast(UploadFile, input.file)
        try:
            return bytes(await upload.read(STATEMENT_BYTES_MAX + 1))
        finally:
            await upload.close()
    try:
        return base64.b64decode(input.content_base64 or "", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("contentBase64 is not base64", field="contentBase64") from None
