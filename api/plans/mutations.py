"""Annual plans (Điều 2.4.a): a district submits and revises its own plan, the Center its own
items and the compilation, Sở Công Thương approves and allocates provincial money per item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from api.commands import run_command
from api.context import Info
from api.plans import inputs as i
from api.refusals import UserError, user_errors
from domain.application import Receipt
from domain.errors import LedgerError
from domain.plans import commands as c
from domain.plans.items import PlanAllocation, PlanItem, PlanMoney
from domain.types import FundingSource, Output


@strawberry.type(description="What a plan mutation did.")
class PlanPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    plan_id: strawberry.ID | None = strawberry.field(
        description="The plan changed: its event stream's id (a JournalEntry's aggregateId, "
        "what journal(aggregateId:) takes), not a Node id."
    )


def _items(items: list[i.PlanItemInput]) -> tuple[PlanItem, ...]:
    return tuple(
        PlanItem(
            item_no=x.item_no,
            content_code=x.content_code,
            unit_code=x.unit_code,
            planned_projects=x.planned_projects,
            outputs=tuple(Output(o.indicator_code, o.quantity) for o in x.outputs),
            money=tuple(
                PlanMoney(FundingSource(m.source.value), int(m.amount), m.holder_code or "")
                for m in x.money
            ),
        )
        for x in items
    )


async def _plan_mutation(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
    unit_code: Callable[[Any], str | None] | None = None,
) -> PlanPayload:
    try:
        receipt = await run_command(info, name, build, use_case, key, unit_code)
    except LedgerError as error:
        return PlanPayload(user_errors=user_errors(error), position=None, plan_id=None)
    return PlanPayload(
        user_errors=[], position=receipt.position, plan_id=strawberry.ID(str(receipt.aggregate_id))
    )


@strawberry.type
class PlanMutation:
    @strawberry.mutation(
        description="Submit a year's plan: a district its own (district), the Center its own "
        "items as the province's plan, unit 74 (center)."
    )
    async def submit_plan(self, info: Info, input: i.SubmitPlanInput) -> PlanPayload:
        return await _plan_mutation(
            info,
            "submitPlan",
            lambda: c.SubmitPlan(
                program_code=input.program_code,
                year=input.year,
                unit_code=input.unit_code,
                items=_items(input.items),
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.submit_plan,
            input.idempotency_key,
            unit_code=lambda cmd: cmd.unit_code,
        )

    @strawberry.mutation(
        description="Replace a plan's items by a later document, before the year's approval "
        "(district for its own; center)."
    )
    async def revise_plan(self, info: Info, input: i.RevisePlanInput) -> PlanPayload:
        return await _plan_mutation(
            info,
            "revisePlan",
            lambda: c.RevisePlan(
                program_code=input.program_code,
                year=input.year,
                unit_code=input.unit_code,
                items=_items(input.items),
                reason=input.reason,
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.revise_plan,
            input.idempotency_key,
            unit_code=lambda cmd: cmd.unit_code,
        )

    @strawberry.mutation(
        description="Compile every district plan of the year with the Center's own (center)."
    )
    async def compile_plan(self, info: Info, input: i.CompilePlanInput) -> PlanPayload:
        return await _plan_mutation(
            info,
            "compilePlan",
            lambda: c.CompilePlan(
                program_code=input.program_code,
                year=input.year,
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.compile_plan,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Appraise and approve the compiled plan, allocating provincial money to "
        "its items by the same decision (doit)."
    )
    async def approve_plan(self, info: Info, input: i.ApprovePlanInput) -> PlanPayload:
        return await _plan_mutation(
            info,
            "approvePlan",
            lambda: c.ApprovePlan(
                program_code=input.program_code,
                year=input.year,
                allocations=tuple(
                    PlanAllocation(a.unit_code, a.item_no, int(a.amount)) for a in input.allocations
                ),
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.approve_plan,
            input.idempotency_key,
        )
