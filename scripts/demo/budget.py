"""The finance side's budget documents: estimates the year before, allocations that leave a
margin over what is approved, and a supplement or a cut now and then."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from domain.budget.commands import AdjustBudget, AdjustEstimate, AllocateBudget, ProposeEstimate
from domain.types import FundingSource
from scripts.demo.commands import Command, Entry
from scripts.demo.money import MILLION, million
from scripts.demo.numbers import DocumentNumbers
from scripts.demo.plans import ProjectPlan
from scripts.demo.program import FINANCE, INTEGRATED, PROGRAM, YEARS, D, P, workday


def budget_entries(projects: list[ProjectPlan], seed: int, rng: random.Random) -> list[Entry]:
    """The budget commands in the order they are given; their numbers are issued in that order
    (only these documents draw on the People's Committee's and the Department's registers)."""
    numbers = DocumentNumbers(seed)
    documents = sorted(_documents(projects, rng), key=lambda document: document.day)
    return [Entry(d.day, _command(d, numbers), FINANCE) for d in documents]


def _command(document: _Document, numbers: DocumentNumbers) -> Command:
    """Estimates are the Department's submissions (tờ trình); allocations and their
    adjustments are decisions of the People's Committee. (The establishments' own money is
    no budget: it is the projects' co-financing.)"""
    day, year, source, amount = document.day, document.year, document.source, document.amount
    if document.kind == "estimate":
        return ProposeEstimate(
            program_code=PROGRAM,
            year=year,
            source=source,
            amount_vnd=amount,
            document_no=numbers.doc("TTr-SCT", day),
            document_date=day,
        )
    if document.kind == "adjust-estimate":
        return AdjustEstimate(
            program_code=PROGRAM,
            year=year,
            source=source,
            delta_vnd=amount,
            document_no=numbers.doc("TTr-SCT", day),
            document_date=day,
        )
    if document.kind == "allocate":
        return AllocateBudget(
            program_code=PROGRAM,
            year=year,
            source=source,
            amount_vnd=amount,
            decision_no=numbers.doc("QĐ-UBND", day),
            decision_date=day,
        )
    return AdjustBudget(
        program_code=PROGRAM,
        year=year,
        source=source,
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
    reason: str = ""


def _documents(projects: list[ProjectPlan], rng: random.Random) -> list[_Document]:
    """Estimates the year before, allocations that leave a margin over what is approved,
    a supplement or a cut now and then."""
    need: dict[tuple[int, FundingSource], int] = defaultdict(int)
    for plan in projects:
        if plan.first("approve") is None:
            continue
        for source in FundingSource:
            most = max(plan.approved.get(source, 0), plan.support.get(source, 0))
            if most:
                need[(plan.year, source)] += most
    acts: list[_Document] = []
    for year in YEARS:
        acts += _year_budget(year, {s: need[(year, s)] for s in FundingSource}, rng)
    return acts


def _year_budget(year: int, need: dict[FundingSource, int], rng: random.Random) -> list[_Document]:
    """Allocations from January (August in 2021) with a margin over what will be approved,
    so that every approval finds its money; estimates the July before; a supplement in July of
    some years and a cut in September of others, never below what is committed."""
    acts: list[_Document] = []
    offsets = {P: 0, D: 7, INTEGRATED: 20}
    start = date(2021, 8, 5) if year == 2021 else date(year, 1, 5)
    allocated: dict[FundingSource, int] = {}
    for source, offset in offsets.items():
        if need[source] == 0:
            continue
        step = 100 * MILLION if source is P else 10 * MILLION
        amount = -(-int(need[source] * rng.uniform(1.05, 1.2)) // step) * step
        allocated[source] = amount
        day = workday(start + timedelta(days=offset if year > 2021 else 0))
        acts.append(_Document(day, "allocate", year, source, amount))
        if year > 2021 and source in (P, D):
            estimate = million(amount * rng.uniform(0.9, 1.15))
            asked = workday(date(year - 1, 7, 20) + timedelta(days=offset))
            acts.append(_Document(asked, "estimate", year, source, estimate))
            if year == 2024 and source is P:
                delta = -million(estimate * rng.uniform(0.03, 0.1))
                acts.append(
                    _Document(workday(date(2023, 10, 16)), "adjust-estimate", year, P, delta)
                )
    if year in (2022, 2024) or (year == 2023 and rng.random() < 0.5):
        raise_by = million(allocated[P] * rng.uniform(0.08, 0.15) / 10) * 10
        reason = f"Bổ sung dự toán kinh phí khuyến công năm {year}"
        acts.append(_Document(workday(date(year, 7, 10)), "adjust", year, P, raise_by, reason))
    if year in (2023, 2025):
        slack = allocated[P] - need[P]
        cut = slack // 2 // (10 * MILLION) * (10 * MILLION)
        if cut > 0:
            reason = "Điều chỉnh giảm dự toán do tiết kiệm chi thường xuyên"
            acts.append(_Document(workday(date(year, 9, 15)), "adjust", year, P, -cut, reason))
    return acts
