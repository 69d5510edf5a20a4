"""The finance department's part of the API: Treasury statements, matching by hand, the
reconciliation report and the year-end close. Resolvers are plain functions; the Query and
Mutation types mount them."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.file_uploads import Upload

from api import policy
from api import types as t
from api.auth import Forbidden
from api.context import Info
from api.inputs import AsOfInput, as_of_point
from api.policy import authorize
from api.refusals import plain_id, project_id, user_errors
from api.scalars import VND, SignedVND
from domain.application import Receipt
from domain.errors import InvalidInput, InvalidQuery, LedgerError
from domain.statements.commands import MatchStatementLine, UnmatchStatementLine
from domain.types import FundingSource, PaymentRef
from finance.close import CloseYear, close_year
from finance.exports.formats import FORMATS
from finance.exports.source import check_export_year
from finance.matching import DEFAULT_WINDOW_DAYS
from finance.reconciliation import (
    LineView,
    PaymentView,
    Reconciliation,
    reconcile,
    statements,
)
from finance.statements import STATEMENT_BYTES_MAX, import_statement_file

# Inputs ------------------------------------------------------------------------------------


@strawberry.input(description="A Treasury statement file (CSV or XLSX), as base64 or uploaded.")
class ImportStatementInput:
    program_code: str = strawberry.field(description="The program.")
    source: t.FundingSource = strawberry.field(  # type: ignore[valid-type]
        description="The funding source the statement's account pays from."
    )
    account: str = strawberry.field(default="", description="The Treasury account number.")
    file_name: str = strawberry.field(description="The file's name, e.g. sao-ke-2024-06.xlsx.")
    content_base64: str | None = strawberry.field(
        default=None, description="The file's bytes in base64 (or send `file` as multipart)."
    )
    file: Upload | None = strawberry.field(
        default=None, description="The file, sent as a multipart upload."
    )
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="A ledger payment: its project and voucher number.")
class PaymentRefInput:
    project_id: strawberry.ID = strawberry.field(description="The project's id.")
    voucher_no: str = strawberry.field(description="The payment's voucher number.")


@strawberry.input(description="Tie a statement line to ledger payments by hand.")
class MatchStatementLineInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement.")
    line_no: int = strawberry.field(description="The line's row in the file.")
    payments: list[PaymentRefInput] = strawberry.field(description="One or more payments.")
    note: str = strawberry.field(default="", description="Why, for the auditor.")
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="Undo a match: the line stays unmatched until matched by hand.")
class UnmatchStatementLineInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement.")
    line_no: int = strawberry.field(description="The line's row in the file.")
    reason: str = strawberry.field(description="Why.")
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="Close a fiscal year (khóa sổ): carry over, cancel the rest.")
class CloseYearInput:
    program_code: str = strawberry.field(description="The program.")
    year: int = strawberry.field(description="The fiscal year to close.")
    decision_no: str = strawberry.field(description="The closing decision.")
    decision_date: date = strawberry.field(description="On or after 31 December of the year.")
    force: bool = strawberry.field(
        default=False, description="Close although statement lines are unmatched."
    )
    reason: str = strawberry.field(default="", description="Required when forcing.")


# Outputs -----------------------------------------------------------------------------------


@strawberry.type(description="A statement recorded in the ledger.")
class TreasuryStatement:
    id: strawberry.ID = strawberry.field(description="The statement's id.")
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    line_count: int = strawberry.field(description="Lines the file held.")
    amount_total: VND = strawberry.field(description="The sum of its lines.")
    already_imported: bool = strawberry.field(
        description="The same file was imported before; nothing was written."
    )


@strawberry.type(description="What a statement mutation did.")
class StatementPayload:
    user_errors: list[t.UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    statement: TreasuryStatement | None = strawberry.field(description="The statement.")


@strawberry.type(description="A statement line in a reconciliation.")
class StatementLineView:
    statement_id: strawberry.ID = strawberry.field(description="Its statement.")
    line_no: int = strawberry.field(description="Its row in the file.")
    voucher_no: str = strawberry.field(description="The Treasury's voucher number.")
    amount: VND = strawberry.field(description="Amount.")
    value_date: date = strawberry.field(description="Value date.")
    payee: str = strawberry.field(description="Payee as the Treasury wrote it.")
    source: t.FundingSource = strawberry.field(description="Account's source.")  # type: ignore[valid-type]
    account: str = strawberry.field(description="Treasury account.")


@strawberry.type(description="A ledger payment in a reconciliation.")
class LedgerPaymentView:
    project_id: strawberry.ID = strawberry.field(description="Its project.")
    project_code: str = strawberry.field(description="Its project's code.")
    voucher_no: str = strawberry.field(description="Voucher number.")
    amount: VND = strawberry.field(description="Amount.")
    value_date: date = strawberry.field(description="Value date.")
    payee: str = strawberry.field(description="Payee.")
    source: t.FundingSource = strawberry.field(description="Funding source.")  # type: ignore[valid-type]


@strawberry.type(description="Lines and payments matched at different amounts.")
class AmountDiffers:
    rule: str = strawberry.field(description="voucher or manual.")
    lines: list[StatementLineView] = strawberry.field(description="The statement's side.")
    payments: list[LedgerPaymentView] = strawberry.field(description="The ledger's side.")
    difference: SignedVND = strawberry.field(description="Statement minus ledger.")


@strawberry.type(description="One account (funding source) in one month.")
class ReconciliationMonth:
    source: t.FundingSource = strawberry.field(description="Account's source.")  # type: ignore[valid-type]
    month: str = strawberry.field(description="YYYY-MM.")
    ledger_total: VND = strawberry.field(description="Payments in the ledger.")
    statement_total: VND = strawberry.field(description="Lines in the statements.")
    difference: SignedVND = strawberry.field(description="Statement minus ledger.")


@strawberry.type(description="The ledger against the State Treasury for one fiscal year.")
class ReconciliationReport:
    program_code: str = strawberry.field(description="The program.")
    year: int = strawberry.field(description="The fiscal year.")
    position: int = strawberry.field(description="Ledger position it stands at.")
    window_days: int = strawberry.field(description="Days a value date may differ.")
    months: list[ReconciliationMonth] = strawberry.field(description="Per account and month.")
    matched: int = strawberry.field(description="Matches whose amounts agree.")
    amount_differs: list[AmountDiffers] = strawberry.field(description="Matched, amounts differ.")
    only_in_statement: list[StatementLineView] = strawberry.field(
        description="Lines with no payment."
    )
    only_in_ledger: list[LedgerPaymentView] = strawberry.field(description="Payments with no line.")
    unmatched_lines: int = strawberry.field(description="Lines a close would not pass over.")


@strawberry.type(description="A project left alone by a close, and why.")
class LeftAlone:
    project_code: str = strawberry.field(description="The project.")
    why: str = strawberry.field(description="What must be decided first.")


@strawberry.type(description="What a year-end close did.")
class CloseYearPayload:
    user_errors: list[t.UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Position of Program.YearClosed.")
    carried: list[str] = strawberry.field(description="Projects carried over.")
    cancelled: list[str] = strawberry.field(description="Projects cancelled.")
    left: list[LeftAlone] = strawberry.field(description="Projects left for a decision.")
    cancelled_amount: VND = strawberry.field(description="Free budget cancelled.")
    unmatched_lines: int = strawberry.field(description="Unmatched statement lines.")
    forced: bool = strawberry.field(description="Closed although lines were unmatched.")


# Resolvers ---------------------------------------------------------------------------------


async def import_treasury_statement(info: Info, input: ImportStatementInput) -> StatementPayload:
    try:
        authorize(info.context.principal, "importTreasuryStatement")
        data = await _file_bytes(input)
        imported = await info.context.run(
            import_statement_file,
            info.context.ledger,
            input.program_code,
            FundingSource(input.source.value),
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
        statement=TreasuryStatement(
            id=strawberry.ID(str(imported.receipt.aggregate_id)),
            sha256=imported.parsed.sha256,
            line_count=len(lines),
            amount_total=sum(line.amount_vnd for line in lines),
            already_imported=imported.already_imported,
        ),
    )


async def match_statement_line(info: Info, input: MatchStatementLineInput) -> StatementPayload:
    def build() -> MatchStatementLine:
        return MatchStatementLine(
            statement_id=plain_id(input.statement_id, "statementId"),
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


async def unmatch_statement_line(info: Info, input: UnmatchStatementLineInput) -> StatementPayload:
    def build() -> UnmatchStatementLine:
        return UnmatchStatementLine(
            statement_id=plain_id(input.statement_id, "statementId"),
            line_no=input.line_no,
            reason=input.reason,
        )

    return await _statement_line_mutation(
        info, "unmatchStatementLine", build, info.context.ledger.unmatch_statement_line, input
    )


async def _statement_line_mutation(
    info: Info,
    name: str,
    build: Callable[[], object],
    use_case: Callable[..., Receipt],
    input: MatchStatementLineInput | UnmatchStatementLineInput,
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


async def close_fiscal_year(info: Info, input: CloseYearInput) -> CloseYearPayload:
    try:
        authorize(info.context.principal, "closeYear")
        command = CloseYear(
            input.program_code,
            input.year,
            input.decision_no,
            input.decision_date,
            input.force,
            input.reason,
        )
        report = await info.context.run(
            close_year,
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
        )
    return CloseYearPayload(
        user_errors=[],
        position=report.position,
        carried=list(report.carried),
        cancelled=list(report.cancelled),
        left=[LeftAlone(project_code=code, why=why) for code, why in report.left],
        cancelled_amount=report.cancelled_vnd,
        unmatched_lines=report.unmatched_lines,
        forced=report.forced,
    )


async def reconciliation(
    info: Info,
    program_code: str,
    year: int,
    as_of: AsOfInput | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_position: int | None = None,
) -> ReconciliationReport:
    if as_of is not None and as_of.effective_on is not None:
        raise InvalidQuery(
            "a reconciliation is as of a position or a recorded time", field="asOf.effectiveOn"
        )
    await info.context.fresh(min_position)
    read_model = info.context.read_model
    position = await info.context.run(read_model.position_of, as_of_point(as_of))
    report = await info.context.run(
        reconcile, read_model.store, program_code, year, position, window_days
    )
    return _report(report)


ExportFormat = strawberry.enum(
    Enum("ExportFormat", {name.upper(): name for name in FORMATS}),
    description="XLSX and CSV with Vietnamese headers; OFDP (Open Fiscal Data Package, "
    "zipped); IATI 2.03 activity XML.",
)


@strawberry.type(description="A short-lived link that downloads an export with a plain GET.")
class ExportLink:
    url: str = strawberry.field(description="Relative to the API's address; no token needed.")
    file_name: str = strawberry.field(description="The file the browser saves.")
    expires_at: datetime = strawberry.field(description="The link works until then.")


async def export_link(
    info: Info,
    program_code: str,
    format: ExportFormat,  # type: ignore[valid-type]
    year: int | None = None,
) -> ExportLink:
    links = info.context.downloads
    if links is None:  # a server without links refuses as it refuses anonymous callers
        raise Forbidden(policy.EXPORTS.refusal)
    program = await info.context.run(info.context.ledger.program, program_code)
    check_export_year(program.definition, year)
    fmt = FORMATS[format.value]
    name = f"{program.code}{'-' + str(year) if year else ''}{fmt.suffix}"
    token, expires = links.sign(fmt.name, program.code, year)
    return ExportLink(url=f"/exports/{name}?token={token}", file_name=name, expires_at=expires)


@strawberry.type(description="A Treasury statement imported into the ledger.")
class ImportedStatement:
    id: strawberry.ID = strawberry.field(description="The statement's id.")
    source: t.FundingSource = strawberry.field(description="Account's source.")  # type: ignore[valid-type]
    account: str = strawberry.field(description="Treasury account.")
    file_name: str = strawberry.field(description="The file's name.")
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    line_count: int = strawberry.field(description="Lines.")
    amount_total: VND = strawberry.field(description="The sum of its lines.")
    imported_by: str = strawberry.field(description="Who imported it: subject (role).")
    recorded_at: datetime = strawberry.field(description="When.")
    position: int = strawberry.field(description="Ledger position of the import.")


async def treasury_statements(info: Info, program_code: str) -> list[ImportedStatement]:
    await info.context.fresh()
    found = await info.context.run(statements, info.context.read_model.store, program_code)
    return [
        ImportedStatement(
            id=strawberry.ID(s.id),
            source=t.FundingSource(s.source),
            account=s.account,
            file_name=s.file_name,
            sha256=s.sha256,
            line_count=s.line_count,
            amount_total=s.amount_total,
            imported_by=s.imported_by,
            recorded_at=datetime.fromisoformat(s.recorded_at),
            position=s.position,
        )
        for s in found
    ]


# Helpers -----------------------------------------------------------------------------------


async def _file_bytes(input: ImportStatementInput) -> bytes:
    if (input.content_base64 is None) == (input.file is None):
        raise InvalidInput("send the file as contentBase64 or as file, one of the two", "file")
    if input.file is not None:
        upload = input.file  # Starlette's UploadFile: a spooled temporary file to close
        try:
            return bytes(await upload.read(STATEMENT_BYTES_MAX + 1))  # type: ignore[attr-defined]
        finally:
            await upload.close()  # type: ignore[attr-defined]
    try:
        return base64.b64decode(input.content_base64 or "", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("contentBase64 is not base64", field="contentBase64") from None


def _line(v: LineView) -> StatementLineView:
    return StatementLineView(
        statement_id=strawberry.ID(v.statement_id),
        line_no=v.line_no,
        voucher_no=v.voucher_no,
        amount=v.amount,
        value_date=v.value_date,
        payee=v.payee,
        source=t.FundingSource(v.source),
        account=v.account,
    )


def _payment(v: PaymentView) -> LedgerPaymentView:
    return LedgerPaymentView(
        project_id=strawberry.ID(t.global_id("Project", v.project_id)),
        project_code=v.project_code,
        voucher_no=v.voucher_no,
        amount=v.amount,
        value_date=v.value_date,
        payee=v.payee,
        source=t.FundingSource(v.source),
    )


def _report(r: Reconciliation) -> ReconciliationReport:
    return ReconciliationReport(
        program_code=r.program_code,
        year=r.year,
        position=r.position,
        window_days=r.window_days,
        months=[
            ReconciliationMonth(
                source=t.FundingSource(m.source),
                month=m.month,
                ledger_total=m.ledger_total,
                statement_total=m.statement_total,
                difference=m.difference,
            )
            for m in r.months
        ],
        matched=r.matched,
        amount_differs=[
            AmountDiffers(
                rule=m.rule,
                lines=[_line(x) for x in m.lines],
                payments=[_payment(x) for x in m.payments],
                difference=m.difference,
            )
            for m in r.amount_differs
        ],
        only_in_statement=[_line(x) for x in r.only_in_statement],
        only_in_ledger=[_payment(x) for x in r.only_in_ledger],
        unmatched_lines=r.unmatched_lines,
    )
