"""Treasury statements, the reconciliation report and export links."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from api.enums import FundingSource
from api.relay import Node
from api.scalars import VND, SignedVND
from finance.exports.formats import FORMATS

FORMAT_DESCRIPTIONS = {
    "xlsx": "An Excel workbook with Vietnamese headers.",
    "csv": "CSV in UTF-8 with Vietnamese headers.",
    "ofdp": "An Open Fiscal Data Package, zipped.",
    "iati": "IATI 2.03 activity XML.",
}

if TYPE_CHECKING:

    class ExportFormat(Enum):
        """One member per export format (finance.exports.formats.FORMATS)."""

else:
    ExportFormat = strawberry.enum(
        Enum(
            "ExportFormat",
            {
                name.upper(): strawberry.enum_value(name, description=FORMAT_DESCRIPTIONS[name])
                for name in FORMATS
            },
        ),
        description="XLSX and CSV with Vietnamese headers; OFDP (Open Fiscal Data Package, "
        "zipped); IATI 2.03 activity XML.",
    )


@strawberry.type(description="A statement recorded in the ledger.")
class TreasuryStatement:
    id: strawberry.ID = strawberry.field(
        description="The statement's global id; node(id:) answers it as an ImportedStatement."
    )
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    line_count: int = strawberry.field(description="Lines the file held.")
    amount_total: VND = strawberry.field(description="The sum of its lines.")
    already_imported: bool = strawberry.field(
        description="The same file was imported before; nothing was written."
    )


@strawberry.type(description="A statement line in a reconciliation.")
class StatementLineView(Node):
    id: strawberry.ID = strawberry.field(
        description="The line's global id (its statement and its row); node(id:) answers it."
    )
    statement_id: strawberry.ID = strawberry.field(
        description="Its statement's global id (matchStatementLine takes it)."
    )
    line_no: int = strawberry.field(description="Its row in the file.")
    voucher_no: str = strawberry.field(description="The Treasury's voucher number.")
    amount: VND = strawberry.field(description="Amount.")
    value_date: date = strawberry.field(description="Value date.")
    payee: str = strawberry.field(description="Payee as the Treasury wrote it.")
    source: FundingSource = strawberry.field(description="Account's source.")
    account: str = strawberry.field(description="Treasury account.")
    holder_code: str = strawberry.field(description="The holder whose account it is.")


@strawberry.type(description="A ledger payment in a reconciliation.")
class LedgerPaymentView:
    project_id: strawberry.ID = strawberry.field(description="Its project.")
    project_code: str = strawberry.field(description="Its project's code.")
    voucher_no: str = strawberry.field(description="Voucher number.")
    amount: VND = strawberry.field(description="Amount.")
    value_date: date = strawberry.field(description="Value date.")
    payee: str = strawberry.field(description="Payee.")
    source: FundingSource = strawberry.field(description="Funding source.")
    holder_code: str = strawberry.field(description="The holder whose line paid it.")
    account: str = strawberry.field(
        description="The registered account of its holder and source; empty when none is."
    )


@strawberry.type(description="Lines and payments matched at different amounts.")
class AmountDiffers:
    rule: str = strawberry.field(description="voucher or manual.")
    lines: list[StatementLineView] = strawberry.field(description="The statement's side.")
    payments: list[LedgerPaymentView] = strawberry.field(description="The ledger's side.")
    difference: SignedVND = strawberry.field(description="Statement minus ledger.")


@strawberry.type(description="One account (funding source) in one month.")
class ReconciliationMonth:
    account: str = strawberry.field(description="Treasury account; empty when none is registered.")
    holder_code: str = strawberry.field(description="The account's holder.")
    source: FundingSource = strawberry.field(description="Account's source.")
    month: str = strawberry.field(description="YYYY-MM.")
    ledger_total: VND = strawberry.field(description="Payments in the ledger.")
    statement_total: VND = strawberry.field(description="Lines in the statements.")
    difference: SignedVND = strawberry.field(description="Statement minus ledger.")
    statement_imported: bool = strawberry.field(
        description="A statement of the account covers the month."
    )


@strawberry.type(description="A project left alone by a close, and why.")
class LeftAlone:
    project_code: str = strawberry.field(description="The project.")
    why: str = strawberry.field(description="What must be decided first.")


@strawberry.type(description="A Treasury statement imported into the ledger.")
class ImportedStatement(Node):
    id: strawberry.ID = strawberry.field(description="The statement's global id.")
    source: FundingSource = strawberry.field(description="Account's source.")
    account: str = strawberry.field(description="Treasury account.")
    holder_code: str = strawberry.field(description="The holder whose account it is.")
    file_name: str = strawberry.field(description="The file's name.")
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    line_count: int = strawberry.field(description="Lines.")
    amount_total: VND = strawberry.field(description="The sum of its lines.")
    imported_by: str = strawberry.field(description="Who imported it: subject (role).")
    recorded_at: datetime = strawberry.field(description="When.")
    position: int = strawberry.field(description="Ledger position of the import.")


@strawberry.type(description="A budget holder's Treasury account, registered once.")
class TreasuryAccount:
    number: str = strawberry.field(description="The account number.")
    holder_code: str = strawberry.field(description="The holder whose account it is.")
    source: FundingSource = strawberry.field(description="The money it pays.")
    name: str = strawberry.field(description="Its name.")
    position: int = strawberry.field(description="Ledger position of its registration.")


@strawberry.type(description="A short-lived link that downloads an export with a plain GET.")
class ExportLink:
    url: str = strawberry.field(description="Relative to the API's address; no token needed.")
    file_name: str = strawberry.field(description="The file the browser saves.")
    expires_at: datetime = strawberry.field(description="The link works until then.")
