"""Faults of the database itself, as a test causes them: backends terminated, a server stopped."""

from __future__ import annotations

import psycopg
from psycopg import sql


def terminate_backends(url: str) -> int:
    """Ends every other connection to the test's own database; how many it ended."""
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def create_database(server_url: str, name: str) -> str:
    """Creates database `name` on the server `server_url` reaches; the URL of the new one."""
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_url.rsplit("/", 1)[0] + f"/{name}"
