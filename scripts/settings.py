"""Settings, read once from the environment. Every variable is documented in the README.

A bad value stops the process with a message naming the variable, before anything starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg.conninfo
from strawberry.http.websocket_origin import normalize_allowed_origins

from api.auth import TOKEN_TTL_MAX_S
from api.persisted_queries import ManifestError, load_manifest
from api.request_body import BODY_BYTES_MAX

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "sqlite:///./var/khuyencong.db"
# The program files ship inside the package, so an installed copy finds them beside this
# module; in the repository, scripts/programs is a link to data/programs, their one source.
PROGRAM_FILES_DIR = Path(__file__).resolve().parent / "programs"
DEFAULT_PROGRAM_FILES = str(PROGRAM_FILES_DIR / "BD-KC-2025.yaml")
POSTGRES_POOL_SIZE = 5
POSTGRES_LOCK_TIMEOUT_S = 5
SQLITE_LOCK_TIMEOUT_S = 10
SECRET_MIN_CHARS = 32
DEFAULT_CHECKPOINT_INTERVAL_S = 3600
# Names the log in every checkpoint, so checkpoints of two deployments cannot be confused.
DEFAULT_LOG_ORIGIN = "khuyencong-ledger"
LOG_ORIGIN_MAX_CHARS = 200
DEFAULT_KEPT_ANSWERS_MB = 32


class SettingsError(ValueError):
    """A setting has a value the service cannot use."""


@dataclass(frozen=True)
class Database:
    """Where the events (and the read model) live: one SQLite file or one PostgreSQL database."""

    url: str
    kind: str  # "sqlite" | "postgresql"
    path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    name: str = ""

    def eventsourcing_env(self) -> dict[str, str]:
        """The library's own settings for this database."""
        if self.kind == "sqlite":
            assert self.path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_TIMEOUT_S),
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.name,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": str(POSTGRES_POOL_SIZE),
            "POSTGRES_LOCK_TIMEOUT": str(POSTGRES_LOCK_TIMEOUT_S),
            # Off: the ledger checks each pooled connection when drawn itself, and replaces
            # every one the server ended (restart, pg_terminate_backend) at once, where the
            # library's pre-ping slept 1 s, 2 s, ... per dead connection (domain/connections.py).
            "POSTGRES_PRE_PING": "n",
            # Kept off on purpose: in eventsourcing 9.5.6 it breaks ordering and tracking.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }

    def conninfo(self) -> str:
        """psycopg's connection string, for the read model's own connections."""
        return psycopg.conninfo.make_conninfo(
            host=self.host,
            port=self.port,
            dbname=self.name,
            user=self.user,
            password=self.password or None,
        )

    def describe(self) -> str:
        """The URL without its password, for logs and reports."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.name}"


def parse_database_url(
    url: str, *, cwd: Path | None = None, variable: str = "KHUYENCONG_DATABASE_URL"
) -> Database:
    """``sqlite:///relative/or/absolute.db`` or ``postgresql://user[:password]@host[:port]/db``;
    ``variable`` is the one it came from, for the errors."""
    if url.startswith("sqlite:///"):
        raw = url.removeprefix("sqlite:///")
        if not raw:
            raise SettingsError(f"{variable}: sqlite URL has no file path")
        path = Path(raw)
        if not path.is_absolute():
            path = (cwd or Path.cwd()) / path
        return Database(url=url, kind="sqlite", path=path)
    parts = urlsplit(url)
    if parts.scheme in {"postgresql", "postgres"}:
        name = parts.path.lstrip("/")
        if not parts.hostname or not name:
            raise SettingsError(f"{variable}: postgresql URL needs a host and a database")
        try:
            port = parts.port or 5432
        except ValueError:
            raise SettingsError(f"{variable}: the port is not a number") from None
        return Database(
            url=url,
            kind="postgresql",
            host=parts.hostname,
            port=port,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            name=name,
        )
    raise SettingsError(
        f"{variable} must start with sqlite:/// or postgresql:// (got {url.split(':', 1)[0]!r})"
    )


@dataclass(frozen=True)
class Settings:
    database: Database
    program_files: tuple[Path, ...]
    secret: str | None = None  # HS256 signing secret; generated into ./var/secret when unset
    public_key_file: Path | None = None  # RS256 verification key of an identity provider
    introspection: bool = True
    embedded_projector: bool = True
    allowed_origins: tuple[str, ...] = ()
    signing_key_file: Path | None = None  # Ed25519 checkpoint key; generated into ./var when unset
    checkpoint_interval_s: int = DEFAULT_CHECKPOINT_INTERVAL_S  # 0: only on demand
    log_origin: str = DEFAULT_LOG_ORIGIN
    body_bytes_max: int = BODY_BYTES_MAX  # a JSON request body; uploads have their own bound
    token_ttl_max_s: int = TOKEN_TTL_MAX_S  # a token living longer is refused
    # Only the documents of this manifest ({sha256: document}) run; None lets any run.
    trusted_documents: dict[str, str] | None = None
    kept_answers_mb: int = DEFAULT_KEPT_ANSWERS_MB  # signed-in answers kept; 0 keeps none
    # Where the API reads the read model: a PostgreSQL streaming replica of ``database``.
    read_database: Database | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        database = parse_database_url(env.get("KHUYENCONG_DATABASE_URL", DEFAULT_DATABASE_URL))
        files = tuple(
            Path(item)
            for item in env.get("KHUYENCONG_PROGRAM_FILES", DEFAULT_PROGRAM_FILES).split(os.pathsep)
            if item
        )
        for path in files:
            if not path.is_file():
                raise SettingsError(f"KHUYENCONG_PROGRAM_FILES: no file {path}")
        secret = env.get("KHUYENCONG_SECRET") or None
        if secret is not None and len(secret) < SECRET_MIN_CHARS:
            raise SettingsError(f"KHUYENCONG_SECRET must be at least {SECRET_MIN_CHARS} characters")
        key_file = env.get("KHUYENCONG_JWT_PUBLIC_KEY_FILE") or None
        if key_file is not None and not Path(key_file).is_file():
            raise SettingsError(f"KHUYENCONG_JWT_PUBLIC_KEY_FILE: no file {key_file}")
        signing_key = env.get("KHUYENCONG_SIGNING_KEY_FILE") or None
        if signing_key is not None and not Path(signing_key).is_file():
            raise SettingsError(f"KHUYENCONG_SIGNING_KEY_FILE: no file {signing_key}")
        interval = env.get("KHUYENCONG_CHECKPOINT_INTERVAL", "") or str(
            DEFAULT_CHECKPOINT_INTERVAL_S
        )
        if not interval.isdigit():
            raise SettingsError(
                f"KHUYENCONG_CHECKPOINT_INTERVAL is whole seconds, 0 to turn off (got {interval!r})"
            )
        origin = env.get("KHUYENCONG_LOG_ORIGIN", "").strip() or DEFAULT_LOG_ORIGIN
        if not origin.isprintable() or len(origin) > LOG_ORIGIN_MAX_CHARS:
            raise SettingsError(
                f"KHUYENCONG_LOG_ORIGIN is one printable line of at most {LOG_ORIGIN_MAX_CHARS} "
                "characters"
            )
        read_database = _read_database(env, database)
        origins = tuple(
            o.strip() for o in env.get("KHUYENCONG_ALLOWED_ORIGINS", "").split(",") if o.strip()
        )
        try:
            normalize_allowed_origins(origins)
        except ValueError as error:
            raise SettingsError(f"KHUYENCONG_ALLOWED_ORIGINS: {error}") from None
        trusted = env.get("KHUYENCONG_TRUSTED_DOCUMENTS", "").strip() or None
        try:
            trusted_documents = load_manifest(Path(trusted)) if trusted else None
        except ManifestError as error:
            raise SettingsError(f"KHUYENCONG_TRUSTED_DOCUMENTS: {error}") from None
        return cls(
            trusted_documents=trusted_documents,
            body_bytes_max=_positive(env, "KHUYENCONG_MAX_BODY_BYTES", BODY_BYTES_MAX),
            token_ttl_max_s=_positive(env, "KHUYENCONG_TOKEN_MAX_TTL", TOKEN_TTL_MAX_S),
            kept_answers_mb=_whole(env, "KHUYENCONG_KEPT_ANSWERS_MB", DEFAULT_KEPT_ANSWERS_MB),
            database=database,
            read_database=read_database,
            program_files=files,
            secret=secret,
            public_key_file=Path(key_file) if key_file else None,
            introspection=_flag(env, "KHUYENCONG_INTROSPECTION", default=True),
            embedded_projector=_flag(env, "KHUYENCONG_EMBEDDED_PROJECTOR", default=True),
            allowed_origins=origins,
            signing_key_file=Path(signing_key) if signing_key else None,
            checkpoint_interval_s=int(interval),
            log_origin=origin,
        )


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false (got {value!r})")


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise SettingsError(f"{name} must be a whole number above 0 (got {value!r})")
    return int(value)


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise SettingsError(f"{name} must be a whole number, 0 or more (got {value!r})")
    return int(value)


def _read_database(env: Mapping[str, str], database: Database) -> Database | None:
    url = env.get("KHUYENCONG_READ_DATABASE_URL", "").strip()
    if not url:
        return None
    read = parse_database_url(url, variable="KHUYENCONG_READ_DATABASE_URL")
    if read.kind != "postgresql" or database.kind != "postgresql":
        raise SettingsError(
            "KHUYENCONG_READ_DATABASE_URL is a PostgreSQL replica of a PostgreSQL "
            "KHUYENCONG_DATABASE_URL"
        )
    return read
