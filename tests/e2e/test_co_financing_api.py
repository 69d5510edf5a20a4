"""Co-financing through GraphQL, on SQLite and PostgreSQL: declared at proposal, evidenced at
acceptance, settled; and counterpart money refused as a budget source, writing nothing."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import serving

PROPOSE = """mutation($source: FundingSource!, $coFinancing: VND) {
  proposeProject(input: {programCode: "BD-KC-2025", code: "DA-CF-01", title: "Máy cắt laser",
      contentCode: "IV.1.b", unitCode: "719", year: 2024, eligibleCost: "600000000",
      requestedSupport: [{source: $source, amount: "250000000"}],
      plannedOutputs: [{indicatorCode: "machines_applied", quantity: 2}],
      proposedOn: "2024-02-01", coFinancing: $coFinancing,
      coFinancingDescription: "phần còn lại giá máy"}) {
    userErrors { code field } position project { id coFinancing { declared description } } } }"""
APPRAISE = """mutation($id: ID!) { appraiseProject(input: {projectId: $id, result: PASS}) {
    userErrors { code } } }"""
APPROVE = """mutation($id: ID!) { approveProject(input: {projectId: $id,
    approvedSupport: [{source: PROVINCIAL, amount: "250000000"}], decisionNo: "12/QĐ-SCT",
    decisionDate: "2024-03-01"}) { userErrors { code field } } }"""
PAY = """mutation($id: ID!, $source: FundingSource!) {
  recordPayment(input: {projectId: $id, kind: PAYMENT, source: $source, amount: "250000000",
      voucherNo: "UNC-CF-1", valueDate: "2024-04-01", payee: "Công ty TNHH Cơ khí Bàu Bàng"}) {
    userErrors { code field } position } }"""
ACCEPT = """mutation($id: ID!, $document: String) {
  acceptOutputs(input: {projectId: $id, outputs: [{indicatorCode: "machines_applied",
      quantity: 2}], recordNo: "BB-07/2024", acceptedOn: "2024-06-10",
      coFinancingEvidenced: "350000000", coFinancingDocumentNo: $document}) {
    userErrors { code field } project { coFinancing { evidenced evidenceDocuments } } } }"""
SETTLE = """mutation($id: ID!, $settled: VND) {
  settleProject(input: {projectId: $id, finalSupport: [{source: PROVINCIAL,
      amount: "250000000"}], decisionNo: "40/QĐ-SCT", decisionDate: "2024-06-14",
      coFinancingSettled: $settled}) {
    userErrors { code field } position
    project { status paid coFinancing { declared evidenced settled } } } }"""
ALLOCATE = """mutation($source: FundingSource!) {
  allocateBudget(input: {programCode: "BD-KC-2025", year: 2024, source: $source,
      amount: "900000000", decisionNo: "3022/QĐ-UBND", decisionDate: "2024-01-05"}) {
    userErrors { code field } position } }"""


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(2_000_000_000)
    with serving(scenario.ledger, database_url) as api:
        yield api


def test_a_project_declares_evidences_and_settles_co_financing_beside_its_support(api):
    proposed = api.data(
        PROPOSE, {"source": "PROVINCIAL", "coFinancing": "350000000"}, role="center"
    )["proposeProject"]
    assert proposed["userErrors"] == []
    assert proposed["project"]["coFinancing"] == {
        "declared": "350000000",
        "description": "phần còn lại giá máy",
    }
    pid = proposed["project"]["id"]
    assert api.data(APPRAISE, {"id": pid}, role="doit")["appraiseProject"]["userErrors"] == []
    assert api.data(APPROVE, {"id": pid}, role="doit")["approveProject"]["userErrors"] == []
    paid = api.data(PAY, {"id": pid, "source": "PROVINCIAL"}, role="center")["recordPayment"]
    assert paid["userErrors"] == []
    without = api.data(ACCEPT, {"id": pid, "document": None}, role="center")["acceptOutputs"]
    assert without["userErrors"] == [{"code": "INVALID_INPUT", "field": "coFinancingDocumentNo"}]
    accepted = api.data(
        ACCEPT, {"id": pid, "document": "HĐ mua máy 15/2024; hóa đơn 0004521"}, role="center"
    )["acceptOutputs"]
    assert accepted["project"]["coFinancing"] == {
        "evidenced": "350000000",
        "evidenceDocuments": ["HĐ mua máy 15/2024; hóa đơn 0004521"],
    }
    above = api.data(SETTLE, {"id": pid, "settled": "350000001"}, role="center")["settleProject"]
    assert above["userErrors"] == [
        {"code": "CO_FINANCING_ABOVE_EVIDENCE", "field": "coFinancingSettled"}
    ]
    settled = api.data(SETTLE, {"id": pid, "settled": "340000000"}, role="center")
    assert settled["settleProject"]["project"] == {
        "status": "SETTLED",
        "paid": "250000000",
        "coFinancing": {"declared": "350000000", "evidenced": "350000000", "settled": "340000000"},
    }
    before_settlement = api.data(
        """query($id: ID!, $at: Int) { project(id: $id, asOf: {position: $at}) {
        coFinancing { settled } } }""",
        {"id": pid, "at": settled["settleProject"]["position"] - 1},
        role="auditor",
    )
    assert before_settlement["project"]["coFinancing"] == {"settled": "0"}
    by_year = api.data(
        """{ supportAndCoFinancing(programCode: "BD-KC-2025") { year projects supportCommitted
        supportPaid coFinancingDeclared coFinancingEvidenced coFinancingSettled } }""",
        role="auditor",
    )["supportAndCoFinancing"]
    assert by_year == [
        {
            "year": 2024,
            "projects": 1,
            "supportCommitted": "250000000",
            "supportPaid": "250000000",
            "coFinancingDeclared": "350000000",
            "coFinancingEvidenced": "350000000",
            "coFinancingSettled": "340000000",
        }
    ]


def test_co_financing_above_what_the_cost_leaves_is_refused(api):
    head = api.head()
    refused = api.data(
        PROPOSE, {"source": "PROVINCIAL", "coFinancing": "350000001"}, role="center"
    )["proposeProject"]
    assert refused["userErrors"] == [{"code": "CO_FINANCING_ABOVE_COST", "field": "coFinancing"}]
    assert api.head() == head


def test_counterpart_as_a_budget_source_is_refused_and_writes_nothing(api):
    head = api.head()
    allocated = api.data(ALLOCATE, {"source": "COUNTERPART"}, role="finance")["allocateBudget"]
    assert allocated == {
        "userErrors": [{"code": "COUNTERPART_IS_CO_FINANCING", "field": "source"}],
        "position": None,
    }
    proposed = api.data(PROPOSE, {"source": "COUNTERPART"}, role="center")["proposeProject"]
    assert proposed["userErrors"] == [
        {"code": "COUNTERPART_IS_CO_FINANCING", "field": "requestedSupport[0].source"}
    ]
    assert api.head() == head
    proposed = api.data(PROPOSE, {"source": "PROVINCIAL", "coFinancing": "1"}, role="center")
    pid = proposed["proposeProject"]["project"]["id"]
    api.data(APPRAISE, {"id": pid}, role="doit")
    api.data(APPROVE, {"id": pid}, role="doit")
    head = api.head()
    paid = api.data(PAY, {"id": pid, "source": "COUNTERPART"}, role="center")["recordPayment"]
    assert paid == {
        "userErrors": [{"code": "COUNTERPART_IS_CO_FINANCING", "field": "source"}],
        "position": None,
    }
    assert api.head() == head
