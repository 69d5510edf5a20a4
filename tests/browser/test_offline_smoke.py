"""The browser harness itself: a page of the server opens offline, and a request to another host
is caught."""

from __future__ import annotations

from tests.browser.conftest import keep_offline


def test_the_health_page_opens_offline(offline_context, demo_server) -> None:
    page = offline_context.new_page()
    page.goto(f"{demo_server}/healthz")
    assert page.text_content("body") == "ok"


def test_a_request_to_another_host_is_aborted_and_recorded(browser, demo_server) -> None:
    context = browser.new_context()
    asked: list[str] = []
    keep_offline(context, asked)
    page = context.new_page()
    page.goto(f"{demo_server}/healthz")
    # A host of the reserved .invalid domain: the guard must abort it before any lookup.
    page.evaluate("fetch('https://assets.example.invalid/app.js').catch(() => null)")
    page.wait_for_timeout(200)
    context.close()
    assert asked == ["https://assets.example.invalid/app.js"]
