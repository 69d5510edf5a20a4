"""Pooled PostgreSQL connections the server ended (a restart, ``pg_terminate_backend``) are
replaced when drawn, all at once, without a pause.

psycopg_pool's own check (``check=``, which the event store library turns on with
``POSTGRES_PRE_PING``) discards a dead connection and then sleeps before it draws the next one:
a second, then two, then four, one dead connection at a time, so the first command after a
termination took about three seconds. Here the first dead connection drawn makes the pool check
every idle connection at once (``ConnectionPool.check``: dead ones are replaced in the
background) and a live one is drawn at once. The event store's pool and the read model's
(projections/store.py) are both drawn this way.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg_pool import ConnectionPool


def draw_live_connections(pool: ConnectionPool[Any]) -> None:
    """Makes every draw from `pool` (``getconn()``, and ``connection()`` through it) check the
    connection first; a dead one makes the pool replace every dead one, and a live one is drawn.
    Installed on the pool itself, so it also serves a library that draws from it (the event
    store's)."""
    plain_getconn = pool.getconn

    def getconn(timeout: float | None = None) -> Any:
        conn = plain_getconn(timeout)
        try:
            ConnectionPool.check_connection(conn)
        except psycopg.OperationalError:
            pool.putconn(conn)  # a broken connection is discarded, and a new one made
            pool.check()
            conn = plain_getconn(timeout)
        return conn

    pool.getconn = getconn  # type: ignore[method-assign]
