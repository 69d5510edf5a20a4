"""Benchmark of the read model: rebuild rate and as-of budget query latency, each beside a
baseline measured in the same run on the same database (a plain SELECT of the events table).

    ./scripts/bench_projection [--events 100000] [--million] [--backend sqlite|postgresql|both]
                               [--queries 200] [--json FILE]

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
from scripts.benchmarks.fixtures import ADMIN_URL, bench_database
from scripts.benchmarks.history import as_of_latencies_ms, raw_select_seconds
from scripts.bootstrap import bootstrap, load_programs
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
    args = parser.parse_args(argv)
    events = MILLION_EVENTS if args.million else args.events
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        with bench_database(backend, args.postgres_url) as url:
            results.append(_measure(backend, url, events, args.queries))
    _print(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


def _measure(backend: str, url: str, events: int, queries: int) -> Result:
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
    )


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
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
