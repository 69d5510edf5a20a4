"""What Sở Công Thương asks of yearly reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.types import ContentAmount, Output


@dataclass(frozen=True, kw_only=True)
class RecordYearlyReport:
    """A report received (Điều 2.3): the figures are what the sender states, not the ledger's."""

    program_code: str
    number: str  # the report's number as the sender writes it, e.g. 125/BC-SNN
    reported_on: date  # the report's date
    sender: str  # e.g. Sở Nông nghiệp và Phát triển nông thôn
    year: int  # the year it reports on
    outputs: tuple[Output, ...] = ()  # quantities per indicator
    amounts: tuple[ContentAmount, ...] = ()  # money per content item, đồng
    note: str = ""
