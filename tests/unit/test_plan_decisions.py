"""Annual plans given / when / then: pure decisions, no database."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    AllocationAbovePlanned,
    InvalidInput,
    PlanAlreadyApproved,
    PlanNotCompiled,
    PlanUnitNotAllowed,
    UnknownHolder,
)
from domain.plans import decisions
from domain.plans.events import Plan
from domain.plans.items import PlanAllocation, PlanMoney
from domain.plans.state import evolve
from domain.types import Actor, FundingSource, Role
from tests.plans_support import (
    BAU_BANG,
    approve,
    center_item,
    compile_plans,
    district_item,
    revise,
    submit,
)
from tests.support import CENTER, DOIT
from tests.unit.decide import binh_duong, decision, given

DAY = date(2024, 1, 10)


def _submitted(unit: str = "719", actor: Actor = BAU_BANG):
    return decisions.submit(binh_duong(), None, None, "74", submit(unit), decision(DAY, actor))


def _region(*more):
    return given([*_submitted("74", CENTER), *more], evolve)


def test_a_district_plan_resolves_each_sources_holder():
    (event,) = _submitted()
    assert isinstance(event, Plan.Submitted)
    (item,) = event.items
    assert [(m.source, m.holder_code) for m in item.money] == [
        (FundingSource.DISTRICT, "719"),
        (FundingSource.PROVINCIAL, "74"),
    ]


def test_a_district_plans_only_its_own_district_and_communes():
    outside = district_item()
    outside = type(outside)(**{**vars(outside), "unit_code": "720"})
    with pytest.raises(PlanUnitNotAllowed):
        decisions.submit(
            binh_duong(), None, None, "74", submit(items=(outside,)), decision(DAY, BAU_BANG)
        )


def test_the_provinces_plan_is_the_centers_and_a_districts_is_the_districts():
    with pytest.raises(PlanUnitNotAllowed):
        _submitted("74", BAU_BANG)
    with pytest.raises(PlanUnitNotAllowed):
        _submitted("719", CENTER)
    with pytest.raises(PlanUnitNotAllowed):
        _submitted("719", Actor("ubnd.720", Role.DISTRICT, "720"))
    with pytest.raises(PlanUnitNotAllowed):
        _submitted("74", DOIT)


def test_district_money_in_the_centers_plan_needs_a_district_holder():
    item = center_item()
    item = type(item)(**{**vars(item), "money": (PlanMoney(FundingSource.DISTRICT, 1),)})
    with pytest.raises(UnknownHolder):
        decisions.submit(
            binh_duong(), None, None, "74", submit("74", (item,)), decision(DAY, CENTER)
        )


def test_item_numbers_are_unique():
    twice = (district_item(1), district_item(1))
    with pytest.raises(InvalidInput):
        decisions.submit(
            binh_duong(), None, None, "74", submit(items=twice), decision(DAY, BAU_BANG)
        )


def test_approval_needs_a_compilation_of_every_plan_as_it_stands():
    district = given(_submitted(), evolve)
    region = _region()
    with pytest.raises(PlanNotCompiled):
        decisions.approve(region, (district,), approve(), decision(DAY, DOIT))
    compiled = decisions.compile_plans(region, (district,), compile_plans(), decision(DAY, CENTER))
    region = _region(*compiled)
    revised = decisions.revise(binh_duong(), district, region, revise(), decision(DAY, BAU_BANG))
    district = given([*_submitted(), *revised], evolve)
    with pytest.raises(PlanNotCompiled):
        decisions.approve(region, (district,), approve(), decision(DAY, DOIT))


def test_an_approval_allocates_provincial_money_up_to_each_items_plan():
    district = given(_submitted(), evolve)
    region = _region()
    region = _region(
        *decisions.compile_plans(region, (district,), compile_plans(), decision(DAY, CENTER))
    )
    with pytest.raises(AllocationAbovePlanned):
        decisions.approve(
            region, (district,), approve(PlanAllocation("719", 1, 300_000_001)), decision(DAY, DOIT)
        )
    (event,) = decisions.approve(region, (district,), approve(), decision(DAY, DOIT))
    assert isinstance(event, Plan.Approved)
    assert event.allocations == (
        PlanAllocation("719", 1, 250_000_000),
        PlanAllocation("74", 1, 500_000_000),
    )
    approved = given([*_submitted("74", CENTER), *_compiled(region, district), event], evolve)
    assert decisions.approved_units(approved) == {"74", "719"}
    with pytest.raises(PlanAlreadyApproved):
        decisions.revise(binh_duong(), district, approved, revise(), decision(DAY, BAU_BANG))


def _compiled(region, district):
    base = given(_submitted("74", CENTER), evolve)
    return decisions.compile_plans(base, (district,), compile_plans(), decision(DAY, CENTER))
