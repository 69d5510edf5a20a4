"""A training ledger's clock: where `serve` starts it, and that it never runs backwards."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from domain.errors import (
    AlreadyTrainingLedger,
    InvalidDate,
    NotATrainingLedger,
    TrainingDateBeforeLedger,
)
from domain.fiscal import VIETNAM_TZ, local_date
from domain.installation.commands import MarkTrainingLedger
from domain.installation.decisions import mark_training_ledger, training_clock_start
from domain.installation.state import InstallationState, evolve
from scripts.clock import RunningClock
from tests.support import LOADER
from tests.unit.decide import decision, given

HISTORY_UNTIL = date(2024, 6, 15)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)


def _training(until: date = HISTORY_UNTIL) -> InstallationState:
    cmd = MarkTrainingLedger(seed=1, history_until=until)
    return given(mark_training_ledger(None, cmd, decision(until, LOADER)), evolve)


def test_a_ledger_of_real_entries_follows_today_and_refuses_a_training_date():
    assert training_clock_start(None, _at(HISTORY_UNTIL, 10), None) is None
    with pytest.raises(NotATrainingLedger) as refused:
        training_clock_start(None, _at(HISTORY_UNTIL, 10), date(2024, 7, 1))
    assert refused.value.code == "NOT_A_TRAINING_LEDGER"
    assert refused.value.field == "trainingDate"


def test_a_training_ledger_starts_on_the_day_its_history_stops_in_office_hours():
    start = training_clock_start(_training(), _at(HISTORY_UNTIL, 10), None)
    assert start == _at(HISTORY_UNTIL, 10)


def test_a_training_ledger_goes_on_from_its_last_entry_never_before_it():
    # Entries were recorded on the 15th until 16:30, then on the 17th after midnight.
    assert training_clock_start(_training(), _at(HISTORY_UNTIL, 16, 30), None) == _at(
        HISTORY_UNTIL, 16, 30
    )
    later = HISTORY_UNTIL + timedelta(days=2)
    assert training_clock_start(_training(), _at(later, 0, 5), None) == _at(later, 10)


def test_a_later_training_date_starts_that_day_and_the_same_day_is_allowed():
    later = date(2024, 9, 30)
    assert training_clock_start(_training(), _at(HISTORY_UNTIL, 10), later) == _at(later, 10)
    assert training_clock_start(_training(), _at(HISTORY_UNTIL, 15), HISTORY_UNTIL) == _at(
        HISTORY_UNTIL, 15
    )


def test_a_training_date_before_the_last_recorded_day_is_refused():
    last = _at(date(2024, 9, 30), 11)
    with pytest.raises(TrainingDateBeforeLedger) as refused:
        training_clock_start(_training(), last, date(2024, 9, 29))
    assert refused.value.code == "TRAINING_DATE_BEFORE_LEDGER"
    assert "2024-09-30" in refused.value.message


def test_the_running_clock_moves_on_with_the_time_elapsed_and_passes_midnight():
    elapsed_s = [100.0]
    clock = RunningClock(_at(HISTORY_UNTIL, 10), elapsed_s=lambda: elapsed_s[0])
    assert clock() == _at(HISTORY_UNTIL, 10)
    elapsed_s[0] += 90
    assert clock() == _at(HISTORY_UNTIL, 10, 1) + timedelta(seconds=30)
    elapsed_s[0] += 14 * 3600
    assert clock.today == HISTORY_UNTIL + timedelta(days=1)
    assert local_date(clock()) == clock.today


def test_a_ledger_is_marked_for_training_once_with_a_day_not_after_its_own():
    state = _training()
    assert (state.training, state.seed, state.history_until) == (True, 1, HISTORY_UNTIL)
    again = MarkTrainingLedger(seed=2, history_until=HISTORY_UNTIL)
    with pytest.raises(AlreadyTrainingLedger):
        mark_training_ledger(state, again, decision(HISTORY_UNTIL, LOADER))
    early = MarkTrainingLedger(seed=1, history_until=HISTORY_UNTIL)
    with pytest.raises(InvalidDate):
        mark_training_ledger(None, early, decision(HISTORY_UNTIL - timedelta(days=1), LOADER))
