"""What an export holds, read from the ledger at one position: plain values, no database.

The writers (tables, Open Fiscal Data Package, IATI) turn an ``ExportData`` into files; the
read side (``finance.exports.source``) fills it. Amounts are whole đồng.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from projections.figures import BudgetFigures


@dataclass(frozen=True)
class ProgramInfo:
    code: str  # BD-KC-2025
    title_vi: str
    title_en: str
    decision_no: str  # 1811/QĐ-UBND
    decision_date: date
    issuer: str  # Ủy ban nhân dân tỉnh Bình Dương
    period_start: date
    period_end: date
    reporting_org_ref: str  # IATI organisation identifier of the publisher
    reporting_org_name: str


@dataclass(frozen=True)
class BudgetPhases:
    """One budget line (year × funding source × holder) with its figures, exactly as the API
    gives them (``projections.figures``)."""

    year: int
    source: str  # PROVINCIAL, DISTRICT, OTHER_PROGRAM …
    source_name_vi: str  # ngân sách tỉnh …
    holder_code: str  # 74, 718…726, 79
    holder_name: str  # Tỉnh Bình Dương …
    figures: BudgetFigures


@dataclass(frozen=True)
class ExecutionRow:
    """Budget execution of one year × source × content item × unit (projects' money only)."""

    year: int
    source: str
    source_name_vi: str
    content_code: str  # IV.1.b
    content_title_vi: str
    unit_code: str  # 718 …, or 79 after 2025-07-01
    unit_name: str  # Thủ Dầu Một …
    committed: int  # the figures ``committed`` and ``paid`` of these projects' money
    paid: int


@dataclass(frozen=True)
class TargetRow:
    indicator_code: str
    section: str  # I.2.a
    name_vi: str
    name_en: str
    unit: str  # what is counted
    target: int  # as it stands
    target_as_approved: int
    planned: int
    achieved: int


@dataclass(frozen=True)
class Transaction:
    """Money of one project. ``kind``: commitment (approval and its adjustments, signed),
    disbursement (an advance or a payment), reversal (a payment undone, amount positive),
    refund (money paid back, amount positive)."""

    kind: str
    on: date  # effective (value) date
    amount: int
    source: str
    reference: str  # decision or voucher number
    description: str


@dataclass(frozen=True)
class ProjectOutput:
    indicator_code: str
    planned: int
    achieved: int


@dataclass(frozen=True)
class CoFinancingAmounts:
    """The establishment's own money towards the project: not state budget, shown beside it."""

    declared: int = 0  # at proposal
    evidenced: int = 0  # at acceptance, by documents
    settled: int = 0  # at settlement


@dataclass(frozen=True)
class ProjectActivity:
    id: str  # UUID of the project
    code: str  # DA-2024-01
    title: str
    content_code: str
    content_title_vi: str
    unit_code: str
    unit_name: str
    status: str  # PROPOSED … SETTLED, CANCELLED, REJECTED
    year: int  # the year it was proposed for
    proposed_on: date
    approved_on: date | None
    contract_signed_on: date | None
    approved_support: int
    transactions: tuple[Transaction, ...]
    outputs: tuple[ProjectOutput, ...]
    co_financing: CoFinancingAmounts = CoFinancingAmounts()


@dataclass(frozen=True)
class ExportData:
    program: ProgramInfo
    generated_at: datetime  # with its offset
    position: int  # the ledger position the data stands at
    year: int | None  # None: every year of the program
    phases: tuple[BudgetPhases, ...]
    execution: tuple[ExecutionRow, ...]
    targets: tuple[TargetRow, ...]
    projects: tuple[ProjectActivity, ...]
