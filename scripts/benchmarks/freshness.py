"""Measurement 6: how soon a command's effect can be read. Commands are sent at a steady rate
(200 a second, open loop: each at its own time whatever the others took), and a watcher reads
the read model's position every millisecond; a command's freshness is the time from its
receipt (what the mutation answers, with the position) to the first read that shows that
position. The projector runs in-process, as ``khuyencong serve`` runs it by default.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque

from domain.ledger import Ledger
from projections.queries import ReadModel
from scripts.benchmarks.fixtures import CENTER, contracted_project, payment
from scripts.benchmarks.report import Row, ceiling_row, percentile

RATE_PER_S = 200
WATCH_EVERY_S = 0.001
GOAL_P99_MS = 20.0
GIVE_UP_S = 30.0


def measure_freshness(ledger: Ledger, model: ReadModel, backend: str, count: int) -> list[Row]:
    print(f"{backend}: freshness, {count:,} commands at {RATE_PER_S}/s …", file=sys.stderr)
    project = contracted_project(ledger, "FRESH")
    waiting: deque[tuple[int, float]] = deque()  # (position, answered at), in position order
    lags_ms: list[float] = []
    lock = threading.Lock()
    sent_all = threading.Event()

    def watch() -> None:
        give_up: float | None = None
        while True:
            seen = model.position()
            now = time.perf_counter()
            with lock:
                while waiting and waiting[0][0] <= seen:
                    lags_ms.append((now - waiting.popleft()[1]) * 1000)
                done = sent_all.is_set() and not waiting
            if done:
                return
            if sent_all.is_set():
                give_up = give_up or now + GIVE_UP_S
                if now > give_up:  # a projector that stopped must not hang the bench
                    return
            time.sleep(WATCH_EVERY_S)

    watcher = threading.Thread(target=watch, name="freshness-watcher")
    watcher.start()
    started = time.perf_counter()
    late = 0
    try:
        for n in range(count):
            due = started + n / RATE_PER_S
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            else:
                late += 1
            receipt = ledger.record_payment(payment(project, f"UNC-FRESH-{n}"), CENTER)
            answered = time.perf_counter()
            assert receipt.position is not None
            with lock:
                waiting.append((receipt.position, answered))
        achieved = count / (time.perf_counter() - started)
    finally:
        sent_all.set()
        watcher.join()
    if waiting:
        raise RuntimeError(
            f"{len(waiting)} commands were still not visible {GIVE_UP_S:g} s after the last one"
        )
    return [
        ceiling_row(
            backend,
            f"freshness p99 at {RATE_PER_S} cmd/s",
            "ms",
            percentile(lags_ms, 0.99),
            GOAL_P99_MS,
            detail=(
                f"p50 {percentile(lags_ms, 0.5):.1f} ms, max {max(lags_ms):.1f} ms; "
                f"{count:,} commands at {achieved:.0f}/s achieved ({late} sent late)"
            ),
        )
    ]
