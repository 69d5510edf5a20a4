"""What happens to a budget line (dòng dự toán) over its fiscal year."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.events import LedgerEvent
from domain.types import FundingSource


class BudgetLine:
    class Opened(LedgerEvent):
        """A line of (program, year, source, holder) is opened on first use.

        Version 2 added ``holder_code``, the unit whose budget the line is. A version 1 event
        (stored before holders existed) is read as the province's, "74": every line was then
        kept in the province's books, and those lines keep their ids (``domain.ids``).
        """

        TOPIC = "khuyencong:BudgetLine.Opened"
        class_version = 2
        program_code: str
        year: int
        source: FundingSource
        holder_code: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["holder_code"] = "74"

    class EstimateProposed(LedgerEvent):
        """Dự toán đề xuất: what DOIT asks for; it commits nothing."""

        TOPIC = "khuyencong:BudgetLine.EstimateProposed"
        amount_vnd: int

    class EstimateAdjusted(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.EstimateAdjusted"
        delta_vnd: int

    class EstimateCancelled(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.EstimateCancelled"
        amount_vnd: int
        reason: str

    class Allocated(LedgerEvent):
        """Giao dự toán: money the competent authority assigns to the line."""

        TOPIC = "khuyencong:BudgetLine.Allocated"
        amount_vnd: int

    class AllocationAdjusted(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.AllocationAdjusted"
        delta_vnd: int
        reason: str

    class Committed(LedgerEvent):
        """Approved support of a project reserved on the line."""

        TOPIC = "khuyencong:BudgetLine.Committed"
        project_id: UUID
        amount_vnd: int

    class CommitmentReleased(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.CommitmentReleased"
        project_id: UUID
        amount_vnd: int

    class CarriedOut(LedgerEvent):
        """Chuyển nguồn: a contracted project's unpaid commitment leaves for the next year."""

        TOPIC = "khuyencong:BudgetLine.CarriedOut"
        project_id: UUID
        amount_vnd: int
        to_year: int

    class CarriedIn(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.CarriedIn"
        project_id: UUID
        amount_vnd: int
        from_year: int

    class Cancelled(LedgerEvent):
        """Hủy dự toán: what is left free on the line at year end is cancelled."""

        TOPIC = "khuyencong:BudgetLine.Cancelled"
        amount_vnd: int
        reason: str

    class TransferredOut(LedgerEvent):
        """A project's open commitment leaves a holder whose budget ended, for its successor,
        by the decision named in ``document_ref`` (a district's on 2025-07-01)."""

        TOPIC = "khuyencong:BudgetLine.TransferredOut"
        project_id: UUID
        amount_vnd: int
        to_holder: str

    class TransferredIn(LedgerEvent):
        TOPIC = "khuyencong:BudgetLine.TransferredIn"
        project_id: UUID
        amount_vnd: int
        from_holder: str
