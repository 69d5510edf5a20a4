"""Yearly reports, inspections and the program review."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from api.programs.types import TargetProgress
from api.scalars import VND
from projections.figures import FIGURES_BY_FIELD


def _figure(field: str) -> Any:
    """A figure described by its Vietnamese term, as the budget and the exports name it."""
    return strawberry.field(description=FIGURES_BY_FIELD[field].graphql_description)


@strawberry.type(description="A quantity a report states for one indicator.")
class ReportedOutput:
    indicator_code: str = strawberry.field(description="The indicator.")
    quantity: int = strawberry.field(description="The quantity stated.")


@strawberry.type(description="Money a report states for one content item.")
class ReportedAmount:
    content_code: str = strawberry.field(description="The content item.")
    amount: VND = strawberry.field(description="Đồng, as stated.")


@strawberry.type(
    description="A department's yearly report received by Sở Công Thương (báo cáo kết quả "
    "thực hiện hằng năm, Điều 2.3 of Decision 1811)."
)
class YearlyReport:
    number: str = strawberry.field(description="The report's number.")
    reported_on: date = strawberry.field(description="The report's date.")
    sender: str = strawberry.field(description="The department that sent it.")
    year: int = strawberry.field(description="The year it reports on.")
    note: str = strawberry.field(description="What else it says.")
    outputs: list[ReportedOutput] = strawberry.field(description="Quantities stated.")
    amounts: list[ReportedAmount] = strawberry.field(description="Money stated.")
    position: int = strawberry.field(description="Ledger position where it was recorded.")


@strawberry.type(description="What was done on an inspection's findings.")
class InspectionFollowUp:
    done_on: date = strawberry.field(description="The day it was done.")
    note: str = strawberry.field(description="What was done.")
    recorded_by: str = strawberry.field(description="The role that recorded it.")
    position: int = strawberry.field(description="Ledger position where it was recorded.")


@strawberry.type(
    description="An inspection (kiểm tra, giám sát; Điều 2.1.d and 2.2.b, content IV.6.g) of "
    "a project or of a budget holder."
)
class Inspection:
    number: str = strawberry.field(description="The inspection record's number.")
    inspected_on: date = strawberry.field(description="The day inspected.")
    body: str = strawberry.field(description="The inspecting body.")
    findings: str = strawberry.field(description="What it found.")
    follow_up: str = strawberry.field(description="What it asked to be done; empty if nothing.")
    project_id: strawberry.ID | None = strawberry.field(
        description="The project inspected; null for an inspection of a holder."
    )
    project_code: str = strawberry.field(description="Its code; empty for a holder.")
    unit_code: str = strawberry.field(
        description="The unit inspected: the budget holder, or the project's unit."
    )
    recorded_by: str = strawberry.field(description="The role that recorded it: doit, finance.")
    follow_ups: list[InspectionFollowUp] = strawberry.field(description="Follow-ups recorded.")
    position: int = strawberry.field(description="Ledger position where it was recorded.")


@strawberry.type(
    description="An indicator in one year: the targets query's answer for that year, beside "
    "the quantity the year's reports stated."
)
class ReviewIndicator:
    progress: TargetProgress = strawberry.field(
        description="As targets(programCode, year) answers it (costPerOutput left empty)."
    )
    reported: int = strawberry.field(description="Stated by the year's reports, summed.")


@strawberry.type(
    description="One content item in one year: its indicators, and its projects' money (by "
    "the budget year charged) beside what the reports stated."
)
class ReviewItem:
    year: int = strawberry.field(description="The year.")
    content_code: str = strawberry.field(description="The content item, e.g. IV.1.b.")
    content_title: str = strawberry.field(description="Its Vietnamese title.")
    indicators: list[ReviewIndicator] = strawberry.field(
        description="The indicators shown under this item (each under the first it names)."
    )
    committed: VND = _figure("committed")
    paid: VND = _figure("paid")
    settled: VND = _figure("settled")
    refunded: VND = _figure("refunded")
    refund_due: VND = _figure("refundDue")
    reported_amount: VND = strawberry.field(
        description="Money the year's reports stated for this item, summed."
    )


@strawberry.type(
    description="The program review (tổng kết, đánh giá; Điều 2.1.d): per year and content "
    "item, targets, achievements and money side by side, and the reports received."
)
class ProgramReview:
    program_code: str = strawberry.field(description="The program.")
    position: int = strawberry.field(description="The ledger position it answers at.")
    years: list[int] = strawberry.field(description="The program's years.")
    items: list[ReviewItem] = strawberry.field(description="By year, then content order.")
    reports: list[YearlyReport] = strawberry.field(description="Reports received by then.")
