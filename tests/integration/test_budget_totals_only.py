"""The budget's totals read alone (what a dashboard asks) are the totals of its lines, figure by
figure, now and as of earlier points, for the whole program and for one holder."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from projections.rows import AsOf
from tests.support import CENTER, PROGRAM


def test_the_totals_alone_equal_the_totals_of_the_lines(scenario, read_side):
    scenario.allocate(1_000_000_000)
    scenario.allocate(300_000_000, source=FundingSource.NATIONAL, decision_no="11/QĐ-TTg")
    scenario.allocate(80_000_000, source=FundingSource.DISTRICT, holder_code="719")
    middle = scenario.ledger.head_position()
    project = scenario.approved_project()
    scenario.ledger.record_payment(
        RecordPayment(
            project_id=project,
            kind=PaymentKind.ADVANCE,
            source=FundingSource.PROVINCIAL,
            amount_vnd=100_000_000,
            voucher_no="UNC-1",
            value_date=date(2024, 4, 1),
            payee="Công ty TNHH Cơ khí Bàu Bàng",
        ),
        CENTER,
    )
    model = read_side.catch_up()
    for year, as_of, holder in [
        (None, None, None),
        (2024, None, None),
        (None, AsOf(position=middle), None),
        (None, None, "719"),
    ]:
        full = model.budget(PROGRAM, year, as_of, holder)
        alone = model.budget(PROGRAM, year, as_of, holder, lines=False)
        assert full.lines  # the comparison is with lines that hold money
        assert alone.lines == ()
        assert alone.holders == ()
        assert (alone.position, alone.effective_on) == (full.position, full.effective_on)
        assert asdict(alone.totals) == asdict(full.totals)
