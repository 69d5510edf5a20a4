"""Backends for the tests: every persistence test runs on SQLite and on PostgreSQL.

PostgreSQL comes from KHUYENCONG_TEST_POSTGRES_URL (default: the local server). The tests create
one database of their own, empty it between tests and drop it at the end. Without a server the
PostgreSQL tests are skipped locally and fail under CI (when CI is set).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from scripts.bootstrap import bootstrap
from scripts.settings import Settings, parse_database_url
from tests.support import LedgerFactory, ReadSide, Scenario, ledgers, with_ledger

ADMIN_URL = os.environ.get(
    "KHUYENCONG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _admin_connect() -> psycopg.Connection:
    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        admin = _admin_connect()
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {error}")
        pytest.skip(f"no PostgreSQL server: {error}")
    name = f"khuyencong_test_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # A commit need not wait for its WAL to reach the disk: the tests never crash this
        # server, and on a busy disk each wait cost more than the statement.
        admin.execute(
            sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name))
        )
    base = parse_database_url(ADMIN_URL)
    auth = base.user + (f":{base.password}" if base.password else "")
    yield f"postgresql://{auth}@{base.host}:{base.port}/{name}"
    with _admin_connect() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _empty_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        if tables:
            names = sql.SQL(", ").join(sql.Identifier(t[0]) for t in tables)
            conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(names))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


@pytest.fixture
def make_ledger(database_url: str) -> Iterator[LedgerFactory]:
    """Builds ledgers over the test's database; each is closed at the end of the test."""
    with ledgers(database_url) as make:
        yield make


@pytest.fixture
def scenario(make_ledger: LedgerFactory) -> Scenario:
    return with_ledger(make_ledger)


@pytest.fixture
def read_side(scenario: Scenario, database_url: str) -> Iterator[ReadSide]:
    """The scenario's read model: its store, a projector and the query layer."""
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=scenario.ledger) as services:
        yield ReadSide(services)


@pytest.fixture
def postgres_ledgers(postgres_url: str) -> Iterator[LedgerFactory]:
    """Ledgers over an emptied PostgreSQL test database, for PostgreSQL-only tests."""
    _empty_postgres(postgres_url)
    with ledgers(postgres_url) as make:
        yield make
