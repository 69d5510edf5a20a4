"""Project decisions, given / when / then, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from domain.budget.book import LineBook
from domain.budget.decisions import AllocateBudget, allocate_budget
from domain.budget.events import BudgetLine
from domain.budget.state import evolve as evolve_line
from domain.errors import (
    FiscalDateViolation,
    InvalidTransition,
    PaymentAboveSupport,
    SupportAboveCap,
)
from domain.projects import lifecycle, payments
from domain.projects.commands import (
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
)
from domain.projects.events import Project
from domain.projects.state import evolve
from domain.projects.support_caps import allowance
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, FINANCE, PROGRAM
from tests.unit.decide import binh_duong, decision, given

P = FundingSource.PROVINCIAL
PROGRAM_STATE = binh_duong()
MARCH = date(2024, 3, 1)


TWO_MACHINES = (Output("machines_applied", 2),)


def _proposed(outputs=TWO_MACHINES, cost=700_000_000):
    cmd = ProposeProject(
        PROGRAM,
        "DA-1",
        "Máy ép viên nén mùn cưa",
        "IV.1.b",
        "721",
        2024,
        cost,
        (SourceAmount(P, 300_000_000),),
        outputs,
        (),
        date(2024, 2, 1),
    )
    return lifecycle.propose(PROGRAM_STATE, None, set(), cmd, decision(date(2024, 2, 1), CENTER))


def _appraised(**kwargs):
    events = _proposed(**kwargs)
    project = given(events, evolve)
    appraise = AppraiseProject(project.id, AppraisalResult.PASS, "đạt")
    return events + lifecycle.appraise(project, appraise, decision(date(2024, 2, 20)))


def _book(amount=1_000_000_000):
    cmd = AllocateBudget(PROGRAM, 2024, P, amount, "1/QĐ-UBND", date(2024, 1, 5))
    line = given(allocate_budget(PROGRAM_STATE, None, cmd, decision(date(2024, 1, 5))), evolve_line)
    return LineBook(PROGRAM_STATE, {(2024, P): line}, decision(MARCH))


def test_approval_commits_the_support_on_the_budget_line():
    project = given(_appraised(), evolve)
    cmd = ApproveProject(project.id, (SourceAmount(P, 300_000_000),), "5/QĐ-SCT", MARCH)
    events = lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))
    assert [type(e) for e in events] == [Project.Approved, BudgetLine.Committed]
    assert events[1].amount_vnd == 300_000_000
    assert events[1].project_id == project.id


def test_approval_needs_a_passed_appraisal():
    project = given(_proposed(), evolve)
    cmd = ApproveProject(project.id, (SourceAmount(P, 1),), "5/QĐ-SCT", MARCH)
    with pytest.raises(InvalidTransition):
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))


def test_support_for_a_year_is_approved_by_31_december():
    project = given(_appraised(), evolve)
    late = date(2025, 1, 2)
    cmd = ApproveProject(project.id, (SourceAmount(P, 1),), "5/QĐ-SCT", late)
    with pytest.raises(FiscalDateViolation):
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(late))


def test_the_cap_allows_the_most_generous_rule_that_applies():
    def cap(outputs, cost):
        found = allowance(
            PROGRAM_STATE,
            content_code="IV.1.b",
            planned_outputs=outputs,
            beneficiary_ids=(),
            eligible_cost_vnd=cost,
            on=MARCH,
        )
        return found.amount_vnd if found else None

    assert cap((Output("machines_applied", 3),), 2_000_000_000) == 300_000_000
    assert cap((Output("machines_applied", 1),), 400_000_000) == 200_000_000  # 50 % of cost
    assert (
        cap((Output("machines_applied", 1), Output("technology_lines", 1)), 2_000_000_000)
        == 450_000_000
    )
    assert cap((Output("fairs", 1),), 2_000_000_000) is None  # no rule: no cap


def test_rules_not_yet_in_force_do_not_apply():
    found = allowance(
        PROGRAM_STATE,
        content_code="IV.1.b",
        planned_outputs=(Output("machines_applied", 1),),
        beneficiary_ids=(),
        eligible_cost_vnd=10**12,
        on=date(2018, 5, 11),
    )
    assert found is None


def test_support_above_the_cap_is_refused_at_approval():
    project = given(_appraised(cost=2_000_000_000), evolve)
    cmd = ApproveProject(project.id, (SourceAmount(P, 300_000_001),), "5/QĐ-SCT", MARCH)
    with pytest.raises(SupportAboveCap):
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))


def test_counterpart_money_is_not_support_and_is_not_capped():
    project = given(_appraised(cost=2_000_000_000), evolve)
    support = (SourceAmount(P, 300_000_000), SourceAmount(FundingSource.COUNTERPART, 900_000_000))
    book = _book()
    counterpart = AllocateBudget(
        PROGRAM, 2024, FundingSource.COUNTERPART, 900_000_000, "1/CK", date(2024, 1, 5)
    )
    line = given(
        allocate_budget(PROGRAM_STATE, None, counterpart, decision(date(2024, 1, 5))), evolve_line
    )
    book.lines[(2024, FundingSource.COUNTERPART)] = line
    cmd = ApproveProject(project.id, support, "5/QĐ-SCT", MARCH)
    events = lifecycle.approve(PROGRAM_STATE, project, book, cmd, decision(MARCH))
    assert sum(isinstance(e, BudgetLine.Committed) for e in events) == 2


def test_payments_are_checked_against_support_per_source():
    history = _appraised()
    project = given(history, evolve)
    cmd = ApproveProject(project.id, (SourceAmount(P, 300_000_000),), "5/QĐ-SCT", MARCH)
    approved = lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))
    project = given(history + [e for e in approved if isinstance(e, Project.Approved)], evolve)
    pay = RecordPayment(
        project.id, PaymentKind.ADVANCE, P, 300_000_001, "UNC-1", date(2024, 3, 5), "Công ty"
    )
    with pytest.raises(PaymentAboveSupport):
        payments.record_payment(PROGRAM_STATE, project, pay, decision(date(2024, 3, 5), FINANCE))
