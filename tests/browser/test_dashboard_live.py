"""The live feed: a write made over HTTP arrives in the signed-in user's feed through the
subscription, and the view follows the ledger unless the user pinned a point in the past."""

from __future__ import annotations

from tests.browser.dashboard import (
    VIEWPORT,
    graphql,
    new_page,
    open_view,
    rendered,
    screenshot,
    token,
)

REGISTER = """mutation($tax: String!) { registerEstablishment(input: {programCode: "BD-KC-2025",
    name: "Hộ kinh doanh Gốm Lái Thiêu", kind: "HOUSEHOLD_BUSINESS", taxCode: $tax,
    unitCode: "79"}) { userErrors { code message } position } }"""
FEED_LIMIT_MS = 15_000


def test_a_live_write_appears_in_the_feed_and_the_view_follows(
    offline_context, demo_server
) -> None:
    bearer = token("center")
    page, errors = new_page(offline_context, bearer)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/")
    page.wait_for_selector("#feed li")  # the latest entries, then live ones
    pinned, pinned_errors = new_page(offline_context, bearer)
    open_view(pinned, f"{demo_server}/#/program?position=600")
    pinned.wait_for_selector("#feed li")
    pinned_render = rendered(pinned)

    answer = graphql(demo_server, REGISTER, {"tax": "3709990001"}, bearer)
    written = answer["registerEstablishment"]
    assert written["userErrors"] == []
    position = written["position"]

    entry = page.wait_for_selector(f'#feed li[data-position="{position}"]', timeout=FEED_LIMIT_MS)
    assert "Gốm Lái Thiêu" in entry.text_content()
    page.wait_for_selector(f'.totals[data-position="{position}"]', timeout=FEED_LIMIT_MS)
    assert page.text_content("#slider-value").startswith(f"Vị trí {position} / {position}")
    screenshot(page, "live")

    pinned.wait_for_selector(f'#feed li[data-position="{position}"]', timeout=FEED_LIMIT_MS)
    pinned.wait_for_timeout(500)  # past the refresh's debounce: a pinned view stays put
    assert rendered(pinned) == pinned_render
    assert pinned.get_attribute(".totals", "data-position") == "600"
    assert errors == []
    assert pinned_errors == []
