"""A synthetic history of any size for benchmarks and crash tests.

Every event comes from the ledger's own pure decisions, applied to states kept in memory, and
is saved in bulk: the same events the use cases would write, without loading each aggregate back
from the database per command. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from domain import claims
from domain.budget.book import LineBook
from domain.budget.commands import AllocateBudget
from domain.budget.decisions import allocate_budget
from domain.budget.state import BudgetLineState
from domain.budget.state import evolve as evolve_line
from domain.events import Decision, LedgerEvent
from domain.fiscal import VIETNAM_TZ
from domain.ledger import Ledger
from domain.projects import lifecycle, payments
from domain.projects.commands import (
    AcceptOutputs,
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    SettleProject,
    SignContract,
)
from domain.projects.state import ProjectState
from domain.projects.state import evolve as evolve_project
from domain.types import (
    Actor,
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    Role,
    SourceAmount,
)

PROGRAM = "BD-KC-2025"
# To 2024: in 2025 the budgets of 74 and the districts pass to 79 on 1 July, by transfers this
# generator does not make.
YEARS = (2021, 2022, 2023, 2024)
SOURCES = (FundingSource.PROVINCIAL, FundingSource.DISTRICT)
UNITS = ("718", "719", "720", "721", "722", "723", "724", "725", "726")
CONTENTS = (
    ("IV.2.a", "fair_participations"),
    ("IV.4.b", "trainees"),
    ("IV.2.c", "showrooms"),
    ("IV.5.d", "consultancy_support"),
)
LINE_ALLOCATION_VND = 5_000_000_000_000
SAVE_CHUNK_EVENTS = 2_000
SYSTEM = Actor("synthetic-history", Role.SYSTEM)


def generate(
    ledger: Ledger, events: int, seed: int = 1, progress: Callable[[int], None] | None = None
) -> int:
    """Append about ``events`` events (whole projects) to the ledger; returns how many."""
    written = 0
    for chunk in _chunks(ledger, events, random.Random(seed)):
        ledger.save(*chunk)
        written += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return written


def _chunks(ledger: Ledger, target: int, rng: random.Random) -> Iterator[list[LedgerEvent]]:
    program = ledger.program(PROGRAM)
    lines: dict[tuple[int, FundingSource, str], BudgetLineState | None] = {
        key: ledger.budget_line(PROGRAM, *key) for key in _line_keys()
    }
    pending: list[LedgerEvent] = []
    for year, source, holder in _line_keys():
        decision = _at(date(year, 1, 5))
        cmd = AllocateBudget(
            program_code=PROGRAM,
            year=year,
            source=source,
            holder_code=holder,
            amount_vnd=LINE_ALLOCATION_VND,
            decision_no=f"GDT-{year}-{source.value}-{holder}",
            decision_date=date(year, 1, 5),
        )
        key = (year, source, holder)
        new = allocate_budget(program, lines[key], cmd, decision)
        lines[key] = _fold(lines[key], new, evolve_line)
        pending.extend(new)
    produced = len(pending)
    serial = ledger.head_position()
    while produced < target:
        serial += 1
        events = _project(program, lines, rng, serial)
        pending.extend(events)
        produced += len(events)
        if len(pending) >= SAVE_CHUNK_EVENTS:
            yield pending
            pending = []
    if pending:
        yield pending


def _project(
    program: Any,
    lines: dict[tuple[int, FundingSource, str], BudgetLineState | None],
    rng: random.Random,
    serial: int,
) -> list[LedgerEvent]:
    year, source = rng.choice(YEARS), rng.choice(SOURCES)
    unit = rng.choice(UNITS)
    holder = unit if source is FundingSource.DISTRICT else "74"
    content, indicator = rng.choice(CONTENTS)
    support = rng.randrange(20, 400) * 1_000_000
    code = f"SYN-{serial:07d}"
    days = _calendar(year, rng)
    events: list[LedgerEvent] = []
    state: ProjectState | None = None

    def add(new: list[LedgerEvent]) -> None:
        nonlocal state
        events.extend(new)
        for event in new:
            if event.originator_id == (state.id if state else new[0].originator_id):
                state = evolve_project(state, event)
            else:
                key = (year, source, holder)
                lines[key] = evolve_line(lines[key], event)

    add(
        lifecycle.propose(
            program,
            None,
            set(),
            ProposeProject(
                program_code=PROGRAM,
                code=code,
                title=f"Đề án tổng hợp {serial}",
                content_code=content,
                unit_code=unit,
                year=year,
                eligible_cost_vnd=support * 2,
                requested_support=(SourceAmount(source, support),),
                planned_outputs=(Output(indicator, rng.randrange(1, 9)),),
                beneficiary_ids=(),
                proposed_on=days["proposed"],
            ),
            _at(days["proposed"]),
        )
    )
    assert state is not None
    add(
        lifecycle.appraise(
            state,
            AppraiseProject(project_id=state.id, result=AppraisalResult.PASS),
            _at(days["appraised"]),
        )
    )
    book = LineBook(program, dict(lines), _at(days["approved"]))
    add(
        lifecycle.approve(
            program,
            state,
            book,
            ApproveProject(
                project_id=state.id,
                approved_support=(SourceAmount(source, support),),
                decision_no=f"QĐ-{code}",
                decision_date=days["approved"],
            ),
            _at(days["approved"]),
        )
    )
    add(
        lifecycle.sign_contract(
            state,
            SignContract(project_id=state.id, contract_no=f"HĐ-{code}", signed_on=days["signed"]),
            _at(days["signed"]),
        )
    )
    parts = rng.randrange(1, 4)
    for part in range(parts):
        amount = support // parts if part < parts - 1 else support - support // parts * part
        day = days[f"paid{part}"]
        voucher = f"UNC-{code}-{part}"
        paid = payments.record_payment(
            program,
            state,
            RecordPayment(
                project_id=state.id,
                kind=PaymentKind.ADVANCE if part == 0 else PaymentKind.PAYMENT,
                source=source,
                amount_vnd=amount,
                voucher_no=voucher,
                value_date=day,
                payee=f"Cơ sở {serial}",
            ),
            _at(day),
        )
        decision = _at(day)
        add(paid)
        events.append(
            claims.make(
                claims.VOUCHER, PROGRAM, voucher, state.id, state.version, voucher, decision
            )
        )
    add(
        lifecycle.accept_outputs(
            program,
            state,
            AcceptOutputs(
                project_id=state.id,
                outputs=state.planned_outputs,
                record_no=f"BB-{code}",
                accepted_on=days["accepted"],
            ),
            _at(days["accepted"]),
        )
    )
    book = LineBook(program, dict(lines), _at(days["settled"]))
    add(
        payments.settle(
            program,
            state,
            book,
            SettleProject(
                project_id=state.id,
                final_support=(SourceAmount(source, support),),
                decision_no=f"QT-{code}",
                decision_date=days["settled"],
            ),
            _at(days["settled"]),
        )
    )
    return events


def _calendar(year: int, rng: random.Random) -> dict[str, date]:
    """A project's working days, spread over the year like real work and in order."""
    steps = (
        ("proposed", 0, 150),
        ("appraised", 5, 20),
        ("approved", 3, 15),
        ("signed", 2, 10),
        ("paid0", 5, 30),
        ("paid1", 10, 40),
        ("paid2", 10, 40),
        ("accepted", 5, 30),
        ("settled", 3, 20),
    )
    day = date(year, 1, 2)
    days = {}
    for name, low, high in steps:
        day = min(day + timedelta(days=rng.randrange(low, high + 1)), date(year, 12, 20))
        days[name] = day
    return days


def _line_keys() -> list[tuple[int, FundingSource, str]]:
    """The province's line and each district's own, every year."""
    keys = []
    for year in YEARS:
        keys.append((year, FundingSource.PROVINCIAL, "74"))
        keys += [(year, FundingSource.DISTRICT, unit) for unit in UNITS]
    return keys


def _at(day: date) -> Decision:
    return Decision(SYSTEM, datetime.combine(day, time(9, 0), tzinfo=VIETNAM_TZ))


def _fold(state: Any, events: list[LedgerEvent], evolve: Any) -> Any:
    for event in events:
        state = evolve(state, event)
    return state
