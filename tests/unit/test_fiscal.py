"""The Vietnamese fiscal calendar, in Asia/Ho_Chi_Minh time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import FiscalDateViolation, InvalidDate
from domain.fiscal import adjustment_window_end, check_date, check_spending_date, local_date


def test_the_fiscal_day_is_the_day_in_vietnam_not_in_utc():
    # 17:30 UTC on 31 December is already 1 January in Hồ Chí Minh City (UTC+7).
    assert local_date(datetime(2024, 12, 31, 17, 30, tzinfo=UTC)) == date(2025, 1, 1)
    assert local_date(datetime(2024, 12, 31, 16, 59, tzinfo=UTC)) == date(2024, 12, 31)


def test_naive_moments_are_a_programming_error():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2024, 1, 1))


def test_the_adjustment_window_ends_on_31_january_of_the_next_year():
    assert adjustment_window_end(2024) == date(2025, 1, 31)


def test_spending_of_a_year_is_recorded_until_the_window_closes():
    check_spending_date(date(2024, 12, 31), 2024, today=date(2025, 1, 31), field="valueDate")
    with pytest.raises(FiscalDateViolation):
        check_spending_date(date(2024, 12, 31), 2024, today=date(2025, 2, 1), field="valueDate")
    with pytest.raises(FiscalDateViolation):
        check_spending_date(date(2025, 1, 1), 2024, today=date(2025, 1, 2), field="valueDate")


@pytest.mark.parametrize("value", ["2024-01-01", datetime(2024, 1, 1), None, 20240101])
def test_only_real_dates_are_dates(value):
    with pytest.raises(InvalidDate):
        check_date(value, "valueDate", today=date(2024, 6, 1))


def test_a_fact_cannot_be_dated_after_the_day_it_is_recorded():
    with pytest.raises(InvalidDate, match="after today"):
        check_date(date(2024, 6, 2), "valueDate", today=date(2024, 6, 1))
