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
# Decoded texts kept at most (dates, ids, enum values): a few MB, cleared when full.
KNOWN_TEXTS_MAX = 50_000
_MISSING = object()


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
        self._known: dict[tuple[str, str], Any] = {}

    def decode(self, originator_id: UUID, version: int, topic: str, state: bytes) -> LedgerEvent:
        cls = self._classes.get(topic)
        if cls is None:
            resolved = resolve_topic(topic)
            if not (isinstance(resolved, type) and issubclass(resolved, LedgerEvent)):
                raise TypeError(f"not a ledger event: {topic}")
            cls = self._classes[topic] = resolved
        values = self._revive_dict(orjson.loads(state))
        values["originator_id"] = originator_id
        values["originator_version"] = version
        class_version = getattr(cls, "class_version", 1)
        from_version = values.pop("class_version", 1)
        while from_version < class_version:  # as the mapper upcasts
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(values)
            from_version += 1
        for name, value in values.items():  # as ``LedgerEvent.restore_tuples`` does
            if type(value) is list:
                values[name] = tuple(value)
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        return event

    def _revive_dict(self, value: dict[str, Any]) -> Any:
        """Wrapped values decoded, innermost first (as ``object_hook`` does), in place. A
        wrapper around a string (a date, an id, an enum's value) is decoded once per text:
        the values are immutable, and the texts repeat across events."""
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return self._unwrap(value["_type_"], value["_data_"])
        for key, item in value.items():
            kind = type(item)
            if kind is dict:
                if len(item) == 2 and "_type_" in item and "_data_" in item:
                    value[key] = self._unwrap(item["_type_"], item["_data_"])
                else:
                    value[key] = self._revive_dict(item)
            elif kind is list:
                value[key] = self._revive_list(item)
        return value

    def _revive_list(self, value: list[Any]) -> list[Any]:
        for index, item in enumerate(value):
            kind = type(item)
            if kind is dict:
                value[index] = self._revive_dict(item)
            elif kind is list:
                value[index] = self._revive_list(item)
        return value

    def _unwrap(self, name: str, data: Any) -> Any:
        kind = type(data)
        if kind is str:
            key = (name, data)
            known = self._known.get(key, _MISSING)
            if known is _MISSING:
                if len(self._known) >= KNOWN_TEXTS_MAX:
                    self._known.clear()
                known = self._known[key] = self._revivers[name](data)
            return known
        if kind is dict:
            data = self._revive_dict(data)
        elif kind is list:
            data = self._revive_list(data)
        return self._revivers[name](data)


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
