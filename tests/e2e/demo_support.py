"""The demo ledger behind a test client: loaded once, then served with its clock on the demo's
last day (so examples that record entries are judged by the fiscal rules of that day)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import Signer
from scripts.bootstrap import bootstrap
from scripts.demo import demo_clock, load_demo
from scripts.settings import Settings
from tests.e2e.api_client import Api, serving


@contextmanager
def demo_serving(folder: Path, *, seed: int = 1) -> Iterator[Api]:
    url = f"sqlite:///{folder / 'demo.db'}"
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )
    clock = demo_clock()
    with bootstrap(settings, clock=clock) as services:
        summary = load_demo(services.ledger, services.read_model, seed=seed)
        clock.set(summary.last_day)  # the day the demo ends: examples are recorded after it
        Signer(services.store, Ed25519PrivateKey.generate(), "demo", clock).checkpoint()
        with serving(services.ledger, url) as api:
            yield api
