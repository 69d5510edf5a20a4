"""Yearly reports, inspections and the program review over GraphQL, on SQLite and PostgreSQL:
Sở Công Thương records reports, it and Sở Tài chính record inspections, no other role may, a
refusal writes nothing, and the review agrees with the budget and targets queries."""

from __future__ import annotations

from datetime import date

import pytest

from domain.projects.commands import AcceptOutputs, RecordPayment
from domain.types import FundingSource, Output, PaymentKind
from tests.e2e.api_client import serving
from tests.support import DOIT, FINANCE

REPORT = """mutation($input: RecordYearlyReportInput!) { recordYearlyReport(input: $input) {
  userErrors { code field message } position
  report { number sender year outputs { indicatorCode quantity } amounts { contentCode amount } }
} }"""
INSPECT = """mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  userErrors { code field message } position
  inspection { number projectId projectCode unitCode recordedBy followUps { doneOn } } } }"""
FOLLOW_UP = """mutation($input: RecordInspectionFollowUpInput!) {
  recordInspectionFollowUp(input: $input) {
    userErrors { code field message } position inspection { followUps { doneOn note } } } }"""
HISTORY = """query($id: ID!) { project(id: $id) { history { type summary documentRef } } }"""
REVIEW = """{ programReview(programCode: "BD-KC-2025") { position years
  items { year contentCode committed paid settled reportedAmount
          indicators { reported progress { indicator { code } target planned achieved } } }
  reports { number } } }"""


def report_input(**changes: object) -> dict:
    values = {
        "programCode": "BD-KC-2025",
        "number": "125/BC-SNN",
        "reportedOn": "2024-06-10",
        "sender": "Sở Nông nghiệp và Phát triển nông thôn",
        "year": 2024,
        "outputs": [{"indicatorCode": "machines_applied", "quantity": 3}],
        "amounts": [{"contentCode": "IV.1.b", "amount": "400000000"}],
        "idempotencyKey": "report-125",
    }
    return {"input": {**values, **changes}}


def inspection_input(**changes: object) -> dict:
    values = {
        "programCode": "BD-KC-2025",
        "number": "15/BB-SCT",
        "inspectedOn": "2024-06-01",
        "body": "Đoàn kiểm tra liên ngành Sở Công Thương – Sở Tài chính",
        "findings": "Máy đã lắp đặt, vận hành đúng hồ sơ.",
        "followUp": "Bổ sung nhật ký vận hành.",
    }
    return {"input": {**values, **changes}}


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(2_000_000_000)
    pid = scenario.approved_project()
    scenario.ledger.record_payment(
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
    scenario.ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        DOIT,
    )
    with serving(scenario.ledger, database_url) as api:
        project = api.data(
            '{ projects(programCode: "BD-KC-2025") { edges { node { id } } } }', role="auditor"
        )["projects"]["edges"][0]["node"]["id"]
        api.project_id = project
        yield api


def test_doit_records_a_yearly_report_and_a_retry_answers_the_same(api):
    first = api.data(REPORT, report_input(), role="doit")["recordYearlyReport"]
    assert first["userErrors"] == []
    assert first["report"] == {
        "number": "125/BC-SNN",
        "sender": "Sở Nông nghiệp và Phát triển nông thôn",
        "year": 2024,
        "outputs": [{"indicatorCode": "machines_applied", "quantity": 3}],
        "amounts": [{"contentCode": "IV.1.b", "amount": "400000000"}],
    }
    again = api.data(REPORT, report_input(), role="doit")["recordYearlyReport"]
    assert again["position"] == first["position"]


@pytest.mark.parametrize("role", ["finance", "center", "district", "auditor", None])
def test_only_doit_records_yearly_reports(api, role):
    head = api.head()
    token = api.token("district", unit="718") if role == "district" else None
    answer = api.data(REPORT, report_input(), role=role, token=token)
    (error,) = answer["recordYearlyReport"]["userErrors"]
    assert error["code"] == "FORBIDDEN"
    assert api.head() == head


@pytest.mark.parametrize("role", ["center", "district", "auditor"])
def test_only_doit_and_finance_record_inspections(api, role):
    head = api.head()
    token = api.token("district", unit="719") if role == "district" else api.token(role)
    answer = api.data(INSPECT, inspection_input(holderCode="719"), token=token)
    (error,) = answer["recordInspection"]["userErrors"]
    assert error["code"] == "FORBIDDEN"
    assert api.head() == head


def test_a_wrong_report_or_inspection_is_refused_writing_nothing(api):
    head = api.head()
    bad = report_input(outputs=[{"indicatorCode": "machines", "quantity": 1}])
    (error,) = api.data(REPORT, bad, role="doit")["recordYearlyReport"]["userErrors"]
    assert (error["code"], error["field"]) == ("UNKNOWN_INDICATOR", "outputs[0].indicatorCode")
    both = inspection_input(projectId=api.project_id, holderCode="719")
    (error,) = api.data(INSPECT, both, role="finance")["recordInspection"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "projectId")
    (error,) = api.data(INSPECT, inspection_input(projectId="Project:nope"), role="doit")[
        "recordInspection"
    ]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "projectId")
    assert api.head() == head


def test_an_inspection_shows_in_the_projects_history_with_its_follow_up(api):
    recorded = api.data(INSPECT, inspection_input(projectId=api.project_id), role="doit")
    inspection = recorded["recordInspection"]["inspection"]
    assert inspection["projectId"] == api.project_id
    assert (inspection["projectCode"], inspection["unitCode"]) == ("DA-2024-01", "719")
    follow_up = {
        "programCode": "BD-KC-2025",
        "number": "15/BB-SCT",
        "inspectedOn": "2024-06-01",
        "doneOn": "2024-06-12",
        "note": "Đã bổ sung nhật ký vận hành.",
    }
    done = api.data(FOLLOW_UP, {"input": follow_up}, role="finance")["recordInspectionFollowUp"]
    assert done["inspection"]["followUps"] == [
        {"doneOn": "2024-06-12", "note": "Đã bổ sung nhật ký vận hành."}
    ]
    at = {"X-Min-Position": str(done["position"])}
    history = api.data(HISTORY, {"id": api.project_id}, role="auditor", headers=at)
    entries = history["project"]["history"]
    assert [e["type"] for e in entries[-2:]] == [
        "Inspection.Recorded",
        "Inspection.FollowUpRecorded",
    ]
    assert entries[-2]["documentRef"] == "15/BB-SCT"
    assert "kiểm tra đề án DA-2024-01" in entries[-2]["summary"]


def test_the_review_agrees_with_the_budget_and_targets_queries(api):
    api.data(REPORT, report_input(), role="doit")
    review = api.data(REVIEW, role="auditor", headers={"X-Min-Position": str(api.head())})
    review = review["programReview"]
    assert review["years"] == [2021, 2022, 2023, 2024, 2025]
    assert [r["number"] for r in review["reports"]] == ["125/BC-SNN"]
    for year in review["years"]:
        budget = api.data(
            f'{{ budget(programCode: "BD-KC-2025", year: {year}) '
            "{ totals { committed paid } } }",
            role="auditor",
        )["budget"]["totals"]
        items = [i for i in review["items"] if i["year"] == year]
        assert sum(int(i["paid"]) for i in items) == int(budget["paid"])
        assert sum(int(i["committed"]) for i in items) == int(budget["committed"])
        targets = api.data(
            f'{{ targets(programCode: "BD-KC-2025", year: {year}) '
            "{ indicator { code } target planned achieved } }",
            role="auditor",
        )["targets"]
        shown = [x["progress"] for i in items for x in i["indicators"]]
        assert sorted(shown, key=lambda x: x["indicator"]["code"]) == sorted(
            targets, key=lambda x: x["indicator"]["code"]
        )
    (machines,) = [i for i in review["items"] if (i["year"], i["contentCode"]) == (2024, "IV.1.b")]
    assert (machines["paid"], machines["reportedAmount"]) == ("100000000", "400000000")


def test_anonymous_callers_may_not_read_the_review(api):
    answer = api.post(REVIEW).json()
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
