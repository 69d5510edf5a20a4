"""Pages: how many items one page may hold, and the keyset slice every paged query shares —
forwards (``first`` items after a key) or backwards (``last`` items before one), with whether
items lie on either side of the page (Relay's hasPreviousPage and hasNextPage)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidQuery
from projections.store import Transaction

PAGE_SIZE_MAX = 500
PAGE_SIZE_DEFAULT = 50


def checked_page_size(first: int | None, field: str = "first") -> int:
    """The page size asked for (the default when none is), refused outside 1 to the maximum.
    The wording is what GraphQL clients have always been told, so it must not change."""
    size = PAGE_SIZE_DEFAULT if first is None else first
    if not 1 <= size <= PAGE_SIZE_MAX:
        raise InvalidQuery(f"{field} must be 1 to {PAGE_SIZE_MAX}", field=field)
    return size


@dataclass(frozen=True)
class Window:
    """Which part of an ordered list a page is: ``first`` after a key, or ``last`` before one
    (either bound may be given with either size). Keys are exclusive bounds."""

    first: int | None = None
    after: int | None = None
    last: int | None = None
    before: int | None = None

    @property
    def backwards(self) -> bool:
        return self.last is not None

    def size(self) -> int:
        if self.first is not None and self.last is not None:
            raise InvalidQuery("ask for first or last, not both", field="last")
        if self.backwards:
            return checked_page_size(self.last, "last")
        return checked_page_size(self.first)


@dataclass(frozen=True)
class Slice:
    rows: Sequence[tuple[Any, ...]]
    has_previous: bool
    has_next: bool


def keyset_slice(
    tx: Transaction,
    *,
    columns: str,
    source: str,
    condition: str,
    params: Sequence[Any],
    key: str,
    window: Window,
    column_params: Sequence[Any] = (),
) -> Slice:
    """The rows of ``source`` matching ``condition`` inside ``window``, ordered by ``key``.
    ``column_params`` fill placeholders in ``columns``; ``params`` those in ``condition``."""
    size = window.size()
    bounds = [condition]
    bound_params = list(params)
    if window.after is not None:
        bounds.append(f"{key} > ?")
        bound_params.append(window.after)
    if window.before is not None:
        bounds.append(f"{key} < ?")
        bound_params.append(window.before)
    order = "DESC" if window.backwards else "ASC"
    found = tx.rows(
        f"SELECT {columns} FROM {source} WHERE {' AND '.join(bounds)} "
        f"ORDER BY {key} {order} LIMIT ?",
        [*column_params, *bound_params, size + 1],
    )
    more = len(found) > size
    rows = list(found[:size])

    def beyond(comparison: str, bound: int | None) -> bool:
        if bound is None:
            return False
        return bool(
            tx.rows(
                f"SELECT 1 FROM {source} WHERE {condition} AND {key} {comparison} ? LIMIT 1",
                [*params, bound],
            )
        )

    if window.backwards:
        rows.reverse()
        return Slice(rows, has_previous=more, has_next=beyond(">=", window.before))
    return Slice(rows, has_previous=beyond("<=", window.after), has_next=more)
