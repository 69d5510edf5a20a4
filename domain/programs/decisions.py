"""Decisions about programs: pure functions from state and command to new events."""

from __future__ import annotations

from datetime import date

from domain.errors import (
    FiscalDateViolation,
    InvalidInput,
    LateCloseNeedsForce,
    ProgramAlreadyDefined,
    YearAlreadyClosed,
)
from domain.events import Decision, LedgerEvent
from domain.fiscal import (
    adjustment_window_end,
    check_date,
    check_year,
    past_adjustment_window,
    year_end,
)
from domain.ids import program_id
from domain.money import check_quantity
from domain.programs.amendments import amendments
from domain.programs.commands import AddSupportRule, RecordYearClosed, ReviseTarget
from domain.programs.definition import ProgramDefinition, to_data
from domain.programs.events import Program
from domain.programs.parsing import check_replaces, parse_support_rule
from domain.programs.state import ProgramState
from domain.text import clean_code, optional_text


def define_program(
    state: ProgramState | None, definition: ProgramDefinition, decision: Decision
) -> list[LedgerEvent]:
    """Loading the same program twice changes nothing; a different one under its code is
    refused — except a file that only amends it (dated unit renames, a content item's text
    completed to the decision's, an indicator marked approximate): each amendment is recorded
    as its own event (``domain.programs.amendments``)."""
    if state is not None:
        if state.definition == definition:
            return []
        found = amendments(state.definition, definition)
        if found is None:
            raise ProgramAlreadyDefined(
                f"{definition.code} is already defined differently; amend it by decision "
                "(revise a target, add a support rule) instead of redefining it",
                field="code",
            )
        return [
            decision.event(
                amendment.event_class,
                state.id,
                state.version + index,
                effective_on=amendment.effective_on,
                document_ref=amendment.document_ref,
                **amendment.values,
            )
            for index, amendment in enumerate(found, start=1)
        ]
    return [
        decision.event(
            Program.Defined,
            program_id(definition.code),
            1,
            effective_on=definition.legal_basis.decision_date,
            document_ref=definition.legal_basis.decision_no,
            definition=to_data(definition),
        )
    ]


def revise_target(
    state: ProgramState, command: ReviseTarget, decision: Decision
) -> list[LedgerEvent]:
    indicator = state.indicator(command.indicator_code)
    target = check_quantity(command.target, "target")
    previous = state.targets[indicator.code]
    if target == previous:
        raise InvalidInput(f"the target of {indicator.code} is already {target}", field="target")
    decision_date = check_date(command.decision_date, "decisionDate", today=decision.today)
    if decision_date < state.definition.legal_basis.decision_date:
        raise InvalidInput("a revision cannot predate the program", field="decisionDate")
    return [
        decision.event(
            Program.TargetRevised,
            state.id,
            state.version + 1,
            effective_on=decision_date,
            document_ref=clean_code(command.decision_no, "decisionNo"),
            indicator_code=indicator.code,
            target=target,
            previous_target=previous,
        )
    ]


def add_support_rule(
    state: ProgramState, command: AddSupportRule, decision: Decision
) -> list[LedgerEvent]:
    rule = parse_support_rule(command.rule, state.definition)
    if any(existing.code == rule.code for existing in state.support_rules):
        raise InvalidInput(f"rule {rule.code} exists; give the new version its own code", "code")
    if rule.multiple_of is not None and rule.multiple_of not in {
        r.code for r in state.support_rules
    }:
        raise InvalidInput(f"unknown rule {rule.multiple_of}", field="multipleOf")
    if rule.replaces is not None:
        check_replaces(rule, state.support_rules, "replaces", InvalidInput)
    return [
        decision.event(
            Program.SupportRuleAdded,
            state.id,
            state.version + 1,
            effective_on=rule.effective_from,
            document_ref=rule.legal_basis,
            rule=to_data(rule),
        )
    ]


def record_year_closed(
    state: ProgramState, command: RecordYearClosed, decision: Decision
) -> list[LedgerEvent]:
    """The last step of a close: once per year, decided from 31 December; recorded after the
    adjustment window only with force and a reason, and then marked late."""
    year = check_year(command.year, "year")
    if year in state.closed_years:
        raise YearAlreadyClosed(f"{year} of {state.code} is already closed", field="year")
    day = check_date(command.decision_date, "decisionDate", today=decision.today)
    if not year_end(year) <= day:
        raise FiscalDateViolation(
            f"{year} is closed from {year_end(year).isoformat()}", field="decisionDate"
        )
    late = check_close_in_time(year, today=decision.today, forced=command.forced)
    reason = optional_text(command.reason, "reason", max_chars=500)
    if command.forced and not reason:
        raise InvalidInput("a forced close needs its reason", field="reason")
    return [
        decision.event(
            Program.YearClosed,
            state.id,
            state.version + 1,
            effective_on=day,
            document_ref=clean_code(command.decision_no, "decisionNo"),
            year=year,
            forced=command.forced,
            reason=reason,
            unmatched_lines=command.unmatched_lines,
            carried_projects=command.carried_projects,
            cancelled_projects=command.cancelled_projects,
            cancelled_vnd=command.cancelled_vnd,
            late=late,
        )
    ]


def check_close_in_time(year: int, *, today: date, forced: bool) -> bool:
    """Whether a close recorded ``today`` is late: after the year's adjustment window (31
    January of the next year). A late close is only forced, with its reason, and says so."""
    late = past_adjustment_window(year, today)
    if late and not forced:
        raise LateCloseNeedsForce(
            f"the adjustment window of {year} ended on "
            f"{adjustment_window_end(year).isoformat()}: a close recorded now is late; "
            "close with force and a reason",
            field="force",
        )
    return late
