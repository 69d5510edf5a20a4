"""What happens to a project (đề án khuyến công) from proposal to settlement."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.events import LedgerEvent
from domain.types import (
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    ProjectStatus,
    SourceAmount,
)


class Project:
    class Proposed(LedgerEvent):
        """Version 2 added the co-financing the establishment declares (its own money towards
        the eligible cost, not state budget) and what it is; version 1 reads as none. Version 3
        added the annual-plan item the project carries out (the item ``plan_item_no`` of
        ``plan_unit_code``'s plan for the project's year); earlier versions read as none."""

        TOPIC = "khuyencong:Project.Proposed"
        program_code: str
        code: str
        title: str
        content_code: str
        unit_code: str
        year: int
        eligible_cost_vnd: int
        requested: tuple[SourceAmount, ...]
        planned_outputs: tuple[Output, ...]
        beneficiary_ids: tuple[UUID, ...]
        co_financing_vnd: int
        co_financing_note: str
        plan_unit_code: str  # "" when the project names no plan item
        plan_item_no: int  # 0 likewise
        class_version = 3

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["co_financing_vnd"] = 0
            state["co_financing_note"] = ""

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["plan_unit_code"] = ""
            state["plan_item_no"] = 0

    class Appraised(LedgerEvent):
        """Thẩm định: the appraisal council's result; a FAIL still needs a rejection decision."""

        TOPIC = "khuyencong:Project.Appraised"
        result: AppraisalResult
        notes: str

    class Approved(LedgerEvent):
        """Support per source committed on the lines of ``holders`` (source code → holder code),
        decided by the holder rule on the approval date (``domain.budget.holders``).

        Version 2 added ``holders``. A version 1 event is read with none: every source then sits
        on the province's line ("74"), where all money was kept before holders existed.
        """

        TOPIC = "khuyencong:Project.Approved"
        class_version = 2
        support: tuple[SourceAmount, ...]
        budget_year: int
        holders: dict[str, str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["holders"] = {}

    class Rejected(LedgerEvent):
        TOPIC = "khuyencong:Project.Rejected"
        reason: str

    class Adjusted(LedgerEvent):
        """Approved support changed by a later decision; budget commitments follow the change."""

        TOPIC = "khuyencong:Project.Adjusted"
        class_version = 2
        support: tuple[SourceAmount, ...]
        previous_support: tuple[SourceAmount, ...]
        reason: str
        holders: dict[str, str]  # of sources the adjustment commits for the first time

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 had no holders: its new sources sit on the province's line ("74")."""
            state["holders"] = {}

    class Suspended(LedgerEvent):
        TOPIC = "khuyencong:Project.Suspended"
        reason: str

    class Resumed(LedgerEvent):
        TOPIC = "khuyencong:Project.Resumed"
        reason: str

    class Cancelled(LedgerEvent):
        """Unpaid support goes back to the budget; anything paid becomes a refund due."""

        TOPIC = "khuyencong:Project.Cancelled"
        reason: str
        released: tuple[SourceAmount, ...]
        refund_due: tuple[SourceAmount, ...]
        previous_status: ProjectStatus

    class ContractSigned(LedgerEvent):
        TOPIC = "khuyencong:Project.ContractSigned"
        contract_no: str
        signed_on: date

    class PaymentRecorded(LedgerEvent):
        """An advance (tạm ứng) or payment (thanh toán) through the State Treasury."""

        TOPIC = "khuyencong:Project.PaymentRecorded"
        kind: PaymentKind
        source: FundingSource
        amount_vnd: int
        voucher_no: str
        payee: str
        value_date: date

    class PaymentReversed(LedgerEvent):
        TOPIC = "khuyencong:Project.PaymentReversed"
        voucher_no: str
        source: FundingSource
        amount_vnd: int
        reason: str

    class OutputsAccepted(LedgerEvent):
        """Nghiệm thu: actual quantities per indicator, by an acceptance record. Version 2
        added the co-financing this acceptance evidences and the document evidencing it;
        version 1 reads as none."""

        TOPIC = "khuyencong:Project.OutputsAccepted"
        outputs: tuple[Output, ...]
        record_no: str
        co_financing_vnd: int
        co_financing_document: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["co_financing_vnd"] = 0
            state["co_financing_document"] = ""

    class Settled(LedgerEvent):
        """Quyết toán: the final support per source. What was never paid is released; what was
        paid above the final amount is due back, and released when it is refunded. Version 2
        added the co-financing settled; version 1 reads as none."""

        TOPIC = "khuyencong:Project.Settled"
        final_support: tuple[SourceAmount, ...]
        released: tuple[SourceAmount, ...]
        refund_due: tuple[SourceAmount, ...]
        co_financing_vnd: int
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["co_financing_vnd"] = 0

    class RefundReceived(LedgerEvent):
        TOPIC = "khuyencong:Project.RefundReceived"
        source: FundingSource
        amount_vnd: int
        voucher_no: str

    class CarriedOver(LedgerEvent):
        """Unpaid commitments of a contracted project move to the next fiscal year."""

        TOPIC = "khuyencong:Project.CarriedOver"
        from_year: int
        to_year: int
        amounts: tuple[SourceAmount, ...]

    class HolderTransferred(LedgerEvent):
        """The open commitments (``amounts``, unpaid support per source) of a holder whose
        budget ended pass to its successor, by the decision in ``document_ref``."""

        TOPIC = "khuyencong:Project.HolderTransferred"
        from_holder: str
        to_holder: str
        year: int
        amounts: tuple[SourceAmount, ...]
