"""Waiting for a position: bounded per caller, on the event loop, refused beyond the head."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from api.waits import ANONYMOUS_WAIT_S, READ_YOUR_WRITES_WAIT_S, Positions
from domain.errors import InvalidQuery, ReadModelBehind


class _Events:
    def max_notification_id(self) -> int:
        return 10


class _ReadModel:
    """A read model stuck at 3 of a ledger at 10; counts its readings."""

    events = _Events()

    def __init__(self) -> None:
        self.readings = 0

    def position(self) -> int:
        self.readings += 1
        time.sleep(0.005)
        return 3


def _positions() -> tuple[Positions, _ReadModel]:
    model = _ReadModel()
    return Positions(model), model  # type: ignore[arg-type]


def test_the_anonymous_cap_is_well_below_the_signed_in_one():
    assert ANONYMOUS_WAIT_S <= 1.0 < READ_YOUR_WRITES_WAIT_S


def test_a_position_beyond_the_head_is_refused_at_once():
    positions, _ = _positions()
    started = time.monotonic()
    with pytest.raises(InvalidQuery) as refused:
        asyncio.run(positions.wait_for(11, 5.0, "X-Min-Position"))
    assert refused.value.field == "X-Min-Position"
    assert time.monotonic() - started < 1


def test_waiters_share_readings_and_give_up_at_their_cap():
    positions, model = _positions()

    async def many() -> list[Any]:
        waits = [positions.wait_for(10, 0.3) for _ in range(50)]
        return await asyncio.gather(*waits, return_exceptions=True)

    started = time.monotonic()
    outcomes = asyncio.run(many())
    assert all(isinstance(o, ReadModelBehind) for o in outcomes)
    assert time.monotonic() - started < 3  # each gave up at its cap, not one after another
    # Fifty waiters polling for 0.3 s every 20 ms would be hundreds of readings on their own.
    assert model.readings < 50
