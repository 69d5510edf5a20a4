"""Who you are: a visitor pastes a token and sees what the role may see; a district user sees
their own unit by default; a token the server refuses leaves the visitor anonymous."""

from __future__ import annotations

from tests.browser.dashboard import VIEWPORT, graphql, new_page, open_view, screenshot, token

TARGETS = """query($unit: String) { targets(programCode: "BD-KC-2025", unitCode: $unit) {
    indicator { code } planned achieved } }"""
LINES = """{ budget(programCode: "BD-KC-2025") { lines { year source holder { code } paid } } }"""
DISTRICT = "720"


def test_a_district_user_signs_in_and_sees_their_unit_by_default(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/")
    assert page.text_content("#who-name") == "Khách (dữ liệu công khai)"
    bearer = token("district", DISTRICT)
    page.click("#sign-in summary")
    page.fill("#token", bearer)
    screenshot(page, "sign-in")
    with page.expect_navigation():
        page.click("#token-save")
    page.wait_for_selector("main[data-rendered]:not([aria-busy])")
    assert DISTRICT in page.text_content("#who-name")
    assert page.input_value("#filter-unit") == DISTRICT
    expected = graphql(demo_server, TARGETS, {"unit": DISTRICT}, bearer)["targets"]
    shown = page.eval_on_selector_all(
        "#targets tbody tr",
        "rows => rows.map(r => [r.dataset.indicator, "
        "Number(r.querySelector('[data-figure=planned]').dataset.value)])",
    )
    assert shown == [[row["indicator"]["code"], row["planned"]] for row in expected]
    # "All units" stays all units for a user whose default is their own.
    page.select_option("#filter-unit", "all")
    page.wait_for_url("**unit=all**")
    everywhere = graphql(demo_server, TARGETS, {"unit": None}, bearer)["targets"]
    planned = [[row["indicator"]["code"], row["planned"]] for row in everywhere]
    assert planned != shown
    page.wait_for_function(
        """expected => JSON.stringify([...document.querySelectorAll('#targets tbody tr')]
            .map(r => [r.dataset.indicator,
                Number(r.querySelector('[data-figure=planned]').dataset.value)]))
            === JSON.stringify(expected)""",
        arg=planned,
    )

    page.click("text=Kinh phí")
    page.wait_for_selector("#budget-lines")
    lines = graphql(demo_server, LINES, bearer=bearer)["budget"]["lines"]
    assert {line["holder"]["code"] for line in lines} == {DISTRICT}
    keys = page.eval_on_selector_all(
        "#budget-lines tbody tr", "rows => rows.map(r => r.dataset.key)"
    )
    assert len(keys) == len(lines)
    assert all(f"|{DISTRICT} · " in key for key in keys)

    page.click("#sign-out")
    page.wait_for_selector("#sign-in")
    assert errors == []


def test_a_refused_token_leaves_the_visitor_anonymous(offline_context, demo_server) -> None:
    page, errors = new_page(offline_context)
    open_view(page, f"{demo_server}/")
    page.click("#sign-in summary")
    page.fill("#token", "not-a-token")
    page.click("#token-save")
    page.wait_for_selector("#token-message:has-text('UNAUTHENTICATED')")
    assert page.evaluate("sessionStorage.getItem('khuyencong.token')") is None
    assert page.text_content("#who-name") == "Khách (dữ liệu công khai)"
    assert errors == []
