"""Annual plans at the command line: a year's plans, and plan against actual."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import khuyencong
from tests.plans_support import BAU_BANG, approve, compile_plans, submit
from tests.support import CENTER, DOIT, Scenario


def test_plans_and_plan_against_actual_at_the_command_line(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    scenario.ledger.submit_plan(submit("719"), BAU_BANG)
    scenario.ledger.submit_plan(submit("74"), CENTER)
    scenario.ledger.compile_plan(compile_plans(), CENTER)
    scenario.ledger.approve_plan(approve(), DOIT)
    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0

    plans = khuyencong(database_url, tmp_path, "plans", "2024")
    assert plans.returncode == 0, plans.stderr
    assert "719 APPROVED: submitted 719/KH-UBND" in plans.stdout
    assert "approved 250,000,000" in plans.stdout
    versus = khuyencong(database_url, tmp_path, "plan-vs-actual", "--year", "2024", "--unit", "719")
    assert versus.returncode == 0, versus.stderr
    assert "2024  719   IV.1.b" in versus.stdout
    assert "250,000,000" in versus.stdout
    before = khuyencong(database_url, tmp_path, "plans", "2024", "--as-of-position", "1")
    assert "no plans for 2024" in before.stdout
    refused = khuyencong(database_url, tmp_path, "plans", "2031")
    assert refused.returncode == 2
    assert "YEAR_OUTSIDE_PROGRAM" in refused.stderr
