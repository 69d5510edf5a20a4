"""GraphiQL at /graphql, offline: the page, its explorer, a query typed and run, a subscription
received, all from the server itself (the offline context fails the test on any other host)."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from api.auth import mint
from tests.e2e.api_client import KEYS

PROGRAMS = "{ programs { code titleEn periodStart } }"
LOAD_LIMIT_S = 30
LOAD_LIMIT_MS = LOAD_LIMIT_S * 1000


def _post(base: str, query: str, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _result(page, field: str) -> Any:
    """What the result pane shows once it answers ``field``, read back as JSON. Polled from here:
    the page's Content-Security-Policy forbids the eval that Playwright's waiting in the page uses.
    """
    deadline = time.monotonic() + LOAD_LIMIT_S
    while True:
        text = page.evaluate(
            "document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()"
        )
        if f'"{field}"' in text:
            return json.loads(text)
        assert time.monotonic() < deadline, f"the result pane shows {text!r}"
        page.wait_for_timeout(50)


def _open(page, url: str, errors: list[str]) -> None:
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=LOAD_LIMIT_MS)


def test_a_query_typed_in_graphiql_shows_the_api_s_answer_offline(
    offline_context, demo_server
) -> None:
    page = offline_context.new_page()
    errors: list[str] = []
    _open(page, f"{demo_server}/graphql", errors)
    page.click(".graphiql-query-editor .CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(PROGRAMS)
    page.keyboard.press("Escape")  # closes the completion list, if one is open
    page.click(".graphiql-execute-button")
    shown = _result(page, "programs")
    assert shown == _post(demo_server, PROGRAMS)
    assert "BD-KC-2025" in [program["code"] for program in shown["data"]["programs"]]
    assert errors == []


def test_the_explorer_lists_the_schema_s_root_fields(offline_context, demo_server) -> None:
    page = offline_context.new_page()
    errors: list[str] = []
    _open(page, f"{demo_server}/graphql", errors)
    page.click("button[aria-label='Show GraphiQL Explorer']")
    explorer = page.wait_for_selector(".graphiql-explorer-root", timeout=LOAD_LIMIT_MS)
    fields = explorer.inner_text()
    assert "programs" in fields
    assert "ledgerHead" in fields
    assert errors == []


def test_a_subscription_run_in_graphiql_receives_journal_entries(
    offline_context, demo_server
) -> None:
    token = mint(KEYS, "auditor.tester", "auditor", None, 600)
    head = _post(demo_server, "{ ledgerHead { position } }")["data"]["ledgerHead"]["position"]
    query = f"subscription {{ journal(after: {head - 1}) {{ position type }} }}"
    address = "/graphql?" + urllib.parse.urlencode(
        {"q": query, "headers": json.dumps({"Authorization": f"Bearer {token}"})}
    )
    page = offline_context.new_page()
    errors: list[str] = []
    _open(page, demo_server + address, errors)
    page.click(".graphiql-execute-button")
    shown = _result(page, "journal")
    entry = shown["data"]["journal"]
    assert entry["position"] == head  # the ledger's last event, the one after head - 1
    assert re.fullmatch(r"[A-Z]\w+\.[A-Z]\w+", entry["type"]), entry  # e.g. Payment.Recorded
    assert errors == []


def test_the_page_loads_only_its_own_files_which_browsers_may_keep_a_year(demo_server) -> None:
    request = urllib.request.Request(f"{demo_server}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=30) as response:
        html = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert "http://" not in html
    assert "https://" not in html
    assert "default-src 'self'" in policy
    loaded = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(loaded) == 9  # the icon (data:,), three style sheets, five scripts
    for address in loaded:
        if address.startswith("data:"):
            continue
        assert address.startswith("graphiql/"), address  # beside /graphql
        with urllib.request.urlopen(f"{demo_server}/{address}", timeout=30) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = re.sub(r"graphiql/[0-9a-f]+/", "graphiql/0123456789abcdef/", loaded[-1])
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{demo_server}/{stale}", timeout=30)
    refused.value.close()
    assert refused.value.code == 404
