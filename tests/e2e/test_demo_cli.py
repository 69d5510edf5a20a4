"""A newcomer's first minutes: the demo history from the command line, then the checks an
operator would run on it."""

from __future__ import annotations

from scripts.settings import REPOSITORY_ROOT
from tests.e2e.cli import khuyencong


def test_the_demo_loads_once_and_passes_the_operators_checks(database_url, tmp_path):
    loaded = khuyencong(database_url, tmp_path, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "year-end closes" in loaded.stdout
    assert "beside establishments' co-financing settled" in loaded.stdout
    again = khuyencong(database_url, tmp_path, "demo", "--if-empty")
    assert again.returncode == 0
    assert "left as it is" in again.stdout
    refused = khuyencong(database_url, tmp_path, "demo")
    assert refused.returncode == 2
    assert "INVALID_INPUT" in refused.stderr
    checked = khuyencong(database_url, tmp_path, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "equal to the checkpoint" in checked.stdout
    report = khuyencong(database_url, tmp_path, "reconcile", "2024")
    assert "only in the" in report.stdout  # discrepancies left for finance to find


def test_the_command_line_tells_its_version_and_where_to_start(tmp_path):
    version = khuyencong("sqlite:///x.db", tmp_path, "--version")
    assert version.stdout.strip()[0].isdigit()
    helped = khuyencong("sqlite:///x.db", tmp_path, "--help")
    assert "start here:" in helped.stdout
    assert "khuyencong demo --if-empty" in helped.stdout


def test_serve_loads_the_demo_into_an_empty_database():
    script = (REPOSITORY_ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    assert "khuyencong demo --if-empty" in script
