"""The settable "today" that the demo loader and the tests give the ledger.

The ledger judges every entry against its clock (the fiscal calendar: 31 December, the
adjustment window to 31 January), so whoever records a past day, or tests a rule on a given day,
sets the wall-clock time first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from time import monotonic

from domain.fiscal import VIETNAM_TZ, local_date

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


class RunningClock:
    """Wall-clock time that starts at a given moment and runs on with the real time elapsed
    since: a training ledger's clock, so entries made one after another keep their order and
    a server left running passes midnight into the next day as a real one would."""

    def __init__(self, start: datetime, elapsed_s: Callable[[], float] = monotonic) -> None:
        self.start = start
        self._elapsed_s = elapsed_s
        self._started_s = elapsed_s()

    @property
    def today(self) -> date:
        return local_date(self())

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self._elapsed_s() - self._started_s)
