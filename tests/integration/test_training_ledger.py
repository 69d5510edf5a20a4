"""A training ledger on both backends: the demo written up to a day, then the ledger's own clock
running on from that day (or a later one), never backwards; a ledger of real entries keeps
today's clock and refuses a training date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.application import utc_now
from domain.budget.commands import AllocateBudget
from domain.errors import NotATrainingLedger, TrainingDateBeforeLedger
from domain.fiscal import local_date
from domain.types import FundingSource
from scripts.bootstrap import bootstrap, load_programs
from scripts.demo import demo_clock, load_demo
from scripts.settings import Settings
from tests.support import FINANCE, PROGRAM

UNTIL = date(2021, 12, 31)  # a short history: the program, its accounts, the first estimates
LATER = date(2022, 3, 1)


def _settings(database_url: str) -> Settings:
    return Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": database_url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )


def _write_demo(settings: Settings, until: date) -> None:
    with bootstrap(settings, clock=demo_clock()) as services:
        summary = load_demo(services.ledger, services.read_model, seed=1, until=until)
        marks = services.read_model.journal(types=("Installation.MarkedAsTraining",)).items
    assert summary.last_day == until
    (mark,) = marks
    assert mark.effective_on == until.isoformat()
    assert mark.summary.startswith(
        f"Sổ huấn luyện: dữ liệu mẫu (seed 1) ghi đến ngày {until:%d/%m/%Y}, "
        "không phải số liệu thật"
    )


def _recorded(settings: Settings) -> list[tuple[str, str, int, bytes]]:
    with bootstrap(settings) as services:
        notifications = services.ledger.recorder.select_notifications(start=1, limit=10_000)
    return [(n.topic, str(n.originator_id), n.originator_version, n.state) for n in notifications]


def test_a_demo_until_a_day_is_served_on_from_that_day_never_backwards(database_url: str):
    settings = _settings(database_url)
    _write_demo(settings, UNTIL)
    with bootstrap(settings) as services:
        ledger = services.ledger
        installation = ledger.installation()
        assert installation is not None
        assert (installation.training, installation.history_until) == (True, UNTIL)
        recorded_at = ledger.last_recorded_at()
        assert recorded_at is not None
        assert local_date(recorded_at) == UNTIL  # nothing recorded after the day
        assert local_date(ledger.clock()) == UNTIL
        assert ledger.clock() >= recorded_at
    with (
        pytest.raises(TrainingDateBeforeLedger),
        bootstrap(settings, training_date=date(2021, 12, 30)),
    ):
        pass
    with bootstrap(settings, training_date=LATER) as services:
        assert local_date(services.ledger.clock()) == LATER
        services.ledger.allocate_budget(
            AllocateBudget(
                program_code=PROGRAM,
                year=2022,
                source=FundingSource.PROVINCIAL,
                amount_vnd=100_000_000,
                decision_no="12/QĐ-UBND",
                decision_date=LATER,
            ),
            FINANCE,
        )
    with bootstrap(settings) as services:  # restarted without a date: on from its last entry
        assert local_date(services.ledger.clock()) == LATER
    with pytest.raises(TrainingDateBeforeLedger), bootstrap(settings, training_date=UNTIL):
        pass


def test_a_ledger_of_real_entries_keeps_todays_clock_and_refuses_a_training_date(
    database_url: str,
):
    settings = _settings(database_url)
    with bootstrap(settings) as services:
        load_programs(services.ledger, settings)
        assert services.ledger.installation() is None
        assert services.ledger.clock is utc_now
    with pytest.raises(NotATrainingLedger), bootstrap(settings, training_date=LATER):
        pass


def test_the_history_up_to_a_day_is_the_same_for_the_seed_and_a_prefix_of_a_longer_one(
    tmp_path: Path,
):
    runs = {}
    for name, until in (("a", UNTIL), ("b", UNTIL), ("longer", date(2022, 1, 31))):
        settings = _settings(f"sqlite:///{tmp_path / name}.db")
        _write_demo(settings, until)
        runs[name] = _recorded(settings)
    assert runs["a"] == runs["b"]
    history = runs["a"][:-1]  # the mark as a training ledger comes last
    assert runs["a"][-1][0] == "khuyencong:Installation.MarkedAsTraining"
    assert runs["longer"][: len(history)] == history
    assert len(runs["longer"]) > len(runs["a"])
