"""What happens to a yearly report: it is received once and kept as the sender stated it."""

from __future__ import annotations

from domain.events import LedgerEvent
from domain.types import ContentAmount, Output


class YearlyReport:
    class Recorded(LedgerEvent):
        """A department's yearly report on the program received by Sở Công Thương (Điều 2.3 of
        Decision 1811), with the figures it states; effective on the report's date."""

        TOPIC = "khuyencong:YearlyReport.Recorded"
        program_code: str
        number: str
        sender: str
        year: int
        outputs: tuple[Output, ...]
        amounts: tuple[ContentAmount, ...]
        note: str
