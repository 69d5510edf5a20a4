"""How many items one page may hold: the single check every paged query shares."""

from __future__ import annotations

from domain.errors import InvalidQuery

PAGE_SIZE_MAX = 500
PAGE_SIZE_DEFAULT = 50


def checked_page_size(first: int | None) -> int:
    """The page size asked for (the default when none is), refused outside 1 to the maximum.
    The wording is what GraphQL clients have always been told, so it must not change."""
    size = PAGE_SIZE_DEFAULT if first is None else first
    if not 1 <= size <= PAGE_SIZE_MAX:
        raise InvalidQuery(f"first must be 1 to {PAGE_SIZE_MAX}", field="first")
    return size
