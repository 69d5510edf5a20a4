"""A list computed in memory (a reconciliation's) pages like every connection: forwards and
backwards, between two cursors, and says truly what lies on either side of the page."""

from __future__ import annotations

import pytest

from api.finance.pages import page
from api.relay import cursor
from domain.errors import InvalidQuery

ITEMS = list("abcdefghij")


def _nodes(connection) -> str:
    return "".join(edge.node for edge in connection.edges)


def _sides(connection) -> tuple[bool, bool]:
    info = connection.page_info
    return info.has_previous_page, info.has_next_page


@pytest.mark.parametrize(
    ("first", "after", "last", "before", "nodes", "sides"),
    [
        (3, None, None, None, "abc", (False, True)),
        (3, 3, None, None, "def", (True, True)),
        (3, 8, None, None, "ij", (True, False)),
        (None, None, 3, None, "hij", (True, False)),
        (None, None, 3, 4, "abc", (False, True)),
        (None, None, 3, 3, "ab", (False, True)),
        (None, 2, 5, 6, "cde", (True, True)),
        (5, 2, None, 6, "cde", (True, True)),
        (None, None, 20, None, "abcdefghij", (False, False)),
        (2, 6, None, 4, "", (True, True)),
        (2, 10, None, None, "", (True, False)),
        (None, None, 2, 1, "", (False, True)),
    ],
)
def test_a_window_of_the_list_and_what_lies_beside_it(first, after, last, before, nodes, sides):
    connection = page(
        ITEMS,
        first,
        None if after is None else cursor(after),
        last,
        None if before is None else cursor(before),
    )
    assert (_nodes(connection), _sides(connection)) == (nodes, sides)
    assert connection.total_count == len(ITEMS)


def test_each_cursor_names_its_place_so_paging_on_from_it_continues_the_list():
    first = page(ITEMS, 4, None, None, None)
    rest = page(ITEMS, 10, first.page_info.end_cursor, None, None)
    earlier = page(ITEMS, None, None, 10, rest.page_info.start_cursor)
    assert _nodes(first) + _nodes(rest) == "abcdefghij"
    assert _nodes(earlier) == "abcd"


def test_first_with_last_is_refused():
    with pytest.raises(InvalidQuery):
        page(ITEMS, 2, None, 2, None)
