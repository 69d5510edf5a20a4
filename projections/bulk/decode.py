"""Stored events into domain events without the library's per-event transcoding.

The library's mapper parses the stored JSON with ``json`` and an ``object_hook`` that runs in
Python for every object, then looks up the class by topic for every event. Here orjson parses
(several times faster), one pass revives the ``{"_type_", "_data_"}`` wrappers with decoders
looked up once per name, and classes are looked up once per topic. The result is the event the
mapper builds, attribute for attribute (tests compare the two over whole histories).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import resolve_topic

from domain.events import LedgerEvent
from domain.transcodings import EnumAsValue, ValueObjectAsDict, register_ledger_transcodings

Revive = Callable[[Any], Any]


def ledger_transcoder() -> JSONTranscoder:
    """The transcodings the ledger's application registers: the library's three, then ours."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_ledger_transcodings(transcoder)
    return transcoder


class EventDecoder:
    """``decode(originator_id, version, topic, state)``: one stored event as its domain event."""

    def __init__(self, transcoder: JSONTranscoder | None = None) -> None:
        names = (transcoder or ledger_transcoder()).names
        self._revivers: dict[str, Revive] = {
            name: _reviver(transcoding) for name, transcoding in names.items()
        }
        self._classes: dict[str, type[LedgerEvent]] = {}

    def decode(self, originator_id: UUID, version: int, topic: str, state: bytes) -> LedgerEvent:
        cls = self._classes.get(topic)
        if cls is None:
            resolved = resolve_topic(topic)
            if not (isinstance(resolved, type) and issubclass(resolved, LedgerEvent)):
                raise TypeError(f"not a ledger event: {topic}")
            cls = self._classes[topic] = resolved
        values = self._revive(orjson.loads(state))
        values["originator_id"] = originator_id
        values["originator_version"] = version
        class_version = getattr(cls, "class_version", 1)
        from_version = values.pop("class_version", 1)
        while from_version < class_version:  # as the mapper upcasts
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(values)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        event.restore_tuples()
        return event

    def _revive(self, value: Any) -> Any:
        """Wrapped values decoded, innermost first (as ``object_hook`` does), in place."""
        if type(value) is dict:
            if len(value) == 2 and "_type_" in value and "_data_" in value:
                data = value["_data_"]
                if type(data) is dict or type(data) is list:
                    data = self._revive(data)
                return self._revivers[value["_type_"]](data)
            for key, item in value.items():
                if type(item) is dict or type(item) is list:
                    value[key] = self._revive(item)
            return value
        for index, item in enumerate(value):
            if type(item) is dict or type(item) is list:
                value[index] = self._revive(item)
        return value


def _reviver(transcoding: Transcoding) -> Revive:
    """The transcoding's own decode, or a shortcut that gives the same value."""
    if isinstance(transcoding, EnumAsValue):
        enum_type: type[Enum] = transcoding.type
        members: dict[Any, Enum] = {member.value: member for member in enum_type}
        return lambda data: members[data] if data in members else transcoding.decode(data)
    if isinstance(transcoding, ValueObjectAsDict) and is_dataclass(transcoding.type):
        value_type = transcoding.type
        return lambda data: value_type(**data)
    shortcuts: dict[type, Revive] = {
        UUID: UUID,
        date: date.fromisoformat,
        datetime: datetime.fromisoformat,
        Decimal: Decimal,
    }
    return shortcuts.get(transcoding.type, transcoding.decode)
