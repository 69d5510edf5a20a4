"""The finance department over GraphQL: a statement file in (base64 and multipart), matching by
hand, the reconciliation report, and the year-end close; on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from domain.accounts.commands import RegisterAccount
from domain.projects.commands import RecordPayment
from domain.types import FundingSource, PaymentKind
from tests.e2e.api_client import serving
from tests.support import CENTER, FINANCE

PAYEE = "Công ty TNHH Cơ khí Phú Giáo"
CSV = (
    "Ngày giá trị;Số chứng từ;Số tiền;Đơn vị nhận;Mã chương;Tiểu mục\n"
    "20/03/2024;UNC-001;50.000.000;CONG TY TNHH CO KHI PHU GIAO;418;7799\n"
    "02/04/2024;UNC-002;41.000.000;Công ty TNHH Cơ khí Phú Giáo;418;7799\n"
    "20/06/2024;KB-9999;12.345.000;Đơn vị khác;418;7799\n"
).encode("utf-8-sig")
IMPORT = """mutation($input: ImportStatementInput!) { importTreasuryStatement(input: $input) {
  userErrors { code field message } position
  statement { id sha256 lineCount amountTotal alreadyImported } } }"""
RECONCILE = """query($at: Int) { reconciliation(programCode: "BD-KC-2025", year: 2024,
  asOf: {position: $at}) { position matched unmatchedLines
  months { account holderCode source month ledgerTotal statementTotal difference }
  amountDiffers { totalCount edges { node { rule difference lines { lineNo voucherNo }
    payments { voucherNo projectId } } } }
  onlyInStatement { totalCount edges { node { statementId lineNo voucherNo amount account } } }
  onlyInLedger { totalCount edges { node { voucherNo amount projectCode projectId } } }
  noStatementYet { totalCount edges { node { voucherNo } } } } }"""
MATCH = """mutation($input: MatchStatementLineInput!) { matchStatementLine(input: $input) {
  userErrors { code field message } position } }"""
CLOSE = """mutation($input: CloseYearInput!) { closeYear(input: $input) {
  userErrors { code field message } position carried cancelled cancelledAmount
  unmatchedLines forced late left { projectCode why } } }"""


def nodes(connection):
    """The items of one page of a reconciliation list."""
    return [edge["node"] for edge in connection["edges"]]


def statement_input(**changes):
    return {
        "programCode": "BD-KC-2025",
        "source": "PROVINCIAL",
        "account": "9523.1.1234567",
        "fileName": "sao-ke-2024.csv",
        "contentBase64": base64.b64encode(CSV).decode(),
        **changes,
    }


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(2_000_000_000)
    scenario.ledger.register_account(
        RegisterAccount(
            program_code="BD-KC-2025",
            number="9523.1.1234567",
            holder_code="74",
            source=FundingSource.PROVINCIAL,
            name="Sở Công Thương tỉnh Bình Dương",
            opened_on=date(2024, 1, 2),
        ),
        FINANCE,
    )
    project = scenario.approved_project("DA-01", support=300_000_000, cost=800_000_000)
    for voucher, amount, day in [
        ("UNC-001", 50_000_000, date(2024, 3, 20)),
        ("UNC-002", 40_000_000, date(2024, 4, 2)),
        ("UNC-003", 30_000_000, date(2024, 4, 10)),
    ]:
        scenario.ledger.record_payment(
            RecordPayment(
                project_id=project,
                kind=PaymentKind.PAYMENT,
                source=FundingSource.PROVINCIAL,
                amount_vnd=amount,
                voucher_no=voucher,
                value_date=day,
                payee=PAYEE,
            ),
            CENTER,
        )
    with serving(scenario.ledger, database_url) as api:
        api.scenario = scenario
        yield api


def test_a_statement_in_base64_is_reconciled_and_the_same_file_twice_changes_nothing(api):
    first = api.data(IMPORT, {"input": statement_input()}, role="finance")
    payload = first["importTreasuryStatement"]
    assert payload["userErrors"] == []
    assert payload["statement"]["lineCount"] == 3
    assert payload["statement"]["amountTotal"] == "103345000"
    again = api.data(IMPORT, {"input": statement_input()}, role="finance")
    assert again["importTreasuryStatement"]["statement"]["alreadyImported"] is True
    assert again["importTreasuryStatement"]["position"] is None

    head = {"X-Min-Position": str(payload["position"])}
    listed = api.data(
        '{ treasuryStatements(programCode: "BD-KC-2025") { id lineCount importedBy } }',
        role="finance",
        headers=head,
    )["treasuryStatements"]
    assert listed == [
        {"id": payload["statement"]["id"], "lineCount": 3, "importedBy": "finance.tester (finance)"}
    ]
    report = api.data(RECONCILE, role="auditor", headers=head)["reconciliation"]
    assert report["matched"] == 1
    (differs,) = nodes(report["amountDiffers"])
    assert (differs["rule"], differs["difference"]) == ("voucher", "1000000")
    assert [x["voucherNo"] for x in nodes(report["onlyInStatement"])] == ["KB-9999"]
    assert [x["voucherNo"] for x in nodes(report["onlyInLedger"])] == ["UNC-003"]
    assert report["unmatchedLines"] == 2
    assert {m["account"] for m in report["months"]} == {"9523.1.1234567"}
    before = api.data(RECONCILE, {"at": payload["position"] - 1}, role="auditor")
    earlier = before["reconciliation"]
    assert earlier["onlyInStatement"]["totalCount"] == 0  # as it stood before the import
    # No statement of the account yet: its payments wait for one, apart from discrepancies.
    assert (earlier["onlyInLedger"]["totalCount"], earlier["noStatementYet"]["totalCount"]) == (
        0,
        3,
    )
    effective = api.post(
        RECONCILE.replace("query($at: Int)", "query").replace(
            "asOf: {position: $at}", 'asOf: {effectiveOn: "2024-06-30"}'
        ),
        role="auditor",
    )
    assert effective.json()["errors"][0]["extensions"]["field"] == "asOf.effectiveOn"


def test_a_statement_can_come_as_a_multipart_upload(api):
    operations = {"query": IMPORT, "variables": {"input": statement_input(contentBase64=None)}}
    response = api.client.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": ("sao-ke-2024.csv", CSV, "text/csv")},
        headers={
            "Authorization": f"Bearer {api.token('finance')}",
            "Apollo-Require-Preflight": "true",
        },
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["importTreasuryStatement"]
    assert payload["userErrors"] == []
    assert payload["statement"]["lineCount"] == 3


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"contentBase64": "not base64!"}, "INVALID_INPUT", "contentBase64"),
        ({"contentBase64": None}, "INVALID_INPUT", "file"),
        (
            {"contentBase64": base64.b64encode(b"%PDF-1.4 ...").decode()},
            "STATEMENT_FORMAT_UNSUPPORTED",
            None,
        ),
        (
            {"contentBase64": base64.b64encode(CSV.replace(b"50.000.000", b"50,5")).decode()},
            "STATEMENT_VALUE_INVALID",
            None,
        ),
    ],
)
def test_a_bad_file_is_a_user_error_that_writes_nothing(api, changes, code, field):
    head = api.head()
    payload = api.data(IMPORT, {"input": statement_input(**changes)}, role="finance")
    (error,) = payload["importTreasuryStatement"]["userErrors"]
    assert error["code"] == code
    if field is not None:
        assert error["field"] == field
    assert api.head() == head


def test_only_finance_imports_and_matches(api):
    payload = api.data(IMPORT, {"input": statement_input()}, role="center")
    assert payload["importTreasuryStatement"]["userErrors"][0]["code"] == "FORBIDDEN"
    response = api.post(RECONCILE, role="center")
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_matching_by_hand_then_closing_the_year(api):
    imported = api.data(IMPORT, {"input": statement_input()}, role="finance")
    statement = imported["importTreasuryStatement"]["statement"]["id"]
    head = {"X-Min-Position": str(imported["importTreasuryStatement"]["position"])}
    report = api.data(RECONCILE, role="finance", headers=head)["reconciliation"]
    lonely = nodes(report["onlyInLedger"])
    project_id = lonely[0]["projectId"] if lonely else None
    assert project_id is not None
    matched = api.data(
        MATCH,
        {
            "input": {
                "statementId": statement,
                "lineNo": 4,
                "payments": [{"projectId": project_id, "voucherNo": "UNC-003"}],
                "note": "Kho bạc ghi sai số chứng từ",
            }
        },
        role="finance",
    )
    assert matched["matchStatementLine"]["userErrors"] == []
    after = api.data(RECONCILE, role="finance", headers={"X-Min-Position": str(api.head())})[
        "reconciliation"
    ]
    assert after["onlyInLedger"]["totalCount"] == 0

    api.scenario.clock.set(date(2025, 1, 15))
    close = {
        "programCode": "BD-KC-2025",
        "year": 2024,
        "decisionNo": "15/QĐ-STC",
        "decisionDate": "2025-01-15",
    }
    refused = api.data(CLOSE, {"input": close}, role="finance")["closeYear"]
    assert refused["userErrors"][0]["code"] == "YEAR_NOT_RECONCILED"
    forced = api.data(
        CLOSE, {"input": {**close, "force": True, "reason": "chờ Kho bạc"}}, role="finance"
    )["closeYear"]
    assert forced["userErrors"] == []
    assert forced["carried"] == ["DA-01"]
    assert (forced["forced"], forced["late"]) == (True, False)  # in the adjustment window
    late = api.data(
        """mutation { allocateBudget(input: {programCode: "BD-KC-2025", year: 2024,
            source: PROVINCIAL, amount: "1000000", decisionNo: "99/QĐ-UBND",
            decisionDate: "2025-01-15"}) { userErrors { code field } position } }""",
        role="finance",
    )["allocateBudget"]
    assert late == {
        "userErrors": [{"code": "YEAR_ALREADY_CLOSED", "field": "year"}],
        "position": None,
    }


def test_an_unknown_account_is_refused_and_nothing_is_written(api):
    head = api.head()
    payload = api.data(IMPORT, {"input": statement_input(account="9523.1.0000001")}, role="finance")
    (error,) = payload["importTreasuryStatement"]["userErrors"]
    assert (error["code"], error["field"]) == ("UNKNOWN_ACCOUNT", "account")
    assert api.head() == head
    listed = api.data(
        '{ treasuryAccounts(programCode: "BD-KC-2025") { number holderCode source name } }',
        role="auditor",
        headers={"X-Min-Position": str(head)},
    )["treasuryAccounts"]
    assert listed == [
        {
            "number": "9523.1.1234567",
            "holderCode": "74",
            "source": "PROVINCIAL",
            "name": "Sở Công Thương tỉnh Bình Dương",
        }
    ]


def test_reconciliation_lists_come_in_pages(api):
    api.data(IMPORT, {"input": statement_input(source=None)}, role="finance")
    query = """query($after: String) { reconciliation(programCode: "BD-KC-2025", year: 2024) {
      onlyInStatement { totalCount }
      months { month }
      noStatementYet(first: 1) { totalCount }
      amountDiffers(first: 1, after: $after) { totalCount
        edges { cursor node { rule } } pageInfo { hasNextPage endCursor } } } }"""
    head = {"X-Min-Position": str(api.head())}
    first = api.data(query, role="finance", headers=head)["reconciliation"]["amountDiffers"]
    assert (first["totalCount"], len(first["edges"]), first["pageInfo"]["hasNextPage"]) == (
        1,
        1,
        False,
    )
    after = {"after": first["pageInfo"]["endCursor"]}
    rest = api.data(query, after, role="finance", headers=head)["reconciliation"]
    assert rest["amountDiffers"]["edges"] == []
    too_many = api.post(query.replace("first: 1)", "first: 501)"), role="finance")
    assert too_many.json()["errors"][0]["extensions"]["code"] == "INVALID_QUERY"
