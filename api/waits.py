"""Waiting for a position (X-Min-Position, ``minPosition``, a mutation's read-your-writes) on
the event loop, never in a worker thread.

A waiter sleeps on the event loop between readings of the read model's position. Each reading
is a short read in a worker thread, and one reading is shared by everyone who asks while it is
in flight: however many requests wait, the positions take at most one worker thread (and the
ledger's head one more), so waiters cannot starve the pool the other requests and ``/readyz``
read with, and the event loop itself never touches the database.

A position beyond the ledger's head is refused at once (``INVALID_QUERY``): no write of anyone
has made it, so waiting cannot help. A position within the head is waited for at most
``ANONYMOUS_WAIT_S`` for an anonymous caller and ``READ_YOUR_WRITES_WAIT_S`` for a signed-in
one, then answered ``READ_MODEL_BEHIND``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from domain.errors import InvalidQuery, ReadModelBehind
from projections.queries import ReadModel

# How long a signed-in caller's answer waits for the read model to show its own writes: a
# fresh read (``Context.fresh``) and a mutation's result alike. The write stands either way.
READ_YOUR_WRITES_WAIT_S = 5.0
# How long an anonymous caller's X-Min-Position / minPosition is waited for: an anonymous
# caller has no writes of its own to wait for, so it gets a short bound.
ANONYMOUS_WAIT_S = 1.0
# How often a waiter looks at the read model's position again.
WAIT_POLL_S = 0.02


class Positions:
    """The read model's position and the ledger's head, read off the event loop; one reading
    of each in flight at a time, shared by every caller that asks meanwhile."""

    def __init__(self, read_model: ReadModel) -> None:
        self.read_model = read_model
        self._in_flight: dict[str, asyncio.Future[int]] = {}

    async def position(self) -> int:
        """The read model's position."""
        return await self._shared("position", self.read_model.position)

    async def head(self) -> int:
        """The ledger's head: the position of the newest stored event."""
        return await self._shared("head", self._head)

    def _head(self) -> int:
        return int(self.read_model.events.max_notification_id() or 0)

    async def _shared(self, name: str, read: Callable[[], int]) -> int:
        loop = asyncio.get_running_loop()
        reading = self._in_flight.get(name)
        if reading is None or reading.get_loop() is not loop:
            reading = asyncio.ensure_future(asyncio.to_thread(read))
            self._in_flight[name] = reading
            reading.add_done_callback(lambda done: self._forget(name, done))
        # A caller that gives up (cancelled, timed out) does not cancel the others' reading.
        return await asyncio.shield(reading)

    def _forget(self, name: str, done: asyncio.Future[int]) -> None:
        if self._in_flight.get(name) is done:
            del self._in_flight[name]
        if not done.cancelled():
            done.exception()  # retrieved: a failure is raised to the callers, not logged

    async def wait_for(self, position: int, timeout_s: float, field: str = "minPosition") -> int:
        """Wait, bounded by ``timeout_s``, until the read model has applied ``position``;
        refuse one beyond the ledger's head at once. ``field`` names where the position came
        from, for the error."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        reached = await _within(self.position(), deadline, position)
        if reached >= position:
            return reached
        head = await _within(self.head(), deadline, position)
        if position > head:
            raise InvalidQuery(
                f"position {position} is beyond the ledger's head ({head}): no write has made it",
                field=field,
            )
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise _behind(reached, position)
            await asyncio.sleep(min(WAIT_POLL_S, remaining))
            reached = await _within(self.position(), deadline, position)
            if reached >= position:
                return reached


async def _within(reading: object, deadline: float, position: int) -> int:
    """A reading, given up (READ_MODEL_BEHIND) when the deadline passes first."""
    remaining = max(deadline - asyncio.get_running_loop().time(), 0.001)
    try:
        return await asyncio.wait_for(reading, remaining)  # type: ignore[arg-type]
    except TimeoutError:
        raise ReadModelBehind(
            f"the read model's position could not be read in time, not yet at {position}",
            field="minPosition",
        ) from None


def _behind(reached: int, position: int) -> ReadModelBehind:
    return ReadModelBehind(
        f"the read model is at {reached}, not yet at {position}", field="minPosition"
    )
