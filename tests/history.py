"""A small but complete history: every kind of money movement, used by read-model tests."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.budget.decisions import AllocateBudget, CancelBudget, ProposeEstimate
from domain.establishments.decisions import RegisterEstablishment
from domain.programs.decisions import ReviseTarget
from domain.projects.commands import (
    AcceptOutputs,
    CancelProject,
    CarryOverProject,
    RecordPayment,
    RecordRefund,
    ReversePayment,
    SettleProject,
)
from domain.types import EstablishmentKind, FundingSource, Output, PaymentKind, SourceAmount
from tests.support import CENTER, DOIT, FINANCE, PROGRAM, Scenario

P, D = FundingSource.PROVINCIAL, FundingSource.DISTRICT


def pay(
    pid: UUID,
    amount: int,
    voucher: str,
    day: date,
    source: FundingSource = P,
    kind: PaymentKind = PaymentKind.PAYMENT,
) -> RecordPayment:
    return RecordPayment(pid, kind, source, amount, voucher, day, "Công ty TNHH Cơ khí Phú Giáo")


def build_history(s: Scenario) -> dict[str, UUID]:
    """Mid-2024 to early 2025 of a program: returns the projects by role."""
    ledger = s.ledger
    s.allocate(2_000_000_000)
    ledger.allocate_budget(
        AllocateBudget(PROGRAM, 2024, D, 300_000_000, "77/QĐ-UBND", date(2024, 1, 20)), FINANCE
    )
    ledger.propose_estimate(
        ProposeEstimate(PROGRAM, 2025, P, 2_500_000_000, "900/TTr-SCT", date(2024, 6, 1)), FINANCE
    )
    ledger.register_establishment(
        RegisterEstablishment(
            PROGRAM,
            "Công ty TNHH Gỗ Mỹ nghệ Bình Dương",
            EstablishmentKind.SME,
            "3701234567",
            "720",
        ),
        CENTER,
    )
    settled = s.approved_project("DA-2024-01", support=300_000_000, cost=800_000_000)
    ledger.record_payment(
        pay(settled, 100_000_000, "UNC-001", date(2024, 3, 20), kind=PaymentKind.ADVANCE), FINANCE
    )
    ledger.record_payment(pay(settled, 180_000_000, "UNC-002", date(2024, 5, 10)), FINANCE)
    ledger.record_payment(pay(settled, 5_000_000, "UNC-003", date(2024, 5, 11)), FINANCE)
    ledger.reverse_payment(ReversePayment(settled, "UNC-003", "trùng chứng từ"), FINANCE)
    ledger.accept_outputs(
        AcceptOutputs(settled, (Output("machines_applied", 2),), "BB-01", date(2024, 6, 1)), DOIT
    )
    ledger.settle_project(
        SettleProject(settled, (SourceAmount(P, 260_000_000),), "QT-01", date(2024, 6, 5)), DOIT
    )
    ledger.record_refund(RecordRefund(settled, P, 20_000_000, "NT-001", date(2024, 6, 10)), FINANCE)
    cancelled = s.approved_project(
        "DA-2024-02",
        support=150_000_000,
        content_code="IV.2.a",
        outputs=(Output("fairs", 1),),
        unit_code="722",
    )
    ledger.cancel_project(CancelProject(cancelled, "đơn vị rút", "C-02", date(2024, 6, 12)), DOIT)
    carried = s.approved_project(
        "DA-2024-03",
        support=200_000_000,
        source=D,
        content_code="IV.4.b",
        outputs=(Output("trainees", 40),),
    )
    ledger.record_payment(pay(carried, 50_000_000, "UNC-101", date(2024, 6, 14), source=D), FINANCE)
    s.clock.set(date(2025, 1, 20))
    ledger.record_payment(
        pay(carried, 30_000_000, "UNC-102", date(2024, 12, 30), source=D), FINANCE
    )  # recorded in the adjustment window, valued in 2024
    ledger.carry_over_project(CarryOverProject(carried, "CN-01/QĐ-STC", date(2025, 1, 20)), FINANCE)
    ledger.record_payment(pay(carried, 40_000_000, "UNC-103", date(2025, 1, 20), source=D), FINANCE)
    ledger.cancel_budget(
        CancelBudget(PROGRAM, 2024, P, 100_000_000, "hủy dự toán", "H-01", date(2025, 1, 20)),
        FINANCE,
    )
    ledger.revise_target(
        ReviseTarget(PROGRAM, "fairs", 14, "R-01/QĐ-UBND", date(2025, 1, 20)), DOIT
    )
    return {"settled": settled, "cancelled": cancelled, "carried": carried}
