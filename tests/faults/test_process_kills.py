"""kill -9 of the API and of the projector mid-stream: the writes the clients saw acknowledged
are all stored once, the read model catches up to the events, and no answer was INTERNAL or 5xx."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import _empty_postgres
from tests.faults.accounting import account
from tests.faults.load import HealthProbe, Writers
from tests.faults.processes import Process, environment, readiness, serving

pytestmark = pytest.mark.postgres
HEALTH_BOUND_S = 1.0  # generous: /healthz answers in milliseconds; a blocked loop takes seconds
BEFORE_KILL = 30  # acknowledged writes before the kill: the stream is well under way


@pytest.fixture
def database(postgres_url: str) -> str:
    _empty_postgres(postgres_url)
    return postgres_url


def test_serve_killed_mid_stream_loses_and_doubles_nothing(database, tmp_path: Path, figure):
    env = environment(database)
    with serving(tmp_path, env) as server, Writers(server.base) as writers:
        with HealthProbe(server.base) as probe:
            writers.wait_for_acknowledged(BEFORE_KILL)
            server.kill()
            killed = time.monotonic()
            ready_s = server.start_ready()
            writers.first_success_after(killed)
            after = len(writers.acknowledged)
            writers.wait_for_acknowledged(after + BEFORE_KILL)
        writers.stop()
        recovered_s = writers.first_success_after(killed)
        account(writers, database, tmp_path, env)

    figure("kill -9 serve → /readyz 200 again (s)", f"{ready_s:.2f}")
    figure("kill -9 serve → first write acknowledged (s)", f"{recovered_s:.2f}")
    figure("kill -9 serve: /healthz", probe.distribution())
    figure("kill -9 serve: answers", str(dict(writers.tally.counts)))
    assert writers.tally.bad() == {}, writers.unexpected[:3]
    assert max(probe.answered) < HEALTH_BOUND_S, probe.distribution()
    assert probe.other == {}


def test_projector_killed_mid_stream_catches_up_with_the_events(database, tmp_path: Path, figure):
    env = environment(database, KHUYENCONG_EMBEDDED_PROJECTOR="false")
    projector = Process(["projector"], tmp_path, env, "projector.log")
    projector.start()
    try:
        with serving(tmp_path, env) as server, Writers(server.base) as writers:
            with HealthProbe(server.base) as probe:
                writers.wait_for_acknowledged(BEFORE_KILL)
                projector.kill()
                after = len(writers.acknowledged)
                writers.wait_for_acknowledged(after + 2)  # written while nothing projects
                projector.start()
                restarted = time.monotonic()
                caught_up_s = _caught_up_after(server.base, restarted)
                writers.wait_for_acknowledged(len(writers.acknowledged) + BEFORE_KILL)
            writers.stop()
            account(writers, database, tmp_path, env)
    finally:
        projector.stop()

    figure("kill -9 projector → restarted one caught up (s)", f"{caught_up_s:.2f}")
    figure("kill -9 projector: /healthz", probe.distribution())
    figure("kill -9 projector: answers", str(dict(writers.tally.counts)))
    assert writers.tally.bad() == {}, writers.unexpected[:3]
    assert max(probe.answered) < HEALTH_BOUND_S, probe.distribution()
    assert probe.other == {}


def _caught_up_after(base: str, moment: float, limit_s: float = 60) -> float:
    """Seconds from `moment` until /readyz says the read model reached the head it reported."""
    while True:
        ready = readiness(base)
        if ready.get("readModelPosition", -1) >= ready.get("position", 0):
            return time.monotonic() - moment
        assert time.monotonic() - moment < limit_s, ready
        time.sleep(0.02)
