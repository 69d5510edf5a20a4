"""The program view shows the targets and budget totals the API answers, filtered by year,
in Vietnamese or English, on a desk or a phone; its first render is measured."""

from __future__ import annotations

import itertools
from typing import Any

from tests.browser.dashboard import (
    PHONE_VIEWPORT,
    VIEWPORT,
    figures,
    go,
    graphql,
    new_page,
    open_view,
    rate,
    screenshot,
    texts,
    token,
    vnd,
    wait_scale_dates,
)

TARGETS = """query($year: Int) {
  targets(programCode: "BD-KC-2025", year: $year) {
    indicator { code } target planned achieved progress }
  budget(programCode: "BD-KC-2025", year: $year) {
    position totals { allocated committed paid available executionRate } } }"""
REVIEW = """{ programReview(programCode: "BD-KC-2025") { items { contentCode committed paid } } }"""


def _shown_targets(page: Any) -> dict[str, dict[str, Any]]:
    shown = page.eval_on_selector_all(
        "#targets tbody tr",
        """rows => Object.fromEntries(rows.map(r => [r.dataset.indicator, Object.fromEntries(
            [...r.querySelectorAll('[data-figure]')]
                .map(c => [c.dataset.figure, c.dataset.value]))]))""",
    )
    for row in shown.values():
        row["progress"] = float(row["progress"]) if row["progress"] else None
    return dict(shown)


def _expected_targets(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        row["indicator"]["code"]: {
            "target": str(row["target"]),
            "planned": str(row["planned"]),
            "achieved": str(row["achieved"]),
            "progress": row["progress"],
        }
        for row in answer["targets"]
    }


def test_program_view_shows_the_targets_and_totals_the_api_answers(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/")
    answer = graphql(demo_server, TARGETS, {"year": None})
    shown = _shown_targets(page)
    assert len(shown) == 13
    assert shown == _expected_targets(answer)
    totals = answer["budget"]["totals"]
    assert figures(page, ".totals") == {
        **{name: totals[name] for name in ("allocated", "committed", "paid", "available")},
        "executionRate": page.get_attribute(".totals [data-figure=executionRate]", "data-value"),
    }
    assert float(figures(page, ".totals")["executionRate"]) == totals["executionRate"]
    assert texts(page, ".totals")["paid"] == vnd(totals["paid"])
    assert texts(page, ".totals")["executionRate"] == rate(totals["executionRate"])
    assert page.text_content("html").count("IV.") >= 6  # the content tree's items
    screenshot(page, "program")

    go(page, "#/program?year=2024")
    answer_2024 = graphql(demo_server, TARGETS, {"year": 2024})
    assert _shown_targets(page) == _expected_targets(answer_2024)
    assert figures(page, ".totals")["paid"] == answer_2024["budget"]["totals"]["paid"]
    assert errors == []


def test_signed_in_users_see_money_per_content_item(offline_context, demo_server) -> None:
    bearer = token("auditor")
    page, errors = new_page(offline_context, bearer)
    open_view(page, f"{demo_server}/")
    items = graphql(demo_server, REVIEW, bearer=bearer)["programReview"]["items"]
    for code in ("IV.1", "IV.2.a"):
        expected = sum(
            int(i["paid"])
            for i in items
            if i["contentCode"] == code or i["contentCode"].startswith(f"{code}.")
        )
        shown = page.get_attribute(f'[data-content="{code}"] [data-figure="paid"]', "data-value")
        assert shown == str(expected), code
    assert errors == []


def test_first_render_of_the_program_view_from_a_cold_browser_is_measured(
    browser, demo_server, capsys
) -> None:
    from tests.browser.conftest import keep_offline

    asked: list[str] = []
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    keep_offline(context, asked)
    page, errors = new_page(context)
    open_view(page, f"{demo_server}/")
    page.wait_for_selector("#targets tbody tr")
    figures_ms = page.evaluate("performance.getEntriesByName('figures-visible')[0].startTime")
    context.close()
    with capsys.disabled():
        print(f"\ndashboard first render (navigation start → figures visible): {figures_ms:.0f} ms")
    assert asked == []
    assert errors == []


def test_english_switch_and_phone_width(offline_context, demo_server) -> None:
    page, errors = new_page(offline_context)
    page.set_viewport_size(PHONE_VIEWPORT)
    open_view(page, f"{demo_server}/")
    assert page.get_attribute("html", "lang") == "vi"
    # The keyboard's first stop is the skip link, which takes the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.is_visible("text=Chỉ tiêu")
    before = page.evaluate("document.querySelector('main').dataset.rendered")
    page.click("#lang")
    page.wait_for_function("b => document.querySelector('main').dataset.rendered !== b", arg=before)
    assert page.get_attribute("html", "lang") == "en"
    assert page.is_visible("#targets-heading:has-text('Targets')")
    # Nothing wider than the phone's screen: the page scrolls down, not sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    # Every form control has a label.
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
            .filter(e => !e.labels?.length && !e.getAttribute('aria-label')).map(e => e.id)"""
    )
    assert unlabelled == []
    screenshot(page, "program-phone-en")
    page.evaluate("localStorage.clear()")
    assert errors == []


def test_every_view_fits_a_phone_and_the_slider_s_dates_do_not_overlap(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context, token("district", "720"))
    page.set_viewport_size(PHONE_VIEWPORT)
    for view in ("program", "budget", "projects", "audit"):
        open_view(page, f"{demo_server}/#/{view}")
        # The projects view's content select (long item titles) once widened the page to 570 px.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_VIEWPORT["width"], (view, width)
    wait_scale_dates(page)
    boxes = page.eval_on_selector_all(
        ".scale .tick",
        """ticks => ticks.filter(t => t.offsetParent !== null).map(t => {
            const box = t.getBoundingClientRect(); return [box.left, box.right]; })""",
    )
    assert len(boxes) >= 2
    for (_, right), (left, _) in itertools.pairwise(boxes):
        assert right <= left, boxes
    assert errors == []


def test_a_unit_s_reader_is_told_the_totals_and_content_tree_are_the_whole_program_s(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context, token("district", "720"))
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/program")
    # The targets are the unit's; programReview has no unit breakdown, so the tree says whose
    # money it shows.
    assert page.input_value("#filter-unit") == "720"
    assert "toàn chương trình" in page.text_content("#contents-scope")
    # So are the budget totals above the targets.
    assert "toàn chương trình" in page.text_content("#totals-scope")
    open_view(page, f"{demo_server}/#/program?unit=all")
    assert page.query_selector("#contents-scope") is None
    assert page.query_selector("#totals-scope") is None
    assert errors == []
