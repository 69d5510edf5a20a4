"""Inputs of the review area: a yearly report received, an inspection, its follow-up."""

from __future__ import annotations

from datetime import date

import strawberry

from api.projects.inputs import OutputInput
from api.scalars import VND


@strawberry.input(description="Money a report states for one content item.")
class ContentAmountInput:
    content_code: str = strawberry.field(description="The content item, e.g. IV.2.a.")
    amount: VND = strawberry.field(description="Đồng, as the report states it.")


@strawberry.input(
    description="A department's yearly report received by Sở Công Thương (Điều 2.3): its "
    "figures are what the report states, kept beside the ledger's."
)
class RecordYearlyReportInput:
    program_code: str = strawberry.field(description="The program.")
    number: str = strawberry.field(description="The report's number, e.g. 125/BC-SNN.")
    reported_on: date = strawberry.field(description="The report's date.")
    sender: str = strawberry.field(description="The department that sent it.")
    year: int = strawberry.field(description="The year it reports on.")
    outputs: list[OutputInput] = strawberry.field(
        default_factory=list, description="Quantities stated per indicator."
    )
    amounts: list[ContentAmountInput] = strawberry.field(
        default_factory=list, description="Money stated per content item."
    )
    note: str | None = strawberry.field(default=None, description="What else it says.")
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(
    description="An inspection (kiểm tra, giám sát) of one project or one budget holder: "
    "name projectId or holderCode."
)
class RecordInspectionInput:
    program_code: str = strawberry.field(description="The program.")
    number: str = strawberry.field(description="The inspection record's number, e.g. 15/BB-SCT.")
    inspected_on: date = strawberry.field(description="The day inspected.")
    body: str = strawberry.field(description="The inspecting body (đoàn kiểm tra).")
    findings: str = strawberry.field(description="What the inspection found (kết luận).")
    follow_up: str | None = strawberry.field(
        default=None, description="What the inspected must do (yêu cầu khắc phục), if anything."
    )
    project_id: strawberry.ID | None = strawberry.field(
        default=None, description="The project inspected."
    )
    holder_code: str | None = strawberry.field(
        default=None, description="The budget holder (unit) inspected, e.g. 718."
    )
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="What was done on an inspection's findings, recorded later.")
class RecordInspectionFollowUpInput:
    program_code: str = strawberry.field(description="The program.")
    number: str = strawberry.field(description="The inspection's number.")
    inspected_on: date = strawberry.field(
        description="The inspection's day (numbers restart each year)."
    )
    done_on: date = strawberry.field(description="The day it was done.")
    note: str = strawberry.field(description="What was done.")
    document_no: str | None = strawberry.field(
        default=None, description="The document that reports it, if any."
    )
    idempotency_key: str | None = strawberry.field(default=None, description="Retry key.")
