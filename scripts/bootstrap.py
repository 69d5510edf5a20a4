"""The composition root: builds the ledger, the read model, the keys and the API from the
settings, and closes them. ``serve``, every CLI command and the tests open what they need here
(``with bootstrap(settings) as services: …``), so nothing is assembled twice or left open."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import DatabaseError
from starlette.types import ASGIApp

from api.app import ApiSettings, create_asgi_app
from api.auth import TokenKeys
from audit.checkpoints import Schedule, Signer
from audit.keys import create_signing_key, load_signing_key
from domain.application import Clock, Receipt, utc_now
from domain.errors import InvalidProgramFile
from domain.ledger import Ledger
from domain.types import Actor, Role
from projections.log import checkpoints
from projections.projector import BATCH_SIZE_EVENTS, Projector
from projections.queries import ReadModel
from projections.replica import Replica
from projections.runner import (
    AdvisoryLock,
    FileLock,
    ListenWaker,
    PollWaker,
    ProjectorLock,
    Waker,
    run,
)
from projections.store import (
    PostgresStore,
    ReadStore,
    SQLiteStore,
    create_tables,
    read_position,
)
from scripts.clock import RunningClock
from scripts.settings import Settings

T = TypeVar("T")
LOCAL_SIGNING_KEY = Path("var") / "signing-key.pem"
LOCAL_SECRET_FILE = Path("var") / "secret"
STARTUP_ATTEMPTS = 5
STARTUP_RETRY_S = 0.2
REPLICA_TABLES_WAIT_S = 60
# libyaml's safe loader when present (ten times faster), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER = Actor(subject="khuyencong-loader", role=Role.SYSTEM)


@dataclass
class Services:
    """What a command or the API works with: the write side, the read side and the settings."""

    settings: Settings
    ledger: Ledger
    store: ReadStore
    read_model: ReadModel
    clock: Clock
    # With KHUYENCONG_READ_DATABASE_URL: the replica ``read_model`` reads, beside the primary.
    replica: Replica | None = None

    def signer(self) -> Signer:
        return create_signer(self.settings, self.store, self.clock)

    def catch_up(self) -> int:
        """Apply every stored event to the read model here (commands that run no projector)."""
        return Projector(self.ledger, self.store).catch_up()


@contextmanager
def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    ledger: Ledger | None = None,
    training_date: date | None = None,
) -> Iterator[Services]:
    """Open the ledger (unless one is given: tests build theirs with a clock they move) and the
    read model of the same database; close what was opened here, in reverse order. With a read
    database (a streaming replica), queries read the read model there; the projector, the
    signer and every write keep to the primary's ``store``.

    Without a clock, the ledger's own: today's real time, or on a training ledger a clock that
    runs on from its last recorded day, or from ``training_date`` (``ledger_clock``)."""
    own_ledger = ledger is None
    opened = create_ledger(settings, clock or utc_now) if ledger is None else ledger
    try:
        if ledger is None and clock is None:
            opened.clock = ledger_clock(opened, training_date)
        elif training_date is not None:
            raise AssertionError("a training date is for the ledger's own clock only")
        # A given ledger keeps its clock to itself: what this opens (signing) runs on ``clock``.
        own_clock = clock or (opened.clock if ledger is None else utc_now)
        store = create_store(settings)
        try:
            with _read_store(settings, store) as (reads, replica):
                read_model = ReadModel(reads, opened.recorder)
                yield Services(settings, opened, store, read_model, own_clock, replica)
        finally:
            store.close()
    finally:
        if own_ledger:
            opened.close()


def ledger_clock(ledger: Ledger, training_date: date | None = None) -> Clock:
    """Today's real time for a ledger of real entries; for a training ledger, time that runs on
    from where its history stops (or from ``training_date``), never backwards. Refusals:
    ``NOT_A_TRAINING_LEDGER``, ``TRAINING_DATE_BEFORE_LEDGER``."""
    start = ledger.training_clock_start(training_date)
    return utc_now if start is None else RunningClock(start)


@contextmanager
def _read_store(settings: Settings, store: ReadStore) -> Iterator[tuple[ReadStore, Replica | None]]:
    """The primary's store itself, or the replica's (the tables are the primary's, replicated:
    a read-only server creates nothing)."""
    if settings.read_database is None:
        yield store, None
        return
    replica_store = PostgresStore(settings.read_database.conninfo())
    try:
        _wait_replicated(replica_store)
        yield replica_store, Replica(store, replica_store)
    finally:
        replica_store.close()


def _wait_replicated(replica: ReadStore) -> None:
    """The tables this process (or another) just created on the primary reach the replica
    moments later: wait for them, bounded, rather than fail every read meanwhile."""
    deadline = time.monotonic() + REPLICA_TABLES_WAIT_S
    while True:
        try:
            with replica.snapshot() as tx:
                read_position(tx)
            return
        except psycopg.errors.UndefinedTable:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    "KHUYENCONG_READ_DATABASE_URL: the read model's tables did not reach the "
                    f"replica within {REPLICA_TABLES_WAIT_S} s; is it a replica of the primary?"
                ) from None
            time.sleep(STARTUP_RETRY_S)


def create_api(services: Services) -> ASGIApp:
    """The ASGI application over the services, with the configured keys and limits."""
    settings = services.settings
    return create_asgi_app(
        services.ledger,
        services.read_model,
        ApiSettings(
            keys=token_keys(settings),
            introspection=settings.introspection,
            allowed_origins=settings.allowed_origins,
            body_bytes_max=settings.body_bytes_max,
            trusted_documents=settings.trusted_documents,
            kept_answers_bytes_max=settings.kept_answers_mb * 1024 * 1024,
        ),
        replica=services.replica,
    )


def token_keys(settings: Settings) -> TokenKeys:
    """RS256 with a configured public key, else HS256 with the configured or local secret."""
    if settings.public_key_file is not None:
        return TokenKeys(
            public_key=settings.public_key_file.read_text(encoding="utf-8"),
            ttl_max_s=settings.token_ttl_max_s,
        )
    return TokenKeys(secret=settings.secret or _local_secret(), ttl_max_s=settings.token_ttl_max_s)


def _local_secret() -> str:
    """The embedded default's secret: made on first start, kept in ./var/secret (mode 600)."""
    if not LOCAL_SECRET_FILE.exists():
        LOCAL_SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOCAL_SECRET_FILE.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        LOCAL_SECRET_FILE.chmod(0o600)
    return LOCAL_SECRET_FILE.read_text(encoding="utf-8").strip()


def create_ledger(settings: Settings, clock: Clock = utc_now) -> Ledger:
    database = settings.database
    if database.kind == "sqlite":
        assert database.path is not None
        database.path.parent.mkdir(parents=True, exist_ok=True)
    return _starting(lambda: Ledger(database.eventsourcing_env(), clock=clock))


def _starting(make: Callable[[], T]) -> T:
    """Processes started together (API replicas, projectors) all create the tables if they are
    missing; PostgreSQL's catalog lets one win and fails the others ("tuple concurrently
    updated"). Those try again, a bounded number of times, and then find the tables there."""
    for attempt in range(STARTUP_ATTEMPTS):
        try:
            return make()
        except (DatabaseError, psycopg.errors.DatabaseError):
            if attempt == STARTUP_ATTEMPTS - 1:
                raise
            time.sleep(STARTUP_RETRY_S * (attempt + 1))
    raise AssertionError("unreachable")


def create_store(settings: Settings) -> ReadStore:
    """The read model lives in the events' own database."""
    database = settings.database
    if database.kind == "sqlite":
        assert database.path is not None
        store: ReadStore = SQLiteStore(database.path)
    else:
        store = PostgresStore(database.conninfo())
    _starting(lambda: create_tables(store))
    _starting(lambda: checkpoints.create_tables(store))
    return store


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key, else the embedded default's, made on first use in ./var."""
    if settings.signing_key_file is not None:
        return load_signing_key(settings.signing_key_file)
    if not LOCAL_SIGNING_KEY.exists():
        try:
            return create_signing_key(LOCAL_SIGNING_KEY)
        except FileExistsError:  # another process made it first
            pass
    return load_signing_key(LOCAL_SIGNING_KEY)


def create_signer(settings: Settings, store: ReadStore, clock: Clock = utc_now) -> Signer:
    return Signer(store, signing_key(settings), settings.log_origin, clock)


def create_projector_lock(settings: Settings) -> ProjectorLock:
    database = settings.database
    if database.kind == "sqlite":
        assert database.path is not None
        return FileLock(database.path.with_name(database.path.name + ".projector.lock"))
    return AdvisoryLock(database.conninfo())


def create_waker(
    settings: Settings, stop: threading.Event, written: threading.Event | None = None
) -> Waker:
    if settings.database.kind == "sqlite":
        return PollWaker(stop, written)
    return ListenWaker(settings.database.conninfo())


def start_projector(
    ledger: Ledger,
    store: ReadStore,
    settings: Settings,
    stop: threading.Event,
    *,
    batch_size: int = BATCH_SIZE_EVENTS,
) -> threading.Thread:
    """The projector in this process (the embedded default): a daemon thread until ``stop``."""
    thread = threading.Thread(
        target=run,
        name="projector",
        daemon=True,
        args=(
            Projector(ledger, store, batch_size=batch_size),
            create_projector_lock(settings),
            lambda: create_waker(settings, stop, ledger.written),
            stop,
        ),
        kwargs={"on_caught_up": checkpoint_schedule(settings, store)},
    )
    thread.start()
    return thread


def checkpoint_schedule(settings: Settings, store: ReadStore) -> Schedule | None:
    """Signs a checkpoint every KHUYENCONG_CHECKPOINT_INTERVAL seconds while the log grows."""
    if settings.checkpoint_interval_s <= 0:
        return None
    return Schedule(create_signer(settings, store), settings.checkpoint_interval_s)


def read_program_file(path: Path) -> dict[str, Any]:
    """YAML (or JSON, which is YAML) into plain data; a file that is not a mapping is refused."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InvalidProgramFile(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise InvalidProgramFile(f"{path} does not hold a program mapping")
    return data


def load_program(ledger: Ledger, path: Path) -> tuple[str, Receipt]:
    """Define the program of one file; returns its code and what recording it changed."""
    data = read_program_file(path)
    receipt = ledger.define_program(data, LOADER)
    return str(data["code"]).strip(), receipt


def load_programs(ledger: Ledger, settings: Settings) -> list[tuple[str, Receipt]]:
    """Define every configured program; a program already recorded as-is changes nothing."""
    return [load_program(ledger, path) for path in settings.program_files]
