"""The settable "today" that the demo loader and the tests give the ledger.

The ledger judges every entry against its clock (the fiscal calendar: 31 December, the
adjustment window to 31 January), so whoever records a past day, or tests a rule on a given day,
sets the wall-clock time first.
"""

from __future__ import annotations

from datetime import date, datetime, time

from domain.fiscal import VIETNAM_TZ

OFFICE_HOURS = time(10, 0)  # entries are made during the working day, never near midnight


class SettableClock:
    """Asia/Ho_Chi_Minh wall-clock time, set to a day and a time of day."""

    def __init__(self, day: date, at: time = OFFICE_HOURS) -> None:
        self.moment = datetime.combine(day, at, tzinfo=VIETNAM_TZ)

    def set(self, day: date, at: time = OFFICE_HOURS) -> None:
        self.moment = datetime.combine(day, at, tzinfo=VIETNAM_TZ)

    @property
    def today(self) -> date:
        return self.moment.date()

    def __call__(self) -> datetime:
        return self.moment
