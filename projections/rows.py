"""Typed rows the query layer returns. Money is ``int`` đồng; ratios are exact ``Decimal``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

# The figures are defined with their vocabulary; they are rows too.
from projections.figures import BudgetFigures as BudgetFigures
from projections.figures import ratio as ratio

T = TypeVar("T")


@dataclass(frozen=True)
class AsOf:
    """What the ledger said at a position or a recorded time; for money, what had happened by
    an effective date. Any combination; omitted parts mean "now"."""

    position: int | None = None
    recorded_at: datetime | None = None
    effective_on: date | None = None


@dataclass(frozen=True)
class BudgetLineView:
    program_code: str
    year: int
    source: str
    figures: BudgetFigures
    holder_code: str  # the unit whose budget the line is
    holder_name: str  # its Vietnamese name in the program's definition


@dataclass(frozen=True)
class HolderTotals:
    """A holder's lines added: the breakdown of a budget by holder."""

    holder_code: str
    holder_name: str
    figures: BudgetFigures


@dataclass(frozen=True)
class BudgetReport:
    program_code: str
    position: int
    effective_on: date | None
    lines: tuple[BudgetLineView, ...]
    totals: BudgetFigures
    holders: tuple[HolderTotals, ...] = ()


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # a content item or a unit code
    committed: int
    paid: int


@dataclass(frozen=True)
class IndicatorView:
    code: str
    section: str
    name_vi: str
    name_en: str
    unit: str
    approximate: bool


@dataclass(frozen=True)
class TargetProgress:
    indicator: IndicatorView
    target: int
    target_as_approved: int
    planned: int
    achieved: int
    paid_for_achieving: int

    @property
    def progress(self) -> Decimal | None:
        return ratio(self.achieved, self.target)

    @property
    def cost_per_output(self) -> int | None:
        """Paid on the projects that delivered this indicator, per unit delivered."""
        return None if self.achieved == 0 else self.paid_for_achieving // self.achieved


@dataclass(frozen=True)
class ProjectView:
    id: str
    program_code: str
    code: str
    title: str
    status: str
    content_code: str
    unit_code: str
    year: int
    budget_year: int
    eligible_cost: int
    requested: int
    approved_support: int
    paid: int
    refund_due: int
    proposed_on: str
    position: int  # where the project entered the ledger (the page cursor)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total_count: int
    has_next: bool
    position: int
    has_previous: bool = False


@dataclass(frozen=True)
class JournalEntry:
    position: int
    recorded_at: str
    effective_on: str
    type: str
    aggregate_id: str
    aggregate_version: int
    program_code: str | None
    actor_subject: str
    actor_role: str
    document_ref: str
    summary: str
    payload: str
    leaf: int  # index in the Merkle log: what inclusion proofs name


@dataclass(frozen=True)
class EstablishmentView:
    id: str
    name: str
    kind: str
    tax_code: str
    unit_code: str
    address: str
    registered_on: str
    certifications: int
    position: int


@dataclass(frozen=True)
class LedgerHead:
    position: int
    read_model_position: int

    @property
    def lag(self) -> int:
        return self.position - self.read_model_position


@dataclass(frozen=True)
class SupportAndCoFinancing:
    """One year's projects (by the year proposed for): state support beside the
    establishments' co-financing, in đồng."""

    year: int
    projects: int
    support_committed: int  # approved support standing (open, paid or due back)
    support_paid: int
    co_financing_declared: int
    co_financing_evidenced: int
    co_financing_settled: int


@dataclass(frozen=True)
class CoFinancing:
    """The establishment's own money towards the project (not state budget): declared at
    proposal, evidenced at acceptance (by the documents named), settled at settlement."""

    declared: int = 0
    description: str = ""
    evidenced: int = 0
    evidence_documents: tuple[str, ...] = ()
    settled: int = 0


@dataclass(frozen=True)
class ProjectDetails:
    """What the money registers do not hold: support per source, advances not yet cleared,
    co-financing."""

    support: dict[str, int]
    advances_outstanding: int
    co_financing: CoFinancing = CoFinancing()
