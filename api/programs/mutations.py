"""Amending a program by decision: revising a target, adding a support rule (doit). Each
answers the program as it then stands, or ``userErrors`` having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from api.commands import read_or_none, run_command
from api.context import Info
from api.programs import inputs as i
from api.programs import types as t
from api.programs import views
from api.refusals import UserError, user_errors
from domain.application import Receipt
from domain.errors import InvalidInput, InvalidProgramFile, LedgerError
from domain.programs.commands import AddSupportRule, ReviseTarget

# The rule's keys as the program file spells them, and the input fields that carry them.
RULE_FIELDS = {
    "code": "code",
    "legal_basis": "legalBasis",
    "source_note": "sourceNote",
    "effective_from": "effectiveFrom",
    "effective_to": "effectiveTo",
    "content_codes": "contentCodes",
    "indicator_code": "indicatorCode",
    "max_share_percent": "maxSharePercent",
    "cap_vnd": "cap",
    "multiple_of": "multipleOf",
    "multiple_numerator": "multipleNumerator",
    "multiple_denominator": "multipleDenominator",
    "per": "per",
    "replaces": "replaces",
}


@strawberry.type(description="What a program mutation did.")
class ProgramPayload:
    user_errors: list[UserError] = strawberry.field(description="Refusals; empty on success.")
    position: int | None = strawberry.field(description="Ledger position of the last event.")
    program: t.Program | None = strawberry.field(description="The program as it now stands.")


async def _program_mutation(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
) -> ProgramPayload:
    try:
        command = build()
        receipt = await run_command(info, name, lambda: command, use_case, key)
        state = await read_or_none(
            receipt, lambda: info.context.run(info.context.ledger.program, command.program_code)
        )
    except InvalidProgramFile as error:
        return ProgramPayload(
            user_errors=user_errors(_as_input(error)), position=None, program=None
        )
    except LedgerError as error:
        return ProgramPayload(user_errors=user_errors(error), position=None, program=None)
    program = None if state is None else views.program(state)
    return ProgramPayload(user_errors=[], position=receipt.position, program=program)


def _as_input(error: InvalidProgramFile) -> InvalidInput:
    """A rule is checked as the program file's rules are; its refusal names the input field."""
    key = (error.field or "").removeprefix("rule").lstrip(".")
    return InvalidInput(error.message, field=RULE_FIELDS.get(key, key or None))


def _rule(input: i.AddSupportRuleInput) -> dict[str, Any]:
    """The rule in the program file's shape, without the keys left out."""
    values = {
        "code": input.code,
        "legal_basis": input.legal_basis,
        "source_note": input.source_note,
        "effective_from": input.effective_from.isoformat(),
        "effective_to": input.effective_to.isoformat() if input.effective_to else None,
        "content_codes": list(input.content_codes),
        "indicator_code": input.indicator_code,
        "max_share_percent": input.max_share_percent,
        "cap_vnd": None if input.cap is None else int(input.cap),
        "multiple_of": input.multiple_of,
        "multiple_numerator": input.multiple_numerator,
        "multiple_denominator": input.multiple_denominator,
        "per": input.per,
        "replaces": input.replaces,
    }
    return {key: value for key, value in values.items() if value is not None}


@strawberry.type
class ProgramMutation:
    @strawberry.mutation(
        description="Revise an indicator's target by decision, with its number and date (doit)."
    )
    async def revise_target(self, info: Info, input: i.ReviseTargetInput) -> ProgramPayload:
        return await _program_mutation(
            info,
            "reviseTarget",
            lambda: ReviseTarget(
                program_code=input.program_code,
                indicator_code=input.indicator_code,
                target=input.target,
                decision_no=input.decision_no,
                decision_date=input.decision_date,
            ),
            info.context.ledger.revise_target,
            input.idempotency_key,
        )

    @strawberry.mutation(
        description="Add a support rule: a new version with its legal basis and validity (doit)."
    )
    async def add_support_rule(self, info: Info, input: i.AddSupportRuleInput) -> ProgramPayload:
        return await _program_mutation(
            info,
            "addSupportRule",
            lambda: AddSupportRule(program_code=input.program_code, rule=_rule(input)),
            info.context.ledger.add_support_rule,
            input.idempotency_key,
        )
