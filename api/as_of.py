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
