"""Serving the API, and minting local tokens."""

from __future__ import annotations

import secrets
import sys
import threading
from argparse import Namespace
from pathlib import Path

import uvicorn

from api.app import ApiSettings, create_asgi_app
from api.auth import TokenKeys, mint
from projections.queries import ReadModel
from scripts.bootstrap import (
    create_ledger,
    create_store,
    load_programs,
    start_projector,
)
from scripts.settings import Settings

SECRET_FILE = Path("var") / "secret"
TTL_UNITS_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def token_keys(settings: Settings) -> TokenKeys:
    """RS256 with a configured public key, else HS256 with the configured or local secret."""
    if settings.public_key_file is not None:
        return TokenKeys(public_key=settings.public_key_file.read_text(encoding="utf-8"))
    return TokenKeys(secret=settings.secret or _local_secret())


def _local_secret() -> str:
    """The embedded default's secret: made on first start, kept in ./var/secret (mode 600)."""
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        SECRET_FILE.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        SECRET_FILE.chmod(0o600)
    return SECRET_FILE.read_text(encoding="utf-8").strip()


def serve_command(settings: Settings, args: Namespace) -> int:
    ledger = create_ledger(settings)
    load_programs(ledger, settings)
    store = create_store(settings)
    read_model = ReadModel(store, ledger.recorder)
    stop = threading.Event()
    projector = (
        start_projector(ledger, store, settings, stop) if settings.embedded_projector else None
    )
    app = create_asgi_app(
        ledger,
        read_model,
        ApiSettings(
            keys=token_keys(settings),
            introspection=settings.introspection,
            allowed_origins=settings.allowed_origins,
        ),
    )
    print(
        f"khuyencong: serving {settings.database.describe()} on "
        f"http://{args.host}:{args.port}/graphql",
        file=sys.stderr,
        flush=True,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        stop.set()
        if projector is not None:
            projector.join(timeout=5)
        store.close()
        ledger.close()
    return 0


def token_command(settings: Settings, args: Namespace) -> int:
    ttl = args.ttl.strip().lower()
    if len(ttl) < 2 or ttl[-1] not in TTL_UNITS_S or not ttl[:-1].isdigit():
        print("khuyencong: --ttl is a number with s, m, h or d, e.g. 8h", file=sys.stderr)
        return 2
    try:
        token = mint(
            token_keys(settings),
            args.subject or f"local-{args.role}",
            args.role,
            args.unit,
            int(ttl[:-1]) * TTL_UNITS_S[ttl[-1]],
        )
    except ValueError as error:
        print(f"khuyencong: {error}", file=sys.stderr)
        return 2
    print(token)
    return 0
