"""Hostile waiting and a locked read model: anonymous callers asking for positions the read model
may never reach (or reaches only later) cannot starve the server, and nothing on its event loop
waits on a lock. /healthz and /readyz keep answering within the bound, an auditor is answered
promptly, and no answer is INTERNAL or a 5xx."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest

from tests.conftest import _empty_postgres
from tests.faults.load import REGISTER, Answer, graphql, outcome, post, token
from tests.faults.processes import Server, environment, readiness, serving, status

pytestmark = pytest.mark.postgres
HEALTH_BOUND_S = 1.0  # generous: /healthz answers in milliseconds; a blocked loop takes seconds
PROMPT_S = 3.0  # an auditor's query beside them: the old wait held the pool for 5 s and more
ASKERS = 12
ARRIVES_AFTER_S = 0.2  # well within the anonymous cap (1 s)
HUGE = 2_147_483_647
WAITING = json.dumps({"query": '{ budget(programCode: "BD-KC-2025") { position } }'}).encode()
T = TypeVar("T")
PUBLIC = json.dumps({"query": "{ programs { code } }"}).encode()


@pytest.fixture
def server(postgres_url: str, tmp_path: Path) -> Iterator[Server]:
    _empty_postgres(postgres_url)
    with serving(tmp_path, environment(postgres_url)) as server:
        yield server


def _timed(ask: Callable[[], T]) -> tuple[T, float]:
    started = time.monotonic()
    answer = ask()
    return answer, time.monotonic() - started


def test_anonymous_waits_beyond_the_head_and_for_a_position_that_arrives_starve_nothing(
    server: Server, postgres_url: str, figure
):
    with psycopg.connect(postgres_url) as holder:
        # Reads go on; the projector, which takes its position FOR UPDATE, waits: the next
        # write is in the events but not yet in the read model.
        holder.execute("LOCK TABLE rm_tracking IN EXCLUSIVE MODE")
        writing = threading.Thread(target=_register, args=(server.base,), daemon=True)
        writing.start()
        awaited = _head_beyond_the_read_model(server.base)
        answers: list[Answer] = []

        def anonymous(position: int) -> None:
            answers.append(post(server.base, WAITING, {"X-Min-Position": str(position)}))

        askers = [
            threading.Thread(target=anonymous, args=(HUGE if n % 2 else awaited,))
            for n in range(2 * ASKERS)
        ]
        for asker in askers:
            asker.start()
        health = [_timed(lambda p=p: status(server.base + p, 10)) for p in ("/healthz", "/readyz")]
        time.sleep(ARRIVES_AFTER_S)
        holder.rollback()  # the awaited position arrives while they wait
    audit, audit_s = _timed(
        lambda: graphql(server.base, "{ ledgerHead { position } }", token=token("auditor"))
    )
    for asker in askers:
        asker.join()
    writing.join(timeout=30)

    outcomes = sorted(outcome(answer) for answer in answers)
    figure("starvation: the waiting callers' answers", str(Counter(outcomes)))
    figure("starvation: /healthz, /readyz (s)", ", ".join(f"{took:.3f}" for _, took in health))
    figure("starvation: an auditor's query (s)", f"{audit_s:.3f}")
    assert len(outcomes) == 2 * ASKERS
    assert outcomes.count("INVALID_QUERY") == ASKERS  # beyond the head: refused at once
    assert outcomes.count("ok") == ASKERS  # within it: answered once the position arrived
    assert all(code is not None for code, _ in health)
    assert all(took < HEALTH_BOUND_S for _, took in health), health
    assert outcome(audit) == "ok"
    assert audit_s < PROMPT_S


def _register(base: str) -> None:
    """One write; its answer waits for the read model, which the test holds back."""
    graphql(base, REGISTER, {"tax": "3799000001", "key": None}, token("center"))


def _head_beyond_the_read_model(base: str, limit_s: float = 30) -> int:
    deadline = time.monotonic() + limit_s
    while True:
        ready = readiness(base)
        if ready.get("position", 0) > ready.get("readModelPosition", 0):
            return int(ready["position"])
        assert time.monotonic() < deadline, ready
        time.sleep(0.01)


def test_healthz_stays_fast_while_the_read_models_tables_are_locked(
    server: Server, postgres_url: str, figure
):
    tables = ("rm_tracking", "rm_establishments", "rm_journal")
    with psycopg.connect(postgres_url) as locker:
        locker.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        # An anonymous dashboard query reads the read model's position: it waits on the lock.
        blocked = threading.Thread(target=post, args=(server.base, PUBLIC), daemon=True)
        blocked.start()
        time.sleep(0.5)
        health = [_timed(lambda: status(server.base + "/healthz", 10)) for _ in range(5)]
        locker.rollback()
    blocked.join(timeout=30)
    figure("locked tables: /healthz (s)", ", ".join(f"{took:.3f}" for _, took in health))
    assert [code for code, _ in health] == [200] * 5
    assert all(took < HEALTH_BOUND_S for _, took in health), health
