"""Yearly reports and inspections, given / when / then: what is recorded, and what is refused."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import (
    InspectionAlreadyRecorded,
    InvalidDate,
    InvalidInput,
    ReportAlreadyRecorded,
)
from domain.inspections import decisions as inspections
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.inspections.events import Inspection
from domain.inspections.state import evolve as evolve_inspection
from domain.reports import decisions as reports
from domain.reports.commands import RecordYearlyReport
from domain.reports.events import YearlyReport
from domain.reports.state import evolve as evolve_report
from domain.types import ContentAmount, Output
from tests.support import DOIT, FINANCE, PROGRAM
from tests.unit.decide import binh_duong, decision, given

PROGRAM_STATE = binh_duong()
TODAY = decision(date(2025, 1, 20))


def _report(**changes: object) -> RecordYearlyReport:
    values: dict[str, object] = {
        "program_code": PROGRAM,
        "number": "3/BC-SNN",
        "reported_on": date(2025, 1, 6),
        "sender": "Sở Nông nghiệp và Phát triển nông thôn",
        "year": 2024,
        "outputs": (Output("machines_applied", 2),),
        "amounts": (ContentAmount("IV.1.b", 300_000_000),),
    }
    return RecordYearlyReport(**{**values, **changes})  # type: ignore[arg-type]


def _inspection(**changes: object) -> RecordInspection:
    values: dict[str, object] = {
        "program_code": PROGRAM,
        "number": "21/BB-STC",
        "inspected_on": date(2025, 1, 15),
        "body": "Sở Tài chính",
        "findings": "Đúng quy định.",
        "follow_up": "Lưu đủ chứng từ.",
        "holder_code": "719",
    }
    return RecordInspection(**{**values, **changes})  # type: ignore[arg-type]


def test_a_report_is_recorded_as_its_sender_stated_it_on_its_date():
    (event,) = reports.record_yearly_report(PROGRAM_STATE, None, _report(), TODAY)
    assert isinstance(event, YearlyReport.Recorded)
    assert (event.effective_on, event.document_ref, event.year) == (
        date(2025, 1, 6),
        "3/BC-SNN",
        2024,
    )
    assert event.amounts == (ContentAmount("IV.1.b", 300_000_000),)


def test_a_report_number_of_a_year_is_taken_once():
    existing = given(
        reports.record_yearly_report(PROGRAM_STATE, None, _report(), TODAY), evolve_report
    )
    with pytest.raises(ReportAlreadyRecorded):
        reports.record_yearly_report(PROGRAM_STATE, existing, _report(), TODAY)


def test_a_report_states_each_indicator_once():
    twice = (Output("machines_applied", 2), Output("machines_applied", 1))
    with pytest.raises(InvalidInput) as refused:
        reports.record_yearly_report(PROGRAM_STATE, None, _report(outputs=twice), TODAY)
    assert refused.value.field == "outputs[1]"


def test_an_inspection_of_a_holder_and_its_follow_up():
    events = inspections.record_inspection(PROGRAM_STATE, None, None, _inspection(), TODAY)
    state = given(events, evolve_inspection)
    assert (state.unit_code, state.project_id, state.inspected_on) == (
        "719",
        "",
        date(2025, 1, 15),
    )
    follow_up = RecordInspectionFollowUp(
        program_code=PROGRAM,
        number="21/BB-STC",
        inspected_on=date(2025, 1, 15),
        done_on=date(2025, 1, 20),
        note="Đã lưu đủ.",
    )
    (event,) = inspections.record_follow_up(state, follow_up, decision(date(2025, 1, 20), DOIT))
    assert isinstance(event, Inspection.FollowUpRecorded)
    assert (event.originator_version, event.unit_code, event.document_ref) == (
        2,
        "719",
        "21/BB-STC",
    )
    early = RecordInspectionFollowUp(
        program_code=PROGRAM,
        number="21/BB-STC",
        inspected_on=date(2025, 1, 15),
        done_on=date(2025, 1, 14),
        note="Đã lưu đủ.",
    )
    with pytest.raises(InvalidDate):
        inspections.record_follow_up(state, early, TODAY)
    with pytest.raises(InspectionAlreadyRecorded):
        inspections.record_inspection(PROGRAM_STATE, state, None, _inspection(), TODAY)


def test_an_inspection_names_a_project_or_a_holder_not_both():
    both = _inspection(project_id=uuid4())
    with pytest.raises(InvalidInput) as refused:
        inspections.record_inspection(
            PROGRAM_STATE, None, None, both, decision(date(2025, 1, 20), FINANCE)
        )
    assert refused.value.field == "projectId"
