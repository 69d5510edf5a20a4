"""Yearly reports, inspections and the program review, on SQLite and PostgreSQL: each is
recorded once and refused (writing nothing) when wrong; an inspection of a project shows in the
project's history; the review's figures are the budget's and the targets query's."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import LedgerError
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.projects.commands import AcceptOutputs, RecordPayment
from domain.reports.commands import RecordYearlyReport
from domain.types import ContentAmount, FundingSource, Output, PaymentKind
from projections.rows import AsOf
from tests.support import DOIT, FINANCE, PROGRAM


def report(number: str = "125/BC-SNN", **changes: object) -> RecordYearlyReport:
    values: dict[str, object] = {
        "program_code": PROGRAM,
        "number": number,
        "reported_on": date(2024, 6, 10),
        "sender": "Sở Nông nghiệp và Phát triển nông thôn",
        "year": 2024,
        "outputs": (Output("machines_applied", 3),),
        "amounts": (ContentAmount("IV.1.b", 400_000_000),),
    }
    return RecordYearlyReport(**{**values, **changes})  # type: ignore[arg-type]


def inspection(number: str = "15/BB-SCT", **changes: object) -> RecordInspection:
    values: dict[str, object] = {
        "program_code": PROGRAM,
        "number": number,
        "inspected_on": date(2024, 6, 1),
        "body": "Đoàn kiểm tra liên ngành Sở Công Thương – Sở Tài chính",
        "findings": "Máy đã lắp đặt, vận hành đúng hồ sơ; chứng từ thanh toán đầy đủ.",
        "follow_up": "Bổ sung nhật ký vận hành trước ngày 30/6/2024.",
    }
    return RecordInspection(**{**values, **changes})  # type: ignore[arg-type]


@pytest.fixture
def paid(scenario):
    scenario.allocate(2_000_000_000)
    pid = scenario.approved_project()
    ledger = scenario.ledger
    ledger.record_payment(
        RecordPayment(
            project_id=pid,
            kind=PaymentKind.PAYMENT,
            source=FundingSource.PROVINCIAL,
            amount_vnd=100_000_000,
            voucher_no="UNC-1",
            value_date=date(2024, 4, 2),
            payee="Hộ kinh doanh Minh Phát",
        ),
        FINANCE,
    )
    ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        DOIT,
    )
    return pid


def test_records_a_yearly_report_and_reads_it_back(scenario, read_side):
    scenario.ledger.record_yearly_report(report(), DOIT)
    (found,) = read_side.catch_up().yearly_reports(PROGRAM, 2024)
    assert (found.number, found.sender, found.year) == (
        "125/BC-SNN",
        "Sở Nông nghiệp và Phát triển nông thôn",
        2024,
    )
    assert found.outputs == (("machines_applied", 3),)
    assert found.amounts == (("IV.1.b", 400_000_000),)
    assert read_side.model.yearly_reports(PROGRAM, 2023) == ()
    assert read_side.model.yearly_reports(PROGRAM, as_of=AsOf(effective_on=date(2024, 6, 9))) == ()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"outputs": (Output("no_such", 1),)}, "UNKNOWN_INDICATOR", "outputs[0].indicatorCode"),
        (
            {"amounts": (ContentAmount("IV.9.z", 1),)},
            "UNKNOWN_CONTENT_ITEM",
            "amounts[0].contentCode",
        ),
        ({"outputs": (Output("machines_applied", 0),)}, "INVALID_AMOUNT", "outputs[0].quantity"),
        ({"outputs": (), "amounts": ()}, "INVALID_INPUT", "outputs"),
        ({"year": 2026}, "YEAR_OUTSIDE_PROGRAM", "year"),
        ({"reported_on": date(2023, 12, 31)}, "INVALID_DATE", "reportedOn"),
        ({"reported_on": date(2024, 6, 16)}, "INVALID_DATE", "reportedOn"),
        ({"sender": " "}, "INVALID_TEXT", "sender"),
        ({"number": "12 BC"}, "INVALID_TEXT", "number"),
    ],
)
def test_refuses_a_wrong_report_writing_nothing(scenario, changes, code, field):
    head = scenario.ledger.head_position()
    with pytest.raises(LedgerError) as refused:
        scenario.ledger.record_yearly_report(report(**changes), DOIT)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert scenario.ledger.head_position() == head


def test_refuses_a_report_number_twice(scenario):
    scenario.ledger.record_yearly_report(report(), DOIT)
    head = scenario.ledger.head_position()
    with pytest.raises(LedgerError) as refused:
        scenario.ledger.record_yearly_report(report(year=2023), DOIT)
    assert refused.value.code == "REPORT_ALREADY_RECORDED"
    assert scenario.ledger.head_position() == head
    scenario.clock.set(date(2025, 1, 15))  # numbers restart each year
    scenario.ledger.record_yearly_report(report(reported_on=date(2025, 1, 10)), DOIT)


def test_an_inspection_of_a_project_shows_in_its_history_and_the_journal(scenario, read_side, paid):
    ledger = scenario.ledger
    ledger.record_inspection(inspection(project_id=paid), DOIT)
    scenario.clock.set(date(2024, 7, 1))
    ledger.record_inspection_follow_up(
        RecordInspectionFollowUp(
            program_code=PROGRAM,
            number="15/BB-SCT",
            inspected_on=date(2024, 6, 1),
            done_on=date(2024, 6, 28),
            note="Đã bổ sung nhật ký vận hành.",
        ),
        FINANCE,
    )
    model = read_side.catch_up()
    history = model.histories([str(paid)])[str(paid)]
    types = [e.type for e in history]
    assert types[-2:] == ["Inspection.Recorded", "Inspection.FollowUpRecorded"]
    assert [e.position for e in history] == sorted(e.position for e in history)
    assert history[-2].summary.startswith(
        "Đoàn kiểm tra liên ngành Sở Công Thương – Sở Tài chính kiểm tra đề án DA-2024-01"
    )
    (found,) = model.inspections(PROGRAM, project_id=str(paid))
    assert (found.project_code, found.unit_code, found.actor_role) == (
        "DA-2024-01",
        "719",
        "doit",
    )
    assert [(f.done_on, f.actor_role) for f in found.follow_ups] == [("2024-06-28", "finance")]
    journal = model.journal(types=["Inspection.Recorded"]).items
    assert [e.document_ref for e in journal] == ["15/BB-SCT"]


def test_an_inspection_of_a_holder(scenario, read_side):
    scenario.ledger.record_inspection(inspection(holder_code="718"), FINANCE)
    (found,) = read_side.catch_up().inspections(PROGRAM, unit_code="718")
    assert (found.project_id, found.unit_code, found.actor_role) == (None, "718", "finance")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, "INVALID_INPUT", "projectId"),  # neither project nor holder
        ({"holder_code": "999"}, "UNKNOWN_HOLDER", "holderCode"),
        ({"holder_code": "718", "inspected_on": date(2024, 6, 16)}, "INVALID_DATE", "inspectedOn"),
        ({"holder_code": "718", "findings": ""}, "INVALID_TEXT", "findings"),
        ({"holder_code": "718", "body": "\x00"}, "INVALID_TEXT", "body"),
    ],
)
def test_refuses_a_wrong_inspection_writing_nothing(scenario, changes, code, field):
    head = scenario.ledger.head_position()
    with pytest.raises(LedgerError) as refused:
        scenario.ledger.record_inspection(inspection(**changes), DOIT)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert scenario.ledger.head_position() == head


def test_refuses_an_inspection_twice_and_a_follow_up_of_none(scenario, paid):
    ledger = scenario.ledger
    ledger.record_inspection(inspection(project_id=paid), DOIT)
    head = ledger.head_position()
    with pytest.raises(LedgerError) as twice:
        ledger.record_inspection(inspection(holder_code="718"), DOIT)
    assert twice.value.code == "INSPECTION_ALREADY_RECORDED"
    follow_up = RecordInspectionFollowUp(
        program_code=PROGRAM,
        number="99/BB-SCT",
        inspected_on=date(2024, 6, 1),
        done_on=date(2024, 6, 10),
        note="Đã khắc phục.",
    )
    with pytest.raises(LedgerError) as unknown:
        ledger.record_inspection_follow_up(follow_up, DOIT)
    assert (unknown.value.code, unknown.value.field) == ("UNKNOWN_INSPECTION", "number")
    early = RecordInspectionFollowUp(
        program_code=PROGRAM,
        number="15/BB-SCT",
        inspected_on=date(2024, 6, 1),
        done_on=date(2024, 5, 31),
        note="Đã khắc phục.",
    )
    with pytest.raises(LedgerError) as before:
        ledger.record_inspection_follow_up(early, DOIT)
    assert (before.value.code, before.value.field) == ("INVALID_DATE", "doneOn")
    assert ledger.head_position() == head


def test_the_review_agrees_with_the_budget_and_the_targets(scenario, read_side, paid):
    scenario.ledger.record_yearly_report(report(), DOIT)
    model = read_side.catch_up()
    review = model.program_review(PROGRAM)
    assert review.years == (2021, 2022, 2023, 2024, 2025)
    for year in review.years:
        items = [i for i in review.items if i.year == year]
        budget = model.budget(PROGRAM, year).totals
        assert sum(i.figures.paid for i in items) == budget.paid
        assert sum(i.figures.committed for i in items) == budget.committed
        progress = {i.progress.indicator.code: i.progress for x in items for i in x.indicators}
        for row in model.targets(PROGRAM, year, cost_per_output=False):
            assert progress[row.indicator.code] == row
    (machines,) = [i for i in review.items if (i.year, i.content_code) == (2024, "IV.1.b")]
    assert (machines.figures.paid, machines.figures.committed) == (100_000_000, 250_000_000)
    assert machines.reported_amount == 400_000_000
    stated = {i.progress.indicator.code: i.reported for i in machines.indicators}
    assert stated["machines_applied"] == 3
    assert [i.progress.achieved for i in machines.indicators if i.reported] == [2]
    earlier = model.program_review(PROGRAM, AsOf(position=review.position - 1))
    assert earlier.reports == ()
