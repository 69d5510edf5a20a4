"""What happens to a State Treasury statement in the ledger: imported, and lines matched or
unmatched by hand."""

from __future__ import annotations

from typing import Any

from domain.events import LedgerEvent
from domain.types import FundingSource, PaymentRef, StatementEntry


class Statement:
    class Imported(LedgerEvent):
        """A statement file, its SHA-256 and every line it holds: the ledger keeps what the
        Treasury said, so a reconciliation can be reproduced from events alone."""

        TOPIC = "khuyencong:Statement.Imported"
        class_version = 2
        program_code: str
        source: FundingSource  # the money the statement's account pays from
        account: str  # the Treasury account (tài khoản dự toán), registered before the import
        holder_code: str  # the holder whose account it is
        file_name: str
        file_format: str  # csv | xlsx
        sha256: str
        lines: tuple[StatementEntry, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 named no holder: statements were imported before accounts were
            registered, and the only statements were the provincial account's, 74's."""
            state["holder_code"] = "74"

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
