"""The budget view shows each year's totals, and to signed-in users every line by year, source
and holder, with the exact figures the API answers."""

from __future__ import annotations

from typing import Any

from tests.browser.dashboard import (
    VIEWPORT,
    graphql,
    new_page,
    open_view,
    screenshot,
    token,
    vnd,
)

FIGURES = ("allocated", "committed", "paid", "available")
YEAR_TOTALS = """query($year: Int) { budget(programCode: "BD-KC-2025", year: $year) {
    totals { allocated committed paid available executionRate } } }"""
LINES = """{ budget(programCode: "BD-KC-2025") {
    totals { allocated committed paid available executionRate }
    lines { year source holder { code name }
            allocated committed paid available executionRate } } }"""


def _rows(page: Any, table: str) -> dict[str, dict[str, str]]:
    return dict(
        page.eval_on_selector_all(
            f"#{table} tr[data-key]",
            """rows => Object.fromEntries(rows.map(r => [r.dataset.key, Object.fromEntries(
                [...r.querySelectorAll('[data-figure]')]
                    .map(c => [c.dataset.figure, c.dataset.value]))]))""",
        )
    )


def _money(figures: dict[str, Any]) -> dict[str, str]:
    return {name: figures[name] for name in FIGURES}


def _strip_rate(rows: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {
        key: {name: value for name, value in row.items() if name != "executionRate"}
        for key, row in rows.items()
    }


def test_anonymous_visitors_see_each_years_totals_not_the_lines(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/budget")
    shown = _rows(page, "budget-years")
    assert list(shown) == ["2021", "2022", "2023", "2024", "2025"]
    for year, row in shown.items():
        totals = graphql(demo_server, YEAR_TOTALS, {"year": int(year)})["budget"]["totals"]
        assert _strip_rate({year: row})[year] == _money(totals)
        shown_rate = float(row["executionRate"]) if row["executionRate"] else None
        assert shown_rate == totals["executionRate"]
        cell = page.text_content(f'#budget-years tr[data-key="{year}"] [data-figure="paid"]')
        assert cell == vnd(totals["paid"])
    assert page.query_selector("#budget-lines") is None
    assert page.locator("svg.chart rect").count() == 15  # 5 years × 3 figures
    assert errors == []


def test_signed_in_users_see_every_line_with_the_apis_figures(offline_context, demo_server) -> None:
    bearer = token("finance")
    page, errors = new_page(offline_context, bearer)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/budget")
    answer = graphql(demo_server, LINES, bearer=bearer)["budget"]
    expected = {
        f"{line['year']}|{line['source']}|{line['holder']['code']} · {line['holder']['name']}": (
            _money(line)
        )
        for line in answer["lines"]
    }
    shown = _strip_rate(_rows(page, "budget-lines"))
    assert shown.pop("total") == _money(answer["totals"])
    assert shown == expected
    # The source reads as its name, not the API's enum value.
    sources = page.eval_on_selector_all(
        "#budget-lines tbody tr", "rows => rows.map(r => r.cells[1].textContent)"
    )
    assert "Ngân sách huyện" in sources
    assert "Ngân sách tỉnh" in sources
    assert not {"DISTRICT", "PROVINCIAL"} & set(sources)
    screenshot(page, "budget")
    assert errors == []
