"""Budget-line decisions, given / when / then, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from domain.budget import decisions
from domain.budget.book import LineBook
from domain.budget.commands import AllocateBudget, CancelBudget
from domain.budget.events import BudgetLine
from domain.budget.state import evolve
from domain.errors import FiscalDateViolation, OverCommitment, UnknownSource
from domain.ids import natural_id
from domain.types import FundingSource
from tests.support import PROGRAM
from tests.unit.decide import binh_duong, decision, given

P = FundingSource.PROVINCIAL
PROGRAM_STATE = binh_duong()


def _allocated(amount: int):
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=amount,
        decision_no="1/QĐ-UBND",
        decision_date=date(2024, 1, 5),
    )
    return decisions.allocate_budget(PROGRAM_STATE, None, cmd, decision(date(2024, 1, 5)))


def test_the_first_allocation_opens_the_line():
    events = _allocated(1_000)
    assert [type(e) for e in events] == [BudgetLine.Opened, BudgetLine.Allocated]
    assert [e.originator_version for e in events] == [1, 2]
    line = given(events, evolve)
    assert (line.year, line.source, line.available_vnd) == (2024, P, 1_000)


def test_a_second_allocation_continues_the_line():
    line = given(_allocated(1_000), evolve)
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=500,
        decision_no="2/QĐ-UBND",
        decision_date=date(2024, 3, 1),
    )
    events = decisions.allocate_budget(PROGRAM_STATE, line, cmd, decision(date(2024, 3, 1)))
    assert [(type(e), e.originator_version) for e in events] == [(BudgetLine.Allocated, 3)]
    assert given([*_allocated(1_000), *events], evolve).allocated_vnd == 1_500


def test_commitments_within_one_decision_count_against_each_other():
    line = given(_allocated(1_000), evolve)
    book = LineBook(PROGRAM_STATE, {(2024, P, "74"): line}, decision(date(2024, 3, 1)))
    project = natural_id("project", PROGRAM, "DA-1")
    book.commit(
        2024, P, "74", 600, project, effective_on=date(2024, 3, 1), document_ref="x", field="f"
    )
    with pytest.raises(OverCommitment):
        book.commit(
            2024, P, "74", 401, project, effective_on=date(2024, 3, 1), document_ref="x", field="f"
        )


def test_a_source_the_program_does_not_list_is_refused():
    trimmed = binh_duong()
    sources = tuple(s for s in trimmed.definition.funding_sources if s.code is not P)
    from dataclasses import replace

    trimmed = replace(trimmed, definition=replace(trimmed.definition, funding_sources=sources))
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=5,
        decision_no="1/QĐ",
        decision_date=date(2024, 1, 5),
    )
    with pytest.raises(UnknownSource):
        decisions.allocate_budget(trimmed, None, cmd, decision(date(2024, 1, 5)))


@pytest.mark.parametrize(
    ("decided_on", "allowed"),
    [(date(2024, 12, 30), False), (date(2024, 12, 31), True), (date(2025, 1, 15), True)],
)
def test_unspent_budget_is_cancelled_from_31_december(decided_on, allowed):
    line = given(_allocated(1_000), evolve)
    cmd = CancelBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=1_000,
        reason="hủy",
        decision_no="3/QĐ-STC",
        decision_date=decided_on,
    )
    decide = decision(decided_on)
    if allowed:
        assert isinstance(
            decisions.cancel_budget(PROGRAM_STATE, line, cmd, decide)[0], BudgetLine.Cancelled
        )
    else:
        with pytest.raises(FiscalDateViolation):
            decisions.cancel_budget(PROGRAM_STATE, line, cmd, decide)
