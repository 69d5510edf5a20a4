"""Time travel: the slider and the date pickers set a point of history in the URL, every view
re-renders as the ledger stood then, and the link reproduces the view."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.dashboard import (
    VIEWPORT,
    figures,
    go,
    graphql,
    new_page,
    open_view,
    rendered,
    screenshot,
    token,
    wait_rendered,
)

THEN = """query($asOf: AsOfInput) {
  budget(programCode: "BD-KC-2025", asOf: $asOf) {
    position totals { allocated committed paid available executionRate } }
  targets(programCode: "BD-KC-2025", asOf: $asOf) { indicator { code } achieved } }"""
POSITION = 600


def _shown(page: Any) -> dict[str, Any]:
    money = figures(page, ".totals")
    achieved = page.eval_on_selector_all(
        "#targets tbody tr",
        """rows => Object.fromEntries(rows.map(r => [r.dataset.indicator,
            Number(r.querySelector('[data-figure=achieved]').dataset.value)]))""",
    )
    return {
        "position": int(page.get_attribute(".totals", "data-position")),
        "money": {k: money[k] for k in ("allocated", "committed", "paid", "available")},
        "achieved": achieved,
    }


def _expected(base: str, as_of: dict[str, Any] | None) -> dict[str, Any]:
    answer = graphql(base, THEN, {"asOf": as_of})
    totals = answer["budget"]["totals"]
    return {
        "position": answer["budget"]["position"],
        "money": {k: totals[k] for k in ("allocated", "committed", "paid", "available")},
        "achieved": {row["indicator"]["code"]: row["achieved"] for row in answer["targets"]},
    }


def _move_slider(page: Any, position: int) -> None:
    before = rendered(page)
    page.eval_on_selector(
        "#slider",
        """(slider, value) => {
            slider.value = String(value);
            slider.dispatchEvent(new Event('input', { bubbles: true }));
            slider.dispatchEvent(new Event('change', { bubbles: true }));
        }""",
        position,
    )
    wait_rendered(page, before)


def test_the_slider_shows_a_positions_figures_and_the_link_reproduces_them(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context, token("auditor"))
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/")
    now = _expected(demo_server, None)
    assert _shown(page) == now
    # Signed in, the scale carries the recorded dates of the journal's entries.
    page.wait_for_function(
        "() => /\\d\\d\\/\\d\\d\\/\\d{4}/.test(document.querySelector('.scale').textContent)"
    )

    _move_slider(page, POSITION)
    assert f"position={POSITION}" in page.url
    then = _expected(demo_server, {"position": POSITION})
    assert _shown(page) == then
    assert then["money"] != now["money"]
    assert page.get_attribute("#pin-state", "data-pinned") == "true"
    screenshot(page, "time-travel")

    # The budget view keeps the point; a new tab opened on the link shows the same figures.
    go(page, f"#/budget?position={POSITION}")
    link = page.url
    other, other_errors = new_page(offline_context)
    open_view(other, link.replace("#/budget", "#/program"))
    assert _shown(other) == then

    # The keyboard moves the slider too, step by step: the slider keeps the focus.
    go(page, f"#/program?position={POSITION}")
    page.focus("#slider")
    for _ in range(2):
        before = rendered(page)
        page.keyboard.press("ArrowLeft")
        wait_rendered(page, before)
    assert f"position={POSITION - 2}" in page.url
    assert _shown(page) == _expected(demo_server, {"position": POSITION - 2})

    before = rendered(page)
    page.click("#now")
    wait_rendered(page, before)
    assert "position=" not in page.url
    assert page.get_attribute("#pin-state", "data-pinned") == "false"
    assert errors == []
    assert other_errors == []


def test_the_date_pickers_show_what_the_ledger_said_then(offline_context, demo_server) -> None:
    page, errors = new_page(offline_context)
    open_view(page, f"{demo_server}/")
    before = rendered(page)
    page.fill("#recorded-at", "2023-01-01T00:00")
    page.fill("#effective-on", "2022-06-30")
    page.click("text=Xem tại thời điểm này")
    wait_rendered(page, before)
    assert re.search(r"recordedAt=2023-01-01T00%3A00%3A00%2B07%3A00", page.url)
    as_of = {"recordedAt": "2023-01-01T00:00:00+07:00", "effectiveOn": "2022-06-30"}
    assert _shown(page) == _expected(demo_server, as_of)
    assert errors == []


def test_a_recorded_moment_moves_the_slider_to_the_position_the_views_read_at(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context, token("auditor"))
    open_view(page, f"{demo_server}/#/program?recordedAt=2023-01-01T00%3A00%3A00%2B07%3A00")
    as_of = {"recordedAt": "2023-01-01T00:00:00+07:00"}
    expected = _expected(demo_server, as_of)["position"]
    assert _shown(page)["position"] == expected
    # The slider left at the head beside figures of an earlier position was a contradiction.
    page.wait_for_function(
        "p => document.querySelector('#slider').value === String(p)", arg=expected
    )
    assert f"{expected} / " in page.text_content("#slider-value")
    assert errors == []


def test_a_visitor_s_scale_has_the_same_dates_as_a_signed_in_user_s(
    offline_context, demo_server
) -> None:
    ticks = "[...document.querySelectorAll('.scale .tick')].map(t => t.textContent)"
    # At least two dates: every() alone is true of a scale not drawn yet.
    dated = (
        f"() => {ticks}.length >= 2"
        f" && {ticks}.every(text => /\\d\\d\\/\\d\\d\\/\\d{{4}}/.test(text))"
    )
    # A visitor may not read the journal; recordedTimes gives the scale's dates all the same.
    visitor, visitor_errors = new_page(offline_context)
    open_view(visitor, f"{demo_server}/")
    visitor.wait_for_function(dated)
    shown = visitor.evaluate(ticks)
    visitor.close()
    # The token goes into every page the context opens from now on.
    signed_in, errors = new_page(offline_context, token("auditor"))
    open_view(signed_in, f"{demo_server}/")
    signed_in.wait_for_function(dated)
    assert len(shown) == 5
    assert shown == signed_in.evaluate(ticks)
    assert errors == []
    assert visitor_errors == []
