"""The canonical JSON of an event, and the Vietnamese one-line summary an auditor reads."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.events import TOPIC_PREFIX, LedgerEvent
from domain.types import Output, SourceAmount


def event_type(event: LedgerEvent) -> str:
    """``Project.Approved``: the stable topic without the ledger's prefix."""
    return event.TOPIC.removeprefix(TOPIC_PREFIX)


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, UUID)):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def stored_payload(notification: Notification) -> str:
    """The event exactly as stored (the library's JSON, with its type wrappers for dates, enums
    and ids): what an auditor hashes. ``readable_payload`` turns it into plain JSON."""
    return bytes(notification.state).decode("utf-8")


def readable_payload(stored: str) -> str:
    """Plain JSON for people and clients: type wrappers unwrapped, keys sorted."""
    return json.dumps(
        json.loads(stored, object_hook=_unwrap),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _unwrap(obj: dict[str, Any]) -> Any:
    if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
        data = obj["_data_"]
        return str(UUID(data)) if obj["_type_"] == "uuid_hex" else data
    return obj


def search_text(*parts: str) -> str:
    """Lower case without diacritics, so "binh duong" finds "Bình Dương" on both backends
    (SQLite's LOWER() knows only ASCII)."""
    text = unicodedata.normalize("NFD", " ".join(parts).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=4096)  # the events of one command share their time, and each asks twice
def utc_text(moment: datetime) -> str:
    """Fixed-width UTC, so recorded times compare and sort as text on both backends."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def dong(amount: int) -> str:
    """1250000000 → '1.250.000.000 đồng' (Vietnamese digit grouping)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def total(items: tuple[SourceAmount, ...]) -> int:
    return sum(item.amount_vnd for item in items)


def outputs_text(outputs: tuple[Output, ...], names: Mapping[str, str]) -> str:
    """Outputs as a sentence reads them, each by its indicator's Vietnamese name: "2 máy móc
    thiết bị …; 1 dây chuyền công nghệ tiên tiến"."""
    return "; ".join(f"{o.quantity} {indicator_phrase(o.indicator_code, names)}" for o in outputs)


def indicator_phrase(code: str, names: Mapping[str, str]) -> str:
    """An indicator's Vietnamese name inside a sentence (its first letter in lower case)."""
    name = names.get(code, code)
    return name[:1].lower() + name[1:]
