"""What the demo history is about: Bình Dương's program, its years, the offices that record
its entries, its funding sources, and the working days those offices keep."""

from __future__ import annotations

from datetime import date, time, timedelta

from domain.types import Actor, FundingSource, Role

PROGRAM = "BD-KC-2025"
PROGRAM_DAY = date(2021, 7, 15)  # Decision 1811/QĐ-UBND
YEARS = (2021, 2022, 2023, 2024, 2025)
CLOSED_YEARS = (2021, 2022, 2023, 2024)  # 2025 is left open
LAST_DAY = date(2025, 12, 31)
WORK_TIME = time(10, 0)
CITY_UNIT = "79"  # Thành phố Hồ Chí Minh, from 1 July 2025
CENTER_UNIT = "718"  # Thủ Dầu Một, where the provincial Center works
# The Center as Decision 1811/QĐ-UBND names it (Phần II.3 and Điều 2.4.a).
CENTER_NAME = "Trung tâm Xúc tiến Đầu tư, Thương mại và Phát triển công nghiệp"

FINANCE = Actor("ketoan.khuyencong@sct.binhduong", Role.FINANCE)
DOIT = Actor("lanhdao@sct.binhduong", Role.DOIT)
CENTER = Actor("chuyenvien@ttxt.binhduong", Role.CENTER)  # Trung tâm Xúc tiến …
# The last day of the districts' own budgets; from 1 July 2025 the city (79) holds them.
DISTRICTS_END = date(2025, 6, 30)


def district_committee(unit: str) -> Actor:
    """A district's People's Committee: it allocates and pays its own district money
    (Decision 1811, Điều 2.4.b); the Center pays provincial money."""
    return Actor(f"ubnd.{unit}@binhduong", Role.DISTRICT, unit)


P = FundingSource.PROVINCIAL
D = FundingSource.DISTRICT
INTEGRATED = FundingSource.OTHER_PROGRAM


def workday(day: date) -> date:
    """Offices work Monday to Friday: a weekend date moves back to the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def next_workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
