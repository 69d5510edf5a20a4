"""The write side's application: loads state, runs a pure decision, saves its events at once.

It knows no capability: each one loads its own states (``domain/*/loading.py``) and adds its use
cases as a mixin; ``domain.ledger`` composes them into the ``Ledger`` application.

Every use case has one shape: load, decide, ``save(...)`` everything touched in one atomic
call. When another writer wins the optimistic-concurrency race (same aggregate version, or the
same uniqueness claim), the use case loads again and decides again, a bounded number of times.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Notification,
    Recording,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import Environment

from domain import claims
from domain.connections import draw_live_connections
from domain.errors import ConcurrencyConflict
from domain.event_positions import last_event_position
from domain.event_store import EventStore
from domain.events import Decision, LedgerEvent
from domain.group_commit import GroupCommit
from domain.state_cache import StateCache
from domain.transcodings import LedgerMapper, register_ledger_transcodings
from domain.types import Actor

WRITE_ATTEMPTS_MAX = 10
RETRY_BACKOFF_BASE_S = 0.002
RETRY_BACKOFF_CAP_S = 0.05

State = TypeVar("State")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Receipt:
    """What a command did: the aggregate it is about, its version, and the ledger position of
    the last event written (None when the command changed nothing). A replay of an idempotent
    command answers the first answer, its position included."""

    aggregate_id: UUID
    version: int
    position: int | None
    replayed: bool = False


class LedgerApplication(Application[UUID]):
    name = "Ledger"

    def __init__(self, env: Mapping[str, str], clock: Clock = utc_now) -> None:
        self.clock = clock
        self.states = StateCache()
        self.written = threading.Event()  # set after every save: wakes an in-process projector
        super().__init__(dict(env))
        if isinstance(self.recorder, PostgresApplicationRecorder):
            draw_live_connections(self.recorder.datastore.pool)
        self.event_store = EventStore(self.recorder)
        self.group_commit = GroupCommit(self.event_store.insert)

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Settings are read once, by the caller; the library must not read os.environ itself.
        return Environment(name, dict(env or {}))

    def construct_mapper(self) -> Mapper[UUID]:
        return LedgerMapper(transcoder=self.construct_transcoder())

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_ledger_transcodings(transcoder)

    # Loading ------------------------------------------------------------------------------

    def load(
        self, aggregate_id: UUID, evolve: Callable[[State | None, object], State]
    ) -> State | None:
        """The aggregate's current state: the cached one fast-forwarded with newer events."""
        state: State | None = self.load_many([(aggregate_id, evolve)])[0]
        return state

    def load_many(self, wanted: Sequence[tuple[UUID, Callable[[Any, object], Any]]]) -> list[Any]:
        """Several aggregates' current states (None where one has no events), read in one
        round trip: each cached state is fast-forwarded with the events after its version.
        The same aggregate is not asked for twice."""
        assert len({aggregate_id for aggregate_id, _ in wanted}) == len(wanted), "asked twice"
        cached = [self.states.get(aggregate_id, evolve) for aggregate_id, evolve in wanted]
        tails = self.event_store.select_tails(
            [
                (aggregate_id, getattr(state, "version", None))
                for (aggregate_id, _), state in zip(wanted, cached, strict=True)
            ],
        )
        states = []
        for (aggregate_id, evolve), state in zip(wanted, cached, strict=True):
            for stored in tails[aggregate_id]:
                state = evolve(state, self.mapper.to_domain_event(stored))
            if getattr(state, "version", None) is not None:  # claims carry no version: not kept
                self.states.put(aggregate_id, evolve, state)
            states.append(state)
        return states

    def cached(
        self, aggregate_id: UUID, evolve: Callable[[State | None, object], State]
    ) -> State | None:
        """The kept state of an aggregate, possibly behind: for what never changes once
        recorded (a project's program), so that its reads can be asked for together."""
        state: State | None = self.states.get(aggregate_id, evolve)
        return state

    # Writing ------------------------------------------------------------------------------

    def execute(
        self,
        command: object,
        actor: Actor,
        idempotency_key: str | None,
        decide: Callable[[Decision], tuple[UUID, list[LedgerEvent]]],
    ) -> Receipt:
        """Decide and save atomically; retry lost races; replay an idempotent retry."""
        key = claims.clean_idempotency_key(idempotency_key) if idempotency_key else None
        fingerprint = claims.fingerprint(command) if key is not None else ""
        for attempt in range(WRITE_ATTEMPTS_MAX):
            if key is not None:
                replay = self._replay(actor, key, fingerprint)
                if replay is not None:
                    return replay
            decision = Decision(actor=actor, recorded_at=self.clock())
            owner_id, events = decide(decision)
            if not events:
                return Receipt(owner_id, self._current_version(owner_id), None)
            owner_version = max(e.originator_version for e in events if e.originator_id == owner_id)
            if key is not None:
                # Last of the save, so its position is the answer's: a replay answers it.
                events.append(
                    claims.make(
                        claims.IDEMPOTENCY,
                        actor.subject,
                        key,
                        owner_id,
                        owner_version,
                        fingerprint,
                        decision,
                    )
                )
            try:
                recordings = self.save(*events)
            except IntegrityError:
                _back_off(attempt)
                continue
            return Receipt(owner_id, owner_version, recordings[-1].notification.id)
        raise ConcurrencyConflict(
            f"gave up after {WRITE_ATTEMPTS_MAX} attempts: other writers kept changing the "
            "same records; nothing was written, try again"
        )

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """The library's own recording, through the group commit (see ``domain.group_commit``).
        Events are encoded in the caller's thread, so the leader only writes."""
        if processing_event.tracking is not None or processing_event.saved_kwargs:
            return super()._record(processing_event)
        events = processing_event.events
        stored = [self.mapper.to_stored_event(event) for event in events]
        positions = self.group_commit.write(stored)
        self.written.set()
        return [
            Recording(
                event,
                Notification(
                    id=position,
                    originator_id=row.originator_id,
                    originator_version=row.originator_version,
                    topic=row.topic,
                    state=row.state,
                ),
            )
            for event, row, position in zip(events, stored, positions, strict=True)
        ]

    def _replay(self, actor: Actor, key: str, fingerprint: str) -> Receipt | None:
        """The first answer to this key: the claim was the last event its save wrote, so the
        claim's position is the position the first answer gave."""
        claim_id = claims.idempotency_claim_id(actor.subject, key)
        claim = self.load(claim_id, claims.evolve)
        if claim is None:
            return None
        claims.check_replay(claim, fingerprint)
        position = last_event_position(self.recorder, claim_id)
        return Receipt(claim.owner_id, claim.owner_version, position, replayed=True)

    def _current_version(self, aggregate_id: UUID) -> int:
        last = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return last[0].originator_version if last else 0

    def close(self) -> None:
        self.event_store.close()
        super().close()

    def head_position(self) -> int:
        return self.recorder.max_notification_id() or 0


def _back_off(attempt: int) -> None:
    time.sleep(random.uniform(0, min(RETRY_BACKOFF_CAP_S, RETRY_BACKOFF_BASE_S * 2**attempt)))
