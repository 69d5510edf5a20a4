"""Helpers of the dashboard's browser tests: the same GraphQL the page sends, asked over HTTP
by the test, tokens, opening a view and waiting until it has rendered, and screenshots."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

from api.auth import mint
from tests.e2e.api_client import KEYS

PROGRAM = "BD-KC-2025"
VIEWPORT = {"width": 1280, "height": 800}
PHONE_VIEWPORT = {"width": 390, "height": 844}
RENDER_LIMIT_MS = 15_000


def token(role: str, unit: str | None = None) -> str:
    return mint(KEYS, f"{role}.dashboard", role, unit, 3600)


def graphql(
    base: str, query: str, variables: dict[str, Any] | None = None, bearer: str | None = None
) -> Any:
    headers = {"content-type": "application/json"}
    if bearer:
        headers["authorization"] = f"Bearer {bearer}"
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"{base}/graphql", body, headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]


def vnd(digits: str) -> str:
    """The page's money format: "1234567" → "1.234.567 đ"."""
    negative = digits.startswith("-")
    body = digits.lstrip("-")
    groups = []
    while body:
        groups.insert(0, body[-3:])
        body = body[:-3]
    return f"{'-' if negative else ''}{'.'.join(groups)} đ"


def rate(value: float | None) -> str:
    """The page's rate format in Vietnamese: 0.6409 → "64,09 %"."""
    return "—" if value is None else f"{value * 100:.2f}".replace(".", ",") + " %"


class ScriptErrors(list[str]):
    """Uncaught errors of a page's scripts; a test ends by asserting there were none."""


def new_page(context: Any, bearer: str | None = None) -> tuple[Any, ScriptErrors]:
    """A page of `context`, signed in with `bearer` if given, and the list of its script errors."""
    if bearer:
        context.add_init_script(f"sessionStorage.setItem('khuyencong.token', {json.dumps(bearer)})")
    page = context.new_page()
    errors = ScriptErrors()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def rendered(page: Any) -> str | None:
    return page.evaluate("document.querySelector('main')?.dataset.rendered ?? null")


def open_view(page: Any, url: str) -> None:
    """Navigates to `url` (a full page load) and waits until its view has rendered."""
    page.goto(url)
    wait_rendered(page, None)


def wait_rendered(page: Any, before: str | None) -> None:
    """Waits until the view has rendered again since `before` (a `rendered` value)."""
    page.wait_for_function(
        """before => {
            const main = document.querySelector('main');
            return main && main.dataset.rendered && main.dataset.rendered !== before
                && !main.hasAttribute('aria-busy');
        }""",
        arg=before,
        timeout=RENDER_LIMIT_MS,
    )


def go(page: Any, fragment: str) -> None:
    """Moves to another view in the same page, as a link does, and waits for it."""
    before = rendered(page)
    page.evaluate("fragment => { location.hash = fragment; }", fragment)
    wait_rendered(page, before)


def figures(page: Any, selector: str) -> dict[str, str]:
    """figure name → the digits the page shows under `selector` (from data-value)."""
    return page.eval_on_selector_all(
        f"{selector} [data-figure]",
        "cells => Object.fromEntries(cells.map(c => [c.dataset.figure, c.dataset.value]))",
    )


def texts(page: Any, selector: str) -> dict[str, str]:
    """figure name → the text the page shows under `selector`."""
    return page.eval_on_selector_all(
        f"{selector} [data-figure]",
        "cells => Object.fromEntries(cells.map(c => [c.dataset.figure, c.textContent.trim()]))",
    )


def wait_scale_dates(page: Any) -> None:
    """The slider's dates arrive after the view (the journal's times are read page by page)."""
    page.wait_for_function(
        "() => { const ticks = [...document.querySelectorAll('.scale .tick')];"
        " return ticks.length >= 2 && ticks.every(tick => tick.textContent.includes('/')); }",
        timeout=RENDER_LIMIT_MS,
    )


def screenshot(page: Any, name: str) -> None:
    """Saves a PNG of the page when KHUYENCONG_SCREENSHOTS names a folder (docs/dashboard/)."""
    folder = os.environ.get("KHUYENCONG_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    wait_scale_dates(page)  # a picture for the docs shows them
    page.screenshot(path=str(Path(folder) / f"{name}.png"))
