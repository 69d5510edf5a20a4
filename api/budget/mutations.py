"""Budget lines: estimates, allocations, adjustments and the year-end cancellation of what is
left (finance, and a district or commune on its own holder's lines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from api.budget import inputs as i
from api.commands import run_command
from api.context import Info
from api.policy import authorize
from api.refusals import UserError, user_errors
from domain.application import Receipt
from domain.budget.commands import (
    AdjustBudget,
    AdjustEstimate,
    AllocateBudget,
    CancelBudget,
    CancelEstimate,
    ProposeEstimate,
)
from domain.errors import InvalidInput, LedgerError
from domain.types import FundingSource
from finance import succession


@strawberry.type(description="What a budget mutation did.")
class BudgetLinePayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    budget_line_id: strawberry.ID | None = strawberry.field(
        description="The line changed: its event stream's id (a JournalEntry's aggregateId, "
        "what journal(aggregateId:) takes), not a Node id."
    )


async def _budget_mutation(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
) -> BudgetLinePayload:
    try:
        receipt = await run_command(info, name, build, use_case, key, _holder)
    except LedgerError as error:
        return BudgetLinePayload(user_errors=user_errors(error), position=None, budget_line_id=None)
    return BudgetLinePayload(
        user_errors=[],
        position=receipt.position,
        budget_line_id=strawberry.ID(str(receipt.aggregate_id)),
    )


def _holder(cmd: Any) -> str | None:
    """The holder a budget command writes to, for the district check: the one named (none
    named is the source's default, the region, never a district's)."""
    return cmd.holder_code.strip() if isinstance(cmd.holder_code, str) else None


def _signed(value: str) -> int:
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdigit() or len(digits) > 19:
        raise InvalidInput('a signed whole number of đồng, e.g. "-300000000"', field="delta")
    return int(text)


@strawberry.type(description="What a transfer to the successor holder did.")
class TransferPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")


@strawberry.type
class BudgetMutation:
    @strawberry.mutation(
        description="Pass the open commitments of a holder whose budget ended to its "
        "successor, naming the decision (finance). Refused before the holder's last day is "
        "over; a refusal writes nothing."
    )
    async def transfer_to_successor(
        self, info: Info, input: i.TransferToSuccessorInput
    ) -> TransferPayload:
        try:
            authorize(info.context.principal, "transferToSuccessor")
            receipt = await info.context.run(
                succession.transfer_to_successor,
                info.context.ledger,
                info.context.read_model,
                input.program_code,
                input.from_holder,
                input.decision_no,
                input.decision_date,
                info.context.principal.actor(),
                input.idempotency_key,
            )
        except LedgerError as error:
            return TransferPayload(user_errors=user_errors(error), position=None)
        return TransferPayload(user_errors=[], position=receipt.position)

    @strawberry.mutation(description="Allocate budget to a line (finance).")
    async def allocate_budget(self, info: Info, input: i.AllocateBudgetInput) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "allocateBudget",
            lambda: AllocateBudget(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                amount_vnd=int(input.amount),
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.allocate_budget,
            input.idempotency_key,
        )

    @strawberry.mutation(description="Adjust a line's allocation (finance).")
    async def adjust_budget(self, info: Info, input: i.AdjustBudgetInput) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "adjustBudget",
            lambda: AdjustBudget(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                delta_vnd=_signed(input.delta),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.adjust_budget,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Propose a line's estimate (finance; a district or commune for its own "
        "holder). Opens the line on first use."
    )
    async def propose_estimate(
        self, info: Info, input: i.ProposeEstimateInput
    ) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "proposeEstimate",
            lambda: ProposeEstimate(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                amount_vnd=int(input.amount),
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.propose_estimate,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Adjust a line's estimate (finance; a district or commune for its own holder)."
    )
    async def adjust_estimate(self, info: Info, input: i.AdjustEstimateInput) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "adjustEstimate",
            lambda: AdjustEstimate(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                delta_vnd=_signed(input.delta),
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.adjust_estimate,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Withdraw a line's estimate (finance; a district or commune for its own "
        "holder)."
    )
    async def cancel_estimate(self, info: Info, input: i.CancelEstimateInput) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "cancelEstimate",
            lambda: CancelEstimate(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                reason=input.reason,
                document_no=input.document_no,
                document_date=input.document_date,
            ),
            info.context.ledger.cancel_estimate,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Cancel unspent budget at year end (finance; a district or commune for its "
        "own holder)."
    )
    async def cancel_budget(self, info: Info, input: i.CancelBudgetInput) -> BudgetLinePayload:
        return await _budget_mutation(
            info,
            "cancelBudget",
            lambda: CancelBudget(
                program_code=input.program_code,
                year=input.year,
                source=FundingSource(input.source.value),
                holder_code=input.holder_code,
                amount_vnd=int(input.amount),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.cancel_budget,
            input.idempotency_key,
        )
