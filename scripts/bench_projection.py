"""Benchmark of the read model: rebuild rate and as-of budget query latency, each beside a
baseline measured in the same run on the same database (a plain SELECT of the events table).

    ./scripts/bench_projection [--events 100000] [--million] [--backend sqlite|postgresql|both]
                               [--queries 200] [--json FILE] [--incremental]

``--incremental`` also replays the history through the incremental projector (5,000 events a
transaction, indexes after: the rebuild before the bulk build), beside the same raw SELECT.

Prints one table; no assertion on times anywhere.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from projections.digest import rebuild
from projections.projector import Projector
from projections.schema import LIVE_PREFIX, drop_statements, index_statements
from projections.store import create_tables
from scripts.benchmarks.fixtures import ADMIN_URL, bench_database
from scripts.benchmarks.history import as_of_latencies_ms, raw_select_seconds
from scripts.bootstrap import Services, bootstrap, load_programs
from scripts.settings import Settings
from scripts.synthetic import generate

DEFAULT_EVENTS = 100_000
MILLION_EVENTS = 1_000_000
DEFAULT_QUERIES = 200


@dataclass(frozen=True)
class Result:
    backend: str
    events: int
    generate_events_per_s: float
    raw_select_events_per_s: float
    rebuild_events_per_s: float
    rebuild_ratio: float
    as_of_p50_ms: float
    as_of_p95_ms: float
    incremental_events_per_s: float | None = None
    incremental_ratio: float | None = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--million", action="store_true", help=f"{MILLION_EVENTS:,} events")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument(
        "--postgres-url",
        default=ADMIN_URL,
        help="a server where the bench may create and drop a database",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--incremental", action="store_true", help="also the incremental projector's replay"
    )
    args = parser.parse_args(argv)
    events = MILLION_EVENTS if args.million else args.events
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        with bench_database(backend, args.postgres_url) as url:
            results.append(_measure(backend, url, events, args.queries, args.incremental))
    _print(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


def _measure(backend: str, url: str, events: int, queries: int, incremental: bool) -> Result:
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": url})
    with bootstrap(settings) as services:
        ledger = services.ledger
        load_programs(ledger, settings)
        started = time.perf_counter()
        generate(ledger, events)
        generated = time.perf_counter() - started
        total = ledger.head_position()
        raw_seconds = raw_select_seconds(settings)
        started = time.perf_counter()
        applied = rebuild(ledger, services.store)
        rebuild_seconds = time.perf_counter() - started
        latencies = as_of_latencies_ms(services.read_model, total, queries)
        replayed = None
        if incremental:
            incremental_raw = total / raw_select_seconds(settings)
            started = time.perf_counter()
            _replay_incrementally(services)
            replayed = (total / (time.perf_counter() - started), incremental_raw)
    raw_rate = total / raw_seconds
    rebuild_rate = applied / rebuild_seconds
    return Result(
        backend=backend,
        events=total,
        generate_events_per_s=round(total / generated),
        raw_select_events_per_s=round(raw_rate),
        rebuild_events_per_s=round(rebuild_rate),
        rebuild_ratio=round(rebuild_rate / raw_rate, 3),
        as_of_p50_ms=round(statistics.median(latencies), 2),
        as_of_p95_ms=round(statistics.quantiles(latencies, n=20)[-1], 2),
        incremental_events_per_s=None if replayed is None else round(replayed[0]),
        incremental_ratio=None if replayed is None else round(replayed[0] / replayed[1], 3),
    )


def _replay_incrementally(services: Services) -> int:
    with services.store.transaction() as tx:
        for statement in drop_statements(LIVE_PREFIX):
            tx.execute(statement)
    create_tables(services.store, LIVE_PREFIX, indexes=False)
    applied = Projector(services.ledger, services.store, batch_size=5_000).catch_up()
    with services.store.transaction() as tx:
        for statement in index_statements(LIVE_PREFIX):
            tx.execute(statement)
    services.store.refresh_statistics(LIVE_PREFIX)
    return applied


def _print(results: list[Result]) -> None:
    header = (
        f"{'backend':<11} {'events':>9} {'raw SELECT ev/s':>16} {'rebuild ev/s':>13} "
        f"{'ratio':>6} {'goal':>6} {'as-of p50':>10} {'as-of p95':>10} {'goal':>7}"
    )
    print(header)
    for r in results:
        print(
            f"{r.backend:<11} {r.events:>9,} {r.raw_select_events_per_s:>16,.0f} "
            f"{r.rebuild_events_per_s:>13,.0f} {r.rebuild_ratio:>6.3f} {'≥0.25':>6} "
            f"{r.as_of_p50_ms:>8.2f}ms {r.as_of_p95_ms:>8.2f}ms {'≤20ms':>7}"
        )
        if r.incremental_events_per_s is not None:
            print(
                f"{'':<11} {'':>9} incremental projector: {r.incremental_events_per_s:,.0f} "
                f"ev/s, ratio {r.incremental_ratio:.3f} (beside its own raw SELECT)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
