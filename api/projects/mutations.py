"""Proposing and deciding projects, paying them, and registering establishments. Each
mutation builds its command, authorises (api/policy.py, by name), records it, and answers the
project as the read model then shows it, or ``userErrors`` having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import strawberry

from api.commands import read_back, run_command
from api.context import Info
from api.projects import inputs as i
from api.projects import types as t
from api.projects import views
from api.refusals import UserError, project_id, user_errors
from api.relay import parse_global_id
from domain.application import Receipt
from domain.errors import InvalidInput, LedgerError
from domain.establishments.commands import RegisterEstablishment
from domain.plans.items import PlanItemRef
from domain.projects import commands as c
from domain.types import (
    AppraisalResult,
    EstablishmentKind,
    FundingSource,
    Output,
    PaymentKind,
    SourceAmount,
)
from projections.rows import AsOf


@strawberry.type(description="What a project mutation did.")
class ProjectPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    project: t.Project | None = strawberry.field(description="The project as it now stands.")


@strawberry.type(description="What an establishment mutation did.")
class EstablishmentPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    establishment: t.Establishment | None = strawberry.field(description="The establishment.")


def _amounts(items: list[i.SourceAmountInput]) -> tuple[SourceAmount, ...]:
    return tuple(SourceAmount(FundingSource(x.source.value), int(x.amount)) for x in items)


def _plan_item(ref: i.PlanItemRefInput | None) -> PlanItemRef | None:
    return None if ref is None else PlanItemRef(ref.unit_code, ref.item_no)


def _outputs(items: list[i.OutputInput]) -> tuple[Output, ...]:
    return tuple(Output(x.indicator_code, x.quantity) for x in items)


async def _project_result(info: Info, receipt: Receipt) -> t.Project | None:
    """The project as this write left it (as of its position, so an idempotent replay answers
    the same project as the first answer); null if the read model is behind (ask again with
    minPosition set to the payload's position)."""
    context = info.context
    as_of = AsOf(position=receipt.position)

    async def read() -> t.Project | None:
        view = await context.run(context.read_model.project, str(receipt.aggregate_id), as_of)
        if view is None:
            return None
        details = await context.run(context.read_model.project_details, [view.id], as_of)
        return views.project(view, details[view.id])

    return await read_back(info, receipt, read)


async def _project_mutation(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
    unit_code: Callable[[Any], str | None] | None = None,
) -> ProjectPayload:
    try:
        receipt = await run_command(info, name, build, use_case, key, unit_code)
        project = await _project_result(info, receipt)
    except LedgerError as error:
        return ProjectPayload(user_errors=user_errors(error), position=None, project=None)
    return ProjectPayload(user_errors=[], position=receipt.position, project=project)


@strawberry.type
class ProjectMutation:
    @strawberry.mutation(
        description="Propose a project (center; district, commune for their unit)."
    )
    async def propose_project(self, info: Info, input: i.ProposeProjectInput) -> ProjectPayload:
        def build() -> c.ProposeProject:
            beneficiaries = tuple(_establishment_id(x) for x in input.beneficiary_ids or ())
            return c.ProposeProject(
                program_code=input.program_code,
                code=input.code,
                title=input.title,
                content_code=input.content_code,
                unit_code=input.unit_code,
                year=input.year,
                eligible_cost_vnd=int(input.eligible_cost),
                requested_support=_amounts(input.requested_support),
                planned_outputs=_outputs(input.planned_outputs),
                beneficiary_ids=beneficiaries,
                proposed_on=input.proposed_on,
                co_financing_vnd=int(input.co_financing or 0),
                co_financing_note=input.co_financing_description or "",
                plan_item=_plan_item(input.plan_item),
            )

        return await _project_mutation(
            info,
            "proposeProject",
            build,
            info.context.ledger.propose_project,
            input.idempotency_key,
            unit_code=lambda cmd: cmd.unit_code,
        )

    @strawberry.mutation(description="Record the appraisal (doit).")
    async def appraise_project(self, info: Info, input: i.AppraiseProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "appraiseProject",
            lambda: c.AppraiseProject(
                project_id=project_id(input.project_id),
                result=AppraisalResult(input.result.value),
                notes=input.notes or "",
            ),
            info.context.ledger.appraise_project,
            input.idempotency_key,
        )

    @strawberry.mutation(description="Approve support; commits it on the budget lines (doit).")
    async def approve_project(self, info: Info, input: i.ApproveProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "approveProject",
            lambda: c.ApproveProject(
                project_id=project_id(input.project_id),
                approved_support=_amounts(input.approved_support),
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.approve_project,
            input.idempotency_key,
        )

    @strawberry.mutation(description="Reject a proposal (doit).")
    async def reject_project(self, info: Info, input: i.RejectProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "rejectProject",
            lambda: c.RejectProject(
                project_id=project_id(input.project_id),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.reject_project,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Sign the contract (center; district, commune for their unit)."
    )
    async def sign_contract(self, info: Info, input: i.SignContractInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "signContract",
            lambda: c.SignContract(
                project_id=project_id(input.project_id),
                contract_no=input.contract_no,
                signed_on=input.signed_on,
            ),
            info.context.ledger.sign_contract,
            input.idempotency_key,
            unit_code=_project_unit(info),
        )

    @strawberry.mutation(
        description="Record an advance or payment (center; district, commune for their unit)."
    )
    async def record_payment(self, info: Info, input: i.RecordPaymentInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "recordPayment",
            lambda: c.RecordPayment(
                project_id=project_id(input.project_id),
                kind=PaymentKind(input.kind.value),
                source=FundingSource(input.source.value),
                amount_vnd=int(input.amount),
                voucher_no=input.voucher_no,
                value_date=input.value_date,
                payee=input.payee,
            ),
            info.context.ledger.record_payment,
            input.idempotency_key,
            unit_code=_project_unit(info),
        )

    @strawberry.mutation(
        description="Reverse a payment, once (center; district, commune for their unit)."
    )
    async def reverse_payment(self, info: Info, input: i.ReversePaymentInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "reversePayment",
            lambda: c.ReversePayment(
                project_id=project_id(input.project_id),
                voucher_no=input.voucher_no,
                reason=input.reason,
            ),
            info.context.ledger.reverse_payment,
            input.idempotency_key,
            unit_code=_project_unit(info),
        )

    @strawberry.mutation(description="Accept outputs (center; district, commune for their unit).")
    async def accept_outputs(self, info: Info, input: i.AcceptOutputsInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "acceptOutputs",
            lambda: c.AcceptOutputs(
                project_id=project_id(input.project_id),
                outputs=_outputs(input.outputs),
                record_no=input.record_no,
                accepted_on=input.accepted_on,
                co_financing_vnd=int(input.co_financing_evidenced or 0),
                co_financing_document=input.co_financing_document_no or "",
            ),
            info.context.ledger.accept_outputs,
            input.idempotency_key,
            unit_code=_project_unit(info),
        )

    @strawberry.mutation(description="Settle a project (center; district, commune for their unit).")
    async def settle_project(self, info: Info, input: i.SettleProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "settleProject",
            lambda: c.SettleProject(
                project_id=project_id(input.project_id),
                final_support=_amounts(input.final_support),
                decision_no=input.decision_no,
                decision_date=input.decision_date,
                co_financing_vnd=int(input.co_financing_settled or 0),
            ),
            info.context.ledger.settle_project,
            input.idempotency_key,
            unit_code=_project_unit(info),
        )

    @strawberry.mutation(description="Cancel a project (doit).")
    async def cancel_project(self, info: Info, input: i.CancelProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "cancelProject",
            lambda: c.CancelProject(
                project_id=project_id(input.project_id),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.cancel_project,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Register an establishment (center; district, commune for their unit)."
    )
    async def register_establishment(
        self, info: Info, input: i.RegisterEstablishmentInput
    ) -> EstablishmentPayload:
        def build() -> RegisterEstablishment:
            try:
                kind = EstablishmentKind(input.kind)
            except ValueError:
                raise InvalidInput(f"unknown kind {input.kind!r}", field="kind") from None
            return RegisterEstablishment(
                program_code=input.program_code,
                name=input.name,
                kind=kind,
                tax_code=input.tax_code,
                unit_code=input.unit_code,
                address=input.address or "",
            )

        context = info.context
        try:
            receipt = await run_command(
                info,
                "registerEstablishment",
                build,
                context.ledger.register_establishment,
                input.idempotency_key,
                unit_code=lambda cmd: cmd.unit_code,
            )
            found = await read_back(
                info,
                receipt,
                lambda: context.run(context.read_model.establishment, str(receipt.aggregate_id)),
            )
        except LedgerError as error:
            return EstablishmentPayload(
                user_errors=user_errors(error), position=None, establishment=None
            )
        return EstablishmentPayload(
            user_errors=[],
            position=receipt.position,
            establishment=views.establishment(found) if found else None,
        )


def _project_unit(info: Info) -> Callable[[Any], str]:
    """The unit of the project a command acts on: a district or commune token acts only on
    its own unit's projects."""
    return lambda cmd: info.context.ledger.project(cmd.project_id).unit_code


def _establishment_id(value: str) -> UUID:
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != "Establishment":
        raise InvalidInput("not an establishment id", field="beneficiaryIds")
    try:
        return UUID(parsed[1])
    except ValueError:
        raise InvalidInput("not an establishment id", field="beneficiaryIds") from None
