"""Property: over random valid command sequences, the read model built incrementally equals a
rebuild from the events, postings stay zero-sum, and every budget line agrees with the write
side. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import LedgerError
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    CancelProject,
    RecordPayment,
    RecordRefund,
    ReversePayment,
    SettleProject,
)
from domain.types import FundingSource, Output, PaymentKind, SourceAmount
from projections import totals
from projections.digest import check
from projections.projector import Projector
from projections.queries import ReadModel
from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from tests.support import CENTER, DOIT, PROGRAM, Scenario, ledgers, with_ledger

SOURCES = (FundingSource.PROVINCIAL, FundingSource.DISTRICT)
MILLION = 1_000_000
steps = st.lists(
    st.one_of(
        st.tuples(st.just("allocate"), st.sampled_from(SOURCES), st.integers(1, 900)),
        st.tuples(st.just("approve"), st.sampled_from(SOURCES), st.integers(1, 300)),
        st.tuples(st.just("pay"), st.integers(0, 9), st.integers(1, 200), st.booleans()),
        st.tuples(st.just("reverse"), st.integers(0, 9), st.integers(0, 5)),
        st.tuples(st.just("accept"), st.integers(0, 9)),
        st.tuples(st.just("settle"), st.integers(0, 9), st.integers(0, 100)),
        st.tuples(st.just("cancel"), st.integers(0, 9)),
        st.tuples(st.just("refund"), st.integers(0, 9)),
        st.tuples(st.just("adjust"), st.integers(0, 9), st.integers(1, 300)),
        st.tuples(st.just("project"), st.integers(1, 5)),
    ),
    min_size=3,
    max_size=25,
)


def _run(s: Scenario, projector: Projector, plan: list[tuple]) -> None:
    projects: list = []
    vouchers: dict = {}
    for number, (op, *args) in enumerate(plan):
        # Refused commands write nothing; the property covers what was written.
        with contextlib.suppress(LedgerError):
            _step(s, projector, projects, vouchers, number, op, args)


def _step(s, projector, projects, vouchers, number, op, args) -> None:
    ledger = s.ledger
    pick = (lambda i: projects[i % len(projects)]) if projects else None
    if op == "allocate":
        s.allocate(args[1] * MILLION, source=args[0], decision_no=f"A-{number}")
    elif op == "approve":
        projects.append(
            s.approved_project(
                f"DA-{number}",
                support=args[1] * MILLION,
                cost=1_000 * MILLION,
                source=args[0],
                content_code="IV.2.a",
                outputs=(Output("fairs", 1),),
            )
        )
    elif op == "project":
        projector.batch_size = args[0]
        projector.run_batch()
    elif pick is None:
        return
    elif op == "pay":
        pid = pick(args[0])
        source = next(iter(ledger.project(pid).approved), FundingSource.PROVINCIAL)
        voucher = f"V-{number}"
        kind = PaymentKind.ADVANCE if args[2] else PaymentKind.PAYMENT
        ledger.record_payment(
            RecordPayment(
                project_id=pid,
                kind=kind,
                source=source,
                amount_vnd=args[1] * MILLION,
                voucher_no=voucher,
                value_date=date(2024, 4, 1),
                payee="HTX",
            ),
            CENTER,
        )
        vouchers.setdefault(pid, []).append(voucher)
    elif op == "reverse":
        pid = pick(args[0])
        if vouchers.get(pid):
            voucher = vouchers[pid][args[1] % len(vouchers[pid])]
            ledger.reverse_payment(
                ReversePayment(project_id=pid, voucher_no=voucher, reason="sai"), CENTER
            )
    elif op == "accept":
        ledger.accept_outputs(
            AcceptOutputs(
                project_id=pick(args[0]),
                outputs=(Output("fairs", 1),),
                record_no=f"BB-{number}",
                accepted_on=date(2024, 5, 1),
            ),
            CENTER,
        )
    elif op == "settle":
        pid = pick(args[0])
        paid = ledger.project(pid).paid_by_source()
        final = tuple(
            SourceAmount(src, amount * args[1] // 100)
            for src, amount in paid.items()
            if amount * args[1] // 100 > 0
        )
        ledger.settle_project(
            SettleProject(
                project_id=pid,
                final_support=final,
                decision_no=f"QT-{number}",
                decision_date=date(2024, 5, 2),
            ),
            CENTER,
        )
    elif op == "cancel":
        ledger.cancel_project(
            CancelProject(
                project_id=pick(args[0]),
                reason="rút",
                decision_no=f"H-{number}",
                decision_date=date(2024, 5, 3),
            ),
            DOIT,
        )
    elif op == "refund":
        pid = pick(args[0])
        for source, due in ledger.project(pid).refund_due.items():
            if due:
                ledger.record_refund(
                    RecordRefund(
                        project_id=pid,
                        source=source,
                        amount_vnd=due,
                        voucher_no=f"R-{number}",
                        value_date=date(2024, 5, 4),
                    ),
                    CENTER,
                )
    elif op == "adjust":
        pid = pick(args[0])
        source = next(iter(ledger.project(pid).approved), FundingSource.PROVINCIAL)
        ledger.adjust_project(
            AdjustProject(
                project_id=pid,
                approved_support=(SourceAmount(source, args[1] * MILLION),),
                reason="điều chỉnh",
                decision_no=f"DC-{number}",
                decision_date=date(2024, 5, 5),
            ),
            DOIT,
        )


def _assert_properties(s: Scenario, projector: Projector, model: ReadModel) -> None:
    projector.batch_size = 4
    projector.catch_up()
    report = check(s.ledger, projector.store)
    assert report.differing_tables == []
    with projector.store.snapshot() as tx:
        assert (
            tx.rows("SELECT position FROM rm_postings GROUP BY position HAVING SUM(amount) <> 0")
            == []
        )
    for line in model.budget(PROGRAM).lines:
        state = s.ledger.budget_line(
            PROGRAM, line.year, FundingSource(line.source), line.holder_code
        )
        assert (line.figures.committed, line.figures.available) == (
            state.committed_vnd,
            state.available_vnd,
        )
    for project in model.projects(PROGRAM, first=100).items:
        paid = s.ledger.project(UUID(project.id)).paid_by_source()
        assert project.paid == sum(paid.values())


PROPERTY_SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def frequent_checkpoints(monkeypatch):
    """Checkpoints every few events, so random histories cross many of them."""
    monkeypatch.setattr(totals, "CHECKPOINT_EVERY_EVENTS", 6)


@PROPERTY_SETTINGS
@given(plan=steps)
def test_incremental_projection_equals_rebuild_on_sqlite(plan):
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'ledger.db'}"
        _check_plan(url, plan)


@pytest.mark.postgres
@PROPERTY_SETTINGS
@given(plan=steps)
def test_incremental_projection_equals_rebuild_on_postgresql(postgres_url, plan):
    from tests.conftest import _empty_postgres

    _empty_postgres(postgres_url)
    _check_plan(postgres_url, plan)


def _check_plan(url: str, plan: list[tuple]) -> None:
    with ledgers(url) as make:
        s = with_ledger(make)
        settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": url})
        with bootstrap(settings, ledger=s.ledger) as services:
            projector = Projector(s.ledger, services.store, batch_size=3)
            _run(s, projector, plan)
            _assert_properties(s, projector, services.read_model)
