"""An API that reads the read model on a PostgreSQL streaming replica and writes to the primary:
the money story through it, read-your-writes waiting for the replica, /readyz reporting its lag,
and the same figures as the primary's.

The primary and its replica are clusters of the test's own (tests/clusters.py): initdb, then
``pg_basebackup -R`` into a second folder, both started on free ports."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from starlette.testclient import TestClient

from projections.queries import ReadModel
from scripts.bootstrap import bootstrap, create_api, start_projector
from scripts.settings import Settings
from tests.clusters import Cluster, postgres_bin, replica_of, temporary_cluster
from tests.e2e.api_client import SECRET, Api
from tests.e2e.test_api_users import PAY, _approved_projects
from tests.support import ledgers, with_ledger

pytestmark = pytest.mark.postgres
DATABASE = "ledger"
REPLICA_WAIT_S = 30
TOTALS = """query { budget(programCode: "BD-KC-2025", year: 2024) { position
  totals { allocated committed paid available advancesOutstanding executionRate } } }"""


def _database(cluster: Cluster) -> str:
    return cluster.url.rsplit("/", 1)[0] + f"/{DATABASE}"


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("the PostgreSQL server programs are required under CI")
        pytest.skip("no PostgreSQL server programs (initdb, pg_basebackup) here")
    with temporary_cluster(wal_level="replica", max_wal_senders="4") as primary:
        with psycopg.connect(primary.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        with replica_of(primary) as replica:
            yield primary, replica


@pytest.fixture
def api(clusters: tuple[Cluster, Cluster]) -> Iterator[tuple[Api, Any]]:
    primary, replica = clusters
    settings = Settings.from_env(
        {
            "KHUYENCONG_DATABASE_URL": _database(primary),
            "KHUYENCONG_READ_DATABASE_URL": _database(replica),
            "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
            "KHUYENCONG_SECRET": SECRET,
        }
    )
    with ledgers(_database(primary)) as make:
        scenario = with_ledger(make)
        with bootstrap(settings, ledger=scenario.ledger) as services:
            stop = threading.Event()
            projector = start_projector(scenario.ledger, services.store, settings, stop)
            services.read_model.wait_for(scenario.ledger.head_position(), REPLICA_WAIT_S)
            try:
                with TestClient(create_api(services), raise_server_exceptions=False) as client:
                    yield Api(client, scenario.ledger, services.read_model), services
            finally:
                stop.set()
                projector.join(timeout=10)


def _replay(replica: Cluster, action: str) -> None:
    with psycopg.connect(_database(replica), autocommit=True) as conn:
        conn.execute(f"SELECT pg_wal_replay_{action}()")


def test_the_money_story_through_an_api_reading_a_replica(api, clusters):
    client, services = api
    _, replica = clusters
    assert services.read_model.store is not services.store  # reads go elsewhere than writes

    (pid,) = _approved_projects(client, 1)
    paid = client.post(
        PAY,
        {"id": pid, "amount": "100000000", "voucher": "UNC-1", "kind": "PAYMENT"},
        role="center",
    ).json()["data"]["recordPayment"]
    # The mutation waited for the replica to show it: its read-back is there.
    assert paid["userErrors"] == []
    assert paid["project"]["paid"] == "100000000"

    _replay(replica, "pause")
    try:
        more = client.data(
            PAY,
            {"id": pid, "amount": "50000000", "voucher": "UNC-2", "kind": "PAYMENT"},
            role="center",
            headers={},
        )["recordPayment"]
        position = int(more["position"])
        assert more["project"] is None  # committed; the replica does not show it yet
        primary_reads = ReadModel(services.store, services.ledger.recorder)
        primary_reads.wait_for(position, REPLICA_WAIT_S)
        stale = client.data(TOTALS, role="finance")["budget"]
        assert int(stale["position"]) < position
        assert stale["totals"]["paid"] == "100000000"
        ready = client.client.get("/readyz").json()
        assert ready["replica"]["inRecovery"] is True
        assert ready["replica"]["lagPositions"] >= 1
        assert ready["replica"]["lagBytes"] > 0
    finally:
        _replay(replica, "resume")

    # Read-your-writes: X-Min-Position waits until the replica has replayed the write.
    fresh = client.data(TOTALS, role="finance", headers={"X-Min-Position": str(position)})
    budget = fresh["budget"]
    assert int(budget["position"]) >= position
    assert budget["totals"]["paid"] == "150000000"
    # The replica's figures are the primary's, figure by figure, at the same position.
    at_primary = primary_reads.budget("BD-KC-2025", 2024).totals
    assert budget["totals"]["allocated"] == str(at_primary.allocated)
    assert budget["totals"]["committed"] == str(at_primary.committed)
    assert budget["totals"]["available"] == str(at_primary.available)
    assert budget["totals"]["advancesOutstanding"] == str(at_primary.advances_outstanding)
    ready = client.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["replica"]["lagPositions"] == 0
