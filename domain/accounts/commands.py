"""What users ask of Treasury accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.types import FundingSource


@dataclass(frozen=True, kw_only=True)
class RegisterAccount:
    program_code: str
    number: str  # e.g. 9523.1.1068413
    holder_code: str
    source: FundingSource
    name: str
    opened_on: date  # the holder must be valid that day
