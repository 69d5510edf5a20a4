"""The finance side's budget documents: estimates the year before, allocations that leave a
margin over what is approved, and a supplement or a cut now and then."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from domain.budget.commands import AdjustBudget, AdjustEstimate, AllocateBudget, ProposeEstimate
from domain.budget.holders import holder_for, region_holder
from domain.programs.state import ProgramState
from domain.types import Actor, FundingSource
from scripts.demo.commands import Command, Entry
from scripts.demo.money import MILLION, million
from scripts.demo.numbers import DocumentNumbers
from scripts.demo.plans import ProjectPlan
from scripts.demo.program import (
    CITY_UNIT,
    DOIT,
    FINANCE,
    INTEGRATED,
    PROGRAM,
    YEARS,
    D,
    P,
    district_committee,
    next_workday,
    workday,
)


def budget_entries(
    program: ProgramState, projects: list[ProjectPlan], seed: int, rng: random.Random
) -> list[Entry]:
    """The budget commands in the order they are given; their numbers are issued in that order
    (only these documents draw on the People's Committee's and the Department's registers)."""
    numbers = DocumentNumbers(seed)
    documents = sorted(_documents(program, projects, rng), key=lambda document: document.day)
    return [Entry(d.day, _command(d, numbers), _issuer(d)) for d in documents]


def _issuer(document: _Document) -> Actor:
    """Sở Công Thương builds the estimate (Điều 2.1.b) and Sở Tài chính arranges the
    province's budget from it (Điều 2.2.a); a district's People's Committee both for its own
    district money (Điều 2.4.b), until the city took the districts' over."""
    if document.source is D and document.holder != CITY_UNIT:
        return district_committee(document.holder)
    return DOIT if document.kind in ("estimate", "adjust-estimate") else FINANCE


def _command(document: _Document, numbers: DocumentNumbers) -> Command:
    """Estimates are the Department's submissions (tờ trình); allocations and their
    adjustments are decisions of the People's Committee (a district's own for its budget).
    (The establishments' own money is no budget: it is the projects' co-financing.)"""
    day, year, source, amount = document.day, document.year, document.source, document.amount
    holder = document.holder
    if document.kind == "estimate":
        return ProposeEstimate(
            program_code=PROGRAM,
            year=year,
            source=source,
            holder_code=holder,
            amount_vnd=amount,
            document_no=numbers.doc("TTr-SCT", day),
            document_date=day,
        )
    if document.kind == "adjust-estimate":
        return AdjustEstimate(
            program_code=PROGRAM,
            year=year,
            source=source,
            holder_code=holder,
            delta_vnd=amount,
            document_no=numbers.doc("TTr-SCT", day),
            document_date=day,
        )
    if document.kind == "allocate":
        return AllocateBudget(
            program_code=PROGRAM,
            year=year,
            source=source,
            holder_code=holder,
            amount_vnd=amount,
            decision_no=numbers.doc("QĐ-UBND", day),
            decision_date=day,
        )
    return AdjustBudget(
        program_code=PROGRAM,
        year=year,
        source=source,
        holder_code=holder,
        delta_vnd=amount,
        reason=document.reason,
        decision_no=numbers.doc("QĐ-UBND", day),
        decision_date=day,
    )


@dataclass(frozen=True)
class _Document:
    """A budget document of the finance side: an estimate, an allocation, an adjustment."""

    day: date
    kind: str  # estimate | adjust-estimate | allocate | adjust
    year: int
    source: FundingSource
    amount: int
    holder: str  # the unit whose budget it is
    reason: str = ""


Line = tuple[FundingSource, str]  # source, holder
DISTRICT_BASE_VND = 50 * MILLION  # a district's own program in a year none of its projects ask


def _documents(
    program: ProgramState, projects: list[ProjectPlan], rng: random.Random
) -> list[_Document]:
    """Estimates the year before, allocations that leave a margin over what is approved,
    a supplement or a cut now and then; each on the line of the holder the approval will
    commit on (domain.budget.holders): district money on its district's line, provincial
    money on 74's to 30 June 2025 and on 79's after."""
    need: dict[tuple[int, Line], int] = defaultdict(int)
    for plan in projects:
        approve = plan.first("approve")
        if approve is None:
            continue
        adjust = plan.first("adjust")
        for source in FundingSource:
            approved, support = plan.approved.get(source, 0), plan.support.get(source, 0)
            if not max(approved, support):
                continue
            holder = holder_for(program, source, plan.unit, approve.day).code
            if approved and adjust is not None and support > approved:
                later = holder_for(program, source, plan.unit, adjust.day).code
                need[(plan.year, (source, holder))] += approved
                need[(plan.year, (source, later))] += support - approved
                continue
            if not approved and adjust is not None:
                holder = holder_for(program, source, plan.unit, adjust.day).code
            need[(plan.year, (source, holder))] += max(approved, support)
    for year in YEARS:  # every district funds its own program each year (Điều 2.4.b)
        for unit in program.definition.units:
            if unit.level == "district" and unit.valid_on(date(year, 1, 5)):
                need.setdefault((year, (D, unit.code)), 0)
    acts: list[_Document] = []
    for year in YEARS:
        acts += _year_budget(program, year, {k[1]: v for k, v in need.items() if k[0] == year}, rng)
    return acts


def _year_budget(
    program: ProgramState, year: int, need: dict[Line, int], rng: random.Random
) -> list[_Document]:
    """Allocations from January (August in 2021; 1 July 2025 for 79, whose budget starts then)
    with a margin over what will be approved, so that every approval finds its money;
    estimates the July before; a supplement in July of some years and a cut in September of
    others, never below what is committed."""
    acts: list[_Document] = []
    offsets = {P: 0, D: 7, INTEGRATED: 20}
    start = date(2021, 8, 5) if year == 2021 else date(year, 1, 5)
    allocated: dict[Line, int] = {}
    for (source, holder), wanted in sorted(need.items(), key=lambda x: (_rank(x[0][0]), x[0][1])):
        if wanted == 0 and source is not D:
            continue
        unit = program.unit(holder)
        step = 100 * MILLION if source is P else 10 * MILLION
        amount = -(-int(wanted * rng.uniform(1.05, 1.2)) // step) * step or DISTRICT_BASE_VND
        allocated[(source, holder)] = amount
        day = workday(start + timedelta(days=offsets[source] if year > 2021 else 0))
        if unit.valid_from is not None and day < unit.valid_from:
            day = next_workday(unit.valid_from)  # 79's budget starts on 1 July 2025
        acts.append(_Document(day, "allocate", year, source, amount, holder))
        asked = workday(date(year - 1, 7, 20) + timedelta(days=offsets[source]))
        if year > 2021 and source in (P, D) and unit.valid_on(asked):
            estimate = million(amount * rng.uniform(0.9, 1.15))
            acts.append(_Document(asked, "estimate", year, source, estimate, holder))
            if year == 2024 and source is P:
                delta = -million(estimate * rng.uniform(0.03, 0.1))
                day = workday(date(2023, 10, 16))
                acts.append(_Document(day, "adjust-estimate", year, P, delta, holder))
    region = {
        day: region_holder(program, day).code for day in (date(year, 7, 10), date(year, 9, 15))
    }
    if year in (2022, 2024) or (year == 2023 and rng.random() < 0.5):
        day = workday(date(year, 7, 10))
        raise_by = (
            million(allocated[(P, region[date(year, 7, 10)])] * rng.uniform(0.08, 0.15) / 10) * 10
        )
        reason = f"Bổ sung dự toán kinh phí khuyến công năm {year}"
        acts.append(_Document(day, "adjust", year, P, raise_by, region[date(year, 7, 10)], reason))
    if year in (2023, 2025):
        holder = region[date(year, 9, 15)]
        slack = allocated.get((P, holder), 0) - need.get((P, holder), 0)
        cut = slack // 2 // (10 * MILLION) * (10 * MILLION)
        if cut > 0:
            reason = "Điều chỉnh giảm dự toán do tiết kiệm chi thường xuyên"
            day = workday(date(year, 9, 15))
            acts.append(_Document(day, "adjust", year, P, -cut, holder, reason))
    return acts


def _rank(source: FundingSource) -> int:
    return list(FundingSource).index(source)
