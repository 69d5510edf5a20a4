"""`khuyencong serve` on a port another process holds says so, and nothing else: it used to
announce "serving" first, so the requests a reader then sent went to the other server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

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
