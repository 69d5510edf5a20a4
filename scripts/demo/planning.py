"""The whole history as data, before anything is written: which projects there are and how
each story ends, when each is proposed, and what it delivers toward the program's indicators."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from domain.establishments.commands import RegisterEstablishment
from domain.programs.state import ProgramState
from domain.types import Output
from scripts.demo.annual_plans import annual_plans
from scripts.demo.beneficiaries import Areas, Registry, describe
from scripts.demo.budget import budget_entries
from scripts.demo.commands import Entry
from scripts.demo.money import choose_options, price
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
    SHORTFALL_INDICATOR,
    SUSPENDED,
    WITHDRAWN,
    Act,
    Firm,
    History,
    ProjectPlan,
)
from scripts.demo.program import CLOSED_YEARS, PROGRAM, YEARS, workday
from scripts.demo.schedules import number_vouchers, plant_discrepancies, schedule_project

MIN_PROJECTS = 70

# Indicators this history delivers.
INDICATORS = (
    "demo_models",
    "machines_applied",
    "technology_lines",
    "env_treatment_upgrades",
    "product_selection_rounds",
    "certified_products",
    "trademark_support",
    "fairs",
    "fair_participations",
    "showrooms",
    "consultancy_support",
    "training_courses",
    "trainees",
)
OTHER_CONTENTS = (  # content items of projects that do not deliver, with their weights
    ("IV.1.b", 4),
    ("IV.1.a", 1),
    ("IV.1.c", 2),
    ("IV.2.a", 1),
    ("IV.2.c", 3),
    ("IV.5.d", 2),
    ("IV.4.b", 1),
)
CARRIED_CONTENTS = ("IV.1.a", "IV.1.b", "IV.1.c", "IV.2.a", "IV.4.b")


def plan_history(program: ProgramState, seed: int) -> History:
    """The whole history as data, before anything is written: deterministic for a seed."""
    rng = random.Random(seed)
    areas = Areas(program)
    projects = _delivering_projects(program, rng)
    _spread_years(projects, rng)
    _choose_delivering_fates(projects, rng)
    _choose_shortfalls(projects, rng)
    projects += _other_projects(rng)
    while len(projects) < MIN_PROJECTS:
        projects.append(_other_project(REJECTED, rng.choice(YEARS), rng))
    for plan in projects:
        plan.proposed_on = _proposal_day(plan, rng)
    projects.sort(key=lambda plan: plan.proposed_on)
    firms = Registry(rng, areas)
    per_year: Counter[int] = Counter()
    for order, plan in enumerate(projects):
        per_year[plan.year] += 1
        plan.order = order
        plan.code = f"KC-{plan.year}-{per_year[plan.year]:03d}"
        describe(plan, areas, firms, rng)
    for plan in projects:
        price(plan, areas, rng)
    choose_options(projects, rng)
    resolved = tuple(sorted(rng.sample(CLOSED_YEARS, 2)))
    for plan in projects:
        schedule_project(plan, rng)
    plant_discrepancies(projects, resolved, rng)
    number_vouchers(projects)
    _certifications(projects, firms.firms, rng)
    registrations = [_registration(firm) for firm in firms.firms]
    budget = budget_entries(program, projects, seed, rng)
    plans = annual_plans(program, projects, seed)
    return History(seed, projects, registrations, budget, resolved, plans)


def _registration(firm: Firm) -> Entry:
    """Registered by whoever proposes its first project, on that day."""
    command = RegisterEstablishment(
        program_code=PROGRAM,
        name=firm.name,
        kind=firm.kind,
        tax_code=firm.tax_code,
        unit_code=firm.unit_code,
        address=firm.address,
    )
    return Entry(firm.registered_on, command, firm.registrar)


# What the projects deliver --------------------------------------------------------------


def _achieved_quantities(program: ProgramState, rng: random.Random) -> dict[str, int]:
    """Each indicator to a believable share of its target by 2025: some reached, some not."""
    targets = {code: program.targets[code] for code in INDICATORS}
    wanted = {code: max(1, round(t * rng.uniform(0.6, 1.12))) for code, t in targets.items()}
    if all(wanted[c] < targets[c] for c in INDICATORS):
        code = rng.choice(INDICATORS)
        wanted[code] = targets[code]
    if all(wanted[c] >= targets[c] for c in INDICATORS):
        code = rng.choice([c for c in INDICATORS if targets[c] >= 4])
        wanted[code] = targets[code] - max(1, targets[code] // 5)
    return wanted


def _delivering_projects(program: ProgramState, rng: random.Random) -> list[ProjectPlan]:
    """The projects whose accepted outputs add up to the wanted quantities."""
    q = _achieved_quantities(program, rng)
    outputs: list[tuple[str, tuple[Output, ...]]] = []
    outputs += [("IV.1.a", (Output("demo_models", 1),))] * q["demo_models"]
    machines = _chunks(q["machines_applied"], 1, 4, rng)
    for index, size in enumerate(machines):
        line = (Output("technology_lines", 1),) if index < q["technology_lines"] else ()
        outputs.append(("IV.1.b", (Output("machines_applied", size), *line)))
    outputs += [("IV.1.c", (Output("env_treatment_upgrades", 1),))] * q["env_treatment_upgrades"]
    rounds = q["product_selection_rounds"]
    for size in _split(q["certified_products"], rounds, 10, rng):
        outputs.append(
            ("IV.2.b", (Output("product_selection_rounds", 1), Output("certified_products", size)))
        )
    for size in _split(q["fair_participations"], q["fairs"], 3, rng):
        outputs.append(("IV.2.a", (Output("fairs", 1), Output("fair_participations", size))))
    marks, rooms = q["trademark_support"], q["showrooms"]
    for index in range(max(marks, rooms)):
        mark = (Output("trademark_support", 1),) if index < marks else ()
        room = (Output("showrooms", 1),) if index < rooms else ()
        outputs.append(("IV.2.c", (*mark, *room)))
    for size in _chunks(q["consultancy_support"], 1, 2, rng):
        outputs.append(("IV.5.d", (Output("consultancy_support", size),)))
    for size in _split(q["trainees"], q["training_courses"], 20, rng):
        outputs.append(("IV.4.b", (Output("training_courses", 1), Output("trainees", size))))
    rng.shuffle(outputs)
    return [ProjectPlan(c, 0, SETTLED, outs, outs) for c, outs in outputs]


def _spread_years(projects: list[ProjectPlan], rng: random.Random) -> None:
    """More work in the full years than in 2021; every year has some; selection rounds are
    held every other year."""
    rounds = [p for p in projects if p.content == "IV.2.b"]
    for plan, year in zip(rounds, (2022, 2024, 2023, 2025), strict=False):
        plan.year = year
    others = [p for p in projects if p.content != "IV.2.b"]
    for plan in others:
        plan.year = rng.choices(YEARS, weights=(5, 10, 11, 12, 10))[0]
    for year in YEARS:
        while sum(p.year == year for p in others) < 3:
            busiest = Counter(p.year for p in others).most_common(1)[0][0]
            next(p for p in others if p.year == busiest).year = year


def _choose_delivering_fates(projects: list[ProjectPlan], rng: random.Random) -> None:
    """One project a year contracted late and carried over; one 2025 project left to settle."""
    for year in CLOSED_YEARS:
        candidates = [p for p in projects if p.year == year and p.content in CARRIED_CONTENTS]
        candidates = candidates or [p for p in projects if p.year == year and p.content != "IV.2.b"]
        rng.choice(candidates).fate = CARRIED
    late = [p for p in projects if p.year == 2025 and p.content != "IV.2.b"]
    rng.choice(late).fate = ACCEPTED


def _choose_shortfalls(projects: list[ProjectPlan], rng: random.Random) -> None:
    """One or two projects deliver one unit less than planned: settled for less than was paid,
    the beneficiary pays the difference back."""
    candidates = [
        p
        for p in projects
        if p.fate == SETTLED
        and p.year in CLOSED_YEARS
        and p.content in SHORTFALL_INDICATOR
        and any(
            o.indicator_code == SHORTFALL_INDICATOR[p.content] and o.quantity >= 3
            for o in p.accepted
        )
    ]
    for plan in rng.sample(candidates, min(rng.randint(1, 2), len(candidates))):
        plan.shortfall = True
        short = SHORTFALL_INDICATOR[plan.content]
        plan.planned = tuple(
            Output(o.indicator_code, o.quantity + (o.indicator_code == short))
            for o in plan.accepted
        )


def _other_projects(rng: random.Random) -> list[ProjectPlan]:
    """Projects that deliver nothing (yet): rejected, withdrawn, cancelled, lapsed, pending."""
    plans = [_other_project(REJECTED, year, rng) for year in YEARS for _ in range(2)]
    plans += [_other_project(REJECTED, rng.choice(YEARS), rng) for _ in range(rng.randint(1, 4))]
    plans += [_other_project(WITHDRAWN, rng.choice(YEARS[1:4]), rng) for _ in range(2)]
    plans.append(_other_project(CANCEL_REFUND, rng.choice(YEARS[1:4]), rng))
    plans += [_other_project(LAPSED, year, rng) for year in YEARS[1:4]]
    for fate, count in (
        (PENDING_PROPOSED, 2),
        (PENDING_APPRAISED, 2),
        (PENDING_APPROVED, 1),
        (IN_PROGRESS, 3),
        (SUSPENDED, 1),
    ):
        plans += [_other_project(fate, 2025, rng) for _ in range(count)]
    return plans


def _other_project(fate: str, year: int, rng: random.Random) -> ProjectPlan:
    """A project that will not deliver; its content item weighted as proposals come in."""
    contents, weights = zip(*OTHER_CONTENTS, strict=True)
    content = rng.choices(contents, weights=weights)[0]
    plan = ProjectPlan(content, year, fate, (), _sample_outputs(content, rng))
    plan.variant = rng.randrange(2)
    return plan


def _sample_outputs(content: str, rng: random.Random) -> tuple[Output, ...]:
    """What a project of this content item typically plans."""
    if content == "IV.1.b":
        line = (Output("technology_lines", 1),) if rng.random() < 0.25 else ()
        return (Output("machines_applied", rng.randint(1, 4)), *line)
    if content == "IV.2.a":
        return (Output("fairs", 1), Output("fair_participations", rng.randint(4, 8)))
    if content == "IV.2.c":
        return (Output(rng.choice(("trademark_support", "showrooms")), 1),)
    if content == "IV.4.b":
        return (Output("training_courses", 1), Output("trainees", rng.randint(30, 50)))
    single = {"IV.1.a": "demo_models", "IV.1.c": "env_treatment_upgrades"}
    return (Output(single.get(content, "consultancy_support"), 1),)


def _split(total: int, parts: int, minimum: int, rng: random.Random) -> list[int]:
    """``parts`` whole numbers adding up to ``total``, each at least ``minimum`` when it can."""
    if parts <= 0:
        return []
    floor = min(minimum, total // parts)
    sizes = [floor] * parts
    for _ in range(total - floor * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _chunks(total: int, low: int, high: int, rng: random.Random) -> list[int]:
    """Pieces between ``low`` and ``high`` adding up to ``total``."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, rng.randint(low, high))
        sizes.append(size)
        left -= size
    return sizes


# When they are proposed ----------------------------------------------------------------

PROPOSAL_WINDOWS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    SETTLED: ((2, 7), (7, 15)),
    ACCEPTED: ((7, 20), (8, 25)),
    CARRIED: ((8, 10), (9, 30)),
    LAPSED: ((10, 20), (11, 14)),
    REJECTED: ((2, 7), (10, 15)),
    WITHDRAWN: ((2, 14), (8, 31)),
    CANCEL_REFUND: ((3, 1), (5, 31)),
    PENDING_PROPOSED: ((12, 1), (12, 15)),
    PENDING_APPRAISED: ((11, 10), (11, 28)),
    PENDING_APPROVED: ((10, 20), (11, 14)),
    IN_PROGRESS: ((8, 1), (9, 30)),
    SUSPENDED: ((7, 10), (8, 20)),
}
# The program starts in mid-July 2021: its first projects are proposed from August.
WINDOWS_2021: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    SETTLED: ((8, 2), (9, 10)),
    CARRIED: ((9, 13), (10, 5)),
    REJECTED: ((8, 2), (10, 15)),
}


def _proposal_day(plan: ProjectPlan, rng: random.Random) -> date:
    """A working day in the window where a project with this fate is proposed."""
    windows = WINDOWS_2021 if plan.year == 2021 else PROPOSAL_WINDOWS
    (m1, d1), (m2, d2) = windows[plan.fate]
    start, end = date(plan.year, m1, d1), date(plan.year, m2, d2)
    if plan.content == "IV.2.b":  # a selection round is launched in the spring
        start, end = date(plan.year, 3, 1), date(plan.year, 4, 15)
    return workday(start + timedelta(days=rng.randint(0, (end - start).days)))


# What acceptance certifies ---------------------------------------------------------------


def _certifications(projects: list[ProjectPlan], firms: list[Firm], rng: random.Random) -> None:
    """Products certified by a selection round, and trademarks registered with support."""
    for plan in projects:
        accept = plan.first("accept")
        if accept is None:
            continue
        if plan.content == "IV.2.b":
            known = [f for f in firms if f.registered_on <= accept.day]
            certified = {o.indicator_code: o.quantity for o in plan.accepted}["certified_products"]
            for firm in rng.sample(known, min(5, certified, len(known))):
                plan.acts.append(Act(accept.day, "certify", firm=firm, note="product"))
        marks = any(o.indicator_code == "trademark_support" for o in plan.accepted)
        if marks and plan.firms:
            plan.acts.append(Act(accept.day, "certify", firm=plan.firms[0], note="trademark"))
