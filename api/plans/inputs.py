"""Inputs of the plan mutations. Every input has an optional idempotencyKey."""

from __future__ import annotations

from datetime import date

import strawberry

from api.descriptions import IDEMPOTENCY_KEY
from api.enums import FundingSource
from api.projects.inputs import OutputInput
from api.scalars import VND

PLAN_UNIT = "The plan's unit: a district's (718…726), or 74 (the province) for the Center's items."


@strawberry.input(description="Money an item needs from one source.")
class PlanMoneyInput:
    source: FundingSource
    amount: VND
    holder_code: str | None = strawberry.field(
        default=None,
        description="Whose budget it is; default: the source's holder for the item's unit.",
    )


@strawberry.input(description="One item of a plan: a content item carried out in a unit.")
class PlanItemInput:
    item_no: int = strawberry.field(description="The item's number in the plan, from 1.")
    content_code: str
    unit_code: str = strawberry.field(
        description="Where it is carried out: the district or one of its communes; any unit "
        "(74: the whole province) in the Center's plan."
    )
    planned_projects: int = strawberry.field(description="Projects planned (số đề án).")
    outputs: list[OutputInput] = strawberry.field(description="Outputs expected, per indicator.")
    money: list[PlanMoneyInput] = strawberry.field(description="Money needed, per source.")


@strawberry.input(description="Submit a unit's annual plan (gửi kế hoạch khuyến công năm).")
class SubmitPlanInput:
    program_code: str
    year: int
    unit_code: str = strawberry.field(description=PLAN_UNIT)
    items: list[PlanItemInput] = strawberry.field(description="The plan's items.")
    document_no: str = strawberry.field(description="The plan document's number.")
    document_date: date = strawberry.field(description="The plan document's date.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Replace a plan's items by a later document, before approval.")
class RevisePlanInput:
    program_code: str
    year: int
    unit_code: str = strawberry.field(description=PLAN_UNIT)
    items: list[PlanItemInput] = strawberry.field(description="The plan's items, all of them.")
    reason: str
    document_no: str = strawberry.field(description="The revising document's number.")
    document_date: date = strawberry.field(description="The revising document's date.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Compile the districts' plans with the Center's (tổng hợp).")
class CompilePlanInput:
    program_code: str
    year: int
    document_no: str = strawberry.field(description="The compilation's number.")
    document_date: date = strawberry.field(description="The compilation's date.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Provincial money allocated to one item of the compiled plan.")
class PlanAllocationInput:
    unit_code: str = strawberry.field(description="The unit whose plan holds the item.")
    item_no: int = strawberry.field(description="The item's number in that plan.")
    amount: VND


@strawberry.input(
    description="Appraise and approve the compiled plan, allocating provincial money to its "
    "items (thẩm định, phê duyệt và phân bổ kinh phí)."
)
class ApprovePlanInput:
    program_code: str
    year: int
    allocations: list[PlanAllocationInput] = strawberry.field(
        description="Provincial money per item; an item not named gets none."
    )
    document_no: str = strawberry.field(description="The approval decision's number.")
    document_date: date = strawberry.field(description="The approval decision's date.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
