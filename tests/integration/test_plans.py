"""Annual plans (Điều 2.4.a) on both backends: submitted, compiled, revised, approved; each
refusal writes nothing; projects name the item they carry out; plan against actual."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    AllocationAbovePlanned,
    PlanAlreadyApproved,
    PlanAlreadySubmitted,
    PlanNotCompiled,
    PlanUnitNotAllowed,
    UnknownPlanItem,
)
from domain.plans.items import PlanAllocation, PlanItemRef
from domain.projects.commands import ProposeProject, RecordPayment
from domain.types import Actor, FundingSource, Output, PaymentKind, Role, SourceAmount
from tests.plans_support import BAU_BANG, approve, compile_plans, revise, submit
from tests.support import CENTER, DOIT, FINANCE, PROGRAM


def _refused(scenario, error, call, *args):
    head = scenario.ledger.head_position()
    with pytest.raises(error):
        call(*args)
    assert scenario.ledger.head_position() == head


def _approved_year(scenario):
    ledger = scenario.ledger
    ledger.submit_plan(submit("719"), BAU_BANG)
    ledger.submit_plan(submit("74"), CENTER)
    ledger.compile_plan(compile_plans(), CENTER)
    ledger.approve_plan(approve(), DOIT)


def test_a_district_cannot_submit_another_units_plan(scenario):
    _refused(scenario, PlanUnitNotAllowed, scenario.ledger.submit_plan, submit("720"), BAU_BANG)
    _refused(scenario, PlanUnitNotAllowed, scenario.ledger.submit_plan, submit("74"), BAU_BANG)
    _refused(scenario, PlanUnitNotAllowed, scenario.ledger.submit_plan, submit("719"), CENTER)
    commune = Actor("ubnd.xa@binhduong", Role.DISTRICT, "719")
    assert scenario.ledger.submit_plan(submit("719"), commune).version == 1


def test_the_year_goes_submitted_compiled_approved_and_refusals_write_nothing(scenario):
    ledger = scenario.ledger
    ledger.submit_plan(submit("719"), BAU_BANG)
    _refused(scenario, PlanAlreadySubmitted, ledger.submit_plan, submit("719"), BAU_BANG)
    _refused(scenario, PlanNotCompiled, ledger.compile_plan, compile_plans(), CENTER)
    ledger.submit_plan(submit("74"), CENTER)
    _refused(scenario, PlanNotCompiled, ledger.approve_plan, approve(), DOIT)
    ledger.compile_plan(compile_plans(), CENTER)
    ledger.revise_plan(revise("719"), BAU_BANG)
    _refused(scenario, PlanNotCompiled, ledger.approve_plan, approve(), DOIT)
    ledger.compile_plan(compile_plans("46/TTXT-KC"), CENTER)
    above = approve(PlanAllocation("719", 1, 280_000_001))
    _refused(scenario, AllocationAbovePlanned, ledger.approve_plan, above, DOIT)
    unknown = approve(PlanAllocation("720", 1, 1))
    _refused(scenario, UnknownPlanItem, ledger.approve_plan, unknown, DOIT)
    ledger.approve_plan(approve(), DOIT)
    _refused(scenario, PlanAlreadyApproved, ledger.revise_plan, revise("719"), BAU_BANG)
    _refused(scenario, PlanAlreadyApproved, ledger.approve_plan, approve(), DOIT)
    region = ledger.plan(PROGRAM, 2024, "74")
    assert region.approved
    assert region.compiled == {"719": 2}


def test_a_project_names_the_plan_item_it_carries_out(scenario):
    _approved_year(scenario)
    wrong = _proposal("DA-KH-X", PlanItemRef("719", 2))
    _refused(scenario, UnknownPlanItem, scenario.ledger.propose_project, wrong, CENTER)
    receipt = scenario.ledger.propose_project(_proposal("DA-KH-1", PlanItemRef("719", 1)), CENTER)
    event = scenario.ledger.events.get(receipt.aggregate_id).__next__()
    assert (event.plan_unit_code, event.plan_item_no) == ("719", 1)


def test_plans_and_plan_against_actual_read_as_of_any_point(scenario, read_side):
    scenario.allocate(1_000_000_000)
    _approved_year(scenario)
    compiled_at = scenario.ledger.head_position() - 1
    pid = scenario.ledger.propose_project(
        _proposal("DA-KH-1", PlanItemRef("719", 1)), CENTER
    ).aggregate_id
    _approve_and_pay(scenario, pid)
    model = read_side.catch_up()
    plans = {plan.unit_code: plan for plan in model.plans(PROGRAM, 2024)}
    assert plans["719"].status == plans["74"].status == "APPROVED"
    item = plans["719"].items[0]
    assert (item.provincial_vnd, item.approved_vnd, item.projects) == (300_000_000, 250_000_000, 1)
    assert [d.act for d in plans["74"].documents] == ["SUBMITTED", "COMPILED", "APPROVED"]
    from projections.rows import AsOf

    before = {p.unit_code: p for p in model.plans(PROGRAM, 2024, AsOf(position=compiled_at))}
    assert before["719"].status == "COMPILED"
    assert before["719"].items[0].approved_vnd == 0
    (row,) = [r for r in model.plan_versus_actual(PROGRAM, 2024) if r.unit_code == "719"]
    assert (row.planned_vnd, row.approved_vnd, row.projects) == (400_000_000, 250_000_000, 1)
    assert row.paid_vnd == 100_000_000
    assert row.paid_vnd == model.budget(PROGRAM, 2024).totals.paid
    assert [(o.indicator_code, o.planned) for o in row.outputs] == [("machines_applied", 3)]


def _proposal(code: str, item: PlanItemRef) -> ProposeProject:
    return ProposeProject(
        program_code=PROGRAM,
        code=code,
        title="Hỗ trợ máy sấy hạt điều",
        content_code="IV.1.b",
        unit_code="719",
        year=2024,
        eligible_cost_vnd=600_000_000,
        requested_support=(SourceAmount(FundingSource.PROVINCIAL, 250_000_000),),
        planned_outputs=(Output("machines_applied", 2),),
        proposed_on=date(2024, 2, 1),
        plan_item=item,
    )


def _approve_and_pay(scenario, pid):
    from domain.projects.commands import AppraiseProject, ApproveProject, SignContract
    from domain.types import AppraisalResult

    ledger = scenario.ledger
    ledger.appraise_project(AppraiseProject(project_id=pid, result=AppraisalResult.PASS), DOIT)
    ledger.approve_project(
        ApproveProject(
            project_id=pid,
            approved_support=(SourceAmount(FundingSource.PROVINCIAL, 250_000_000),),
            decision_no="DA-KH-1/QĐ-SCT",
            decision_date=date(2024, 3, 1),
        ),
        DOIT,
    )
    ledger.sign_contract(
        SignContract(project_id=pid, contract_no="HĐ-1", signed_on=date(2024, 3, 10)), CENTER
    )
    ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.ADVANCE,
            source=FundingSource.PROVINCIAL,
            amount_vnd=100_000_000,
            voucher_no="UNC-KH-1",
            value_date=date(2024, 4, 1),
            payee="Cơ sở A",
        ),
        FINANCE,
    )
