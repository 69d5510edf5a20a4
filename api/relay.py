"""Relay conventions: global ids, the Node interface, cursors and page information."""

from __future__ import annotations

import base64
from typing import Any

import strawberry

from domain.errors import InvalidQuery
from projections.queries.paging import Window
from projections.rows import Page


def global_id(kind: str, key: str, point: str | None = None) -> strawberry.ID:
    """An object's global id; ``point`` (api.as_of.point_key) marks an object read as of a
    point of history, which is another object than the one as it stands now."""
    text = f"{kind}:{key}" if point is None else f"{kind}:{key}@{point}"
    return strawberry.ID(base64.urlsafe_b64encode(text.encode()).decode())


def parse_node_id(value: str) -> tuple[str, str, str | None] | None:
    """Kind, key and point of history (None for now) of a global id; None if it is not one."""
    try:
        kind, _, rest = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    key, at, point = rest.partition("@")
    if not kind or not key or (at and not point):
        return None
    return kind, key, point or None


def parse_global_id(value: str) -> tuple[str, str] | None:
    """Kind and key of a global id, whatever point of history it names: a project read as of
    position 10 is still the project a mutation or a filter means."""
    parsed = parse_node_id(value)
    return None if parsed is None else (parsed[0], parsed[1])


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"p:{position}".encode()).decode()


def parse_cursor(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        kind, _, number = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
        if kind != "p":
            raise ValueError
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise ValueError(f"{value!r} is not a cursor from this API") from None


def after_cursor(after: str | None) -> int | None:
    """The position an ``after`` argument names; a refusal naming ``after`` if it names none."""
    return _cursor_argument(after, "after")


def _cursor_argument(value: str | None, field: str) -> int | None:
    try:
        return parse_cursor(value)
    except ValueError as error:
        raise InvalidQuery(str(error), field=field) from None


def window(first: int | None, after: str | None, last: int | None, before: str | None) -> Window:
    """The Relay paging arguments as the read side takes them (cursors become keys)."""
    return Window(first, _cursor_argument(after, "after"), last, _cursor_argument(before, "before"))


def page_info(items: list[Any], page: Page[Any]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=items[0].cursor if items else None,
        end_cursor=items[-1].cursor if items else None,
    )
