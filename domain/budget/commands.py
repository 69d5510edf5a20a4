"""What users ask of a budget line. Names are imperative; the events they lead to are past tense."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.claims import ADDED_LATER
from domain.types import FundingSource


@dataclass(frozen=True, kw_only=True)
class ProposeEstimate:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    amount_vnd: int
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class AdjustEstimate:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    delta_vnd: int
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class CancelEstimate:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    reason: str
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class AllocateBudget:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    amount_vnd: int
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class AdjustBudget:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    delta_vnd: int
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class CancelBudget:
    program_code: str
    year: int
    source: FundingSource
    # The unit whose budget the line is; None: the source's default holder on the document's
    # date (the region for provincial, national, other-program and other money).
    holder_code: str | None = field(default=None, metadata=ADDED_LATER)
    amount_vnd: int
    reason: str
    decision_no: str
    decision_date: date
