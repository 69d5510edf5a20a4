"""The base of every stored event, and the context a decision needs to make one.

Every event records who (subject and role), when (``timestamp``: the recorded time), the
effective date, and the document behind it. Topics are explicit and registered on import, so
moving a class to another module never breaks the stored history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import register_topic

from domain.fiscal import local_date
from domain.types import Actor, Role

TOPIC_PREFIX = "khuyencong:"


class LedgerEvent(DomainEvent):
    TOPIC: ClassVar[str]

    actor_subject: str
    actor_role: Role
    effective_on: date
    document_ref: str

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        topic = cls.__dict__.get("TOPIC")
        if topic is not None:
            if not topic.startswith(TOPIC_PREFIX):
                raise TypeError(f"event topic {topic!r} must start with {TOPIC_PREFIX!r}")
            register_topic(topic, cls)

    def restore_tuples(self) -> None:
        """JSON has no tuples: stored tuples come back as lists. Restore them, so an event read
        back equals the event that was written (called by the ledger's mapper)."""
        for name, value in list(vars(self).items()):
            if type(value) is list:
                object.__setattr__(self, name, tuple(value))


E = TypeVar("E", bound=LedgerEvent)


@dataclass(frozen=True)
class Decision:
    """What a decision knows of the world besides state: who asks, and when it is recorded."""

    actor: Actor
    recorded_at: datetime

    @property
    def today(self) -> date:
        return local_date(self.recorded_at)

    def event(
        self,
        event_class: type[E],
        aggregate_id: UUID,
        version: int,
        *,
        effective_on: date,
        document_ref: str,
        **values: Any,
    ) -> E:
        values.update(
            originator_id=aggregate_id,
            originator_version=version,
            timestamp=self.recorded_at,
            actor_subject=self.actor.subject,
            actor_role=self.actor.role,
            effective_on=effective_on,
            document_ref=document_ref,
        )
        return event_class(**values)


class Pending:
    """New events for one aggregate, numbered after the version it was loaded at."""

    def __init__(self, aggregate_id: UUID, version: int, decision: Decision) -> None:
        self.aggregate_id = aggregate_id
        self.version = version
        self.decision = decision
        self.events: list[LedgerEvent] = []

    def add(
        self, event_class: type[E], *, effective_on: date, document_ref: str, **values: Any
    ) -> E:
        self.version += 1
        event = self.decision.event(
            event_class,
            self.aggregate_id,
            self.version,
            effective_on=effective_on,
            document_ref=document_ref,
            **values,
        )
        self.events.append(event)
        return event
