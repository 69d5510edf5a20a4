"""What users ask of a defined program. Names are imperative; events are past tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ReviseTarget:
    program_code: str
    indicator_code: str
    target: int
    decision_no: str
    decision_date: date


@dataclass(frozen=True, kw_only=True)
class AddSupportRule:
    program_code: str
    rule: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class RecordYearClosed:
    program_code: str
    year: int
    decision_no: str
    decision_date: date
    forced: bool  # the close needed force: statement lines unmatched, or recorded late
    reason: str
    unmatched_lines: int
    carried_projects: int
    cancelled_projects: int
    cancelled_vnd: int
