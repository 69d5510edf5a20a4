"""The shared vocabulary of the ledger: codes, roles and small value objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID


class FundingSource(Enum):
    """Where program money comes from (section V of the decision; Article 2.4).

    ``COUNTERPART`` is kept so that stored history reads, but new budget lines, support and
    payments refuse it: what an establishment contributes is the project's co-financing
    (declared at proposal, evidenced at acceptance and settlement), not state budget.
    """

    PROVINCIAL = "PROVINCIAL"
    DISTRICT = "DISTRICT"
    COMMUNE = "COMMUNE"
    NATIONAL = "NATIONAL"
    COUNTERPART = "COUNTERPART"
    OTHER_PROGRAM = "OTHER_PROGRAM"
    OTHER = "OTHER"

    @property
    def is_support(self) -> bool:
        """Counterpart money (only in stored history) was the beneficiary's own share, not
        support: caps ignore it, as they ignore co-financing."""
        return self is not FundingSource.COUNTERPART


class Role(Enum):
    DOIT = "doit"
    CENTER = "center"
    FINANCE = "finance"
    DISTRICT = "district"
    COMMUNE = "commune"  # a commune's People's Committee, like a district scoped to its unit
    AUDITOR = "auditor"
    SYSTEM = "system"  # the loader and operator commands


class PaymentKind(Enum):
    ADVANCE = "ADVANCE"  # tạm ứng
    PAYMENT = "PAYMENT"  # thanh toán


class AppraisalResult(Enum):
    PASS = "PASS"
    FAIL = "FAIL"


class ProjectStatus(Enum):
    PROPOSED = "PROPOSED"
    APPRAISED = "APPRAISED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CONTRACTED = "CONTRACTED"
    SUSPENDED = "SUSPENDED"
    ACCEPTED = "ACCEPTED"
    SETTLED = "SETTLED"
    CANCELLED = "CANCELLED"


class EstablishmentKind(Enum):
    """The four kinds of rural industrial establishment (section III.1.b)."""

    SME = "SME"  # doanh nghiệp nhỏ và vừa
    COOPERATIVE = "COOPERATIVE"  # hợp tác xã
    COOPERATIVE_GROUP = "COOPERATIVE_GROUP"  # tổ hợp tác
    HOUSEHOLD_BUSINESS = "HOUSEHOLD_BUSINESS"  # hộ kinh doanh


class CertificationKind(Enum):
    TYPICAL_PRODUCT = "TYPICAL_PRODUCT"  # sản phẩm công nghiệp nông thôn tiêu biểu
    TRADEMARK = "TRADEMARK"  # nhãn hiệu


ENUM_TYPES: tuple[type[Enum], ...] = (
    FundingSource,
    Role,
    PaymentKind,
    AppraisalResult,
    ProjectStatus,
    EstablishmentKind,
    CertificationKind,
)


@dataclass(frozen=True)
class Actor:
    """Who issued a command: the token's subject and role; a district or commune role carries
    its unit."""

    subject: str
    role: Role
    unit_code: str | None = None


@dataclass(frozen=True)
class SourceAmount:
    source: FundingSource
    amount_vnd: int


@dataclass(frozen=True)
class Output:
    """A quantity of one program indicator: planned at proposal, actual at acceptance."""

    indicator_code: str
    quantity: int


@dataclass(frozen=True)
class ContentAmount:
    """Money stated for one content item of the program, e.g. in a department's yearly report."""

    content_code: str
    amount_vnd: int


@dataclass(frozen=True)
class StatementEntry:
    """One line of a State Treasury statement, as the file gave it (parsed and cleaned)."""

    line_no: int  # row in the file: header 1, first data row 2 (blank rows keep their number)
    value_date: date
    voucher_no: str  # stripped, upper-case (vouchers compare without case), NFC
    amount_vnd: int  # > 0, whole đồng
    payee: str  # NFC, whitespace collapsed
    payee_tax_code: str  # 3701234567, 3701234567-001 or a 12-digit personal number; "" if absent
    budget_chapter: str  # mã chương, 3 digits; "" when absent
    budget_subitem: str  # tiểu mục / mã nội dung kinh tế, 4 digits; "" when absent
    description: str  # nội dung / diễn giải; "" when absent


@dataclass(frozen=True)
class PaymentRef:
    """A ledger payment, named as a finance officer names it: its project and voucher."""

    project_id: UUID
    voucher_no: str


def amounts_by_source(items: tuple[SourceAmount, ...]) -> dict[FundingSource, int]:
    totals: dict[FundingSource, int] = {}
    for item in items:
        totals[item.source] = totals.get(item.source, 0) + item.amount_vnd
    return totals
