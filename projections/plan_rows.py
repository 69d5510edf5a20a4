"""Typed rows of the annual-plan queries. Money is ``int`` đồng."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanDocument:
    """One act on a plan, with the document behind it."""

    act: str  # SUBMITTED, REVISED, COMPILED or APPROVED
    document_no: str
    document_date: date
    position: int


@dataclass(frozen=True)
class PlanMoneyView:
    source: str
    holder_code: str
    amount_vnd: int


@dataclass(frozen=True)
class Quantity:
    indicator_code: str
    quantity: int


@dataclass(frozen=True)
class PlanItemView:
    item_no: int
    content_code: str
    unit_code: str
    planned_projects: int
    outputs: tuple[Quantity, ...]
    money: tuple[PlanMoneyView, ...]
    planned_vnd: int
    provincial_vnd: int
    approved_vnd: int  # provincial money the approval allocated to the item
    projects: int  # projects proposed naming the item
    project_codes: tuple[str, ...]  # their codes, in the order proposed


@dataclass(frozen=True)
class PlanView:
    program_code: str
    year: int
    unit_code: str
    status: str  # the last act that touched the plan: SUBMITTED, REVISED, COMPILED, APPROVED
    documents: tuple[PlanDocument, ...]
    items: tuple[PlanItemView, ...]


@dataclass(frozen=True)
class OutputVersusPlan:
    indicator_code: str
    planned: int
    achieved: int


@dataclass(frozen=True)
class PlanVersusActual:
    """Plan against what happened, per year, unit and content item: the items planned there
    (in any plan of the year), and the projects that name those items."""

    year: int
    unit_code: str
    content_code: str
    planned_projects: int
    planned_vnd: int
    planned_provincial_vnd: int
    approved_vnd: int
    projects: int
    outputs: tuple[OutputVersusPlan, ...]
    committed_vnd: int
    paid_vnd: int
