"""The Vietnamese fiscal calendar, in Asia/Ho_Chi_Minh time.

The fiscal year is the calendar year. Spending of year Y happens by 31 December of Y; until
31 January of Y+1 (the adjustment window, thời gian chỉnh lý quyết toán) entries can still be
recorded against year Y.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.errors import FiscalDateViolation, InvalidDate

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_FISCAL_YEAR = 2000
LAST_FISCAL_YEAR = 2100


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("moments must be timezone-aware")
    return moment.astimezone(VIETNAM_TZ).date()


def year_end(year: int) -> date:
    return date(year, 12, 31)


def adjustment_window_end(year: int) -> date:
    """The last day on which entries may still be charged to ``year``."""
    return date(year + 1, 1, 31)


def past_adjustment_window(year: int, today: date) -> bool:
    """Whether ``today`` is after the last day on which entries may be charged to ``year``."""
    return today > adjustment_window_end(year)


def check_year(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidDate("must be a year", field=field)
    if not FIRST_FISCAL_YEAR <= value <= LAST_FISCAL_YEAR:
        raise InvalidDate(
            f"must be between {FIRST_FISCAL_YEAR} and {LAST_FISCAL_YEAR}", field=field
        )
    return value


def check_date(value: object, field: str, *, today: date) -> date:
    """A real date that is not in the future (a fact cannot be dated after it is recorded)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidDate("must be a date", field=field)
    if value > today:
        raise InvalidDate(f"{value.isoformat()} is after today ({today.isoformat()})", field=field)
    if value.year < FIRST_FISCAL_YEAR:
        raise InvalidDate(f"{value.isoformat()} is before {FIRST_FISCAL_YEAR}", field=field)
    return value


def check_spending_date(value_date: date, budget_year: int, *, today: date, field: str) -> None:
    """Money of ``budget_year`` moves within that year and is recorded by 31 January after."""
    if value_date.year != budget_year:
        raise FiscalDateViolation(
            f"value date {value_date.isoformat()} is outside fiscal year {budget_year}",
            field=field,
        )
    if past_adjustment_window(budget_year, today):
        raise FiscalDateViolation(
            f"fiscal year {budget_year} closed for entries on "
            f"{adjustment_window_end(budget_year).isoformat()}",
            field=field,
        )
