"""Benchmark of the audit log, each figure beside a baseline measured in the same run.

    ./scripts/bench_audit [--backend sqlite|postgresql] [--events 1000000] [--payments 1200]
                          [--postgres-url URL] [--json FILE]

1. Command writes with and without audit load: payments recorded through the use cases, in
   alternating rounds on fresh projects, first alone (the projector running, as always), then
   while a thread signs a checkpoint every second and serves 50 inclusion and consistency
   proofs a second. Goal: the loaded rate ≥ 0.9× the rate alone.
2. The audit pack of a synthetic history of ``--events`` events: the export and the standalone
   verifier, each run as its own process (time and peak memory), beside a plain read of the
   pack's events file. Goal: verifying a million events takes under a minute.

Prints one table; no assertion on times anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import Signer
from audit.keys import create_signing_key
from audit.queries import AuditReads
from domain.errors import InvalidQuery
from projections.digest import rebuild
from scripts.benchmarks.fixtures import (
    ADMIN_URL,
    FINANCE,
    bench_database,
    contracted_project,
    fund_the_year,
    inside_the_program,
    payment,
)
from scripts.bootstrap import create_ledger, create_store, load_programs, start_projector
from scripts.settings import REPOSITORY_ROOT, Settings
from scripts.synthetic import generate

ROUNDS = 6
CHECKPOINT_EVERY_S = 1.0
PROOFS_PER_S = 50
VERIFIER = REPOSITORY_ROOT / "scripts" / "verify_audit_pack.py"
MEMORY_POLL_S = 0.05


@dataclass(frozen=True)
class CommandsResult:
    backend: str
    payments: int
    alone_per_s: float
    loaded_per_s: float
    ratio: float
    checkpoints_signed: int
    proofs_served: int


@dataclass(frozen=True)
class PackResult:
    backend: str
    events: int
    pack_mb: float
    plain_read_s: float
    export_s: float
    export_peak_mb: float
    verify_s: float
    verify_peak_mb: float
    verify_events_per_s: float


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--payments", type=int, default=1_200)
    parser.add_argument("--postgres-url", default=ADMIN_URL, help="a server to create databases on")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with bench_database(args.backend, args.postgres_url) as url:
        commands = _commands(args.backend, url, args.payments)
    _print_commands(commands)
    with bench_database(args.backend, args.postgres_url) as url:
        pack = _pack(args.backend, url, args.events)
    _print_pack(pack)
    if args.json is not None:
        args.json.write_text(
            json.dumps({"commands": asdict(commands), "pack": asdict(pack)}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


# 1. Command writes ----------------------------------------------------------------------


def _commands(backend: str, url: str, payments: int) -> CommandsResult:
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )
    ledger = create_ledger(settings, clock=inside_the_program())
    load_programs(ledger, settings)
    fund_the_year(ledger)
    store = create_store(settings)
    stop = threading.Event()
    projector = start_projector(ledger, store, settings, stop)
    per_round = max(payments // ROUNDS, 1)
    seconds = {"alone": 0.0, "loaded": 0.0}
    counts = {"checkpoints": 0, "proofs": 0}
    audit_signer = Signer(store, Ed25519PrivateKey.generate(), "bench")
    for round_no in range(ROUNDS):
        for condition in ("alone", "loaded"):
            project = contracted_project(ledger, f"B-{round_no}-{condition}")
            with _audit_load(audit_signer, AuditReads(store), counts, condition == "loaded"):
                started = time.perf_counter()
                for n in range(per_round):
                    ledger.record_payment(
                        payment(project, f"UNC-{round_no}-{condition}-{n}"), FINANCE
                    )
                seconds[condition] += time.perf_counter() - started
    stop.set()
    projector.join(timeout=10)
    store.close()
    ledger.close()
    done = per_round * ROUNDS
    alone, loaded = done / seconds["alone"], done / seconds["loaded"]
    return CommandsResult(
        backend,
        done * 2,
        round(alone, 1),
        round(loaded, 1),
        round(loaded / alone, 3),
        counts["checkpoints"],
        counts["proofs"],
    )


@contextmanager
def _audit_load(
    signer: Signer, reads: AuditReads, counts: dict[str, int], on: bool
) -> Iterator[None]:
    """A thread that signs a checkpoint every second and serves proofs at a steady rate."""
    if not on:
        yield
        return
    stop = threading.Event()

    def load() -> None:
        rng = random.Random(5)
        next_checkpoint = time.monotonic()
        while not stop.wait(1 / PROOFS_PER_S):
            if time.monotonic() >= next_checkpoint:
                counts["checkpoints"] += int(signer.checkpoint()[1])
                next_checkpoint += CHECKPOINT_EVERY_S
            size = reads.tree_size()
            if size > 1:
                with suppress(InvalidQuery):  # a position the sequence skipped (PostgreSQL)
                    reads.inclusion(rng.randrange(1, size), size)
                reads.consistency(rng.randrange(1, size), size)
                counts["proofs"] += 2

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# 2. The audit pack ----------------------------------------------------------------------


def _pack(backend: str, url: str, events: int) -> PackResult:
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )
    ledger = create_ledger(settings)
    load_programs(ledger, settings)
    print(f"{backend}: generating {events:,} events …", file=sys.stderr, flush=True)
    generate(ledger, events)
    store = create_store(settings)
    print(f"{backend}: projecting …", file=sys.stderr, flush=True)
    rebuild(ledger, store)
    store.close()
    total = ledger.head_position()
    ledger.close()
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack.zip"
        key = Path(folder) / "signing-key.pem"
        env = {
            "KHUYENCONG_DATABASE_URL": url,
            "KHUYENCONG_SIGNING_KEY_FILE": str(key),
            "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
        }
        create_signing_key(key)
        print(f"{backend}: exporting …", file=sys.stderr, flush=True)
        export_s, export_peak = _timed_process(
            [sys.executable, "-m", "scripts.cli", "audit-export", "--out", str(pack)], env
        )
        started = time.perf_counter()
        with zipfile.ZipFile(pack) as z, z.open("events.jsonl") as lines:
            for _ in lines:
                pass
        plain_read_s = time.perf_counter() - started
        print(f"{backend}: verifying …", file=sys.stderr, flush=True)
        verify_s, verify_peak = _timed_process([sys.executable, str(VERIFIER), str(pack)], {})
        size_mb = pack.stat().st_size / 2**20
    return PackResult(
        backend,
        total,
        round(size_mb, 1),
        round(plain_read_s, 2),
        round(export_s, 2),
        round(export_peak, 1),
        round(verify_s, 2),
        round(verify_peak, 1),
        round(total / verify_s),
    )


def _timed_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a process to completion; its wall time and peak resident memory (MiB), read from
    the kernel's high-water mark while it runs."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=REPOSITORY_ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_kib = 0
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        peak_kib = max(peak_kib, _high_water_kib(status))
        time.sleep(MEMORY_POLL_S)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{command[1]} failed: {child.stderr.read() if child.stderr else ''}")
    return seconds, peak_kib / 1024


def _high_water_kib(status: Path) -> int:
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:  # the process has just ended
        pass
    return 0


def _print_commands(r: CommandsResult) -> None:
    print(
        f"{'backend':<11} {'payments':>9} {'alone /s':>9} {'with audit load /s':>19} "
        f"{'ratio':>6} {'goal':>6} {'checkpoints':>12} {'proofs':>7}"
    )
    print(
        f"{r.backend:<11} {r.payments:>9,} {r.alone_per_s:>9,.1f} {r.loaded_per_s:>19,.1f} "
        f"{r.ratio:>6.3f} {'≥0.90':>6} {r.checkpoints_signed:>12,} {r.proofs_served:>7,}"
    )
    sys.stdout.flush()


def _print_pack(r: PackResult) -> None:
    print(
        f"{'backend':<11} {'events':>9} {'pack MB':>8} {'plain read':>11} {'export':>9} "
        f"{'export peak':>12} {'verify':>9} {'verify peak':>12} {'verify ev/s':>12} {'goal':>7}"
    )
    print(
        f"{r.backend:<11} {r.events:>9,} {r.pack_mb:>8.1f} {r.plain_read_s:>10.2f}s "
        f"{r.export_s:>8.2f}s {r.export_peak_mb:>9.1f} MB {r.verify_s:>8.2f}s "
        f"{r.verify_peak_mb:>9.1f} MB {r.verify_events_per_s:>12,} {'<60s@1M':>7}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
