"""Projects: anonymous visitors see no project details; signed-in users search without
diacritics, page through the register, and read a project's money, outputs and timeline."""

from __future__ import annotations

from tests.browser.dashboard import (
    VIEWPORT,
    go,
    graphql,
    new_page,
    open_view,
    screenshot,
    token,
    vnd,
)

SEARCH = """query($search: String, $after: String) {
  projects(programCode: "BD-KC-2025", search: $search, first: 20, after: $after) {
    totalCount pageInfo { endCursor } edges { node { id code approvedSupport paid } } } }"""
PROJECT = """query($id: ID!) { project(id: $id) {
    code approvedSupport paid history { position type documentRef actor } } }"""


def _codes(page) -> list[str]:
    return page.eval_on_selector_all("#projects tbody tr", "rows => rows.map(r => r.dataset.code)")


def test_anonymous_visitors_do_not_see_project_details(offline_context, demo_server) -> None:
    bearer = token("auditor")
    some = graphql(demo_server, SEARCH, {"search": None}, bearer)["projects"]["edges"][0]["node"]
    page, errors = new_page(offline_context)
    for fragment in ("#/projects", f"#/project/{some['id']}"):
        open_view(page, f"{demo_server}/{fragment}")
        assert page.query_selector("#projects tbody tr, #timeline, #project-money") is None
        assert page.get_attribute("main [data-code]", "data-code") == "FORBIDDEN"
        assert some["code"] not in page.text_content("main")
    assert errors == []


def test_search_ignores_diacritics_and_pages_follow_the_api(offline_context, demo_server) -> None:
    bearer = token("auditor")
    page, errors = new_page(offline_context, bearer)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/projects")
    first = graphql(demo_server, SEARCH, {"search": None}, bearer)["projects"]
    assert page.get_attribute("#projects-count", "data-total") == str(first["totalCount"])
    assert _codes(page) == [e["node"]["code"] for e in first["edges"]]
    row = first["edges"][0]["node"]
    shown = page.text_content(f'#projects tr[data-code="{row["code"]}"] [data-figure="paid"]')
    assert shown == vnd(row["paid"])
    screenshot(page, "projects")

    page.click("text=Trang sau")
    second = graphql(
        demo_server, SEARCH, {"search": None, "after": first["pageInfo"]["endCursor"]}, bearer
    )["projects"]
    page.wait_for_selector(f'#projects tr[data-code="{second["edges"][0]["node"]["code"]}"]')
    assert _codes(page) == [e["node"]["code"] for e in second["edges"]]

    page.fill("#filter-q", "go")
    page.press("#filter-q", "Enter")
    page.wait_for_url("**q=go**")
    page.wait_for_function("() => !document.querySelector('main').hasAttribute('aria-busy')")
    plain = graphql(demo_server, SEARCH, {"search": "go"}, bearer)["projects"]
    marked = graphql(demo_server, SEARCH, {"search": "gỗ"}, bearer)["projects"]
    assert plain["totalCount"] == marked["totalCount"] > 0
    page.wait_for_selector(f'#projects-count[data-total="{plain["totalCount"]}"]')
    assert _codes(page) == [e["node"]["code"] for e in plain["edges"]]
    assert errors == []


def test_a_project_page_tells_its_story_with_its_money(offline_context, demo_server) -> None:
    bearer = token("auditor")
    node = graphql(demo_server, SEARCH, {"search": "KC-2021-001"}, bearer)["projects"]["edges"]
    project_id = node[0]["node"]["id"]
    project = graphql(demo_server, PROJECT, {"id": project_id}, bearer)["project"]
    page, errors = new_page(offline_context, bearer)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/projects?q=KC-2021-001")
    page.click(f"text={project['code']}")
    page.wait_for_selector("#timeline li")
    money = page.eval_on_selector_all(
        "#project-money [data-figure]",
        "cells => Object.fromEntries(cells.map(c => [c.dataset.figure, c.dataset.value]))",
    )
    assert money["approvedSupport"] == project["approvedSupport"]
    assert money["paid"] == project["paid"]
    timeline = page.eval_on_selector_all(
        "#timeline li", "items => items.map(i => [Number(i.dataset.position), i.dataset.type])"
    )
    assert timeline == [[e["position"], e["type"]] for e in project["history"]]
    text = page.text_content("#timeline")
    assert all(e["documentRef"] in text and e["actor"] in text for e in project["history"])
    assert page.get_attribute("#outputs-accepted li", "data-indicator")
    screenshot(page, "project")
    go(page, "#/projects")
    assert errors == []
