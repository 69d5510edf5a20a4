"""What happens to a State Treasury statement in the ledger: imported, and lines matched or
unmatched by hand."""

from __future__ import annotations

from domain.events import LedgerEvent
from domain.types import FundingSource, PaymentRef, StatementEntry


class Statement:
    class Imported(LedgerEvent):
        """A statement file, its SHA-256 and every line it holds: the ledger keeps what the
        Treasury said, so a reconciliation can be reproduced from events alone."""

        TOPIC = "khuyencong:Statement.Imported"
        program_code: str
        source: FundingSource  # the money the statement's account pays from
        account: str  # the Treasury account (tài khoản dự toán), as the finance officer gives it
        file_name: str
        file_format: str  # csv | xlsx
        sha256: str
        lines: tuple[StatementEntry, ...]

    class LineMatched(LedgerEvent):
        """A finance officer ties a statement line to ledger payments by hand."""

        TOPIC = "khuyencong:Statement.LineMatched"
        line_no: int
        payments: tuple[PaymentRef, ...]
        note: str

    class LineUnmatched(LedgerEvent):
        """A finance officer undoes a match (by hand or automatic): the line stays unmatched."""

        TOPIC = "khuyencong:Statement.LineUnmatched"
        line_no: int
        reason: str
