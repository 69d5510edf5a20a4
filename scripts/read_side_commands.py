"""Operator commands of the read model: projector, rebuild, check, lag."""

from __future__ import annotations

import signal
import sys
import threading
import time
from argparse import Namespace
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from projections.digest import check, rebuild
from projections.projector import Projector
from projections.runner import run
from scripts.bootstrap import (
    bootstrap,
    checkpoint_schedule,
    create_projector_lock,
    create_waker,
)
from scripts.settings import Settings

EXIT_DIFFERENT = 1
EXIT_BUSY = 3


def projector_command(settings: Settings, args: Namespace) -> int:
    """Run until stopped (SIGTERM, Ctrl-C), or until caught up with --until-caught-up."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with bootstrap(settings) as services:
        projector = Projector(services.ledger, services.store, batch_size=args.batch_size)
        print(f"projector: {settings.database.describe()}", file=sys.stderr, flush=True)
        applied = run(
            projector,
            create_projector_lock(settings),
            lambda: create_waker(settings, stop),
            stop,
            on_standby=lambda: print(
                "projector: another projector holds the lock; standing by",
                file=sys.stderr,
                flush=True,
            ),
            on_caught_up=checkpoint_schedule(settings, services.store),
            until_caught_up=args.until_caught_up,
        )
        print(
            f"projector: applied {applied} events; read model at {services.read_model.position()}",
            file=sys.stderr,
        )
    return 0


def rebuild_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        lock = create_projector_lock(settings)
        if not lock.acquire():
            print("khuyencong: a projector is running; stop it before rebuilding", file=sys.stderr)
            return EXIT_BUSY
        try:
            total = services.ledger.head_position()
            started = time.perf_counter()
            with progress_bar("rebuild", total) as advance:
                applied = rebuild(services.ledger, services.store, advance)
            seconds = time.perf_counter() - started
        finally:
            lock.release()
    print(
        f"rebuilt {applied} events in {seconds:.2f} s "
        f"({applied / seconds if seconds else 0:,.0f} events/s)"
    )
    return 0


def check_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        position = services.read_model.position()
        with progress_bar("check", position) as advance:
            report = check(services.ledger, services.store, advance)
    for name, live in report.live.items():
        rebuilt = report.rebuilt.get(name)
        verdict = "ok" if live == rebuilt else "DIFFERS"
        print(f"{name:<16} {live.rows:>9} rows  {live.sha256[:16]}  {verdict}")
    log = report.log
    if log is None:
        print("events: no signed checkpoint yet (make one with `khuyencong checkpoint`)")
    else:
        signed = (
            f"checkpoint of {log.checkpoint.tree_size} events signed {log.checkpoint.signed_at}"
        )
        if not log.signature_valid:
            print(f"events: the signature of the {signed} does not verify", file=sys.stderr)
        elif not log.holds:
            print(
                f"events: the stored events no longer give the root of the {signed}: "
                f"{log.rebuilt_root[:16]}… instead of {log.checkpoint.root_hash[:16]}…",
                file=sys.stderr,
            )
        else:
            print(f"events: equal to the {signed}")
    if report.differing_tables:
        print(
            f"read model at position {report.position} differs from a rebuild in: "
            f"{', '.join(report.differing_tables)}",
            file=sys.stderr,
        )
    if not report.holds:
        return EXIT_DIFFERENT
    print(f"read model at position {report.position} equals a rebuild from the events")
    return 0


def lag_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        head = services.read_model.head()
    print(f"events: {head.position}  read model: {head.read_model_position}  lag: {head.lag}")
    return 0


@contextmanager
def progress_bar(label: str, total: int, unit: str = "events") -> Iterator[Callable[[int], None]]:
    columns = (
        TextColumn(f"{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[rate]}"),
    )
    started = time.perf_counter()
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(label, total=total or None, rate="")
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=count, rate=f"{rate:,.0f} {unit}/s")

        yield advance
