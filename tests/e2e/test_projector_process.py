"""The projector as operators run it: a real process, killed, restarted, and stood by."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from projections.digest import check
from scripts.bootstrap import bootstrap, load_programs
from scripts.settings import Settings
from scripts.synthetic import generate

WAIT_LIMIT_S = 60


@pytest.fixture
def start_projector(database_url, tmp_path):
    """Starts `khuyencong projector` processes; kills any still running at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        env = {**os.environ, "KHUYENCONG_DATABASE_URL": database_url}
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts.cli", "projector", *args],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        assert process.stderr is not None
        process.stderr.close()


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def ledger_with_history(database_url):
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        load_programs(services.ledger, settings)
        generate(services.ledger, 10_000)
        yield services


def test_a_projector_killed_mid_batch_resumes_and_check_passes(
    ledger_with_history, start_projector
):
    ledger, store, model = (
        ledger_with_history.ledger,
        ledger_with_history.store,
        ledger_with_history.read_model,
    )
    head = ledger.head_position()
    process = start_projector("--batch-size", "300")
    _wait_until(lambda: model.position() > 0, "the first batch")
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = model.position()
    assert 0 < killed_at < head
    restarted = start_projector("--until-caught-up")
    assert restarted.wait(timeout=WAIT_LIMIT_S) == 0
    assert model.position() == head
    assert check(ledger, store).differing_tables == []


def test_a_second_projector_stands_by_and_takes_over(ledger_with_history, start_projector):
    ledger, store, model = (
        ledger_with_history.ledger,
        ledger_with_history.store,
        ledger_with_history.read_model,
    )
    first = start_projector()
    _wait_until(lambda: model.position() == ledger.head_position(), "the first projector")
    second = start_projector()
    assert second.stderr is not None
    line = second.stderr.readline() + second.stderr.readline()
    assert "standing by" in line
    first.send_signal(signal.SIGKILL)
    first.wait()
    generate(ledger, 500, seed=2)
    _wait_until(lambda: model.position() == ledger.head_position(), "the standby to take over")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=WAIT_LIMIT_S) == 0
    assert check(ledger, store).differing_tables == []
