"""What users ask of a budget line. Names are imperative; the events they lead to are past tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.types import FundingSource


@dataclass(frozen=True, kw_only=True)
class ProposeEstimate:
    program_code: str
    year: int
    source: FundingSource
    amount_vnd: int
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class AdjustEstimate:
    program_code: str
    year: int
    source: FundingSource
    delta_vnd: int
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class CancelEstimate:
    program_code: str
    year: int
    source: FundingSource
    reason: str
    document_no: str
    document_date: date


@dataclass(frozen=True, kw_only=True)
class AllocateBudget:
    program_code: str
    year: int
    source: FundingSource
    amount_vnd: int
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class AdjustBudget:
    program_code: str
    year: int
    source: FundingSource
    delta_vnd: int
    reason: str
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class CancelBudget:
    program_code: str
    year: int
    source: FundingSource
    amount_vnd: int
    reason: str
    decision_no: str
    decision_date: date
