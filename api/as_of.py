"""A point of history, as reads take it."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from projections.rows import AsOf


@strawberry.input(description="A point of history: any combination; omitted parts mean now.")
class AsOfInput:
    position: int | None = strawberry.field(default=None, description="Ledger position.")
    recorded_at: datetime | None = strawberry.field(
        default=None, description="What the ledger said at this moment."
    )
    effective_on: date | None = strawberry.field(
        default=None, description="Money that had moved by this date (value dates)."
    )


def as_of_point(value: AsOfInput | None) -> AsOf | None:
    if value is None:
        return None
    return AsOf(value.position, value.recorded_at, value.effective_on)


def point_key(as_of: AsOf | None) -> str | None:
    """A point of history as it is written in the global id of an object read at it
    (``p=10``, ``t=2024-06-30T17:00:00+07:00``, ``e=2024-06-30``, joined by ``;``); none
    for now. Two reads at the same point give the same key, so a client's cache keeps one
    object per point and never mixes a project's past into its present."""
    if as_of is None:
        return None
    parts = []
    if as_of.position is not None:
        parts.append(f"p={as_of.position}")
    if as_of.recorded_at is not None:
        parts.append(f"t={as_of.recorded_at.isoformat()}")
    if as_of.effective_on is not None:
        parts.append(f"e={as_of.effective_on.isoformat()}")
    return ";".join(parts) or None


def point_from_key(key: str) -> AsOf:
    """The point a global id names; ValueError if the key is not one ``point_key`` writes."""
    values: dict[str, str] = {}
    for part in key.split(";"):
        name, sign, value = part.partition("=")
        if not sign or name not in ("p", "t", "e") or name in values:
            raise ValueError(key)
        values[name] = value
    moment = datetime.fromisoformat(values["t"]) if "t" in values else None
    if moment is not None and moment.tzinfo is None:
        raise ValueError(key)
    return AsOf(
        int(values["p"]) if "p" in values else None,
        moment,
        date.fromisoformat(values["e"]) if "e" in values else None,
    )
