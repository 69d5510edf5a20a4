"""What projects cost and how much support each source gives, within the support rules;
and the few projects whose money takes another path (adjusted, refunded, suspended, paid twice
by mistake, paid in instalments)."""

from __future__ import annotations

import random

from scripts.demo.beneficiaries import Areas
from scripts.demo.plans import FIRM_CONTENTS, SETTLED, SHORTFALL_INDICATOR, ProjectPlan
from scripts.demo.program import CITY_UNIT, INTEGRATED, D, P

MILLION = 1_000_000


def million(amount: float) -> int:
    return max(1, round(amount / MILLION)) * MILLION


def floor_million(amount: float) -> int:
    return max(1, int(amount // MILLION)) * MILLION


def price(plan: ProjectPlan, areas: Areas, rng: random.Random) -> None:
    """Eligible cost and support by source, within the support rules' caps."""
    cost, support = _cost_and_support(plan, rng)
    plan.cost = cost
    if plan.content == "IV.2.b":  # the Center runs the selection: the province pays it all
        plan.requested, plan.approved = {P: cost}, {P: cost}
        return
    district = other = 0
    in_district = plan.unit != CITY_UNIT
    northern = areas.northern(plan.area)
    if plan.year >= 2022 and in_district and rng.random() < (0.45 if northern else 0.2):
        district = million(support * rng.uniform(0.15, 0.3))
    if plan.year >= 2023 and northern and rng.random() < 0.25:
        other = million(support * rng.uniform(0.2, 0.35))
    requested = {P: support - district - other, D: district, INTEGRATED: other}
    plan.requested = {s: a for s, a in requested.items() if a > 0}
    if plan.content in FIRM_CONTENTS and cost > support:
        # The establishment pays the rest of the cost itself: co-financing, not budget. What
        # acceptance evidences is 90–100% of it (a machine bought below its quote).
        plan.co_financing = cost - sum(plan.requested.values())
        plan.co_financing_evidenced_percent = 90 + int(rng.random() * 11)
    plan.approved = dict(plan.requested)
    if rng.random() < 0.2:  # approved below what was asked
        plan.approved[P] = floor_million(plan.requested[P] * 0.9)


def co_financing_evidenced(plan: ProjectPlan) -> int:
    """What the establishment's invoices show at acceptance: its share of what was delivered,
    a little below the quote."""
    if not plan.co_financing:
        return 0
    planned = sum(o.quantity for o in plan.planned) or 1
    delivered = min(planned, sum(o.quantity for o in plan.accepted))
    share = plan.co_financing * plan.co_financing_evidenced_percent * delivered
    return share // (100 * planned) // MILLION * MILLION


def _cost_and_support(plan: ProjectPlan, rng: random.Random) -> tuple[int, int]:
    """Eligible cost and support in đồng, by what the project plans; machinery
    support stays within Circular 28/2018's caps, as the program's support rules say."""
    q = {o.indicator_code: o.quantity for o in plan.planned}
    m = MILLION
    if plan.content == "IV.1.b":
        cost = sum(rng.randint(22, 76) * 5 * m for _ in range(q["machines_applied"]))
        lines = "technology_lines" in q
        cost += rng.randint(60, 120) * 5 * m if lines else 0
        per_firm = (450 if lines else 300) * m  # TT28-2018-TECH-LINE, TT28-2018-MACHINERY
        cap = min(cost * 50 // 100, per_firm * max(1, len(plan.firms)))
        return cost, floor_million(cap * rng.uniform(0.75, 1.0))
    if plan.content == "IV.1.a":
        cost = rng.randint(140, 360) * 5 * m
        return cost, floor_million(cost * rng.uniform(0.3, 0.45))
    if plan.content == "IV.1.c":
        cost = rng.randint(50, 180) * 5 * m
        return cost, floor_million(cost * rng.uniform(0.3, 0.5))
    if plan.content == "IV.2.a":
        cost = (rng.randint(40, 60) + q["fair_participations"] * rng.randint(12, 25)) * m
        return cost, floor_million(cost * rng.uniform(0.8, 1.0))
    if plan.content == "IV.2.b":
        return (rng.randint(180, 300) + q["certified_products"] * rng.randint(2, 4)) * m, 0
    if plan.content == "IV.2.c":
        cost = rng.randint(35, 70) * m if "trademark_support" in q else 0
        cost += rng.randint(180, 380) * m if "showrooms" in q else 0
        return cost, floor_million(cost * rng.uniform(0.5, 0.7))
    if plan.content == "IV.5.d":
        cost = sum(rng.randint(45, 120) * m for _ in range(q["consultancy_support"]))
        return cost, floor_million(cost * rng.uniform(0.5, 0.7))
    cost = million((20 + q["trainees"] * rng.uniform(1.8, 2.6)) * m)
    return cost, cost


def choose_options(projects: list[ProjectPlan], rng: random.Random) -> None:
    """A few adjustments, refunds at settlement, one suspension, duplicate entries, and
    payments in three instalments."""
    settled = [p for p in projects if p.fate == SETTLED]
    for plan in rng.sample([p for p in settled if not p.shortfall], 3):
        _adjust(plan, rng)
    for plan in settled:
        if plan.shortfall:  # support for the unit not delivered
            short = SHORTFALL_INDICATOR[plan.content]
            planned = next(o.quantity for o in plan.planned if o.indicator_code == short)
            plan.refund = million(plan.support[P] / planned)
    big = [p for p in settled if p.support[P] >= 150 * MILLION and not p.refund]
    suspended = [p for p in big if p.year in (2022, 2023, 2024)]
    rng.choice(suspended or big).suspend = True
    for plan in rng.sample(big, min(2, len(big))):
        plan.duplicate = True
    for plan in big:
        plan.interim = rng.random() < 0.35


def _adjust(plan: ProjectPlan, rng: random.Random) -> None:
    """Down to the tender price (always possible before payment), or up within the cost."""
    adjusted = dict(plan.approved)
    raise_by = million(plan.approved[P] * rng.uniform(0.05, 0.1))
    room = plan.cost - sum(plan.approved.values())
    if plan.content != "IV.1.b" and raise_by <= room and rng.random() < 0.5:
        adjusted[P] += raise_by
    else:
        adjusted[P] = floor_million(plan.approved[P] * rng.uniform(0.85, 0.95))
    if adjusted != plan.approved:
        plan.adjusted = adjusted


def dong(amount: int) -> str:
    return f"{amount:,} đồng".replace(",", ".")
