"""A live subscription across terminated database connections: it keeps its socket and
resumes from its last position by itself (a real server process on PostgreSQL)."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import _empty_postgres
from tests.e2e.test_live_server import REGISTER, _connect, _next, _post, _subscribe, server
from tests.faults.database import terminate_backends

__all__ = ["server"]  # the live server fixture, here over this module's PostgreSQL database


@pytest.fixture
def database_url(postgres_url):
    _empty_postgres(postgres_url)
    return postgres_url


@pytest.mark.postgres
def test_a_subscription_survives_terminated_backends_and_delivers_the_next_entries(
    server, postgres_url
):
    with _connect(server) as socket_:
        _subscribe(socket_, after=0)
        assert _next(socket_)["type"] == "Program.Defined"
        assert terminate_backends(postgres_url) > 0
        time.sleep(0.5)  # the subscription polls across the termination
        written = _post(server, REGISTER, {"tax": "3702100007"}, "center")
        assert written["data"]["registerEstablishment"]["userErrors"] == []
        live = _next(socket_)
        assert live["position"] == written["data"]["registerEstablishment"]["position"]
        socket_.send(json.dumps({"type": "ping"}))
        assert json.loads(socket_.recv(timeout=10))["type"] == "pong"
