"""What users ask of an annual plan. Names are imperative; the events are past tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.plans.items import PlanAllocation, PlanItem


@dataclass(frozen=True, kw_only=True)
class SubmitPlan:
    program_code: str
    year: int
    unit_code: str  # a district's, or the province's (74) for the Center's own items
    items: tuple[PlanItem, ...]
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class RevisePlan:
    program_code: str
    year: int
    unit_code: str
    items: tuple[PlanItem, ...]
    reason: str
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class CompilePlan:
    """The Center compiles every district plan submitted for the year with its own."""

    program_code: str
    year: int
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class ApprovePlan:
    program_code: str
    year: int
    allocations: tuple[PlanAllocation, ...]
    document_no: str
    document_date: date
