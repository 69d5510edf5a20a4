"""The departments' other use cases at the command line, a real process over a real database:
each records its event as the office whose duty it is, and is refused (exit 2, nothing written)
for another role or bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from domain.establishments.commands import RegisterEstablishment
from domain.ids import project_id
from domain.projects.commands import AcceptOutputs, RecordPayment, SettleProject
from domain.types import EstablishmentKind, FundingSource, Output, PaymentKind, SourceAmount
from tests.e2e.cli import khuyencong
from tests.support import CENTER, DOIT, LOADER, PROGRAM, Scenario, program_data

P = FundingSource.PROVINCIAL


@pytest.fixture
def run(scenario: Scenario, database_url: str, tmp_path: Path):
    def run(*args: str, writes: bool = True):
        head = scenario.ledger.head_position()
        done = khuyencong(database_url, tmp_path, *args)
        if writes:
            assert done.returncode == 0, done.stderr
            assert scenario.ledger.head_position() > head
        else:
            assert done.returncode == 2, done.stdout
            assert scenario.ledger.head_position() == head  # nothing written
        return done

    return run


def test_budget_estimates_and_the_year_end_cancellation(scenario: Scenario, run):
    # Estimates are dated within their year's adjustment window, judged by today's date: a
    # program that runs this year takes them.
    today = date.today()
    data = program_data()
    data.update(code="BD-KC-NOW", period_end=date(today.year + 1, 12, 31))
    scenario.ledger.define_program(data, LOADER)
    line = (str(today.year), "--program", "BD-KC-NOW", "--source", "NATIONAL")
    document = ("--document-no", "215/TTr-SCT", "--document-date", today.isoformat())
    proposed = run("budget", "propose-estimate", *line, "--amount", "500000000", *document)
    assert "proposeEstimate: recorded at position" in proposed.stdout
    run("budget", "adjust-estimate", *line, "--delta", "-100000000", *document)
    run("budget", "cancel-estimate", *line, "--reason", "Không bổ sung", *document)
    refused = run("budget", "cancel-estimate", *line, "--reason", "x", *document, writes=False)
    assert "BUDGET_INSUFFICIENT" in refused.stderr
    finance = run(
        "budget",
        "propose-estimate",
        *line,
        "--amount",
        "1",
        *document,
        "--role",
        "finance",
        writes=False,
    )
    assert "FORBIDDEN" in finance.stderr
    elsewhere = run(
        "budget",
        "propose-estimate",
        *line,
        "--amount",
        "1",
        *document,
        "--role",
        "district",
        "--unit",
        "718",
        writes=False,
    )
    assert "FORBIDDEN_HOLDER [holderCode]" in elsewhere.stderr

    scenario.allocate(2_000_000_000)  # 2024, long past its year end
    cancel = ("2024", "--source", "PROVINCIAL", "--reason", "Hủy dự toán không sử dụng hết")
    decision = ("--decision-no", "05/QĐ-STC")
    early = run(
        "budget",
        "cancel",
        *cancel,
        "--amount",
        "1000000",
        *decision,
        "--decision-date",
        "2024-12-30",
        writes=False,
    )
    assert "FISCAL_DATE_VIOLATION [decisionDate]" in early.stderr
    run(
        "budget",
        "cancel",
        *cancel,
        "--amount",
        "1000000",
        *decision,
        "--decision-date",
        "2024-12-31",
    )


def test_project_changes_by_decision_and_the_carry_over(scenario: Scenario, run):
    scenario.allocate(2_000_000_000)
    scenario.approved_project("DA-2024-01")
    decision = ("--reason", "Chờ bổ sung hồ sơ", "--decision-no", "1701/QĐ-SCT")
    on = ("--decision-date", "2024-06-01")
    wrong = run(
        "project", "suspend", "DA-2024-01", *decision, *on, "--role", "center", writes=False
    )
    assert "FORBIDDEN" in wrong.stderr
    run("project", "suspend", "DA-2024-01", *decision, *on)
    run("project", "adjust", "DA-2024-01", "--support", "PROVINCIAL=200000000", *decision, *on)
    bad = run(
        "project", "adjust", "DA-2024-01", "--support", "PROVINCIAL", *decision, *on, writes=False
    )
    assert "INVALID_INPUT [support]" in bad.stderr
    run("project", "resume", "DA-2024-01", *decision, *on)
    again = run("project", "resume", "DA-2024-01", *decision, *on, writes=False)
    assert "INVALID_STATE [projectId]" in again.stderr
    unknown = run("project", "suspend", "DA-9", *decision, *on, writes=False)
    assert "UNKNOWN_PROJECT" in unknown.stderr
    assert scenario.ledger.project(_pid(scenario, "DA-2024-01")).approved == {P: 200_000_000}

    carry = ("project", "carry-over", "DA-2024-01", "--decision-no", "06/QĐ-STC")
    early = run(*carry, "--decision-date", "2024-12-30", writes=False)
    assert "FISCAL_DATE_VIOLATION" in early.stderr
    assert (
        "FORBIDDEN"
        in run(*carry, "--decision-date", "2024-12-31", "--role", "doit", writes=False).stderr
    )
    run(*carry, "--decision-date", "2024-12-31")
    assert scenario.ledger.project(_pid(scenario, "DA-2024-01")).budget_year == 2025


def _pid(scenario: Scenario, code: str) -> UUID:
    return project_id(PROGRAM, code)


def test_refunds_from_the_center_or_the_projects_district(scenario: Scenario, run):
    scenario.allocate(2_000_000_000)
    pid = scenario.approved_project("DA-2024-01")  # in Bàu Bàng, 719
    scenario.ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.PAYMENT,
            source=P,
            amount_vnd=100_000_000,
            voucher_no="UNC-1",
            value_date=date(2024, 4, 1),
            payee="Công ty TNHH Cơ khí Phú Giáo",
        ),
        CENTER,
    )
    scenario.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        DOIT,
    )
    scenario.ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 90_000_000),),
            decision_no="QT-1",
            decision_date=date(2024, 5, 2),
        ),
        CENTER,
    )
    refund = (
        "project",
        "refund",
        "DA-2024-01",
        "--source",
        "PROVINCIAL",
        "--value-date",
        "2024-06-10",
    )
    too_much = run(*refund, "--amount", "10000001", "--voucher-no", "GNT-1", writes=False)
    assert "REFUND_ABOVE_DUE [amount]" in too_much.stderr
    other = run(
        *refund,
        "--amount",
        "1",
        "--voucher-no",
        "GNT-1",
        "--role",
        "district",
        "--unit",
        "718",
        writes=False,
    )
    assert "FORBIDDEN [unitCode]" in other.stderr
    run(*refund, "--amount", "4000000", "--voucher-no", "GNT-1")
    run(
        *refund,
        "--amount",
        "6000000",
        "--voucher-no",
        "GNT-2",
        "--role",
        "district",
        "--unit",
        "719",
    )
    assert scenario.ledger.project(pid).refund_outstanding(P) == 0


def test_certifications_targets_and_support_rules(scenario: Scenario, run):
    scenario.ledger.register_establishment(
        RegisterEstablishment(
            program_code=PROGRAM,
            name="Hộ kinh doanh Gốm sứ Minh Long",
            kind=EstablishmentKind.HOUSEHOLD_BUSINESS,
            tax_code="3700000019",
            unit_code="718",
        ),
        CENTER,
    )
    certify = (
        "establishment",
        "certify",
        "3700000019",
        "--kind",
        "TYPICAL_PRODUCT",
        "--title",
        "Bình gốm men lam",
        "--certificate-no",
        "125/GCN-SCT",
        "--level",
        "cấp tỉnh",
        "--issued-on",
        "2024-05-20",
    )
    assert "FORBIDDEN" in run(*certify, "--role", "finance", writes=False).stderr
    run(*certify)
    assert "INVALID_INPUT [certificateNo]" in run(*certify, writes=False).stderr

    revise = (
        "program",
        "revise-target",
        "machines_applied",
        "--decision-no",
        "2950/QĐ-UBND",
        "--decision-date",
        "2024-06-01",
    )
    run(*revise, "--target", "45")
    assert "INVALID_INPUT [target]" in run(*revise, "--target", "45", writes=False).stderr
    assert scenario.ledger.program(PROGRAM).targets["machines_applied"] == 45

    rule = (
        "program",
        "add-support-rule",
        "TT28-2018-MACHINERY-V2",
        "--legal-basis",
        "Thông tư 28/2018/TT-BTC",
        "--source-note",
        "Đối chiếu văn bản",
        "--effective-from",
        "2024-07-01",
        "--content",
        "IV.1.b",
        "--indicator",
        "machines_applied",
        "--max-share-percent",
        "50",
        "--cap",
        "250000000",
        "--per",
        "establishment",
    )
    assert "FORBIDDEN" in run(*rule, "--role", "center", writes=False).stderr
    assert "INVALID_PROGRAM_FILE" in run(*rule[:-1], "district", writes=False).stderr
    replaces = ("--replaces", "TT28-2018-MACHINERY")
    early = run(*rule, *replaces, "--effective-from", "2018-01-01", writes=False)
    assert "INVALID_INPUT [replaces]" in early.stderr
    run(*rule, *replaces)
    rules = {r.code: r for r in scenario.ledger.program(PROGRAM).support_rules}
    assert rules["TT28-2018-MACHINERY-V2"].cap_vnd == 250_000_000
    assert rules["TT28-2018-MACHINERY"].effective_to == date(2024, 6, 30)


def test_the_use_case_commands_say_what_they_do(tmp_path):
    for group, action in [("budget", "propose-estimate"), ("project", "carry-over")]:
        shown = khuyencong(f"sqlite:///{tmp_path / 'l.db'}", tmp_path, group, action, "--help")
        assert shown.returncode == 0
        assert "GraphQL:" in shown.stdout
