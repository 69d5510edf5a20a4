"""Support caps (DESIGN §6): the rules in force on the approval date bound a project's support.

When several rules apply (a project with machines and a technology line), each caps its own kind
of item, so the project may use the most generous of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.errors import SupportAboveCap, SupportAboveCost
from domain.programs.definition import SupportRule
from domain.programs.state import ProgramState
from domain.types import FundingSource, Output


@dataclass(frozen=True)
class Allowance:
    amount_vnd: int
    rule: SupportRule


def support_total(amounts: dict[FundingSource, int]) -> int:
    """Support is every source but the beneficiary's own counterpart money."""
    return sum(amount for source, amount in amounts.items() if source.is_support)


def allowance(
    program: ProgramState,
    *,
    content_code: str,
    planned_outputs: tuple[Output, ...],
    beneficiary_ids: tuple[UUID, ...],
    eligible_cost_vnd: int,
    on: date,
) -> Allowance | None:
    """The most support the rules in force allow, or None when no rule applies (no cap)."""
    planned = {output.indicator_code: output.quantity for output in planned_outputs}
    candidates = [
        Allowance(
            _rule_allowance(program, rule, planned, beneficiary_ids, eligible_cost_vnd, on), rule
        )
        for rule in program.rules_in_force(on, content_code)
        if rule.indicator_code is None or rule.indicator_code in planned
    ]
    return max(candidates, key=lambda a: a.amount_vnd, default=None)


def check_support(
    program: ProgramState,
    amounts: dict[FundingSource, int],
    *,
    content_code: str,
    planned_outputs: tuple[Output, ...],
    beneficiary_ids: tuple[UUID, ...],
    eligible_cost_vnd: int,
    on: date,
    field: str,
) -> None:
    total = sum(amounts.values())
    if total > eligible_cost_vnd:
        raise SupportAboveCost(
            f"{total:,} đồng exceeds the eligible cost of {eligible_cost_vnd:,} đồng", field=field
        )
    best = allowance(
        program,
        content_code=content_code,
        planned_outputs=planned_outputs,
        beneficiary_ids=beneficiary_ids,
        eligible_cost_vnd=eligible_cost_vnd,
        on=on,
    )
    support = support_total(amounts)
    if best is not None and support > best.amount_vnd:
        raise SupportAboveCap(
            f"support of {support:,} đồng exceeds {best.amount_vnd:,} đồng allowed by rule "
            f"{best.rule.code} ({best.rule.legal_basis}) in force on {on.isoformat()}",
            field=field,
        )


def _rule_allowance(
    program: ProgramState,
    rule: SupportRule,
    planned: dict[str, int],
    beneficiary_ids: tuple[UUID, ...],
    eligible_cost_vnd: int,
    on: date,
) -> int:
    limits = []
    if rule.max_share_percent is not None:
        limits.append(eligible_cost_vnd * rule.max_share_percent // 100)
    cap = _cap(program, rule, on)
    if cap is not None:
        limits.append(cap * _count(rule, planned, beneficiary_ids))
    return min(limits)


def _cap(program: ProgramState, rule: SupportRule, on: date) -> int | None:
    """A multiple of another rule multiplies that rule's version in force on the day."""
    if rule.cap_vnd is not None:
        return rule.cap_vnd
    if rule.multiple_of is None:
        return None
    base = _cap(program, program.version_on(rule.multiple_of, on), on)
    if base is None:
        return None
    return base * rule.multiple_numerator // rule.multiple_denominator


def _count(rule: SupportRule, planned: dict[str, int], beneficiary_ids: tuple[UUID, ...]) -> int:
    if rule.per == "project":
        return 1
    if rule.per == "establishment":
        return max(1, len(beneficiary_ids))
    return planned.get(rule.indicator_code or "", 1)
