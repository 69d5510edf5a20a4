"""Deciding annual plans (Decision 1811, Điều 2.4.a): a district People's Committee submits its
plan to the Center; the Center submits its own items as the province's plan and compiles the
districts' plans with it; Sở Công Thương appraises and approves the compilation and, by the same
decision, allocates provincial money to its items."""

from __future__ import annotations

from datetime import date

from domain.budget.decisions import check_program_year
from domain.budget.holders import check_fits, check_holder, holder_for
from domain.errors import (
    AllocationAbovePlanned,
    InvalidInput,
    PlanAlreadyApproved,
    PlanAlreadySubmitted,
    PlanNotCompiled,
    PlanUnitNotAllowed,
    UnknownContentItem,
    UnknownPlanItem,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.ids import plan_id
from domain.money import check_amount, check_quantity
from domain.plans.commands import ApprovePlan, CompilePlan, RevisePlan, SubmitPlan
from domain.plans.events import Plan
from domain.plans.items import PlanAllocation, PlanItem, PlanMoney
from domain.plans.state import PlanState
from domain.programs.definition import AdminUnit
from domain.programs.state import ProgramState
from domain.projects import checks
from domain.text import clean_code, clean_text
from domain.types import FundingSource, Role

PLAN_ITEMS_MAX = 200
PLANNED_PROJECTS_MAX = 1_000
PROVINCE, DISTRICT = "province", "district"


def submit(
    program: ProgramState,
    existing: PlanState | None,
    region: PlanState | None,
    region_code: str,
    cmd: SubmitPlan,
    decision: Decision,
) -> list[LedgerEvent]:
    year = check_program_year(program, cmd.year)
    day = check_date(cmd.document_date, "documentDate", today=decision.today)
    unit = _plan_unit(program, cmd.unit_code, day, decision)
    if unit.level == PROVINCE and unit.code != region_code:
        raise PlanUnitNotAllowed(
            f"the province's plan for {year} is unit {region_code}'s", "unitCode"
        )
    if existing is not None:
        raise PlanAlreadySubmitted(
            f"unit {unit.code} submitted its {year} plan ({existing.version} events): revise it",
            field="unitCode",
        )
    _check_not_approved(region, unit.code)
    pending = Pending(plan_id(program.code, year, unit.code), 0, decision)
    pending.add(
        Plan.Submitted,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        program_code=program.code,
        year=year,
        unit_code=unit.code,
        items=_items(program, unit, cmd.items, day),
        document_no=clean_code(cmd.document_no, "documentNo"),
        document_date=day,
    )
    return pending.events


def revise(
    program: ProgramState,
    plan: PlanState,
    region: PlanState | None,
    cmd: RevisePlan,
    decision: Decision,
) -> list[LedgerEvent]:
    day = check_date(cmd.document_date, "documentDate", today=decision.today)
    unit = _plan_unit(program, plan.unit_code, day, decision, allow_center=True)
    _check_not_approved(region, unit.code)
    pending = Pending(plan.id, plan.version, decision)
    pending.add(
        Plan.Revised,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        items=_items(program, unit, cmd.items, day),
        reason=clean_text(cmd.reason, "reason"),
        document_no=clean_code(cmd.document_no, "documentNo"),
        document_date=day,
    )
    return pending.events


def compile_plans(
    region: PlanState | None,
    district_plans: tuple[PlanState, ...],
    cmd: CompilePlan,
    decision: Decision,
) -> list[LedgerEvent]:
    """Recorded on the province's plan, which the Center submits first with its own items."""
    if region is None:
        raise PlanNotCompiled(
            "the Center submits its own items (the province's plan) before compiling",
            field="year",
        )
    _check_not_approved(region, region.unit_code)
    day = check_date(cmd.document_date, "documentDate", today=decision.today)
    pending = Pending(region.id, region.version, decision)
    pending.add(
        Plan.Compiled,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        plan_versions={plan.unit_code: plan.version for plan in district_plans},
        document_no=clean_code(cmd.document_no, "documentNo"),
        document_date=day,
    )
    return pending.events


def approve(
    region: PlanState | None,
    district_plans: tuple[PlanState, ...],
    cmd: ApprovePlan,
    decision: Decision,
) -> list[LedgerEvent]:
    if region is None or not region.compiled_at_version:
        raise PlanNotCompiled(f"no compiled plan for {cmd.year}: the Center compiles first", "year")
    _check_not_approved(region, region.unit_code)
    current = {plan.unit_code: plan.version for plan in district_plans}
    if region.version != region.compiled_at_version or current != region.compiled:
        raise PlanNotCompiled(
            "plans changed after the compilation: the Center compiles again", field="year"
        )
    day = check_date(cmd.document_date, "documentDate", today=decision.today)
    plans = {plan.unit_code: plan for plan in (region, *district_plans)}
    pending = Pending(region.id, region.version, decision)
    pending.add(
        Plan.Approved,
        effective_on=day,
        document_ref=clean_code(cmd.document_no, "documentNo"),
        allocations=_allocations(plans, cmd.allocations),
        document_no=clean_code(cmd.document_no, "documentNo"),
        document_date=day,
    )
    return pending.events


def approved_units(region: PlanState | None) -> frozenset[str]:
    """The units whose plans an approval of the year covers."""
    if region is None or not region.approved:
        return frozenset()
    return frozenset({region.unit_code, *region.compiled})


def _check_not_approved(region: PlanState | None, unit_code: str) -> None:
    if unit_code in approved_units(region):
        raise PlanAlreadyApproved(
            f"the {region.year if region else ''} plans are approved: "
            f"unit {unit_code}'s plan is not changed",
            field="unitCode",
        )


def _plan_unit(
    program: ProgramState,
    code: str,
    day: date,
    decision: Decision,
    *,
    allow_center: bool = False,
) -> AdminUnit:
    """A district submits its own plan; the Center the province's (its own items). The Center,
    which compiles, may also revise a district's plan as the district asks."""
    unit = program.unit_valid_on(clean_code(code, "unitCode"), day)
    if unit.level not in (PROVINCE, DISTRICT):
        raise PlanUnitNotAllowed(
            f"{unit.code} is a {unit.level}: plans are a district's or the province's", "unitCode"
        )
    role = decision.actor.role
    if role is Role.SYSTEM:
        return unit
    if decision.actor.unit_code is not None and decision.actor.unit_code != unit.code:
        raise PlanUnitNotAllowed(
            f"a token of unit {decision.actor.unit_code} acts on its own plan only", "unitCode"
        )
    if unit.level == PROVINCE and role is not Role.CENTER:
        raise PlanUnitNotAllowed("the province's plan holds the Center's own items", "unitCode")
    if (
        unit.level == DISTRICT
        and role is not Role.DISTRICT
        and not (allow_center and role is Role.CENTER)
    ):
        raise PlanUnitNotAllowed("a district People's Committee submits its own plan", "unitCode")
    return unit


def _items(
    program: ProgramState, plan_unit: AdminUnit, items: tuple[PlanItem, ...], day: date
) -> tuple[PlanItem, ...]:
    if not items:
        raise InvalidInput("a plan has at least one item", field="items")
    if len(items) > PLAN_ITEMS_MAX:
        raise InvalidInput(f"at most {PLAN_ITEMS_MAX} items", field="items")
    checked: list[PlanItem] = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        number = check_quantity(item.item_no, f"{where}.itemNo", ceiling=PLAN_ITEMS_MAX)
        if number < 1 or any(c.item_no == number for c in checked):
            raise InvalidInput(
                f"item {number}: numbers are 1 or more, each once", f"{where}.itemNo"
            )
        content = program.content_item(item.content_code, f"{where}.contentCode")
        if content.parent_code is None:
            raise UnknownContentItem(
                f"{content.code} is a group; name one of its items", f"{where}.contentCode"
            )
        unit = program.unit_valid_on(
            clean_code(item.unit_code, f"{where}.unitCode"), day, f"{where}.unitCode"
        )
        if (
            plan_unit.level == DISTRICT
            and unit.code != plan_unit.code
            and unit.parent != plan_unit.code
        ):
            raise PlanUnitNotAllowed(
                f"a district's plan holds items of the district or its communes, not {unit.code}",
                f"{where}.unitCode",
            )
        checked.append(
            PlanItem(
                item_no=number,
                content_code=content.code,
                unit_code=unit.code,
                planned_projects=check_quantity(
                    item.planned_projects, f"{where}.plannedProjects", ceiling=PLANNED_PROJECTS_MAX
                ),
                outputs=checks.outputs(program, item.outputs, f"{where}.outputs", allow_empty=True),
                money=_money(program, unit, item.money, day, f"{where}.money"),
            )
        )
    return tuple(sorted(checked, key=lambda c: c.item_no))


def _money(
    program: ProgramState, unit: AdminUnit, money: tuple[PlanMoney, ...], day: date, field: str
) -> tuple[PlanMoney, ...]:
    if not money:
        raise InvalidInput("name the money the item needs, by source", field=field)
    if len(money) > checks.LIST_ITEMS_MAX:
        raise InvalidInput(f"at most {checks.LIST_ITEMS_MAX} entries", field=field)
    checked: dict[tuple[FundingSource, str], PlanMoney] = {}
    for index, entry in enumerate(money):
        where = f"{field}[{index}]"
        source = program.check_budget_source(
            program.check_source(entry.source, f"{where}.source"), f"{where}.source"
        )
        if entry.holder_code:
            holder = check_holder(program, entry.holder_code, day, f"{where}.holderCode")
            check_fits(program, source, holder, f"{where}.holderCode")
        else:
            holder = holder_for(program, source, unit.code, day, f"{where}.holderCode")
        if (source, holder.code) in checked:
            raise InvalidInput(f"{source.value} of {holder.code} appears twice", f"{where}.source")
        amount = check_amount(entry.amount_vnd, f"{where}.amount")
        checked[(source, holder.code)] = PlanMoney(source, amount, holder.code)
    return tuple(checked[key] for key in sorted(checked, key=lambda k: (k[0].value, k[1])))


def _allocations(
    plans: dict[str, PlanState], allocations: tuple[PlanAllocation, ...]
) -> tuple[PlanAllocation, ...]:
    """Provincial money per item of the compilation, at most what the item planned from it."""
    if len(allocations) > PLAN_ITEMS_MAX * 10:
        raise InvalidInput("too many allocations", field="allocations")
    checked: dict[tuple[str, int], PlanAllocation] = {}
    for index, allocation in enumerate(allocations):
        where = f"allocations[{index}]"
        plan = plans.get(str(allocation.unit_code).strip())
        item = plan.item(allocation.item_no) if plan is not None else None
        if plan is None or item is None:
            raise UnknownPlanItem(
                f"no item {allocation.item_no} in a compiled plan of unit {allocation.unit_code}",
                field=f"{where}.itemNo",
            )
        key = (plan.unit_code, item.item_no)
        if key in checked:
            raise InvalidInput(f"item {key[1]} of {key[0]} appears twice", f"{where}.itemNo")
        amount = check_amount(allocation.amount_vnd, f"{where}.amount")
        planned = item.planned_vnd(FundingSource.PROVINCIAL)
        if amount > planned:
            raise AllocationAbovePlanned(
                f"item {key[1]} of {key[0]} planned {planned} đồng of provincial money; "
                f"{amount} allocated",
                field=f"{where}.amount",
            )
        checked[key] = PlanAllocation(plan.unit_code, item.item_no, amount)
    return tuple(checked[key] for key in sorted(checked))
