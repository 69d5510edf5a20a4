"""Annual plans as tests build them: a district's and the Center's for 2024."""

from __future__ import annotations

from datetime import date

from domain.plans.commands import ApprovePlan, CompilePlan, RevisePlan, SubmitPlan
from domain.plans.items import PlanAllocation, PlanItem, PlanMoney
from domain.types import Actor, FundingSource, Output, Role
from tests.support import PROGRAM

BAU_BANG = Actor("ubnd.baubang@binhduong", Role.DISTRICT, "719")
P, D = FundingSource.PROVINCIAL, FundingSource.DISTRICT


def district_item(no: int = 1, provincial: int = 300_000_000) -> PlanItem:
    return PlanItem(
        item_no=no,
        content_code="IV.1.b",
        unit_code="719",
        planned_projects=2,
        outputs=(Output("machines_applied", 3),),
        money=(PlanMoney(P, provincial), PlanMoney(D, 100_000_000)),
    )


def center_item() -> PlanItem:
    return PlanItem(
        item_no=1,
        content_code="IV.2.a",
        unit_code="74",
        planned_projects=1,
        outputs=(Output("fairs", 1),),
        money=(PlanMoney(P, 500_000_000),),
    )


def submit(unit: str = "719", items: tuple[PlanItem, ...] | None = None) -> SubmitPlan:
    return SubmitPlan(
        program_code=PROGRAM,
        year=2024,
        unit_code=unit,
        items=items or ((district_item(),) if unit != "74" else (center_item(),)),
        document_no=f"{unit}/KH-UBND",
        document_date=date(2023, 10, 16),
    )


def revise(unit: str = "719", provincial: int = 280_000_000) -> RevisePlan:
    return RevisePlan(
        program_code=PROGRAM,
        year=2024,
        unit_code=unit,
        items=(district_item(provincial=provincial),),
        reason="giảm kinh phí tỉnh theo hướng dẫn",
        document_no=f"{unit}/KH-UBND-ĐC",
        document_date=date(2023, 11, 2),
    )


def compile_plans(no: str = "45/TTXT-KC") -> CompilePlan:
    return CompilePlan(
        program_code=PROGRAM, year=2024, document_no=no, document_date=date(2023, 11, 20)
    )


def approve(*allocations: PlanAllocation) -> ApprovePlan:
    return ApprovePlan(
        program_code=PROGRAM,
        year=2024,
        allocations=allocations
        or (PlanAllocation("719", 1, 250_000_000), PlanAllocation("74", 1, 500_000_000)),
        document_no="3050/QĐ-SCT",
        document_date=date(2023, 12, 15),
    )
