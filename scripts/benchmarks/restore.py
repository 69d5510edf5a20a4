"""Restoring an audit pack, the bulk path: the pack of the long history exported (not timed),
then restored into a new database (verified, loaded, the read model built) beside ``COPY`` of
the very same event rows into a bare table (``executemany`` on SQLite)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import Signer
from audit.pack import export_pack
from scripts.benchmarks.bulk_load import raw_load_per_s
from scripts.benchmarks.fixtures import bench_database
from scripts.benchmarks.report import Row, rate_row
from scripts.bootstrap import Services, bootstrap
from scripts.restore_command import restore, verify
from scripts.settings import Settings

GOAL = 0.3


def measure_restore(source: Services, backend: str, admin_url: str, workdir: Path) -> Row:
    pack = workdir / "bench-pack.zip"
    print(f"{backend}: exporting an audit pack …", file=sys.stderr)
    signer = Signer(source.store, Ed25519PrivateKey.generate(), "bench", source.clock)
    export_pack(source.ledger, source.read_model, signer, pack)
    with bench_database(backend, admin_url) as url:
        settings = Settings.from_env(
            {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
        )
        print(f"{backend}: restoring it into an empty database …", file=sys.stderr)
        with bootstrap(settings) as target:
            started = time.perf_counter()
            restored = restore(target, pack)
            elapsed = time.perf_counter() - started
        started = time.perf_counter()
        verify(pack)
        verified = time.perf_counter() - started
        raw = raw_load_per_s(settings, 0)
    pack.unlink()
    return rate_row(
        backend,
        "restore an audit pack",
        "ev/s",
        restored.events / elapsed,
        raw,
        "COPY" if backend == "postgresql" else "raw executemany",
        GOAL,
        detail=f"{restored.events:,} events in {elapsed:.1f} s, of which the verification "
        f"{verified:.1f} s; the read model's digest equal to the pack's: {restored.digest_equal}",
    )
