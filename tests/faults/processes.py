"""`khuyencong serve` and `khuyencong projector` as real processes that a fault test may kill
with SIGKILL and start again, on the same port, so its clients carry on against the same URL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.api_client import SECRET
from tests.servers import free_port

START_LIMIT_S = 60


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """What the processes of a fault test run with: its database and the tests' secret."""
    return {
        **os.environ,
        "KHUYENCONG_DATABASE_URL": database_url,
        "KHUYENCONG_SECRET": SECRET,
        "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
        **extra,
    }


def status(url: str, timeout_s: float) -> int | None:
    """The HTTP status of a GET, or None when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return None


def readiness(base: str) -> dict[str, Any]:
    """What /readyz says (its JSON, whether 200 or 503); empty when nothing answered."""
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=5) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        return dict(json.loads(error.read()))
    except OSError:
        return {}


class Process:
    """One CLI command run as its own process; its output goes to a log file for failures."""

    def __init__(self, args: list[str], cwd: Path, env: Mapping[str, str], log_name: str) -> None:
        self.args = args
        self.cwd = cwd
        self.env = dict(env)
        self.log = cwd / log_name
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scripts.cli", *self.args],
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine or the OOM killer ends it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


class Server(Process):
    """`khuyencong serve` on a port of its own that stays the same across restarts."""

    def __init__(self, cwd: Path, env: Mapping[str, str]) -> None:
        self.port = free_port()
        super().__init__(["serve", "--port", str(self.port)], cwd, env, "serve.log")
        self.base = f"http://127.0.0.1:{self.port}"

    def start_ready(self) -> float:
        """Starts the server; how long it took until /readyz answered 200."""
        started = time.monotonic()
        self.start()
        while status(f"{self.base}/readyz", 1) != 200:
            if time.monotonic() - started > START_LIMIT_S or self.exited():
                raise AssertionError(f"the server did not become ready:\n{self.output()}")
            time.sleep(0.02)
        return time.monotonic() - started


@contextmanager
def serving(cwd: Path, env: Mapping[str, str]) -> Iterator[Server]:
    server = Server(cwd, env)
    server.start_ready()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def projecting(cwd: Path, env: Mapping[str, str]) -> Iterator[Process]:
    projector = Process(["projector"], cwd, env, "projector.log")
    projector.start()
    try:
        yield projector
    finally:
        projector.stop()
