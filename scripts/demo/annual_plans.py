"""The annual plans (kế hoạch khuyến công hằng năm, Điều 2.4.a) of 2022–2025: each district's,
built from the projects it expects in its area, and the Center's own items (the province's
plan, unit 74: what is carried out for the merged city after 1 July 2025, and the program's
communication); compiled by the Center in November and approved by Sở Công Thương in December
of the year before, with provincial money allocated to each item. Projects then name the item
they carry out. Amounts come from a random generator of their own (seed and year), so the
rest of the history does not change with them."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

from domain.budget.holders import holder_for
from domain.plans.commands import ApprovePlan, CompilePlan, RevisePlan, SubmitPlan
from domain.plans.items import PlanAllocation, PlanItem, PlanItemRef, PlanMoney
from domain.programs.state import ProgramState
from domain.types import Actor, FundingSource, Output, Role
from scripts.demo.commands import Entry
from scripts.demo.money import MILLION
from scripts.demo.plans import ProjectPlan
from scripts.demo.program import CENTER, DOIT, PROGRAM, P, workday

PLAN_YEARS = (2022, 2023, 2024, 2025)
REGION = "74"  # the province: the Center's own items
OWN_CONTENT = "IV.5.a"  # communication: every plan holds some, with or without projects
OWN_MONEY = {REGION: (P, 150 * MILLION)}
DISTRICT_OWN_VND = 30 * MILLION
ALLOCATED_PERCENT = (85, 100)  # of an item's provincial money, what the approval allocates


def annual_plans(program: ProgramState, projects: list[ProjectPlan], seed: int) -> list[Entry]:
    """The plan entries of every year; each project of a plan year gets its ``plan_item``."""
    districts = sorted(u.code for u in program.definition.units if u.level == "district")
    entries: list[Entry] = []
    for year in PLAN_YEARS:
        rng = random.Random(f"{seed}:annual-plans:{year}")
        # The plan does not know the projects' fates: those later rejected were planned too.
        mine = [p for p in projects if p.year == year]
        plans = {unit: _items(program, unit, year, mine) for unit in [*districts, REGION]}
        entries += _year(year, plans, _committed_by_item(mine), rng)
    return entries


def _items(
    program: ProgramState, unit: str, year: int, projects: list[ProjectPlan]
) -> tuple[PlanItem, ...]:
    """One item per content item of the unit's projects (the province: projects outside any
    district, i.e. of the merged city), and one for communication."""
    day = _submitted_on(year)
    by_content: dict[str, list[ProjectPlan]] = defaultdict(list)
    for project in projects:
        in_district = project.unit != unit and unit != REGION
        if in_district or (unit == REGION and project.unit in _districts(program)):
            continue
        by_content[project.content].append(project)
    items: list[PlanItem] = []
    for number, content in enumerate(sorted(by_content), start=1):
        group = by_content[content]
        for project in group:
            project.plan_item = PlanItemRef(unit, number)
        items.append(_item(program, number, content, unit, group, day))
    source, amount = OWN_MONEY.get(unit, (FundingSource.DISTRICT, DISTRICT_OWN_VND))
    own = PlanItem(len(items) + 1, OWN_CONTENT, unit, 1, (), (PlanMoney(source, amount),))
    return (*items, own)


def _item(
    program: ProgramState,
    number: int,
    content: str,
    unit: str,
    group: list[ProjectPlan],
    day: date,
) -> PlanItem:
    outputs: Counter[str] = Counter()
    money: Counter[tuple[FundingSource, str]] = Counter()
    for project in group:
        for output in project.planned:
            outputs[output.indicator_code] += output.quantity
        for source, amount in project.requested.items():
            if unit == REGION and source is FundingSource.DISTRICT:
                continue  # the province plans its own money; districts plan theirs
            money[(source, holder_for(program, source, unit, day).code)] += amount
    return PlanItem(
        item_no=number,
        content_code=content,
        unit_code=unit,
        planned_projects=len(group),
        outputs=tuple(Output(code, outputs[code]) for code in sorted(outputs)),
        money=tuple(
            PlanMoney(source, amount, holder)
            for (source, holder), amount in sorted(money.items(), key=lambda m: m[0][0].value)
        ),
    )


def _committed_by_item(projects: list[ProjectPlan]) -> Counter[tuple[str, int]]:
    """The most provincial support each item's projects will ever have committed (approved,
    or raised by an adjustment): the approval allocates at least that, so no project of an item
    is funded beyond what the plan allocated to it."""
    committed: Counter[tuple[str, int]] = Counter()
    for project in projects:
        if project.plan_item is not None:
            key = (project.plan_item.unit_code, project.plan_item.item_no)
            adjusted = project.adjusted or {}
            committed[key] += max(project.approved.get(P, 0), adjusted.get(P, 0))
    return committed


def _year(
    year: int,
    plans: dict[str, tuple[PlanItem, ...]],
    committed: Counter[tuple[str, int]],
    rng: random.Random,
) -> list[Entry]:
    submitted = _submitted_on(year)
    entries: list[Entry] = []
    reviser = next((u for u, items in plans.items() if u != REGION and len(items) > 2), None)
    for order, (unit, items) in enumerate(sorted(plans.items())):
        actor = CENTER if unit == REGION else _district(unit)
        day = workday(date(year - 1, 10, 10 + order))
        first = items[:-1] if unit == reviser else items
        entries.append(Entry(day, _submit(year, unit, first, day, order), actor))
        if unit == reviser:
            revised = workday(date(year - 1, 10, 28))
            entries.append(Entry(revised, _revise(year, unit, items, revised), actor))
    compiled = workday(date(year - 1, 11, 6))
    entries.append(Entry(compiled, _compile(year, compiled), CENTER))
    approved = workday(date(year - 1, 12, 8))
    allocations = tuple(
        PlanAllocation(
            unit, item.item_no, max(_allocated(item, rng), committed[(unit, item.item_no)])
        )
        for unit, items in sorted(plans.items())
        for item in items
        if item.planned_vnd(P)
    )
    entries.append(Entry(approved, _approve(year, allocations, approved), DOIT))
    assert submitted <= compiled
    return entries


def _allocated(item: PlanItem, rng: random.Random) -> int:
    planned = item.planned_vnd(P)
    share = planned * rng.randint(*ALLOCATED_PERCENT) // 100
    return max(MILLION, share // MILLION * MILLION) if planned >= MILLION else planned


def _submit(year: int, unit: str, items: tuple[PlanItem, ...], day: date, order: int) -> SubmitPlan:
    office = "KH-TTXT" if unit == REGION else "KH-UBND"
    return SubmitPlan(
        program_code=PROGRAM,
        year=year,
        unit_code=unit,
        items=items,
        document_no=f"{120 + order}/{office}",
        document_date=day,
    )


def _revise(year: int, unit: str, items: tuple[PlanItem, ...], day: date) -> RevisePlan:
    return RevisePlan(
        program_code=PROGRAM,
        year=year,
        unit_code=unit,
        items=items,
        reason="bổ sung nội dung theo đề xuất của các cơ sở",
        document_no="145/KH-UBND",
        document_date=day,
    )


def _compile(year: int, day: date) -> CompilePlan:
    return CompilePlan(
        program_code=PROGRAM, year=year, document_no="210/TTXT-KC", document_date=day
    )


def _approve(year: int, allocations: tuple[PlanAllocation, ...], day: date) -> ApprovePlan:
    return ApprovePlan(
        program_code=PROGRAM,
        year=year,
        allocations=allocations,
        document_no=f"{2950 + year % 10}/QĐ-SCT",
        document_date=day,
    )


def _submitted_on(year: int) -> date:
    return workday(date(year - 1, 10, 10))


def _districts(program: ProgramState) -> frozenset[str]:
    return frozenset(u.code for u in program.definition.units if u.level == "district")


def _district(unit: str) -> Actor:
    return Actor(f"ubnd.{unit}@binhduong", Role.DISTRICT, unit)
