"""Which GraphQL media type an Accept header gets."""

from __future__ import annotations

import pytest

from api.http_negotiation import GRAPHQL_RESPONSE_JSON, JSON, negotiate


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*;q=0.5", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};charset=utf-8", GRAPHQL_RESPONSE_JSON),
        ("Application/JSON", JSON),
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.8, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0, */*", JSON),
        (f"*/*, {JSON};q=0", GRAPHQL_RESPONSE_JSON),  # the explicit q=0 wins over the wildcard
        ("text/html, */*;q=0.1", JSON),
        ("application/xml", None),
        ("text/*", None),
        (f"{JSON};q=0", None),
        (f"{JSON};q=abc", None),  # an unreadable weight is not a preference
        ("garbage", JSON),  # unreadable: as if absent
    ],
)
def test_accept_chooses_the_media_type(accept, chosen):
    assert negotiate(accept) == chosen
