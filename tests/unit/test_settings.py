"""Settings are read once from the environment; a bad value names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.settings import DEFAULT_PROGRAM_FILES, Settings, SettingsError, parse_database_url


def test_the_embedded_default_is_a_sqlite_file_under_var():
    settings = Settings.from_env({})
    assert settings.database.kind == "sqlite"
    assert settings.database.path == Path.cwd() / "var" / "khuyencong.db"
    assert settings.program_files == (Path(DEFAULT_PROGRAM_FILES),)


def test_a_postgresql_url_gives_the_library_its_settings():
    database = parse_database_url("postgresql://ledger:s%40cret@db.internal:6543/khuyencong")
    env = database.eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.internal",
        "6543",
        "khuyencong",
    )
    assert env["POSTGRES_PASSWORD"] == "s@cret"
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert "s@cret" not in database.describe()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x@y/z",
        "sqlite://relative.db",
        "sqlite:///",
        "postgresql://host-only",
        "postgresql://u@h:port/db",
    ],
)
def test_unusable_database_urls_are_refused_by_name(url):
    with pytest.raises(SettingsError, match="KHUYENCONG_DATABASE_URL"):
        Settings.from_env({"KHUYENCONG_DATABASE_URL": url})


def test_a_missing_program_file_is_refused_by_name(tmp_path):
    with pytest.raises(SettingsError, match="KHUYENCONG_PROGRAM_FILES"):
        Settings.from_env({"KHUYENCONG_PROGRAM_FILES": str(tmp_path / "nope.yaml")})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KHUYENCONG_CHECKPOINT_INTERVAL", "hourly"),
        ("KHUYENCONG_CHECKPOINT_INTERVAL", "-5"),
        ("KHUYENCONG_SIGNING_KEY_FILE", "/nowhere/key.pem"),
        ("KHUYENCONG_LOG_ORIGIN", "two\nlines"),
        ("KHUYENCONG_LOG_ORIGIN", "x" * 201),
    ],
)
def test_audit_settings_that_cannot_work_are_refused_by_name(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})


def test_checkpoints_are_hourly_unless_set_and_zero_turns_them_off():
    assert Settings.from_env({}).checkpoint_interval_s == 3600
    assert Settings.from_env({"KHUYENCONG_CHECKPOINT_INTERVAL": "0"}).checkpoint_interval_s == 0


def test_the_body_and_token_limits_are_read_and_a_bad_one_is_refused_by_name():
    settings = Settings.from_env(
        {"KHUYENCONG_MAX_BODY_BYTES": "1048576", "KHUYENCONG_TOKEN_MAX_TTL": "3600"}
    )
    assert (settings.body_bytes_max, settings.token_ttl_max_s) == (1_048_576, 3_600)
    for name in ("KHUYENCONG_MAX_BODY_BYTES", "KHUYENCONG_TOKEN_MAX_TTL"):
        for value in ("0", "-1", "4MB"):
            with pytest.raises(SettingsError, match=name):
                Settings.from_env({name: value})


def test_a_read_database_is_a_postgresql_replica_of_a_postgresql_primary():
    primary = "postgresql://u@primary:5432/ledger"
    settings = Settings.from_env(
        {
            "KHUYENCONG_DATABASE_URL": primary,
            "KHUYENCONG_READ_DATABASE_URL": "postgresql://u@replica:5433/ledger",
        }
    )
    assert settings.read_database is not None
    assert (settings.read_database.host, settings.read_database.port) == ("replica", 5433)
    assert Settings.from_env({"KHUYENCONG_DATABASE_URL": primary}).read_database is None
    for database, read in [
        ("sqlite:///l.db", "postgresql://u@replica/ledger"),
        (primary, "sqlite:///l.db"),
        (primary, "mysql://u@replica/ledger"),
    ]:
        with pytest.raises(SettingsError, match="KHUYENCONG_READ_DATABASE_URL"):
            Settings.from_env(
                {"KHUYENCONG_DATABASE_URL": database, "KHUYENCONG_READ_DATABASE_URL": read}
            )


def test_kept_answers_take_a_bound_in_megabytes_and_zero_keeps_none():
    assert Settings.from_env({"KHUYENCONG_KEPT_ANSWERS_MB": "0"}).kept_answers_mb == 0
    with pytest.raises(SettingsError, match="KHUYENCONG_KEPT_ANSWERS_MB"):
        Settings.from_env({"KHUYENCONG_KEPT_ANSWERS_MB": "-1"})
