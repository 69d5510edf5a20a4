"""A small but complete history: every kind of money movement, used by read-model tests."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.budget.commands import AllocateBudget, CancelBudget, ProposeEstimate
from domain.establishments.commands import RegisterEstablishment
from domain.programs.commands import ReviseTarget
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
from tests.support import BAU_BANG, CENTER, DOIT, FINANCE, PROGRAM, Scenario

P, D = FundingSource.PROVINCIAL, FundingSource.DISTRICT


def pay(
    pid: UUID,
    amount: int,
    voucher: str,
    day: date,
    source: FundingSource = P,
    kind: PaymentKind = PaymentKind.PAYMENT,
) -> RecordPayment:
    return RecordPayment(
        project_id=pid,
        kind=kind,
        source=source,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=day,
        payee="Công ty TNHH Cơ khí Phú Giáo",
    )


def build_history(s: Scenario) -> dict[str, UUID]:
    """Mid-2024 to early 2025 of a program: returns the projects by role."""
    ledger = s.ledger
    s.allocate(2_000_000_000)
    ledger.allocate_budget(
        AllocateBudget(
            program_code=PROGRAM,
            year=2024,
            source=D,
            holder_code="719",  # Bàu Bàng's own budget: DA-2024-03 is carried out there
            amount_vnd=300_000_000,
            decision_no="77/QĐ-UBND",
            decision_date=date(2024, 1, 20),
        ),
        BAU_BANG,
    )
    ledger.propose_estimate(
        ProposeEstimate(
            program_code=PROGRAM,
            year=2025,
            source=P,
            amount_vnd=2_500_000_000,
            document_no="900/TTr-SCT",
            document_date=date(2024, 6, 1),
        ),
        FINANCE,
    )
    ledger.register_establishment(
        RegisterEstablishment(
            program_code=PROGRAM,
            name="Công ty TNHH Gỗ Mỹ nghệ Bình Dương",
            kind=EstablishmentKind.SME,
            tax_code="3701234567",
            unit_code="720",
        ),
        CENTER,
    )
    settled = s.approved_project("DA-2024-01", support=300_000_000, cost=800_000_000)
    ledger.record_payment(
        pay(settled, 100_000_000, "UNC-001", date(2024, 3, 20), kind=PaymentKind.ADVANCE), CENTER
    )
    ledger.record_payment(pay(settled, 180_000_000, "UNC-002", date(2024, 5, 10)), CENTER)
    ledger.record_payment(pay(settled, 5_000_000, "UNC-003", date(2024, 5, 11)), CENTER)
    ledger.reverse_payment(
        ReversePayment(project_id=settled, voucher_no="UNC-003", reason="trùng chứng từ"), CENTER
    )
    ledger.accept_outputs(
        AcceptOutputs(
            project_id=settled,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-01",
            accepted_on=date(2024, 6, 1),
        ),
        CENTER,
    )
    ledger.settle_project(
        SettleProject(
            project_id=settled,
            final_support=(SourceAmount(P, 260_000_000),),
            decision_no="QT-01",
            decision_date=date(2024, 6, 5),
        ),
        CENTER,
    )
    ledger.record_refund(
        RecordRefund(
            project_id=settled,
            source=P,
            amount_vnd=20_000_000,
            voucher_no="NT-001",
            value_date=date(2024, 6, 10),
        ),
        CENTER,
    )
    cancelled = s.approved_project(
        "DA-2024-02",
        support=150_000_000,
        content_code="IV.2.a",
        outputs=(Output("fairs", 1),),
        unit_code="722",
    )
    ledger.cancel_project(
        CancelProject(
            project_id=cancelled,
            reason="đơn vị rút",
            decision_no="C-02",
            decision_date=date(2024, 6, 12),
        ),
        DOIT,
    )
    carried = s.approved_project(
        "DA-2024-03",
        support=200_000_000,
        source=D,
        content_code="IV.4.b",
        outputs=(Output("trainees", 40),),
    )
    ledger.record_payment(
        pay(carried, 50_000_000, "UNC-101", date(2024, 6, 14), source=D), BAU_BANG
    )
    s.clock.set(date(2025, 1, 20))
    ledger.record_payment(
        pay(carried, 30_000_000, "UNC-102", date(2024, 12, 30), source=D), BAU_BANG
    )  # recorded in the adjustment window, valued in 2024
    ledger.carry_over_project(
        CarryOverProject(
            project_id=carried, decision_no="CN-01/QĐ-STC", decision_date=date(2025, 1, 20)
        ),
        FINANCE,
    )
    ledger.record_payment(
        pay(carried, 40_000_000, "UNC-103", date(2025, 1, 20), source=D), BAU_BANG
    )
    ledger.cancel_budget(
        CancelBudget(
            program_code=PROGRAM,
            year=2024,
            source=P,
            amount_vnd=100_000_000,
            reason="hủy dự toán",
            decision_no="H-01",
            decision_date=date(2025, 1, 20),
        ),
        FINANCE,
    )
    ledger.revise_target(
        ReviseTarget(
            program_code=PROGRAM,
            indicator_code="fairs",
            target=14,
            decision_no="R-01/QĐ-UBND",
            decision_date=date(2025, 1, 20),
        ),
        DOIT,
    )
    return {"settled": settled, "cancelled": cancelled, "carried": carried}
