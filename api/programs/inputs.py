"""Inputs of the program mutations: amendments by decision. Every input has an optional
idempotencyKey."""

from __future__ import annotations

from datetime import date

import strawberry

from api.descriptions import IDEMPOTENCY_KEY
from api.scalars import VND


@strawberry.input(
    description="Revise an indicator's target by decision (điều chỉnh chỉ tiêu), naming the "
    "decision's number and date."
)
class ReviseTargetInput:
    program_code: str
    indicator_code: str
    target: int = strawberry.field(description="The target as the decision sets it.")
    decision_no: str
    decision_date: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Add a support rule: a new version of a cap gets a code of its own, its legal "
    "basis and its validity (effectiveFrom, optional effectiveTo). It sets a share, a cap or a "
    "multiple of another rule."
)
class AddSupportRuleInput:
    program_code: str
    code: str = strawberry.field(description="Code of this version, e.g. TT28-2018-MACHINERY-V2.")
    legal_basis: str = strawberry.field(description="The act that sets it, e.g. its number.")
    source_note: str = strawberry.field(description="Where it was read and checked.")
    effective_from: date = strawberry.field(description="First day in force.")
    effective_to: date | None = strawberry.field(default=None, description="Last day in force.")
    content_codes: list[str] = strawberry.field(description="Content items it caps, e.g. IV.1.b.")
    indicator_code: str | None = strawberry.field(
        default=None, description="The output it caps, e.g. machines_applied."
    )
    max_share_percent: int | None = strawberry.field(
        default=None, description="At most this % of the eligible cost (1–100)."
    )
    cap: VND | None = strawberry.field(default=None, description="At most this many đồng.")
    multiple_of: str | None = strawberry.field(
        default=None, description="A rule whose cap this one multiplies."
    )
    multiple_numerator: int | None = strawberry.field(default=None, description="Default 1.")
    multiple_denominator: int | None = strawberry.field(default=None, description="Default 1.")
    per: str = strawberry.field(description="establishment, project, model or person.")
    replaces: str | None = strawberry.field(
        default=None,
        description="The earlier version this one replaces: its validity ends the day before "
        "this one's effectiveFrom.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
