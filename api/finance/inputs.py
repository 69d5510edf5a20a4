"""Inputs of the finance mutations: Treasury statements, matching by hand, the close."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from api.enums import FundingSource


@strawberry.input(description="A Treasury statement file (CSV or XLSX), as base64 or uploaded.")
class ImportStatementInput:
    program_code: str = strawberry.field(description="The program.")
    source: FundingSource = strawberry.field(
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
        default=False,
        description="Close although statement lines are unmatched, or after the adjustment "
        "window (a late close).",
    )
    reason: str = strawberry.field(default="", description="Required when forcing.")
