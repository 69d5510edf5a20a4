"""What every area's queries share: the point of history to answer at, and small helpers for
the SQL they build. SQL is fixed text with bound parameters; only table names from the schema
are formatted in."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import InvalidQuery
from projections.payload import search_text, utc_text
from projections.rows import AsOf
from projections.store import Transaction, read_position


def resolve(tx: Transaction, prefix: str, as_of: AsOf | None) -> tuple[int, date | None]:
    """The position to answer at (never past what the read model has applied), and the
    effective date to cut money at, if one was asked."""
    position = read_position(tx, prefix)
    if as_of is None:
        return position, None
    if as_of.position is not None:
        if as_of.position < 0:
            raise InvalidQuery("a position is zero or more", field="asOf.position")
        position = min(position, as_of.position)
    if as_of.recorded_at is not None:
        if as_of.recorded_at.tzinfo is None:
            raise InvalidQuery("a recorded time needs its offset", field="asOf.recordedAt")
        ((at,),) = tx.rows(
            f"SELECT MAX(position) FROM {prefix}journal WHERE recorded_at <= ?",
            (utc_text(as_of.recorded_at),),
        )
        position = min(position, int(at or 0))
    return position, as_of.effective_on


def pairs(rows: list[tuple[Any, ...]]) -> list[tuple[str, int]]:
    """(key, sum) rows as text and whole numbers; a sum over no rows is NULL, counted as 0."""
    return [(str(key), int(value or 0)) for key, value in rows]


def like(term: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) that finds ``term`` anywhere in search text."""
    escaped = search_text(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def marks(count: int) -> str:
    """``count`` bound parameters for an IN list."""
    return ", ".join("?" * count)
