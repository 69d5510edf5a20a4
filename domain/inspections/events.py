"""What happens to an inspection: it is recorded, then its follow-up may be recorded."""

from __future__ import annotations

from domain.events import LedgerEvent


class Inspection:
    class Recorded(LedgerEvent):
        """An inspection of a project (``project_id`` set) or of a budget holder
        (``project_id`` empty, ``unit_code`` the holder) by Sở Công Thương, with Sở Tài chính
        (Điều 2.1.d, 2.2.b; content IV.6.g); effective on the day inspected."""

        TOPIC = "khuyencong:Inspection.Recorded"
        program_code: str
        number: str
        body: str
        findings: str
        follow_up: str
        project_id: str  # "" for an inspection of a holder
        project_code: str
        unit_code: str  # the unit inspected: the budget holder's, or the project's unit

    class FollowUpRecorded(LedgerEvent):
        """What was done on the inspection's findings; effective on the day it was done."""

        TOPIC = "khuyencong:Inspection.FollowUpRecorded"
        program_code: str
        number: str
        note: str
        project_id: str  # as the inspection named them, so the follow-up reads on its own
        unit_code: str
