"""The dashboard's files as the server gives them: the page with its content policy, every
module it preloads, every module's imports present, and nothing outside the folder."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.dashboard import DASHBOARD_DIR, dashboard_routes

IMPORT = re.compile(r"""(?:from|import)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""")


def _client() -> TestClient:
    return TestClient(Starlette(routes=dashboard_routes()))


def test_the_page_is_served_at_the_root_with_a_self_only_content_policy() -> None:
    page = _client().get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert '<script type="module" src="/dashboard/main.js">' in page.text


def test_the_page_preloads_every_module_and_each_is_served_as_javascript() -> None:
    client = _client()
    page = client.get("/").text
    preloaded = set(re.findall(r'rel="modulepreload" href="/dashboard/([^"]+)"', page))
    modules = {str(p.relative_to(DASHBOARD_DIR)) for p in DASHBOARD_DIR.rglob("*.js")}
    assert preloaded == modules
    for module in sorted(modules):
        answer = client.get(f"/dashboard/{module}")
        assert answer.status_code == 200, module
        assert "javascript" in answer.headers["content-type"], module


def test_every_import_names_a_module_that_ships() -> None:
    for path in DASHBOARD_DIR.rglob("*.js"):
        for target in IMPORT.findall(path.read_text(encoding="utf-8")):
            assert (path.parent / target).resolve().is_file(), f"{path.name} imports {target}"


def test_nothing_outside_the_dashboard_folder_is_served() -> None:
    client = _client()
    assert client.get("/dashboard/../dashboard.py").status_code == 404
    assert client.get("/dashboard/%2e%2e/dashboard.py").status_code == 404
