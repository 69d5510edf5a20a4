"""Marking a training ledger, and the rule of its clock: it never runs backwards."""

from __future__ import annotations

from datetime import date, datetime, time

from domain.errors import AlreadyTrainingLedger, NotATrainingLedger, TrainingDateBeforeLedger
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import VIETNAM_TZ, check_date, local_date
from domain.ids import installation_id
from domain.installation.commands import MarkTrainingLedger
from domain.installation.events import Installation
from domain.installation.state import InstallationState

TRAINING_DAY_STARTS_AT = time(10, 0)  # a training day starts in office hours, far from midnight


def mark_training_ledger(
    existing: InstallationState | None, cmd: MarkTrainingLedger, decision: Decision
) -> list[LedgerEvent]:
    until = check_date(cmd.history_until, "historyUntil", today=decision.today)
    if existing is not None and existing.training:
        raise AlreadyTrainingLedger(
            f"the ledger is a training ledger already (history until "
            f"{existing.history_until}); a demonstration history is written once",
            field="historyUntil",
        )
    version = existing.version if existing is not None else 0
    pending = Pending(installation_id(), version, decision)
    pending.add(
        Installation.MarkedAsTraining,
        effective_on=until,
        document_ref="",
        seed=cmd.seed,
        history_until=until,
    )
    return pending.events


def training_clock_start(
    installation: InstallationState | None,
    last_recorded_at: datetime | None,
    training_date: date | None,
) -> datetime | None:
    """Where a served ledger's clock starts: None for a real ledger (today's real time).

    A training ledger's clock starts on the day given, else on the last day the ledger recorded
    (its history's last day when nothing was recorded since), at the start of a training day
    or at the last recorded moment if that is later: it never runs backwards. A day given
    before that last day is refused, and so is a day given to a ledger that is not for
    training."""
    training = installation is not None and installation.training
    if not training:
        if training_date is not None:
            raise NotATrainingLedger(
                "this ledger records real entries and follows today's date; only a training "
                "ledger (written by `khuyencong demo`) runs on a training date",
                field="trainingDate",
            )
        return None
    assert installation is not None
    assert installation.history_until is not None
    last = last_recorded_at.astimezone(VIETNAM_TZ) if last_recorded_at is not None else None
    last_day = max(installation.history_until, local_date(last) if last else date.min)
    if training_date is not None and training_date < last_day:
        raise TrainingDateBeforeLedger(
            f"the ledger has recorded up to {last_day.isoformat()}: a ledger's clock never "
            f"runs backwards, so {training_date.isoformat()} cannot be its day; give "
            f"{last_day.isoformat()} or later",
            field="trainingDate",
        )
    start = datetime.combine(training_date or last_day, TRAINING_DAY_STARTS_AT, VIETNAM_TZ)
    return max(start, last) if last is not None else start
