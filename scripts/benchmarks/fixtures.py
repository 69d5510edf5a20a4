"""What every benchmark needs: a database of its own, and a project ready to be paid."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg import sql

from domain.application import Clock
from domain.budget.commands import AllocateBudget
from domain.fiscal import VIETNAM_TZ
from domain.ledger import Ledger
from domain.projects.commands import (
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    SignContract,
)
from domain.types import (
    Actor,
    AppraisalResult,
    FundingSource,
    Output,
    PaymentKind,
    Role,
    SourceAmount,
)
from scripts.settings import parse_database_url
from scripts.synthetic import PROGRAM

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE_PREFIX = "khuyencong_bench_"
PAYMENT_VND = 10_000
PROJECT_SUPPORT_VND = 300_000_000  # room for 30,000 payments of PAYMENT_VND
FINANCE = Actor("bench.finance", Role.FINANCE)
DOIT = Actor("bench.doit", Role.DOIT)
CENTER = Actor("bench.center", Role.CENTER)
PAYMENT_DAY = date(2025, 6, 15)  # 2025 stays open in the demo history


def inside_the_program() -> Clock:
    """The real clock is past the program's period: commands run on a day inside it."""
    moment = datetime.combine(PAYMENT_DAY, clock_time(10), tzinfo=VIETNAM_TZ)
    return lambda: moment


@contextmanager
def bench_database(backend: str, admin_url: str) -> Iterator[str]:
    """A fresh database for one run (a temporary SQLite file, or a PostgreSQL database created
    through ``admin_url``), dropped afterwards; yields its URL."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    # The process id names the run, so a check after it (or a clean-up) finds the run's own
    # databases among those of other runs sharing the server.
    name = f"{BENCH_DATABASE_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = parse_database_url(admin_url)
    auth = base.user + (f":{base.password}" if base.password else "")
    try:
        yield f"postgresql://{auth}@{base.host}:{base.port}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def fund_the_year(ledger: Ledger) -> None:
    ledger.allocate_budget(
        AllocateBudget(
            program_code=PROGRAM,
            year=PAYMENT_DAY.year,
            source=FundingSource.PROVINCIAL,
            amount_vnd=10**12,
            decision_no="1/QĐ-UBND",
            decision_date=date(PAYMENT_DAY.year, 1, 5),
        ),
        FINANCE,
    )


def contracted_project(ledger: Ledger, code: str) -> UUID:
    """A project proposed, appraised, approved and under contract: payments may follow."""
    support = (SourceAmount(FundingSource.PROVINCIAL, PROJECT_SUPPORT_VND),)
    receipt = ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code=code,
            title="Máy đo hiệu năng",
            content_code="IV.1.b",
            unit_code="720",
            year=PAYMENT_DAY.year,
            eligible_cost_vnd=800_000_000,
            requested_support=support,
            planned_outputs=(Output("machines_applied", 1),),
            proposed_on=date(PAYMENT_DAY.year, 2, 1),
        ),
        CENTER,
    )
    pid = receipt.aggregate_id
    ledger.appraise_project(
        AppraiseProject(project_id=pid, result=AppraisalResult.PASS, notes="đạt"), DOIT
    )
    ledger.approve_project(
        ApproveProject(
            project_id=pid,
            approved_support=support,
            decision_no=f"{code}/QĐ",
            decision_date=date(PAYMENT_DAY.year, 3, 1),
        ),
        DOIT,
    )
    ledger.sign_contract(
        SignContract(
            project_id=pid, contract_no=f"HĐ-{code}", signed_on=date(PAYMENT_DAY.year, 3, 10)
        ),
        CENTER,
    )
    return pid


def payment(project: UUID, voucher_no: str) -> RecordPayment:
    return RecordPayment(
        project_id=project,
        kind=PaymentKind.PAYMENT,
        source=FundingSource.PROVINCIAL,
        amount_vnd=PAYMENT_VND,
        voucher_no=voucher_no,
        value_date=PAYMENT_DAY,
        payee="Công ty TNHH Bench",
    )
