"""``khuyencong bench``: seven measurements, each beside a baseline measured in the same run.

    khuyencong bench [--events N] [--backend sqlite|postgresql|both] [--json FILE] [--small]
                     [--replica-url URL]

Per backend, three fresh databases (created and dropped by the bench):
1. the demo history, then payments through the use cases by one client and by eight, beside a
   raw INSERT+COMMIT (``commands``); then freshness at 200 commands a second (``freshness``);
2. a bulk load of a hundred times the demo's events, beside COPY (``bulk_load``);
3. a synthetic history of N events: the rebuild beside a raw SELECT and the as-of budget query
   (``history``), then the API itself over HTTP beside a plain Starlette endpoint, and its peak
   memory (``serving``); with ``--replica-url``, the signed-in dashboard on one API process
   beside two, the second reading a streaming replica (``replica_reads``).
Prints one table, and writes it as JSON with ``--json``. No goal fails the command: the table
says which are met.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from scripts.benchmarks.bulk_load import measure_bulk_load
from scripts.benchmarks.commands import measure_commands
from scripts.benchmarks.fixtures import ADMIN_URL, bench_database, fund_the_year, inside_the_program
from scripts.benchmarks.freshness import measure_freshness
from scripts.benchmarks.history import measure_as_of, measure_check, measure_rebuild
from scripts.benchmarks.replica_reads import measure_replica_reads
from scripts.benchmarks.report import Row, print_table, write_json
from scripts.benchmarks.restore import measure_restore
from scripts.benchmarks.serving import measure_serving
from scripts.bootstrap import bootstrap, load_programs, start_projector
from scripts.demo import demo_clock, load_demo
from scripts.settings import Settings
from scripts.synthetic import generate

BULK_FACTOR = 100
APART = ", projector apart"
PROJECTOR_STOP_S = 30.0
CATCH_UP_S = 120.0  # the projector applies a round of commands before the next round starts


@dataclass(frozen=True)
class Sizes:
    events: int  # the long history: rebuild, as-of, serving, memory
    commands: int  # per commands measurement (one client, then eight)
    freshness_commands: int
    bulk_factor: int  # the bulk load is this many times the demo's events
    as_of_queries: int
    http_seconds: float
    http_clients: int


FULL = Sizes(1_000_000, 2_000, 2_000, BULK_FACTOR, 300, 10.0, 32)
SMALL = Sizes(2_000, 80, 40, 1, 10, 1.0, 32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="khuyencong bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return bench(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--events", type=int, help=f"events in the long history (default {FULL.events:,})"
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument(
        "--small", action="store_true", help="a run of seconds that checks the bench works"
    )
    parser.add_argument(
        "--history-only",
        action="store_true",
        help="only the long history's rows: rebuild, check, as-of and restore",
    )
    parser.add_argument(
        "--postgres-url",
        default=ADMIN_URL,
        help="a PostgreSQL server where the bench may create and drop databases",
    )
    parser.add_argument(
        "--replica-url",
        help="a streaming replica of --postgres-url's server (any database): adds the row of "
        "reads on the replica",
    )


def bench(args: argparse.Namespace) -> int:
    sizes = SMALL if args.small else FULL
    if args.events is not None:
        if args.events < 100:
            print("khuyencong bench: --events is at least 100", file=sys.stderr)
            return 2
        sizes = Sizes(**{**sizes.__dict__, "events": args.events})
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    if "postgresql" in backends:
        try:
            psycopg.connect(args.postgres_url, connect_timeout=5).close()
        except psycopg.Error as error:
            print(
                f"khuyencong bench: cannot reach PostgreSQL at --postgres-url: {error}".strip(),
                file=sys.stderr,
            )
            return 2
    rows: list[Row] = []
    for backend in backends:
        replica = args.replica_url if backend == "postgresql" else None
        rows += run_backend(
            backend, args.postgres_url, sizes, replica, history_only=args.history_only
        )
    print()
    print_table(rows)
    if args.json is not None:
        postgres_url = args.postgres_url if "postgresql" in backends else None
        write_json(args.json, machine(postgres_url), rows)
    return 0


def run_backend(
    backend: str,
    admin_url: str,
    sizes: Sizes,
    replica_url: str | None = None,
    *,
    history_only: bool = False,
) -> list[Row]:
    if history_only:
        return _history(backend, admin_url, sizes, serve=False)
    rows: list[Row] = []
    with bench_database(backend, admin_url) as url:
        settings = _settings(url)
        demo_events = _load_demo(settings)
        rows += _commands_and_freshness(settings, backend, sizes)
    with bench_database(backend, admin_url) as url:
        settings = _settings(url)
        with bootstrap(settings) as services:
            load_programs(services.ledger, settings)
            rows += measure_bulk_load(
                services.ledger, settings, backend, demo_events, sizes.bulk_factor
            )
    return rows + _history(backend, admin_url, sizes, serve=True, replica_url=replica_url)


def _history(
    backend: str, admin_url: str, sizes: Sizes, *, serve: bool, replica_url: str | None = None
) -> list[Row]:
    """The rows over the long synthetic history, the API's own when ``serve``."""
    rows: list[Row] = []
    with bench_database(backend, admin_url) as url, tempfile.TemporaryDirectory() as work:
        settings = _settings(url)
        with bootstrap(settings) as services:
            load_programs(services.ledger, settings)
            print(f"{backend}: writing a history of {sizes.events:,} events …", file=sys.stderr)
            generate(services.ledger, sizes.events)
            rows.append(measure_rebuild(services.ledger, services.store, settings, backend))
            rows.append(measure_check(services.ledger, services.store, settings, backend))
            rows.append(measure_as_of(services.read_model, backend, sizes.as_of_queries))
            rows.append(measure_restore(services, backend, admin_url, Path(work)))
        if serve:
            rows += measure_serving(
                backend,
                url,
                clients=sizes.http_clients,
                seconds=sizes.http_seconds,
                workdir=Path(work),
            )
        if serve and replica_url is not None:
            rows += measure_replica_reads(
                url,
                same_database(replica_url, url),
                clients=sizes.http_clients,
                seconds=sizes.http_seconds,
                workdir=Path(work),
            )
    return rows


def same_database(server_url: str, database_url: str) -> str:
    """``server_url`` (a replica's) naming the database of ``database_url`` (the primary's)."""
    return server_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1]


def _settings(url: str) -> Settings:
    # Checkpoints are signed on demand only: a timer would sign in the middle of a measurement.
    return Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )


def _load_demo(settings: Settings) -> int:
    """The demo history through the use cases; returns how many events it wrote."""
    with bootstrap(settings, clock=demo_clock()) as services:
        load_demo(services.ledger, services.read_model)
        return services.ledger.head_position()


def _commands_and_freshness(settings: Settings, backend: str, sizes: Sizes) -> list[Row]:
    """The commands with the projector in this process (as ``serve`` runs it by default), then
    freshness, then the commands again with the projector in a process of its own (the
    production layout of docs/OPERATIONS.md)."""
    with bootstrap(settings, clock=inside_the_program()) as services:
        ledger = services.ledger
        fund_the_year(ledger)

        def caught_up() -> object:
            return services.read_model.wait_for(ledger.head_position(), CATCH_UP_S)

        stop = threading.Event()
        projector = start_projector(ledger, services.store, settings, stop)
        try:
            rows = measure_commands(ledger, settings, backend, sizes.commands, caught_up)
            rows += measure_freshness(
                ledger, services.read_model, backend, sizes.freshness_commands
            )
        finally:
            stop.set()
            projector.join(timeout=10)
        with projector_process(settings):
            rows += measure_commands(
                ledger, settings, backend, sizes.commands, caught_up, layout=APART
            )
    return rows


@contextmanager
def projector_process(settings: Settings) -> Iterator[None]:
    """``khuyencong projector`` on the same database, stopped (SIGTERM) on leaving."""
    env = {
        **os.environ,
        "KHUYENCONG_DATABASE_URL": settings.database.url,
        "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.entry", "projector"], env=env, stderr=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=PROJECTOR_STOP_S)


def machine(postgres_url: str | None) -> dict[str, object]:
    """What the figures were measured on, for the JSON file."""
    row = None
    if postgres_url is not None:
        with psycopg.connect(postgres_url) as pg:
            row = pg.execute("SHOW server_version").fetchone()
    return {
        "cpus": os.cpu_count(),
        "cpu": _cpu_name(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": row[0] if row else "",
        "platform": platform.platform(),
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    raise SystemExit(main())
