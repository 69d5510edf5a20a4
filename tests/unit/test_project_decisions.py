"""Project decisions, given / when / then, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from domain.budget.book import LineBook
from domain.budget.commands import AllocateBudget
from domain.budget.decisions import allocate_budget
from domain.budget.events import BudgetLine
from domain.budget.state import evolve as evolve_line
from domain.errors import (
    CounterpartIsCoFinancing,
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
from tests.support import CENTER, PROGRAM
from tests.unit.decide import binh_duong, decision, given

P = FundingSource.PROVINCIAL
PROGRAM_STATE = binh_duong()
MARCH = date(2024, 3, 1)


TWO_MACHINES = (Output("machines_applied", 2),)


def _proposed(outputs=TWO_MACHINES, cost=700_000_000):
    cmd = ProposeProject(
        program_code=PROGRAM,
        code="DA-1",
        title="Máy ép viên nén mùn cưa",
        content_code="IV.1.b",
        unit_code="721",
        year=2024,
        eligible_cost_vnd=cost,
        requested_support=(SourceAmount(P, 300_000_000),),
        planned_outputs=outputs,
        beneficiary_ids=(),
        proposed_on=date(2024, 2, 1),
    )
    return lifecycle.propose(PROGRAM_STATE, None, set(), cmd, decision(date(2024, 2, 1), CENTER))


def _appraised(**kwargs):
    events = _proposed(**kwargs)
    project = given(events, evolve)
    appraise = AppraiseProject(project_id=project.id, result=AppraisalResult.PASS, notes="đạt")
    return events + lifecycle.appraise(project, appraise, decision(date(2024, 2, 20)))


def _book(amount=1_000_000_000):
    cmd = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=P,
        amount_vnd=amount,
        decision_no="1/QĐ-UBND",
        decision_date=date(2024, 1, 5),
    )
    line = given(allocate_budget(PROGRAM_STATE, None, cmd, decision(date(2024, 1, 5))), evolve_line)
    return LineBook(PROGRAM_STATE, {(2024, P, "74"): line}, decision(MARCH))


def test_approval_commits_the_support_on_the_budget_line():
    project = given(_appraised(), evolve)
    cmd = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 300_000_000),),
        decision_no="5/QĐ-SCT",
        decision_date=MARCH,
    )
    events = lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))
    assert [type(e) for e in events] == [Project.Approved, BudgetLine.Committed]
    assert events[1].amount_vnd == 300_000_000
    assert events[1].project_id == project.id


def test_approval_needs_a_passed_appraisal():
    project = given(_proposed(), evolve)
    cmd = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 1),),
        decision_no="5/QĐ-SCT",
        decision_date=MARCH,
    )
    with pytest.raises(InvalidTransition):
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))


def test_support_for_a_year_is_approved_by_31_december():
    project = given(_appraised(), evolve)
    late = date(2025, 1, 2)
    cmd = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 1),),
        decision_no="5/QĐ-SCT",
        decision_date=late,
    )
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
    cmd = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 300_000_001),),
        decision_no="5/QĐ-SCT",
        decision_date=MARCH,
    )
    with pytest.raises(SupportAboveCap):
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))


def test_counterpart_money_is_refused_as_support_since_it_is_co_financing():
    project = given(_appraised(cost=2_000_000_000), evolve)
    support = (SourceAmount(P, 300_000_000), SourceAmount(FundingSource.COUNTERPART, 900_000_000))
    cmd = ApproveProject(
        project_id=project.id, approved_support=support, decision_no="5/QĐ-SCT", decision_date=MARCH
    )
    with pytest.raises(CounterpartIsCoFinancing) as refused:
        lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))
    assert refused.value.field == "approvedSupport[1].source"


def test_counterpart_is_refused_as_a_budget_allocation():
    counterpart = AllocateBudget(
        program_code=PROGRAM,
        year=2024,
        source=FundingSource.COUNTERPART,
        amount_vnd=900_000_000,
        decision_no="1/CK",
        decision_date=date(2024, 1, 5),
    )
    with pytest.raises(CounterpartIsCoFinancing):
        allocate_budget(PROGRAM_STATE, None, counterpart, decision(date(2024, 1, 5)))


def test_payments_are_checked_against_support_per_source():
    history = _appraised()
    project = given(history, evolve)
    cmd = ApproveProject(
        project_id=project.id,
        approved_support=(SourceAmount(P, 300_000_000),),
        decision_no="5/QĐ-SCT",
        decision_date=MARCH,
    )
    approved = lifecycle.approve(PROGRAM_STATE, project, _book(), cmd, decision(MARCH))
    project = given(history + [e for e in approved if isinstance(e, Project.Approved)], evolve)
    pay = RecordPayment(
        project_id=project.id,
        kind=PaymentKind.ADVANCE,
        source=P,
        amount_vnd=300_000_001,
        voucher_no="UNC-1",
        value_date=date(2024, 3, 5),
        payee="Công ty",
    )
    with pytest.raises(PaymentAboveSupport):
        payments.record_payment(PROGRAM_STATE, project, pay, decision(date(2024, 3, 5), CENTER))
