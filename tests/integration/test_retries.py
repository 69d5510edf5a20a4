"""A writer that keeps losing the optimistic-concurrency race gives up, and says so."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.persistence import IntegrityError

from domain.application import WRITE_ATTEMPTS_MAX
from domain.budget.commands import AllocateBudget
from domain.errors import ConcurrencyConflict
from domain.types import FundingSource
from tests.support import FINANCE, PROGRAM


def test_a_command_that_always_loses_the_race_is_reported_after_bounded_retries(scenario):
    ledger = scenario.ledger
    real_save = ledger.save
    attempts = []

    # A real race cannot be lost on purpose ten times in a row (test_concurrency loses real
    # ones); here every save fails the way it does when another writer took the version first.
    def losing_save(*objs, **kwargs):
        attempts.append(1)
        raise IntegrityError("duplicate key value violates unique constraint")

    ledger.save = losing_save
    try:
        with pytest.raises(ConcurrencyConflict) as refused:
            ledger.allocate_budget(
                AllocateBudget(
                    program_code=PROGRAM,
                    year=2024,
                    source=FundingSource.PROVINCIAL,
                    amount_vnd=5,
                    decision_no="1/QĐ",
                    decision_date=date(2024, 1, 5),
                ),
                FINANCE,
            )
    finally:
        ledger.save = real_save
    assert len(attempts) == WRITE_ATTEMPTS_MAX
    assert refused.value.code == "CONCURRENCY_CONFLICT"
    assert ledger.head_position() == 1
