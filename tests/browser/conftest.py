"""Browser tests: Debian's Chromium driven by Playwright for Python, against a real server.

Every page is opened offline: a request to any host but the server's own is aborted and recorded,
and the test fails if one was made, so nothing the pages need may come from the internet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.api_client import SECRET
from tests.servers import khuyencong, served

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("KHUYENCONG_CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        message = f"no Chromium at {path} (./scripts/test installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


# Package scope: Playwright's synchronous API runs an event loop in the main thread while it is
# open, and the tests after this package call asyncio.run() there.
@pytest.fixture(scope="package")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True)
        yield chromium
        chromium.close()


class ForeignRequests(list[str]):
    """URLs a page asked of another host; each was aborted."""


@pytest.fixture
def foreign_requests() -> ForeignRequests:
    return ForeignRequests()


def keep_offline(context, foreign_requests: list[str]) -> None:
    """Lets only the local machine answer the context's pages; records and aborts the rest."""

    def route(route_, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route_.continue_()
        else:
            foreign_requests.append(request.url)
            route_.abort()

    context.route("**/*", route)


@pytest.fixture
def offline_context(browser, foreign_requests: ForeignRequests) -> Iterator[object]:
    """A browser context in which only the local machine answers."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    keep_offline(context, foreign_requests)
    yield context
    context.close()
    assert list(foreign_requests) == [], "pages asked hosts other than the server"


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`khuyencong serve` over the demo ledger on SQLite; yields the base URL."""
    where = tmp_path_factory.mktemp("demo-server")
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{where / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
    }
    khuyencong(["demo"], where, env)
    with served(where, env) as base:
        yield base


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
