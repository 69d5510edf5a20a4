"""The database blinks under load: every connection of the test's database terminated, then the
server of a cluster of the test's own stopped and started. Clients get success or UNAVAILABLE
(retryable), never INTERNAL or a 5xx; no acknowledged write is lost or doubled; /healthz keeps
answering fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.clusters import temporary_cluster
from tests.conftest import _empty_postgres
from tests.faults.accounting import account
from tests.faults.database import create_database, terminate_backends
from tests.faults.load import HealthProbe, Writers
from tests.faults.processes import environment, serving

pytestmark = pytest.mark.postgres
HEALTH_BOUND_S = 1.0  # generous: /healthz answers in milliseconds; a blocked loop takes seconds
BETWEEN = 20  # acknowledged writes between two faults
TERMINATIONS = 3
DOWN_S = 3.0  # how long the stopped server stays down
NEW_CLIENT_EVERY_S = 1.0  # while it is down


def test_every_connection_terminated_mid_load(postgres_url: str, tmp_path: Path, figure):
    _empty_postgres(postgres_url)
    env = environment(postgres_url)
    recoveries = []
    with serving(tmp_path, env) as server, Writers(server.base) as writers:
        with HealthProbe(server.base) as probe:
            for _ in range(TERMINATIONS):
                writers.wait_for_acknowledged(len(writers.acknowledged) + BETWEEN)
                assert terminate_backends(postgres_url) > 0
                recoveries.append(writers.first_success_after(time.monotonic()))
            writers.wait_for_acknowledged(len(writers.acknowledged) + BETWEEN)
        writers.stop()
        account(writers, postgres_url, tmp_path, env)

    figure("pg_terminate_backend → first write acknowledged (s)", _seconds(recoveries))
    figure("pg_terminate_backend: /healthz", probe.distribution())
    figure("pg_terminate_backend: answers", str(dict(writers.tally.counts)))
    assert writers.tally.bad() == {}, writers.unexpected[:3]
    assert max(probe.answered) < HEALTH_BOUND_S, probe.distribution()
    assert probe.other == {}


def test_the_database_stopped_and_started_mid_load(tmp_path: Path, figure):
    with temporary_cluster() as cluster:
        url = create_database(cluster.url, "ledger")
        env = environment(url)
        with serving(tmp_path, env) as server, Writers(server.base) as writers:
            with HealthProbe(server.base) as probe:
                writers.wait_for_acknowledged(BETWEEN)
                cluster.stop()
                down = time.monotonic()
                while time.monotonic() - down < DOWN_S:
                    writers.one_more()  # a new client arrives
                    time.sleep(NEW_CLIENT_EVERY_S)
                cluster.start()
                up = time.monotonic()
                after_down = writers.first_success_after(down)
                after_up = writers.first_success_after(up)
                writers.wait_for_acknowledged(len(writers.acknowledged) + BETWEEN)
            writers.stop()
            account(writers, url, tmp_path, env)

    during = writers.tally.sent_between(down, up)
    figure("database stopped: requests sent while down (s to answer, outcome)", _answers(during))
    figure(f"database stopped {DOWN_S:.0f} s → first write acknowledged (s)", f"{after_down:.2f}")
    figure("database started → first write acknowledged (s)", f"{after_up:.2f}")
    figure("database stopped and started: /healthz", probe.distribution())
    figure("database stopped and started: answers", str(dict(writers.tally.counts)))
    assert writers.tally.bad() == {}, writers.unexpected[:3]
    assert {what for _, what in during} <= {"ok", "UNAVAILABLE"}, during
    assert max(probe.answered) < HEALTH_BOUND_S, probe.distribution()
    assert probe.other == {}


def _answers(answers: list[tuple[float, str]]) -> str:
    return ", ".join(f"{took:.2f} {what}" for took, what in answers)


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)
