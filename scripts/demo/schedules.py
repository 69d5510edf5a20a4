"""When each project's acts happen, as its fate has it: working days in the usual order and
gaps, payments by 19 December, settlement perhaps in the next year; then the statement
discrepancies planted in the payments, and the payment orders' voucher numbers."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from domain.types import FundingSource, PaymentKind
from scripts.demo.money import MILLION, million
from scripts.demo.plans import (
    ACCEPTED,
    CANCEL_REFUND,
    CARRIED,
    IN_PROGRESS,
    LAPSED,
    PENDING_APPRAISED,
    PENDING_APPROVED,
    PENDING_PROPOSED,
    REJECTED,
    SETTLED,
    SUSPENDED,
    WITHDRAWN,
    Act,
    Pay,
    ProjectPlan,
)
from scripts.demo.program import CLOSED_YEARS, LAST_DAY, D, P, next_workday, workday


def _walk(
    start: date, gaps: list[tuple[int, int]], deadline: date, rng: random.Random
) -> list[date]:
    """Working days after ``start``, one per gap, in order; squeezed to end by the deadline."""
    drawn = [rng.randint(low, high) for low, high in gaps]
    while True:
        days, day = [], start
        for gap in drawn:
            day = next_workday(day + timedelta(days=gap))
            days.append(day)
        if not days or days[-1] <= deadline or all(gap == 1 for gap in drawn):
            return days
        drawn = [max(1, gap * 4 // 5) for gap in drawn]


def schedule_project(plan: ProjectPlan, rng: random.Random) -> None:
    """The project's acts with their dates, as its fate has it."""
    plan.acts = [Act(plan.proposed_on, "propose")]
    schedule = {
        SETTLED: _schedule_delivery,
        ACCEPTED: _schedule_delivery,
        CARRIED: _schedule_carried,
    }.get(plan.fate, _schedule_other)
    schedule(plan, rng)


def _chain(
    plan: ProjectPlan, steps: list[tuple[str, int, int]], deadline: date, rng: random.Random
) -> dict[str, date]:
    """The dates of a sequence of named steps after the proposal."""
    gaps = [(low, high) for _, low, high in steps]
    days = _walk(plan.proposed_on, gaps, deadline, rng)
    return {name: day for (name, _, _), day in zip(steps, days, strict=True)}


def _delivery_steps(plan: ProjectPlan, advance: bool) -> list[tuple[str, int, int]]:
    """The working steps of a project that delivers, each with its usual gap in days."""
    steps = [("appraise", 7, 15), ("approve", 4, 12), ("contract", 5, 15)]
    steps += [("adjust", 3, 8)] if plan.adjusted else []
    steps += [("advance", 4, 12)] if advance else []
    steps += [("reverse", 2, 6)] if plan.duplicate and advance else []
    steps += [("suspend", 10, 20), ("resume", 25, 45)] if plan.suspend else []
    steps += [("interim", 20, 40)] if plan.interim else []
    steps += [("accept", 30, 70), ("final", 4, 12)]
    steps += [("settle", 10, 25), ("refund", 8, 18)] if plan.refund else []
    return steps


def _schedule_delivery(plan: ProjectPlan, rng: random.Random) -> None:
    """Paid by 19 December, since spending of a year happens in that year; a refund is settled
    and received before the close as well. Settlement may follow in the next year."""
    support = plan.support
    advance = support[P] >= 50 * MILLION  # small grants are paid once, after acceptance
    deadline = date(plan.year, 12, 22) if plan.refund else date(plan.year, 12, 19)
    days = _chain(plan, _delivery_steps(plan, advance), deadline, rng)
    for what in ("appraise", "approve", "contract", "adjust"):
        if what in days:
            plan.acts.append(Act(days[what], what))
    if advance:
        first = _pay(plan, days["advance"], P, PaymentKind.ADVANCE, support[P], (0.3, 0.5), rng)
        if plan.duplicate:  # the same advance entered twice, reversed a few days later
            twin = Pay(first.value_date, P, first.kind, first.amount, first.recorded_on)
            twin.in_treasury = False
            plan.acts.append(Act(twin.recorded_on, "pay", twin))
            plan.acts.append(Act(days["reverse"], "reverse", twin, first, note="duplicate"))
    for what in ("suspend", "resume"):
        if what in days:
            plan.acts.append(Act(days[what], what))
    if plan.interim:
        _pay(plan, days["interim"], P, PaymentKind.PAYMENT, support[P], (0.15, 0.25), rng)
    plan.acts.append(Act(days["accept"], "accept"))
    _pay_the_rest(plan, days["final"])
    settle = days.get("settle") or next_workday(days["final"] + timedelta(rng.randint(10, 40)))
    if plan.fate == SETTLED and settle <= LAST_DAY:
        plan.acts.append(Act(settle, "settle"))
    if plan.refund:
        plan.acts.append(Act(days["refund"], "refund"))


def _schedule_carried(plan: ProjectPlan, rng: random.Random) -> None:
    """Contracted by 31 December with money still to pay: the close carries it over."""
    year = plan.year
    steps = [
        ("appraise", 7, 12),
        ("approve", 4, 10),
        ("contract", 5, 12),
        ("advance", 4, 10),
        ("second", 10, 20),
    ]
    days = _chain(plan, steps, date(year, 12, 23), rng)
    for what in ("appraise", "approve", "contract"):
        plan.acts.append(Act(days[what], what))
    support = plan.support[P]
    _pay(plan, days["advance"], P, PaymentKind.ADVANCE, support, (0.3, 0.4), rng)
    _pay(plan, days["second"], P, PaymentKind.PAYMENT, support, (0.25, 0.35), rng)
    accept = next_workday(date(year + 1, 2, 20) + timedelta(days=rng.randint(0, 28)))
    final = next_workday(accept + timedelta(days=rng.randint(4, 10)))
    settle = next_workday(final + timedelta(days=rng.randint(15, 30)))
    plan.acts.append(Act(accept, "accept"))
    _pay_the_rest(plan, final)
    plan.acts.append(Act(settle, "settle"))


UNDER_WAY = (("appraise", 7, 12), ("approve", 4, 10), ("contract", 5, 12), ("advance", 4, 12))
OTHER_STEPS: dict[str, tuple[tuple[str, int, int], ...]] = {
    LAPSED: (("appraise", 5, 10), ("approve", 4, 10)),
    CANCEL_REFUND: (*UNDER_WAY, ("cancel", 30, 60), ("refund", 10, 25)),
    PENDING_PROPOSED: (),
    PENDING_APPRAISED: (("appraise", 7, 14),),
    PENDING_APPROVED: (("appraise", 5, 10), ("approve", 4, 10)),
    IN_PROGRESS: UNDER_WAY,
    SUSPENDED: (*UNDER_WAY, ("suspend", 20, 40)),
}
VARIANT_STEPS: dict[str, tuple[tuple[tuple[str, int, int], ...], ...]] = {  # two paths each
    REJECTED: ((("reject", 10, 20),), (("appraise", 7, 15), ("reject", 3, 10))),
    WITHDRAWN: (
        (("cancel", 15, 30),),
        (("appraise", 7, 12), ("approve", 4, 10), ("cancel", 20, 40)),
    ),
}


def _schedule_other(plan: ProjectPlan, rng: random.Random) -> None:
    """Projects that deliver nothing: decided (or left waiting) before the year ends; a
    lapsed approval comes late in December, so that no contract can follow it."""
    fate = plan.fate
    steps = VARIANT_STEPS[fate][plan.variant] if fate in VARIANT_STEPS else OTHER_STEPS[fate]
    late = fate in (LAPSED, REJECTED)
    days = _chain(plan, list(steps), date(plan.year, 12, 22 if late else 15), rng)
    for what, day in days.items():
        if what == "advance":
            _pay(plan, day, P, PaymentKind.ADVANCE, plan.support[P], (0.3, 0.45), rng)
        else:
            failed = fate == REJECTED and what == "appraise"
            plan.acts.append(Act(day, what, note="fail" if failed else ""))


def _pay(
    plan: ProjectPlan,
    day: date,
    source: FundingSource,
    kind: PaymentKind,
    support: int,
    share: tuple[float, float],
    rng: random.Random,
) -> Pay:
    """A payment of a share of the support, on the day it is made."""
    pay = Pay(day, source, kind, million(support * rng.uniform(*share)), day)
    plan.acts.append(Act(day, "pay", pay))
    return pay


def _pay_the_rest(plan: ProjectPlan, day: date) -> None:
    """After acceptance: what is left of every source, on one day."""
    for source in FundingSource:
        if plan.support.get(source, 0) > 0:
            pay = Pay(day, source, PaymentKind.PAYMENT, None, day)
            pay.in_treasury = source in (P, D)  # paid from a registered Treasury account
            plan.acts.append(Act(day, "pay", pay))


def plant_discrepancies(
    projects: list[ProjectPlan], resolved: tuple[int, ...], rng: random.Random
) -> None:
    """Per year, one advance entered at a wrong amount (the Treasury paid the planned one).

    In the resolved years the finance office puts things right in January: it records the
    December payment the Treasury made but the ledger missed (so the statement line "not in the
    ledger" finds its payment), reverses the wrong entry, records the right amount, and matches
    the statement line to it by hand. In the other years the discrepancies stay and the close
    is forced, with the reason."""
    for year in CLOSED_YEARS:
        carried = next(p for p in projects if p.year == year and p.fate == CARRIED)
        advance, second = [a.pay for a in carried.acts if a.what == "pay"][:2]
        assert advance is not None
        assert second is not None
        _enter_wrong_amount(advance, rng)
        if year in resolved:
            _correct_in_january(carried, advance, second, year)
    candidates = [
        act.pay
        for p in projects
        if p.year == 2025
        for act in p.acts
        if act.pay is not None and act.pay.kind is PaymentKind.ADVANCE and act.pay.in_treasury
    ]
    _enter_wrong_amount(rng.choice(candidates), rng)


def _enter_wrong_amount(pay: Pay, rng: random.Random) -> None:
    """The ledger's entry is a few percent under what the Treasury paid."""
    assert pay.amount is not None
    pay.treasury_amount = pay.amount
    pay.amount -= million(pay.amount * rng.uniform(0.05, 0.12))


def _correct_in_january(plan: ProjectPlan, wrong: Pay, missed: Pay, year: int) -> None:
    """The missed December payment is recorded on 12 January (within the
    adjustment window); on the 14th the wrong entry is reversed, the right amount recorded and
    the statement line matched to it by hand."""
    late = workday(date(year + 1, 1, 12))
    fixed = workday(date(year + 1, 1, 14))
    missed.recorded_on = late
    next(a for a in plan.acts if a.pay is missed).day = late
    assert wrong.treasury_amount is not None
    right = Pay(wrong.value_date, P, wrong.kind, wrong.treasury_amount, fixed, in_treasury=False)
    plan.acts += [
        Act(fixed, "reverse", wrong, note="wrong amount"),
        Act(fixed, "pay", right),
        Act(fixed, "match", right, wrong),
    ]


def number_vouchers(projects: list[ProjectPlan]) -> None:
    """UNC-YYYY-NNNN (payment orders), numbered in the order they are recorded, per year of
    value date."""
    pays = [
        (act.pay.recorded_on, act.pay.value_date, plan.order, index, act.pay)
        for plan in projects
        for index, act in enumerate(plan.acts)
        if act.what == "pay" and act.pay is not None
    ]
    counters: Counter[tuple[str, int]] = Counter()
    for *_, pay in sorted(pays, key=lambda row: row[:4]):
        prefix = "UNC"
        counters[(prefix, pay.value_date.year)] += 1
        number = counters[(prefix, pay.value_date.year)]
        pay.voucher = f"{prefix}-{pay.value_date.year}-{number:04d}"
