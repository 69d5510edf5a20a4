"""The finance officer at the command line: a statement file in, the reconciliation out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from tests.e2e.cli import khuyencong
from tests.support import CENTER, Scenario

STATEMENT = (
    "Value date,Voucher no,Amount,Payee\n"
    '20/03/2024,UNC-001,"50,000,000",Cong ty TNHH Co khi Phu Giao\n'
    '21/03/2024,KB-1,"7,000,000",Don vi khac\n'
)
ACCOUNT = ("--account", "9523.1.1068413")
REGISTER = (
    "9523.1.1068413",
    "--holder",
    "74",
    "--source",
    "PROVINCIAL",
    "--name",
    "Sở Công Thương tỉnh Bình Dương",
    "--opened-on",
    "2024-01-02",
)


def test_import_a_statement_and_reconcile_the_year(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    scenario.allocate(1_000_000_000)
    project = scenario.approved_project("DA-01")
    scenario.ledger.record_payment(
        RecordPayment(
            project_id=project,
            kind=PaymentKind.ADVANCE,
            source=FundingSource.PROVINCIAL,
            amount_vnd=50_000_000,
            voucher_no="UNC-001",
            value_date=date(2024, 3, 20),
            payee="Công ty TNHH Cơ khí Phú Giáo",
        ),
        CENTER,
    )
    statement = tmp_path / "sao-ke.csv"
    statement.write_text(STATEMENT, encoding="utf-8")
    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0

    head = scenario.ledger.head_position()
    unknown = khuyencong(database_url, tmp_path, "import-statement", str(statement), *ACCOUNT)
    assert unknown.returncode == 2
    assert "UNKNOWN_ACCOUNT [account]" in unknown.stderr
    assert scenario.ledger.head_position() == head  # nothing written
    registered = khuyencong(database_url, tmp_path, "register-account", *REGISTER)
    assert registered.returncode == 0, registered.stderr
    imported = khuyencong(database_url, tmp_path, "import-statement", str(statement), *ACCOUNT)
    assert imported.returncode == 0, imported.stderr
    assert "2 lines, 57.000.000 đồng" in imported.stdout
    again = khuyencong(database_url, tmp_path, "import-statement", str(statement), *ACCOUNT)
    assert "imported before" in again.stdout

    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0
    report = khuyencong(database_url, tmp_path, "reconcile", "2024")
    assert report.returncode == 1  # a line is left for finance to find
    assert "matched: 1" in report.stdout
    assert "only in the statement: line 3 KB-1 7,000,000" in report.stdout
    assert "9523.1.1068413   74     PROVINCIAL" in report.stdout
    assert (
        "unmatched statement lines: 1; ledger payments on no statement line: 0; "
        "payments with no statement yet: 0"
    ) in report.stdout


def test_a_broken_statement_names_its_line_and_writes_nothing(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(STATEMENT.replace('"7,000,000"', "-7000000"), encoding="utf-8")
    head = scenario.ledger.head_position()
    result = khuyencong(database_url, tmp_path, "import-statement", str(broken), *ACCOUNT)
    assert result.returncode == 2
    assert "STATEMENT_VALUE_INVALID" in result.stderr
    assert "line 3" in result.stderr
    assert scenario.ledger.head_position() == head


CLOSE = ("--decision-no", "KS-01/QĐ-SCT", "--decision-date", "2024-12-31")
REFUSED = [
    (("reconcile", "2024", "--program", "BD-KC-2030"), "UNKNOWN_PROGRAM [programCode]"),
    (("reconcile", "2026"), "YEAR_OUTSIDE_PROGRAM [year]"),
    (("close-year", "2024", "--program", "bd-kc-2025", *CLOSE), "UNKNOWN_PROGRAM [programCode]"),
    (("close-year", "2020", *CLOSE), "YEAR_OUTSIDE_PROGRAM [year]"),
    (("export", "--format", "csv", "--out", "a.csv", "--program", "X"), "UNKNOWN_PROGRAM"),
    (("export", "--format", "xlsx", "--out", "b.xlsx", "--year", "2026"), "YEAR_OUTSIDE_PROGRAM"),
]


def test_finance_commands_refuse_an_unknown_program_or_a_year_outside_it_and_write_nothing(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    scenario.allocate(1_000_000_000)
    scenario.approved_project("DA-01")  # a close of 2024 would cancel it: nothing may be written
    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0
    head = scenario.ledger.head_position()
    for args, code in REFUSED:
        result = khuyencong(database_url, tmp_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert f"khuyencong: refused: {code}" in result.stderr, (args, result.stderr)
    assert scenario.ledger.head_position() == head
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".xlsx")) == []
