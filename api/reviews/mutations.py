"""Recording yearly reports (doit) and inspections (doit, finance)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from api.commands import read_back, run_command
from api.context import Info
from api.refusals import UserError, project_id, user_errors
from api.reviews import inputs as i
from api.reviews import types as t
from api.reviews import views
from domain.application import Receipt
from domain.errors import LedgerError
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.reports.commands import RecordYearlyReport
from domain.types import ContentAmount, Output


@strawberry.type(description="What recordYearlyReport did.")
class YearlyReportPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    report: t.YearlyReport | None = strawberry.field(
        description="The report as recorded; null if refused or the read model lags."
    )


@strawberry.type(description="What an inspection mutation did.")
class InspectionPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    inspection: t.Inspection | None = strawberry.field(
        description="The inspection as it stands; null if refused or the read model lags."
    )


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(
        description="Record a department's yearly report received (doit), with the figures it "
        "states; a number once per program. A refusal writes nothing."
    )
    async def record_yearly_report(
        self, info: Info, input: i.RecordYearlyReportInput
    ) -> YearlyReportPayload:
        def build() -> RecordYearlyReport:
            return RecordYearlyReport(
                program_code=input.program_code,
                number=input.number,
                reported_on=input.reported_on,
                sender=input.sender,
                year=input.year,
                outputs=tuple(Output(o.indicator_code, o.quantity) for o in input.outputs),
                amounts=tuple(ContentAmount(a.content_code, a.amount) for a in input.amounts),
                note=input.note or "",
            )

        receipt = await _record(
            info, "recordYearlyReport", build, info.context.ledger.record_yearly_report, input
        )
        if isinstance(receipt, list):
            return YearlyReportPayload(user_errors=receipt, position=None, report=None)
        found = await read_back(
            info,
            receipt,
            lambda: info.context.run(
                info.context.read_model.yearly_reports, input.program_code, input.year
            ),
        )
        number = input.number.strip()
        day = input.reported_on.isoformat()  # numbers restart each year
        report = next(
            (views.report(r) for r in found or () if (r.number, r.reported_on) == (number, day)),
            None,
        )
        return YearlyReportPayload(user_errors=[], position=receipt.position, report=report)

    @strawberry.mutation(
        description="Record an inspection of a project or a budget holder (doit, finance), "
        "with its findings and what must follow; it shows in the project's history. A refusal "
        "writes nothing."
    )
    async def record_inspection(
        self, info: Info, input: i.RecordInspectionInput
    ) -> InspectionPayload:
        def build() -> RecordInspection:
            return RecordInspection(
                program_code=input.program_code,
                number=input.number,
                inspected_on=input.inspected_on,
                body=input.body,
                findings=input.findings,
                follow_up=input.follow_up or "",
                project_id=None if input.project_id is None else project_id(input.project_id),
                holder_code=input.holder_code,
            )

        receipt = await _record(
            info, "recordInspection", build, info.context.ledger.record_inspection, input
        )
        return await _inspection_payload(info, receipt, input)

    @strawberry.mutation(
        description="Record what was done on an inspection's findings (doit, finance). A "
        "refusal writes nothing."
    )
    async def record_inspection_follow_up(
        self, info: Info, input: i.RecordInspectionFollowUpInput
    ) -> InspectionPayload:
        def build() -> RecordInspectionFollowUp:
            return RecordInspectionFollowUp(
                program_code=input.program_code,
                number=input.number,
                inspected_on=input.inspected_on,
                done_on=input.done_on,
                note=input.note,
                document_no=input.document_no or "",
            )

        receipt = await _record(
            info,
            "recordInspectionFollowUp",
            build,
            info.context.ledger.record_inspection_follow_up,
            input,
        )
        return await _inspection_payload(info, receipt, input)


async def _record(
    info: Info, name: str, build: Callable[[], Any], use_case: Callable[..., Receipt], input: Any
) -> Receipt | list[UserError]:
    try:
        return await run_command(info, name, build, use_case, input.idempotency_key)
    except LedgerError as error:
        return user_errors(error)


async def _inspection_payload(
    info: Info, receipt: Receipt | list[UserError], input: Any
) -> InspectionPayload:
    """The inspection the input names (numbers restart each year: by number and day)."""
    if isinstance(receipt, list):
        return InspectionPayload(user_errors=receipt, position=None, inspection=None)
    found = await read_back(
        info,
        receipt,
        lambda: info.context.run(info.context.read_model.inspections, input.program_code),
    )
    key = (input.number.strip(), input.inspected_on.isoformat())
    inspection = next(
        (views.inspection(r) for r in found or () if (r.number, r.inspected_on) == key), None
    )
    return InspectionPayload(user_errors=[], position=receipt.position, inspection=inspection)
