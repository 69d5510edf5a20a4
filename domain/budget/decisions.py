"""Decisions about budget lines: estimates, allocations, adjustments and year-end cancellation."""

from __future__ import annotations

from datetime import date

from domain.budget import holders
from domain.budget.commands import (
    AdjustBudget,
    AdjustEstimate,
    AllocateBudget,
    CancelBudget,
    CancelEstimate,
    ProposeEstimate,
)
from domain.budget.events import BudgetLine
from domain.budget.state import BudgetLineState
from domain.errors import (
    FiscalDateViolation,
    InsufficientBudget,
    UnknownBudgetLine,
    YearOutsideProgram,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import (
    adjustment_window_end,
    check_date,
    check_year,
    past_adjustment_window,
    year_end,
)
from domain.ids import budget_line_id
from domain.money import check_amount, check_signed_amount
from domain.programs.state import ProgramState
from domain.text import clean_code, clean_text
from domain.types import FundingSource


def open_line(
    program: ProgramState,
    state: BudgetLineState | None,
    year: int,
    source: FundingSource,
    holder: str,
    decision: Decision,
    *,
    effective_on: date,
    document_ref: str,
) -> Pending:
    """Events for the line of (program, year, source, holder), opening it on first use."""
    if state is not None:
        return Pending(state.id, state.version, decision)
    pending = Pending(budget_line_id(program.code, year, source.value, holder), 0, decision)
    pending.add(
        BudgetLine.Opened,
        effective_on=effective_on,
        document_ref=document_ref,
        program_code=program.code,
        year=year,
        source=source,
        holder_code=holder,
    )
    return pending


BudgetCommand = (
    ProposeEstimate | AdjustEstimate | CancelEstimate | AllocateBudget | AdjustBudget | CancelBudget
)


def line_holder(program: ProgramState, cmd: BudgetCommand, decision: Decision) -> str:
    """The holder of the line a budget command names: ``holderCode`` or, when absent, the
    source's default holder on the document's date. New money goes only to a holder valid on
    that date; a year-end cancellation may name a holder whose budget has since ended."""
    source = program.check_source(cmd.source)
    dated = cmd.document_date if isinstance(cmd, DOCUMENTS) else cmd.decision_date
    field = "documentDate" if isinstance(cmd, DOCUMENTS) else "decisionDate"
    day = check_date(dated, field, today=decision.today)
    if cmd.holder_code is None:
        unit = holders.default_holder(program, source, day)
    elif isinstance(cmd, CancelBudget):
        unit = program.unit(clean_code(cmd.holder_code, "holderCode"), "holderCode")
    else:
        unit = holders.check_holder(program, cmd.holder_code, day)
    holders.check_fits(program, source, unit)
    return unit.code


DOCUMENTS = (ProposeEstimate, AdjustEstimate, CancelEstimate)


def check_program_year(program: ProgramState, year: object, field: str = "year") -> int:
    """Nothing new is planned, allocated or committed for a year outside the program's period;
    only commitments carried over into the year after it are paid there."""
    checked = check_year(year, field)
    first, last = program.definition.period_start.year, program.definition.period_end.year
    if not first <= checked <= last:
        raise YearOutsideProgram(f"{program.code} runs from {first} to {last}", field=field)
    return checked


def _budget_dates(year: int, document_date: object, decision: Decision, field: str) -> date:
    """Budget documents for year Y are dated from 1 Jan of Y-1 to the end of Y's window."""
    day = check_date(document_date, field, today=decision.today)
    if not date(year - 1, 1, 1) <= day <= adjustment_window_end(year):
        raise FiscalDateViolation(
            f"a document for fiscal year {year} cannot be dated {day.isoformat()}", field=field
        )
    if past_adjustment_window(year, decision.today):
        raise FiscalDateViolation(
            f"fiscal year {year} is past its adjustment window "
            f"({adjustment_window_end(year).isoformat()})",
            field="year",
        )
    return day


def propose_estimate(
    program: ProgramState, line: BudgetLineState | None, cmd: ProposeEstimate, decision: Decision
) -> list[LedgerEvent]:
    year = check_program_year(program, cmd.year)
    source = program.check_budget_source(cmd.source)
    amount = check_amount(cmd.amount_vnd, "amount")
    day = _budget_dates(year, cmd.document_date, decision, "documentDate")
    ref = clean_code(cmd.document_no, "documentNo")
    holder = line_holder(program, cmd, decision)
    pending = open_line(
        program, line, year, source, holder, decision, effective_on=day, document_ref=ref
    )
    pending.add(BudgetLine.EstimateProposed, effective_on=day, document_ref=ref, amount_vnd=amount)
    return pending.events


def adjust_estimate(
    program: ProgramState, line: BudgetLineState | None, cmd: AdjustEstimate, decision: Decision
) -> list[LedgerEvent]:
    check_program_year(program, cmd.year)  # a line a carry-over opened takes no new money
    line = _existing(line, cmd.program_code, cmd.year, cmd.source)
    delta = check_signed_amount(cmd.delta_vnd, "delta")
    if delta > 0:  # more money on an old COUNTERPART line is new budget money: refused
        program.check_budget_source(line.source)
    if line.estimated_vnd + delta < 0:
        raise InsufficientBudget(
            f"the estimate is {line.estimated_vnd:,} đồng; it cannot go below zero", field="delta"
        )
    day = _budget_dates(line.year, cmd.document_date, decision, "documentDate")
    pending = Pending(line.id, line.version, decision)
    pending.add(
        BudgetLine.EstimateAdjusted,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        delta_vnd=delta,
    )
    return pending.events


def cancel_estimate(
    program: ProgramState, line: BudgetLineState | None, cmd: CancelEstimate, decision: Decision
) -> list[LedgerEvent]:
    check_program_year(program, cmd.year)  # a line a carry-over opened takes no new money
    line = _existing(line, cmd.program_code, cmd.year, cmd.source)
    if line.estimated_vnd <= 0:
        raise InsufficientBudget("there is no estimate to cancel", field="year")
    day = _budget_dates(line.year, cmd.document_date, decision, "documentDate")
    pending = Pending(line.id, line.version, decision)
    pending.add(
        BudgetLine.EstimateCancelled,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        amount_vnd=line.estimated_vnd,
        reason=clean_text(cmd.reason, "reason"),
    )
    return pending.events


def allocate_budget(
    program: ProgramState, line: BudgetLineState | None, cmd: AllocateBudget, decision: Decision
) -> list[LedgerEvent]:
    year = check_program_year(program, cmd.year)
    source = program.check_budget_source(cmd.source)
    amount = check_amount(cmd.amount_vnd, "amount")
    day = _budget_dates(year, cmd.decision_date, decision, "decisionDate")
    ref = clean_code(cmd.decision_no, "decisionNo")
    holder = line_holder(program, cmd, decision)
    pending = open_line(
        program, line, year, source, holder, decision, effective_on=day, document_ref=ref
    )
    pending.add(BudgetLine.Allocated, effective_on=day, document_ref=ref, amount_vnd=amount)
    return pending.events


def adjust_budget(
    program: ProgramState, line: BudgetLineState | None, cmd: AdjustBudget, decision: Decision
) -> list[LedgerEvent]:
    check_program_year(program, cmd.year)  # a line a carry-over opened takes no new money
    line = _existing(line, cmd.program_code, cmd.year, cmd.source)
    delta = check_signed_amount(cmd.delta_vnd, "delta")
    if delta > 0:  # more money on an old COUNTERPART line is new budget money: refused
        program.check_budget_source(line.source)
    if delta < 0 and -delta > line.available_vnd:
        raise InsufficientBudget(
            f"only {line.available_vnd:,} đồng is free on the line; committed money stays",
            field="delta",
        )
    day = _budget_dates(line.year, cmd.decision_date, decision, "decisionDate")
    pending = Pending(line.id, line.version, decision)
    pending.add(
        BudgetLine.AllocationAdjusted,
        effective_on=day,
        document_ref=clean_code(cmd.decision_no, "decisionNo"),
        delta_vnd=delta,
        reason=clean_text(cmd.reason, "reason"),
    )
    return pending.events


def cancel_budget(
    program: ProgramState, line: BudgetLineState | None, cmd: CancelBudget, decision: Decision
) -> list[LedgerEvent]:
    """Cancelling what is left is a year-end act: dated on or after 31 December of the year."""
    line = _existing(line, cmd.program_code, cmd.year, cmd.source)
    amount = check_amount(cmd.amount_vnd, "amount")
    if amount > line.available_vnd:
        raise InsufficientBudget(
            f"only {line.available_vnd:,} đồng is free on the line", field="amount"
        )
    day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
    if day < year_end(line.year):
        raise FiscalDateViolation(
            f"unspent budget of {line.year} is cancelled from {year_end(line.year).isoformat()}",
            field="decisionDate",
        )
    pending = Pending(line.id, line.version, decision)
    pending.add(
        BudgetLine.Cancelled,
        effective_on=day,
        document_ref=clean_code(cmd.decision_no, "decisionNo"),
        amount_vnd=amount,
        reason=clean_text(cmd.reason, "reason"),
    )
    return pending.events


def _existing(
    line: BudgetLineState | None, program_code: str, year: int, source: FundingSource
) -> BudgetLineState:
    if line is None:
        raise UnknownBudgetLine(
            f"no budget line {program_code} {year} {source.value} for this holder; "
            "allocate or propose first",
            field="year",
        )
    return line
