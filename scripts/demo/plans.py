"""The plan as data: each project's story (its fate, money and dated acts), the
establishments it supports, and the whole history the loader will record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.ids import establishment_id, project_id
from domain.plans.items import PlanItemRef
from domain.types import Actor, EstablishmentKind, FundingSource, Output, PaymentKind
from scripts.demo.commands import Entry
from scripts.demo.program import CENTER, CENTER_NAME, PROGRAM, PROGRAM_DAY

FIRM_CONTENTS = ("IV.1.a", "IV.1.b", "IV.1.c", "IV.2.c", "IV.5.d")  # support named firms
SHORTFALL_INDICATOR = {  # what a project that delivers less than planned is short of
    "IV.1.b": "machines_applied",
    "IV.2.a": "fair_participations",
    "IV.4.b": "trainees",
}

# Fates: how a project's story ends.
SETTLED = "settled"  # delivered, paid, settled (2025: perhaps still to settle)
ACCEPTED = "accepted"  # 2025: delivered and paid, settlement not yet decided
CARRIED = "carried"  # contracted late in its year; carried over at the close, finished after
LAPSED = "lapsed"  # approved in December without a contract: cancelled by the close
REJECTED = "rejected"
WITHDRAWN = "withdrawn"  # cancelled by decision before any payment
CANCEL_REFUND = "cancel_refund"  # cancelled after an advance, which is refunded
PENDING_PROPOSED = "pending_proposed"  # 2025: still waiting at the end
PENDING_APPRAISED = "pending_appraised"
PENDING_APPROVED = "pending_approved"
IN_PROGRESS = "in_progress"
SUSPENDED = "suspended"


@dataclass
class Firm:
    """An establishment the history registers, on the day its first project is proposed."""

    name: str
    kind: EstablishmentKind
    tax_code: str
    unit_code: str
    area: str  # the district it is in (also after the merger, for its address)
    address: str
    trade: int  # index into TRADES
    registered_on: date
    registrar: Actor

    @property
    def id(self) -> UUID:
        return establishment_id(self.tax_code)


@dataclass
class Pay:
    """A planned disbursement. ``amount`` None pays what is left of the source's support."""

    value_date: date
    source: FundingSource
    kind: PaymentKind
    amount: int | None
    recorded_on: date
    voucher: str = ""
    treasury_amount: int | None = None  # what the Treasury paid, when the ledger's entry differs
    in_treasury: bool = True  # False for a duplicate entry and for a correcting entry


@dataclass
class Act:
    """One command about a project, on its business date."""

    day: date
    what: str
    pay: Pay | None = None
    other: Pay | None = None  # the entry a reversal or a hand match refers to
    firm: Firm | None = None
    note: str = ""


@dataclass
class ProjectPlan:
    """One project's story: what it plans and delivers, its money, and its acts in order."""

    content: str
    year: int
    fate: str
    accepted: tuple[Output, ...]  # what acceptance records (empty: never accepted)
    planned: tuple[Output, ...]
    proposed_on: date = PROGRAM_DAY
    order: int = 0
    code: str = ""
    title: str = ""
    area: str = ""
    unit: str = ""
    proposer: Actor = CENTER
    firms: list[Firm] = field(default_factory=list)
    payee: str = CENTER_NAME
    payee_tax_code: str = ""
    cost: int = 0
    requested: dict[FundingSource, int] = field(default_factory=dict)
    co_financing: int = 0  # the establishment's own money declared at proposal
    co_financing_evidenced_percent: int = 100  # of it, what the invoices at acceptance show
    approved: dict[FundingSource, int] = field(default_factory=dict)
    adjusted: dict[FundingSource, int] | None = None
    shortfall: bool = False  # delivers less than planned
    refund: int = 0  # paid but not settled: the beneficiary pays it back
    variant: int = 0  # which path a rejection or a withdrawal takes
    suspend: bool = False
    duplicate: bool = False
    interim: bool = False
    acts: list[Act] = field(default_factory=list)
    plan_item: PlanItemRef | None = None  # the annual-plan item it carries out (2022–2025)

    @property
    def id(self) -> UUID:
        return project_id(PROGRAM, self.code)

    @property
    def support(self) -> dict[FundingSource, int]:
        """The approved support after any adjustment: what payments are planned against."""
        return self.adjusted if self.adjusted is not None else self.approved

    def first(self, what: str) -> Act | None:
        return next((act for act in self.acts if act.what == what), None)


@dataclass
class History:
    """Everything the demo will record, planned before the first command."""

    seed: int
    projects: list[ProjectPlan]
    registrations: list[Entry]  # each establishment, the day its first project is proposed
    budget: list[Entry]  # estimates, allocations and adjustments, in date order
    resolved_years: tuple[int, ...]  # statement discrepancies put right before the close
    annual_plans: list[Entry] = field(default_factory=list)  # submitted, compiled, approved
