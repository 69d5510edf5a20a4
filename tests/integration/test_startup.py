"""Processes started together on a fresh PostgreSQL database all come up: they race to create
the tables, and the losers try again instead of failing."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from psycopg import sql

from scripts.bootstrap import create_ledger, create_store
from scripts.settings import Settings, parse_database_url
from tests.conftest import ADMIN_URL

PROCESSES = 6


@pytest.fixture
def fresh_database(postgres_url):
    name = f"khuyencong_start_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = parse_database_url(ADMIN_URL)
    auth = base.user + (f":{base.password}" if base.password else "")
    yield f"postgresql://{auth}@{base.host}:{base.port}/{name}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.postgres
def test_replicas_starting_at_once_on_an_empty_database_all_start(fresh_database):
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": fresh_database})
    start = threading.Barrier(PROCESSES)
    failures: list[BaseException] = []
    started = []

    def boot() -> None:
        start.wait()
        try:
            ledger = create_ledger(settings)
            store = create_store(settings)
            started.append((ledger, store))
        except BaseException as error:  # the test reports every failure
            failures.append(error)

    threads = [threading.Thread(target=boot) for _ in range(PROCESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for ledger, store in started:
        store.close()
        ledger.close()
    assert failures == []
    assert len(started) == PROCESSES
