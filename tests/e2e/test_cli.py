"""The `khuyencong` command as an operator runs it: a real process over a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from api.auth import TokenKeys, authenticate
from scripts.bootstrap import create_store
from scripts.cli import command_names
from scripts.settings import REPOSITORY_ROOT, Settings
from tests.e2e.cli import khuyencong
from tests.support import program_data


def _run(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return khuyencong(database_url, cwd, *args)


def test_report_loads_the_program_once_and_shows_its_13_targets(database_url, tmp_path):
    first = _run("report", database_url=database_url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "loaded:\nBD-KC-2025" in first.stdout
    for code, target in [("machines_applied", 42), ("certified_products", 66), ("trainees", 200)]:
        assert any(
            line.split()[:1] == [code] and str(target) in line.split()
            for line in first.stdout.splitlines()
        )
    assert sum(line.startswith("  ") and "I.2." in line for line in first.stdout.splitlines()) == 13
    second = _run("report", database_url=database_url, cwd=tmp_path)
    assert "already loaded, unchanged" in second.stdout
    assert "(position 1, read model at 1)" in second.stdout


def test_a_broken_program_file_is_refused_with_its_place_and_exit_code_2(database_url, tmp_path):
    data = program_data()
    data["code"] = "BD-KC-TEST"
    data["indicators"][2]["target"] = 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _run("load-program", str(broken), database_url=database_url, cwd=tmp_path)
    assert result.returncode == 2
    assert "INVALID_PROGRAM_FILE [indicators[2].target]" in result.stderr
    shown = _run("show-program", "BD-KC-TEST", database_url=database_url, cwd=tmp_path)
    assert shown.returncode == 2
    assert "UNKNOWN_PROGRAM" in shown.stderr


def test_a_bad_database_url_is_refused_by_name(tmp_path):
    result = _run("report", database_url="mysql://root@localhost/x", cwd=tmp_path)
    assert result.returncode == 2
    assert "KHUYENCONG_DATABASE_URL" in result.stderr


def test_the_compose_file_runs_cli_commands_with_settings_the_service_reads():
    compose = yaml.safe_load((REPOSITORY_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    settings_source = (REPOSITORY_ROOT / "scripts" / "settings.py").read_text(encoding="utf-8")
    ledgers = {name: s for name, s in services.items() if "build" in s}  # not the databases
    assert {"api-1", "api-2", "projector", "projector-standby"} <= set(ledgers)
    for name, service in ledgers.items():
        assert service["command"][0] in command_names(), name
        for variable in service["environment"]:
            assert f'"{variable}"' in settings_source, (name, variable)
    assert services["postgres"]["healthcheck"]
    assert services["postgres-replica"]["healthcheck"]


def test_rebuild_check_and_lag_report_on_the_read_model(database_url, tmp_path):
    assert _run("report", database_url=database_url, cwd=tmp_path).returncode == 0
    lag = _run("lag", database_url=database_url, cwd=tmp_path)
    assert lag.stdout.strip() == "events: 1  read model: 1  lag: 0"
    rebuilt = _run("rebuild", database_url=database_url, cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt 1 events" in rebuilt.stdout
    assert "events/s" in rebuilt.stdout
    checked = _run("check", database_url=database_url, cwd=tmp_path)
    assert checked.returncode == 0
    assert "equals a rebuild" in checked.stdout


def test_check_exits_1_and_names_the_table_that_differs(database_url, tmp_path):
    assert _run("report", database_url=database_url, cwd=tmp_path).returncode == 0
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    store = create_store(settings)
    with store.transaction() as tx:
        tx.execute("UPDATE rm_indicators SET name_en = 'tampered' WHERE code = 'fairs'")
    store.close()
    checked = _run("check", database_url=database_url, cwd=tmp_path)
    assert checked.returncode == 1
    assert "differs from a rebuild in: indicators" in checked.stderr


def test_token_mints_a_bearer_token_the_api_accepts(tmp_path):
    env_secret = "s" * 40
    env = {**os.environ, "KHUYENCONG_SECRET": env_secret}
    minted = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.cli",
            "token",
            "--role",
            "district",
            "--unit",
            "718",
            "--ttl",
            "30m",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert minted.returncode == 0, minted.stderr
    principal = authenticate(TokenKeys(secret=env_secret), f"Bearer {minted.stdout.strip()}")
    assert (principal.role, principal.unit_code) == ("district", "718")
    refused = subprocess.run(
        [sys.executable, "-m", "scripts.cli", "token", "--role", "district"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert "--unit" in refused.stderr


def test_token_mints_a_commune_token_with_its_unit(tmp_path):
    env_secret = "s" * 40
    env = {**os.environ, "KHUYENCONG_SECRET": env_secret}

    def token(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "scripts.cli", "token", "--role", "commune", *args]
        return subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )

    minted = token("--unit", "25747")
    assert minted.returncode == 0, minted.stderr
    principal = authenticate(TokenKeys(secret=env_secret), f"Bearer {minted.stdout.strip()}")
    assert (principal.role, principal.unit_code) == ("commune", "25747")
    refused = token()
    assert refused.returncode == 2
    assert "--unit" in refused.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`khuyencong report | head -1`: the pipe closes after one line; the command must end
    quietly, with the shell's SIGPIPE status, not a Python traceback.

    On the demo ledger the report (some 90 kB) outgrows the pipe (64 kB), so the command is
    still writing when the reader goes: the broken pipe is certain, not a race."""
    database_url = f"sqlite:///{tmp_path / 'ledger.db'}"
    environment = {**os.environ, "KHUYENCONG_DATABASE_URL": database_url}
    demo = subprocess.run(
        [sys.executable, "-m", "scripts.cli", "demo"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    with subprocess.Popen(
        [sys.executable, "-m", "scripts.cli", "report"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"ledger: ")
        process.stdout.close()  # the reader goes away, as `head -1` does
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 141
    assert "Traceback" not in errors
