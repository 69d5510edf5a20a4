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
from psycopg_pool.base import AttemptWithBackoff

# While the server is away the pool tries to connect again after 1 s, then 2 s, 4 s, 8 s, 16 s:
# after a 40 s outage the first request sent once the server was back waited 22 s more for the
# next try. Trying every second (give or take the pool's jitter) finds the server about a
# second after it is back; a connection attempt to a server that is away costs next to nothing.
RECONNECT_EVERY_S = 1.0
AttemptWithBackoff.INITIAL_DELAY = RECONNECT_EVERY_S
AttemptWithBackoff.DELAY_BACKOFF = 1.0


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
