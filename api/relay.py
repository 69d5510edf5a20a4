"""Relay conventions: global ids, the Node interface, cursors and page information."""

from __future__ import annotations

import base64
from typing import Any

import strawberry

from domain.errors import InvalidQuery


def global_id(kind: str, key: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode())


def parse_global_id(value: str) -> tuple[str, str] | None:
    try:
        kind, _, key = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (kind, key) if kind and key else None


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
    try:
        return parse_cursor(after)
    except ValueError as error:
        raise InvalidQuery(str(error), field="after") from None


def page_info(items: list[Any], has_next: bool, after: int | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=items[0].cursor if items else None,
        end_cursor=items[-1].cursor if items else None,
    )
