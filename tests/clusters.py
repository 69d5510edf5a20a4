"""Temporary PostgreSQL clusters of a test's own: initdb into a temporary folder, started on a free
port, stopped and removed at the end. A test may stop, start or replicate such a cluster without
disturbing the shared server other tests use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port

START_TIMEOUT_S = 60


def postgres_bin() -> Path | None:
    """The folder of the machine's PostgreSQL server programs (initdb, pg_ctl, pg_basebackup)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(args: list[str]) -> list[str]:
    # initdb and the server refuse to run as root; the clusters then belong to "postgres".
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class Cluster:
    """One temporary cluster; `url` reaches its "postgres" database as the superuser "postgres"."""

    bin: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *args: str) -> None:
        subprocess.run(
            _as_owner([str(self.bin / program), *args]),
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )

    def start(self) -> None:
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data.parent / "server.log"),
            "-o",
            f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1",
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


@contextmanager
def temporary_cluster(**settings: str) -> Iterator[Cluster]:
    """Creates and starts a cluster (trust authentication, `settings` as postgresql.conf lines)."""
    bin_ = postgres_bin()
    if bin_ is None:
        raise RuntimeError("no PostgreSQL server programs (initdb) on this machine")
    folder = Path(tempfile.mkdtemp(prefix="khuyencong-cluster-"))
    folder.chmod(0o777)
    data = folder / "data"
    cluster = Cluster(bin_, data, free_port())
    try:
        cluster.run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
            for name, value in settings.items():
                conf.write(f"{name} = {value}\n")
        cluster.start()
        yield cluster
    finally:
        if (data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def replica_of(primary: Cluster) -> Iterator[Cluster]:
    """A streaming replica of ``primary`` (``pg_basebackup -R``: it follows the primary from the
    WAL, read-only), started on a free port; stopped and removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="khuyencong-replica-"))
    folder.chmod(0o777)
    data = folder / "data"
    replica = Cluster(primary.bin, data, free_port())
    try:
        replica.run(
            "pg_basebackup", "-R", "-X", "stream", "-c", "fast", "-D", str(data), "-d", primary.url
        )
        replica.start()
        yield replica
    finally:
        if (data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError):
                replica.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
