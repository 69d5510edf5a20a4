"""A page on another origin calls the API with a token: it reads the answer when its origin is in
KHUYENCONG_ALLOWED_ORIGINS, and the browser keeps the answer from it when it is not."""

from __future__ import annotations

import functools
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.auth import mint
from tests.e2e.api_client import KEYS, SECRET
from tests.servers import served

ANSWER_LIMIT_MS = 15_000
# The page asks the API given in its address, with the token given there, and shows the outcome.
PAGE = """<!doctype html>
<meta charset="utf-8">
<title>Dashboard</title>
<pre id="outcome">waiting</pre>
<script>
  const asked = new URLSearchParams(location.search);
  fetch(asked.get("api") + "/graphql", {
    method: "POST",
    headers: {
      "Authorization": "Bearer " + asked.get("token"),
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ query: "{ journal(first: 1) { totalCount } }" }),
  })
    .then((response) => response.json())
    .then((answer) => { outcome.textContent = "answer " + JSON.stringify(answer); })
    .catch((error) => { outcome.textContent = "failed " + error.name; });
</script>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def dashboards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The same page on two local origins (two ports): (listed, not listed)."""
    where = tmp_path_factory.mktemp("dashboard")
    (where / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(where))
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        listed, other = (f"http://127.0.0.1:{server.server_address[1]}" for server in servers)
        yield listed, other
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def api_allowing(
    dashboards: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A ledger's API that lists the first page's origin only."""
    where = tmp_path_factory.mktemp("api")
    env = {
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{where / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
        "KHUYENCONG_ALLOWED_ORIGINS": dashboards[0],
    }
    with served(where, env) as base:
        yield base


def _outcome(context, page_origin: str, api: str) -> str:
    token = mint(KEYS, "auditor.tester", "auditor", None, 600)
    page = context.new_page()
    page.goto(f"{page_origin}/?" + urllib.parse.urlencode({"api": api, "token": token}))
    page.wait_for_function(
        "document.getElementById('outcome').textContent !== 'waiting'", timeout=ANSWER_LIMIT_MS
    )
    return str(page.text_content("#outcome"))


def test_a_page_on_a_listed_origin_reads_the_answer(
    offline_context, dashboards, api_allowing
) -> None:
    outcome = _outcome(offline_context, dashboards[0], api_allowing)
    assert outcome.startswith('answer {"data":{"journal":{"totalCount":'), outcome


def test_a_page_on_another_origin_cannot_read_the_answer(
    offline_context, dashboards, api_allowing
) -> None:
    assert _outcome(offline_context, dashboards[1], api_allowing) == "failed TypeError"


def test_a_public_answer_given_again_from_memory_is_marked_for_the_listed_origin(
    dashboards, api_allowing
) -> None:
    for _ in range(3):
        request = urllib.request.Request(
            f"{api_allowing}/graphql",
            data=json.dumps({"query": "{ programs { code } }"}).encode(),
            headers={"Content-Type": "application/json", "Origin": dashboards[0]},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Access-Control-Allow-Origin"] == dashboards[0]
            assert response.headers.get_all("Vary") == ["Origin"]
            assert json.loads(response.read())["data"]["programs"][0]["code"] == "BD-KC-2025"
