"""Recently used aggregate states, kept in memory so that a command replays only what is new.

Without it every command rebuilt its aggregate from the first event: a project with 800
payments cost 800 decodes per payment, and commands slowed as histories grew. States are
immutable values (frozen dataclasses built with ``replace``), so a cached state can be shared by
threads; the caller fast-forwards it with the events stored after its version, which also makes
the cache safe with several processes writing the same database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from uuid import UUID

STATES_MAX = 4_096  # a working set of projects, lines and programs; bounded to bound memory


class StateCache:
    def __init__(self, capacity: int = STATES_MAX) -> None:
        self.capacity = capacity
        self._states: OrderedDict[UUID, tuple[Callable[..., Any], Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, aggregate_id: UUID, evolve: Callable[..., Any]) -> Any:
        """The cached state of this aggregate, if it was folded with the same function."""
        with self._lock:
            entry = self._states.get(aggregate_id)
            if entry is None or entry[0] is not evolve:
                return None
            self._states.move_to_end(aggregate_id)
            return entry[1]

    def put(self, aggregate_id: UUID, evolve: Callable[..., Any], state: Any) -> None:
        """Keep ``state`` unless a newer one is already kept (threads race to put)."""
        with self._lock:
            entry = self._states.get(aggregate_id)
            if entry is not None and entry[0] is evolve and entry[1].version > state.version:
                return
            self._states[aggregate_id] = (evolve, state)
            self._states.move_to_end(aggregate_id)
            while len(self._states) > self.capacity:
                self._states.popitem(last=False)

    def __len__(self) -> int:
        return len(self._states)
