"""Recording a yearly report: a number once per program, for a year of the program, with the
figures checked against the program's indicators and content items."""

from __future__ import annotations

from datetime import date

from domain.budget.decisions import check_program_year
from domain.errors import InvalidDate, InvalidInput, ReportAlreadyRecorded
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.ids import yearly_report_id
from domain.money import check_amount, check_quantity
from domain.programs.state import ProgramState
from domain.reports.commands import RecordYearlyReport
from domain.reports.events import YearlyReport
from domain.reports.state import ReportState
from domain.text import clean_code, clean_text, optional_text
from domain.types import ContentAmount, Output

REPORT_FIGURES_MAX = 200  # figures of each kind in one report


def record_yearly_report(
    program: ProgramState,
    existing: ReportState | None,
    cmd: RecordYearlyReport,
    decision: Decision,
) -> list[LedgerEvent]:
    number = clean_code(cmd.number, "number")
    day = check_date(cmd.reported_on, "reportedOn", today=decision.today)
    if existing is not None:
        raise ReportAlreadyRecorded(
            f"report {number} of {day.year} ({existing.sender}) is already recorded",
            field="number",
        )
    year = check_program_year(program, cmd.year)
    if day < date(year, 1, 1):
        raise InvalidDate(
            f"a report on {year} cannot be dated {day.isoformat()}, before the year began",
            field="reportedOn",
        )
    outputs = _outputs(program, cmd.outputs)
    amounts = _amounts(program, cmd.amounts)
    if not outputs and not amounts:
        raise InvalidInput("a report states at least one figure", field="outputs")
    pending = Pending(yearly_report_id(program.code, number, day.year), 0, decision)
    pending.add(
        YearlyReport.Recorded,
        effective_on=day,
        document_ref=number,
        program_code=program.code,
        number=number,
        sender=clean_text(cmd.sender, "sender"),
        year=year,
        outputs=outputs,
        amounts=amounts,
        note=optional_text(cmd.note, "note"),
    )
    return pending.events


def _outputs(program: ProgramState, items: tuple[Output, ...]) -> tuple[Output, ...]:
    if len(items) > REPORT_FIGURES_MAX:
        raise InvalidInput(f"at most {REPORT_FIGURES_MAX} quantities", field="outputs")
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"outputs[{i}]"
        program.indicator(item.indicator_code, f"{where}.indicatorCode")
        if item.indicator_code in seen:
            raise InvalidInput(f"{item.indicator_code} is stated twice", field=where)
        seen.add(item.indicator_code)
        check_quantity(item.quantity, f"{where}.quantity")
    return tuple(items)


def _amounts(program: ProgramState, items: tuple[ContentAmount, ...]) -> tuple[ContentAmount, ...]:
    if len(items) > REPORT_FIGURES_MAX:
        raise InvalidInput(f"at most {REPORT_FIGURES_MAX} amounts", field="amounts")
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"amounts[{i}]"
        program.content_item(item.content_code, f"{where}.contentCode")
        if item.content_code in seen:
            raise InvalidInput(f"{item.content_code} is stated twice", field=where)
        seen.add(item.content_code)
        check_amount(item.amount_vnd, f"{where}.amount")
    return tuple(items)
