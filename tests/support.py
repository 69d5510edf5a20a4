"""Test helpers: a clock tests can move, an actor of each role, and a ready Bình Dương program."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.budget.commands import AllocateBudget
from domain.ledger import Ledger
from domain.projects.commands import (
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    SignContract,
)
from domain.types import Actor, AppraisalResult, FundingSource, Output, Role, SourceAmount
from projections.projector import Projector
from projections.queries import ReadModel
from scripts.bootstrap import Services, read_program_file
from scripts.clock import SettableClock as Clock  # the name the tests have always used
from scripts.settings import DEFAULT_PROGRAM_FILES, Settings

PROGRAM = "BD-KC-2025"
FINANCE = Actor("finance.officer@sotc", Role.FINANCE)
DOIT = Actor("doit.director@sotc", Role.DOIT)
CENTER = Actor("center.staff@ttxt", Role.CENTER)
# Bàu Bàng's People's Committee: it allocates and pays its own district money (Điều 2.4.b).
BAU_BANG = Actor("ubnd.baubang@binhduong", Role.DISTRICT, "719")
LOADER = Actor("loader", Role.SYSTEM)


def program_data() -> dict[str, Any]:
    """A fresh copy of the Bình Dương program file, read from disk once."""
    return copy.deepcopy(_program_file())


@cache
def _program_file() -> dict[str, Any]:
    return read_program_file(Path(DEFAULT_PROGRAM_FILES))


@dataclass
class Scenario:
    """A ledger with the Bình Dương program and 2024 provincial money, used by many tests."""

    ledger: Ledger
    clock: Clock

    def allocate(
        self,
        amount: int,
        year: int = 2024,
        source: FundingSource = FundingSource.PROVINCIAL,
        decision_no: str = "3021/QĐ-UBND",
        holder_code: str | None = None,
    ) -> None:
        """District money goes to Bàu Bàng (719), where ``approved_project`` puts projects."""
        if holder_code is None and source is FundingSource.DISTRICT:
            holder_code = "719"
        self.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=year,
                source=source,
                holder_code=holder_code,
                amount_vnd=amount,
                decision_no=decision_no,
                decision_date=date(year, 1, 5),
            ),
            FINANCE,
        )

    def approved_project(
        self,
        code: str = "DA-2024-01",
        support: int = 250_000_000,
        cost: int = 600_000_000,
        *,
        source: FundingSource = FundingSource.PROVINCIAL,
        outputs: tuple[Output, ...] = (Output("machines_applied", 2),),
        content_code: str = "IV.1.b",
        unit_code: str = "719",
        signed: bool = True,
    ) -> UUID:
        receipt = self.ledger.propose_project(
            ProposeProject(
                program_code=PROGRAM,
                code=code,
                title="Hỗ trợ máy chế biến hạt điều tự động",
                content_code=content_code,
                unit_code=unit_code,
                year=2024,
                eligible_cost_vnd=cost,
                requested_support=(SourceAmount(source, support),),
                planned_outputs=outputs,
                proposed_on=date(2024, 2, 1),
            ),
            CENTER,
        )
        pid = receipt.aggregate_id
        self.ledger.appraise_project(
            AppraiseProject(project_id=pid, result=AppraisalResult.PASS, notes="đạt"), DOIT
        )
        self.ledger.approve_project(
            ApproveProject(
                project_id=pid,
                approved_support=(SourceAmount(source, support),),
                decision_no=f"{code}/QĐ-SCT",
                decision_date=date(2024, 3, 1),
            ),
            DOIT,
        )
        if signed:
            self.ledger.sign_contract(
                SignContract(project_id=pid, contract_no=f"HĐ-{code}", signed_on=date(2024, 3, 10)),
                CENTER,
            )
        return pid


def with_ledger(make: Callable[[Clock], Ledger], day: date = date(2024, 6, 15)) -> Scenario:
    clock = Clock(day)
    ledger = make(clock)
    ledger.define_program(program_data(), LOADER)
    return Scenario(ledger, clock)


class ReadSide:
    """A ledger's read model in tests: catch it up, query it, compare it with a rebuild."""

    def __init__(self, services: Services) -> None:
        self.ledger = services.ledger
        self.store = services.store
        self.settings = services.settings
        self.model = services.read_model
        self.projector = Projector(self.ledger, self.store, batch_size=7)

    def catch_up(self) -> ReadModel:
        self.projector.catch_up()
        return self.model


LedgerFactory = Callable[[Clock], Ledger]


@contextmanager
def ledgers(database_url: str) -> Iterator[LedgerFactory]:
    """Builds ledgers over one database, each with its own clock; closes them all at the end."""
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    made: list[Ledger] = []

    def make(clock: Clock) -> Ledger:
        ledger = Ledger(settings.database.eventsourcing_env(), clock=clock)
        made.append(ledger)
        return ledger

    try:
        yield make
    finally:
        for ledger in made:
            ledger.close()
