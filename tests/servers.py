"""A real `khuyencong serve` process for the tests that need one (browsers, Node clients)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

START_LIMIT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def khuyencong(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> None:
    """Runs one CLI command to completion; its output is shown only when it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.cli", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise AssertionError(f"khuyencong {' '.join(args)}: {done.stdout}{done.stderr}")


@contextmanager
def served(
    cwd: Path,
    env: Mapping[str, str],
    extra_args: Sequence[str] = (),
    program: Sequence[str] = (sys.executable, "-m", "scripts.cli"),
) -> Iterator[str]:
    """Starts `khuyencong serve` on a free port and yields its base URL once /readyz answers.
    ``program`` is how `khuyencong` is run: by default from this checkout."""
    port = free_port()
    process = subprocess.Popen(
        [*program, "serve", "--port", str(port), *extra_args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_LIMIT_S
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError("the server did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
