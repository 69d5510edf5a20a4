"""`khuyencong serve` on a port another process holds says so, and nothing else: it used to
announce "serving" first, so the requests a reader then sent went to the other server."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

from scripts.api_commands import _bound_socket
from tests.e2e.api_client import SECRET


def test_serve_on_a_busy_port_is_refused_before_it_announces_anything(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "scripts.cli", "serve", "--port", str(port)],
            cwd=tmp_path,
            env={
                **os.environ,
                "KHUYENCONG_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
                "KHUYENCONG_SECRET": SECRET,
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "PORT_IN_USE" in done.stderr
    assert f"127.0.0.1:{port}" in done.stderr
    assert "serving" not in done.stderr
    assert not (tmp_path / "ledger.db").exists()  # refused before the ledger was opened


def test_connections_to_the_bound_port_send_without_waiting_for_acknowledgements() -> None:
    """uvicorn serves on the socket ``serve`` binds; asyncio turns Nagle's algorithm off on
    the connections it accepts only when that socket is a TCP one by its protocol number.
    With Nagle on, every answer after a connection's first waited about 40 ms for the
    client's delayed acknowledgement (the bench measured 44 ms p50 for every request)."""
    listening = _bound_socket("127.0.0.1", 0)
    port = listening.getsockname()[1]
    accepted: list[int] = []

    async def exchange() -> None:
        def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            accepted.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connection, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            while not accepted:
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(asyncio.wait_for(exchange(), timeout=10))
    assert accepted
    assert accepted[0] != 0
