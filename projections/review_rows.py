"""Typed rows of the program review: reports received, inspections, and the review itself."""

from __future__ import annotations

from dataclasses import dataclass

from projections.figures import BudgetFigures
from projections.rows import TargetProgress


@dataclass(frozen=True)
class ReportView:
    """A yearly report as received: the figures are what its sender stated."""

    position: int
    number: str
    reported_on: str
    sender: str
    year: int
    note: str
    outputs: tuple[tuple[str, int], ...]  # indicator code, quantity
    amounts: tuple[tuple[str, int], ...]  # content code, đồng


@dataclass(frozen=True)
class FollowUpView:
    position: int
    done_on: str
    note: str
    actor_role: str


@dataclass(frozen=True)
class InspectionView:
    position: int
    id: str
    program_code: str
    number: str
    inspected_on: str
    body: str
    findings: str
    follow_up: str
    project_id: str | None
    project_code: str
    unit_code: str
    actor_role: str
    follow_ups: tuple[FollowUpView, ...]


@dataclass(frozen=True)
class ReviewIndicator:
    """An indicator in one year: the targets query's answer for the year, beside what the
    year's reports stated."""

    progress: TargetProgress
    reported: int


@dataclass(frozen=True)
class ReviewItem:
    """One content item in one year: its indicators and its money, the ledger's beside the
    reports'."""

    year: int
    content_code: str
    content_title: str
    indicators: tuple[ReviewIndicator, ...]
    figures: BudgetFigures
    reported_amount: int


@dataclass(frozen=True)
class ProgramReview:
    program_code: str
    position: int
    years: tuple[int, ...]
    items: tuple[ReviewItem, ...]
    reports: tuple[ReportView, ...]
