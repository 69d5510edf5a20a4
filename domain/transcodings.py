"""How event values beyond JSON's own types are stored: dates, enums and small value objects."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from domain.events import LedgerEvent
from domain.plans.items import PlanAllocation, PlanItem, PlanMoney
from domain.types import (
    ENUM_TYPES,
    ContentAmount,
    Output,
    PaymentRef,
    SourceAmount,
    StatementEntry,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    """Stored as the enum's value under a name of the enum's own, e.g. ``FundingSource``."""

    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = enum_type.__name__

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        decoded: Enum = self.type(data)
        return decoded


class ValueObjectAsDict(Transcoding):
    def __init__(self, value_type: type[Any]) -> None:
        self.type = value_type
        self.name = value_type.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def register_ledger_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for enum_type in ENUM_TYPES:
        transcoder.register(EnumAsValue(enum_type))
    value_types = (SourceAmount, Output, StatementEntry, PaymentRef, ContentAmount)
    for value_type in (*value_types, PlanItem, PlanMoney, PlanAllocation):
        transcoder.register(ValueObjectAsDict(value_type))


class LedgerMapper(Mapper[UUID]):
    """The library's mapper, which builds events without calling ``__init__``; ours then
    restores the tuples that JSON turned into lists."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        if isinstance(event, LedgerEvent):
            event.restore_tuples()
        return event
