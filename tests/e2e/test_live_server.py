"""A real uvicorn process: GraphQL over HTTP, and a subscription client that receives new
journal entries live and resumes after a disconnect without loss or duplicates."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from api.auth import mint
from tests.e2e.api_client import KEYS, SECRET
from tests.servers import served

SUBSCRIBE = "subscription { journal(after: %d) { position type summary } }"
RECEIVE_LIMIT_S = 10
REGISTER = """mutation($tax: String!) { registerEstablishment(input: {programCode: "BD-KC-2025",
    name: "Hợp tác xã Gốm Tân Phước Khánh", kind: "COOPERATIVE", taxCode: $tax,
    unitCode: "79"}) { userErrors { code message } position } }"""


@pytest.fixture
def server(database_url, tmp_path):
    """A served ledger's host and port (the tests add the scheme: http or ws)."""
    env = {"KHUYENCONG_DATABASE_URL": database_url, "KHUYENCONG_SECRET": SECRET}
    with served(tmp_path, env) as base:
        yield base.removeprefix("http://")


def _post(base: str, query: str, variables: dict[str, Any], role: str) -> Any:
    token = mint(KEYS, f"{role}.tester", role, None, 600)
    request = urllib.request.Request(
        f"http://{base}/graphql",
        method="POST",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _subscribe(socket_: Any, after: int) -> None:
    token = mint(KEYS, "auditor.tester", "auditor", None, 600)
    socket_.send(
        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    )
    assert json.loads(socket_.recv(timeout=RECEIVE_LIMIT_S))["type"] == "connection_ack"
    socket_.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE % after},
            }
        )
    )


def _connect(base: str) -> Any:
    return connect(
        f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"], open_timeout=RECEIVE_LIMIT_S
    )


def _next(socket_) -> dict[str, Any]:
    message = json.loads(socket_.recv(timeout=RECEIVE_LIMIT_S))
    assert message["type"] == "next", message
    return message["payload"]["data"]["journal"]


def test_a_subscription_receives_new_entries_live_and_resumes(server):
    with _connect(server) as first:
        _subscribe(first, after=0)
        assert _next(first)["type"] == "Program.Defined"
        written = _post(server, REGISTER, {"tax": "3702000001"}, "center")
        assert written["data"]["registerEstablishment"]["userErrors"] == []
        live = _next(first)
        assert live["type"] == "Establishment.Registered"
        assert live["position"] == written["data"]["registerEstablishment"]["position"]
    missed = _post(server, REGISTER, {"tax": "3702000002"}, "center")
    missed_at = missed["data"]["registerEstablishment"]["position"]
    with _connect(server) as resumed:
        _subscribe(resumed, after=live["position"])
        assert _next(resumed)["position"] == missed_at
        with pytest.raises(TimeoutError):
            resumed.recv(timeout=1)  # nothing twice, nothing extra


def test_a_subscription_with_a_bad_token_is_refused(server):
    with _connect(server) as socket_:
        socket_.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer forged"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            socket_.recv(timeout=RECEIVE_LIMIT_S)
    assert closed.value.rcvd.code == 4403
