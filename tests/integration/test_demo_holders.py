"""Budget holders, Treasury accounts and the succession of 1 July 2025 in the demo ledger, on
SQLite and PostgreSQL: district money on the nine districts' lines to mid-2025, the transfer
to 79 recorded naming the decision, and a 2024 reconciliation whose discrepancies are only
where a statement was imported."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from finance.reconciliation import reconcile
from tests.integration.test_demo import PROGRAM, Demo, _loaded
from tests.support import LedgerFactory


@pytest.fixture
def demo(make_ledger: LedgerFactory, database_url: str) -> Iterator[Demo]:
    with _loaded(make_ledger, database_url) as loaded:
        yield loaded


DISTRICTS = {"718", "719", "720", "721", "722", "723", "724", "725", "726"}


def test_district_money_sits_on_the_nine_districts_lines_to_mid_2025(demo: Demo) -> None:
    report = demo.model.budget(PROGRAM)
    district = {line.holder_code for line in report.lines if line.source == "DISTRICT"}
    assert district >= DISTRICTS
    assert district - DISTRICTS <= {"79"}  # what 79 took over on 1 July 2025
    provincial = {line.holder_code for line in report.lines if line.source == "PROVINCIAL"}
    assert provincial == {"74", "79"}
    names = {h.holder_code: h.holder_name for h in report.holders}
    assert names["74"] == "Tỉnh Bình Dương"
    assert names["79"] == "Thành phố Hồ Chí Minh"
    for line in report.lines:
        if line.holder_code in DISTRICTS or line.holder_code == "74":
            assert line.year <= 2025


def test_the_succession_is_recorded_on_1_july_2025_naming_the_decision(demo: Demo) -> None:
    moves = demo.model.journal(types=["Project.HolderTransferred"], first=500).items
    assert moves
    for entry in moves:
        payload = json.loads(entry.payload)
        assert entry.effective_on == "2025-07-01"
        assert payload["to_holder"] == "79"
        assert entry.document_ref == (
            "202/2025/QH15" if payload["from_holder"] == "74" else "72/2025/QH15"
        )
    outs = demo.model.journal(types=["BudgetLine.TransferredOut"], first=500)
    ins = demo.model.journal(types=["BudgetLine.TransferredIn"], first=500)
    assert outs.total_count == ins.total_count >= len(moves)
    for holder in ("74", *DISTRICTS):  # nothing is left committed on a holder that ended
        assert demo.model.projects_committed_on(PROGRAM, holder) == [], holder


def test_reconcile_2024_reports_discrepancies_only_where_a_statement_exists(demo: Demo) -> None:
    report = reconcile(demo.store, PROGRAM, 2024)
    with_statement = {m.account for m in report.months if m.statement_imported}
    assert "9523.1.1068413" in with_statement  # 74's provincial account
    for payment in report.only_in_ledger:
        assert payment.account in with_statement
    assert report.no_statement_yet  # counterpart and other-program money: no account
    for payment in report.no_statement_yet:
        assert payment.source in {"COUNTERPART", "OTHER_PROGRAM"}
    assert report.unmatched_lines >= 1  # the provincial statement's planted discrepancies
    assert {line.account for line in report.only_in_statement} <= with_statement
