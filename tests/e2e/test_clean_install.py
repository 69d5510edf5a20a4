"""The project installed as a user installs it (a fresh virtual environment, `pip install` of the
project without the dev extras) serves GraphQL subscriptions over WebSockets and GraphiQL's files.

The install is timed and printed; pip's cache makes it quick after the first run on a machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from api.auth import mint
from scripts.settings import REPOSITORY_ROOT
from tests.e2e.api_client import KEYS, SECRET
from tests.servers import served

INSTALL_LIMIT_S = 600
RECEIVE_LIMIT_S = 10
# What a source checkout holds that an install does not take: environments, caches, the tests.
NOT_SHIPPED = (".git", ".venv", "build", "*.egg-info", "__pycache__", "*_cache", ".hypothesis")
NOT_SHIPPED += ("node_modules", "tests", "var")
LIST_DISTRIBUTIONS = (
    "import importlib.metadata as m, json; "
    "print(json.dumps([d.metadata['Name'].lower() for d in m.distributions()]))"
)
REGISTER = """mutation { registerEstablishment(input: {programCode: "BD-KC-2025",
    name: "Hợp tác xã Gốm Tân Phước Khánh", kind: "COOPERATIVE", taxCode: "3702000009",
    unitCode: "79"}) { userErrors { code message } position } }"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the project installed from a copy of its sources."""
    where = tmp_path_factory.mktemp("clean-install")
    sources = where / "sources"
    # A copy, so pip's in-tree build leaves nothing in the checkout.
    shutil.copytree(REPOSITORY_ROOT, sources, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    venv = where / "venv"
    started = time.perf_counter()
    # The environment starts empty (no pip of its own: installing one costs more than the
    # project); the tests' pip installs into it, resolving the project's runtime dependencies.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        check=True,
        timeout=INSTALL_LIMIT_S,
    )
    python = str(venv / "bin" / "python")
    install = ["pip", "--python", python, "install", "--quiet", "--no-compile", str(sources)]
    done = subprocess.run(
        [sys.executable, "-m", *install],
        capture_output=True,
        text=True,
        timeout=INSTALL_LIMIT_S,
        env=_without_this_checkout(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\nclean install: {time.perf_counter() - started:.1f} s")
    return venv


def _without_this_checkout() -> dict[str, str]:
    """The environment, minus anything that would let the install see this checkout's packages."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


@pytest.fixture(scope="module")
def server(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`khuyencong serve` as installed, over a new ledger."""
    where = tmp_path_factory.mktemp("clean-install-ledger")
    env = {
        **_without_this_checkout(),
        "KHUYENCONG_DATABASE_URL": f"sqlite:///{where / 'ledger.db'}",
        "KHUYENCONG_SECRET": SECRET,
    }
    # No KHUYENCONG_PROGRAM_FILES: the installed package carries its program file.
    with served(where, env, program=[str(installed / "bin" / "khuyencong")]) as base:
        yield base


def _post(base: str, query: str, role: str) -> Any:
    token = mint(KEYS, f"{role}.tester", role, None, 600)
    request = urllib.request.Request(
        f"{base}/graphql",
        method="POST",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_clean_install_has_the_websocket_library_and_no_dev_extras(installed) -> None:
    listed = subprocess.run(
        [str(installed / "bin" / "python"), "-c", LIST_DISTRIBUTIONS],
        capture_output=True,
        text=True,
        check=True,
    )
    names = set(json.loads(listed.stdout))
    assert "websockets" in names
    assert "pytest" not in names


def test_a_clean_install_serves_the_program_it_ships_without_being_told_where(server) -> None:
    query = """{ program(code: "BD-KC-2025") { code decisionNo }
        targets(programCode: "BD-KC-2025") { target } }"""
    data = _post(server, query, "auditor")["data"]
    assert data["program"] == {"code": "BD-KC-2025", "decisionNo": "1811/QĐ-UBND"}
    assert len(data["targets"]) == 13


def test_a_clean_install_delivers_a_new_journal_entry_to_a_subscriber(server) -> None:
    head = _post(server, "{ ledgerHead { position } }", "auditor")["data"]["ledgerHead"]
    token = mint(KEYS, "auditor.tester", "auditor", None, 600)
    query = f"subscription {{ journal(after: {head['position']}) {{ position type }} }}"
    with connect(
        server.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],
        open_timeout=RECEIVE_LIMIT_S,
    ) as socket_:
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        socket_.send(json.dumps(init))
        assert json.loads(socket_.recv(timeout=RECEIVE_LIMIT_S))["type"] == "connection_ack"
        socket_.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        written = _post(server, REGISTER, "center")["data"]["registerEstablishment"]
        assert written["userErrors"] == []
        message = json.loads(socket_.recv(timeout=RECEIVE_LIMIT_S))
    assert message["type"] == "next", message
    assert message["payload"]["data"]["journal"] == {
        "position": written["position"],
        "type": "Establishment.Registered",
    }


def test_a_clean_install_serves_graphiql_from_its_own_files(server) -> None:
    page = urllib.request.Request(f"{server}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(page, timeout=30) as response:
        html = response.read().decode()
    addresses = re.findall(r'(?:src|href)="(graphiql/[^"]+)"', html)
    assert len(addresses) == 8  # three style sheets, five scripts
    for address in addresses:
        with urllib.request.urlopen(f"{server}/{address}", timeout=30) as response:
            assert response.status == 200
            assert response.read()
