"""The end of district budgets on 1 July 2025, on both backends: a district's open commitment
passes to 79 only by an explicit transfer naming the decision; before it, a payment valued
after the district's last day is refused; a refused transfer or payment writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.errors import (
    HolderNotValid,
    HolderStillValid,
    InvalidInput,
    LedgerError,
    UnknownHolder,
)
from domain.projects.commands import (
    AppraiseProject,
    ApproveProject,
    ProposeProject,
    RecordPayment,
    SignContract,
)
from domain.types import AppraisalResult, FundingSource, Output, PaymentKind, SourceAmount
from finance.succession import transfer_to_successor
from tests.support import CENTER, DOIT, FINANCE, PROGRAM, ReadSide, Scenario

D = FundingSource.DISTRICT
LAW = "72/2025/QH15"  # Luật Tổ chức chính quyền địa phương 2025: no district level
JULY = date(2025, 7, 1)


def _district_project(s: Scenario) -> UUID:
    """Bàu Bàng's own 2025 project: 200 million of its district money, 50 million paid."""
    s.clock.set(date(2025, 1, 5))
    s.allocate(500_000_000, year=2025, source=D, holder_code="719")
    s.clock.set(date(2025, 3, 10))
    pid = s.ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code="DA-BB-2025-01",
            title="Đào tạo nghề mây tre đan",
            content_code="IV.1.b",
            unit_code="719",
            year=2025,
            eligible_cost_vnd=500_000_000,
            requested_support=(SourceAmount(D, 200_000_000),),
            planned_outputs=(Output("machines_applied", 1),),
            proposed_on=date(2025, 2, 1),
        ),
        CENTER,
    ).aggregate_id
    s.ledger.appraise_project(AppraiseProject(project_id=pid, result=AppraisalResult.PASS), DOIT)
    s.ledger.approve_project(
        ApproveProject(
            project_id=pid,
            approved_support=(SourceAmount(D, 200_000_000),),
            decision_no="12/QĐ-UBND",
            decision_date=date(2025, 3, 1),
        ),
        DOIT,
    )
    s.ledger.sign_contract(
        SignContract(project_id=pid, contract_no="HĐ-BB-01", signed_on=date(2025, 3, 10)), CENTER
    )
    s.clock.set(date(2025, 4, 1))
    s.ledger.record_payment(_payment(pid, "UNC-BB-1", 50_000_000, date(2025, 4, 1)), CENTER)
    return pid


def _payment(pid: UUID, voucher: str, amount: int, day: date) -> RecordPayment:
    return RecordPayment(
        project_id=pid,
        kind=PaymentKind.PAYMENT,
        source=D,
        amount_vnd=amount,
        voucher_no=voucher,
        value_date=day,
        payee="Hợp tác xã Mây tre đan Bàu Bàng",
    )


def _refused(s: Scenario, error: type[LedgerError], act: Callable[[], object]) -> LedgerError:
    head = s.ledger.head_position()
    with pytest.raises(error) as refused:
        act()
    assert s.ledger.head_position() == head  # nothing written
    return refused.value


def _lines(side: ReadSide) -> dict[str, tuple[int, int, int]]:
    """(allocated, committed, available) of the 2025 district lines, by holder."""
    report = side.catch_up().budget(PROGRAM, 2025)
    return {
        line.holder_code: (
            line.figures.allocated,
            line.figures.committed,
            line.figures.available,
        )
        for line in report.lines
        if line.source == D.value
    }


def test_a_districts_commitment_passes_to_79_only_by_a_named_transfer(
    scenario: Scenario, read_side: ReadSide
) -> None:
    s = scenario
    pid = _district_project(s)
    s.clock.set(date(2025, 7, 3))
    late = _payment(pid, "UNC-BB-2", 30_000_000, date(2025, 7, 3))
    refused = _refused(s, HolderNotValid, lambda: s.ledger.record_payment(late, CENTER))
    assert "transfer its open commitments to 79 first" in refused.message
    assert _lines(read_side) == {"719": (500_000_000, 200_000_000, 300_000_000)}  # stays

    def transfer(holder: str, day: date) -> object:
        return transfer_to_successor(s.ledger, read_side.model, PROGRAM, holder, LAW, day, FINANCE)

    _refused(s, HolderStillValid, lambda: transfer("719", date(2025, 6, 30)))
    _refused(s, UnknownHolder, lambda: transfer("999", JULY))
    _refused(s, InvalidInput, lambda: transfer("718", JULY))  # nothing open in Thủ Dầu Một

    receipt = transfer("719", JULY)
    assert receipt.position is not None
    assert s.ledger.project(pid).holder_of(D) == "79"
    assert _lines(read_side) == {
        "719": (500_000_000, 50_000_000, 300_000_000),  # what it paid stays in its books
        "79": (0, 150_000_000, 0),  # the open commitment, and nothing free
    }
    journal = read_side.model.journal(types=["Project.HolderTransferred"], first=10).items
    (moved,) = journal
    assert (moved.document_ref, moved.effective_on) == (LAW, "2025-07-01")
    assert "từ Huyện Bàu Bàng sang đơn vị kế thừa Thành phố Hồ Chí Minh" in moved.summary

    s.ledger.record_payment(late, CENTER)  # 79 pays what it took over
    assert _lines(read_side)["79"] == (0, 150_000_000, 0)
    _refused(s, InvalidInput, lambda: transfer("719", JULY))  # nothing is left open there
