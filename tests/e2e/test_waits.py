"""An anonymous wait for a position is capped. The real-server cases (positions beyond the
head from many anonymous callers, the read model's tables locked) are in
tests/faults/test_starvation.py."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
import pytest

from tests.e2e.api_client import serving

pytestmark = pytest.mark.postgres


def test_an_anonymous_wait_within_the_head_is_capped(scenario, database_url):
    """The read model cannot move (its tracking table is locked): an anonymous caller asking
    for the head gets READ_MODEL_BEHIND after its cap (1 s), not the signed-in 5 s."""
    if not database_url.startswith("postgresql"):
        pytest.skip("locks a PostgreSQL table")
    with serving(scenario.ledger, database_url) as api:
        head = api.head()
        with psycopg.connect(database_url) as locker:
            locker.execute("LOCK TABLE rm_tracking IN ACCESS EXCLUSIVE MODE")
            answers: list[Any] = []
            asking = threading.Thread(
                target=lambda: answers.append(
                    api.post(
                        '{ budget(programCode: "BD-KC-2025") { position } }',
                        headers={"X-Min-Position": str(head)},
                    ).json()
                ),
                daemon=True,
            )
            started = time.monotonic()
            asking.start()
            asking.join(timeout=5)
            took = time.monotonic() - started
            locker.rollback()
        asking.join(timeout=30)
    assert took < 3, took
    answer = answers[0]
    assert answer["errors"][0]["extensions"]["code"] == "READ_MODEL_BEHIND"
