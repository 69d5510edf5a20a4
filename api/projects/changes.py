"""Changing a project by decision after approval — adjusting its support, suspending and
resuming it, carrying it into the next year — recording a refund, and certifying an
establishment. Each mutation builds its command, authorises (api/policy.py, by name), records
it, and answers as the read model then shows it, or ``userErrors`` having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import strawberry

from api.commands import read_back, run_command
from api.context import Info
from api.policy import UNIT_SCOPED_ROLES
from api.projects import inputs as i
from api.projects import views
from api.projects.mutations import (
    EstablishmentPayload,
    ProjectPayload,
    _amounts,
    _project_mutation,
)
from api.refusals import project_id, user_errors
from api.relay import parse_global_id
from domain.application import Receipt
from domain.errors import InvalidInput, LedgerError
from domain.establishments.commands import AddCertification
from domain.projects import commands as c
from domain.types import CertificationKind, FundingSource


async def _unit_scoped(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
) -> ProjectPayload:
    """A mutation a district (or commune) token makes only on its own unit's projects: the
    project's unit is looked up for such a token alone."""
    unit: str | None = None
    if info.context.principal.holds(UNIT_SCOPED_ROLES):
        try:
            pid = build().project_id
            project = await info.context.read(info.context.ledger.project, pid)
        except LedgerError as error:
            return ProjectPayload(user_errors=user_errors(error), position=None, project=None)
        unit = project.unit_code
    return await _project_mutation(info, name, build, use_case, key, unit_code=lambda _: unit)


@strawberry.type
class ProjectChangeMutation:
    @strawberry.mutation(
        description="Change an approved project's support by decision; the budget lines' "
        "commitments follow (doit)."
    )
    async def adjust_project(self, info: Info, input: i.AdjustProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "adjustProject",
            lambda: c.AdjustProject(
                project_id=project_id(input.project_id),
                approved_support=_amounts(input.approved_support),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.adjust_project,
            input.idempotency_key,
        )

    @strawberry.mutation(description="Suspend a running project by decision (doit).")
    async def suspend_project(self, info: Info, input: i.SuspendProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "suspendProject",
            lambda: c.SuspendProject(
                project_id=project_id(input.project_id),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.suspend_project,
            input.idempotency_key,
        )

    @strawberry.mutation(description="Resume a suspended project by decision (doit).")
    async def resume_project(self, info: Info, input: i.ResumeProjectInput) -> ProjectPayload:
        return await _project_mutation(
            info,
            "resumeProject",
            lambda: c.ResumeProject(
                project_id=project_id(input.project_id),
                reason=input.reason,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.resume_project,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Carry a contracted project's unpaid support into the next year (finance)."
    )
    async def carry_over_project(
        self, info: Info, input: i.CarryOverProjectInput
    ) -> ProjectPayload:
        return await _project_mutation(
            info,
            "carryOverProject",
            lambda: c.CarryOverProject(
                project_id=project_id(input.project_id),
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.carry_over_project,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Record a refund from a settled or cancelled project (center; a district "
        "or commune for its unit's projects)."
    )
    async def record_refund(self, info: Info, input: i.RecordRefundInput) -> ProjectPayload:
        return await _unit_scoped(
            info,
            "recordRefund",
            lambda: c.RecordRefund(
                project_id=project_id(input.project_id),
                source=FundingSource(input.source.value),
                amount_vnd=int(input.amount),
                voucher_no=input.voucher_no,
                value_date=input.value_date,
            ),
            info.context.ledger.record_refund,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Record a certificate an establishment received: a typical rural "
        "industrial product or a trademark (doit)."
    )
    async def add_certification(
        self, info: Info, input: i.AddCertificationInput
    ) -> EstablishmentPayload:
        context = info.context
        try:
            receipt = await run_command(
                info,
                "addCertification",
                lambda: AddCertification(
                    establishment_id=establishment_id(input.establishment_id),
                    kind=CertificationKind(input.kind.value),
                    title=input.title,
                    certificate_no=input.certificate_no,
                    level=input.level,
                    issued_on=input.issued_on,
                ),
                context.ledger.add_certification,
                input.idempotency_key,
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


def establishment_id(value: str, field: str = "establishmentId") -> UUID:
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != "Establishment":
        raise InvalidInput("not an establishment id", field=field)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise InvalidInput("not an establishment id", field=field) from None
