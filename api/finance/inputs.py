"""Inputs of the finance mutations: Treasury statements, matching by hand, the close."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from api.enums import FundingSource


@strawberry.input(description="A Treasury statement file (CSV or XLSX), as base64 or uploaded.")
class ImportStatementInput:
    program_code: str = strawberry.field(description="The program.")
    account: str = strawberry.field(
        description="A registered Treasury account's number: the statement takes its holder and "
        "source (registerTreasuryAccount)."
    )
    file_name: str = strawberry.field(description="The file's name, e.g. sao-ke-2024-06.xlsx.")
    source: FundingSource | None = strawberry.field(
        default=None, description="Optional: must be the account's source when given."
    )
    content_base64: str | None = strawberry.field(
        default=None, description="The file's bytes in base64 (or send `file` as multipart)."
    )
    file: Upload | None = strawberry.field(
        default=None, description="The file, sent as a multipart upload."
    )
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="A holder's Treasury account, registered once.")
class RegisterTreasuryAccountInput:
    program_code: str = strawberry.field(description="The program.")
    number: str = strawberry.field(description="The account number, e.g. 9523.1.1068413.")
    holder_code: str = strawberry.field(description="The holder whose account it is, e.g. 74.")
    source: FundingSource = strawberry.field(description="The money it pays.")
    name: str = strawberry.field(description="Its name, e.g. Sở Công Thương tỉnh Bình Dương.")
    opened_on: date = strawberry.field(description="The holder must be valid that day.")
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
        default=False,
        description="Close although statement lines are unmatched, or after the adjustment "
        "window (a late close).",
    )
    reason: str = strawberry.field(default="", description="Required when forcing.")
