"""Budget lines per holder over GraphQL, on SQLite and PostgreSQL: a district token writes and
sees only its own holder's lines; the holder field, filter and breakdown; the succession
transfer as a mutation, refused (writing nothing) before the holder's budget ends."""

from __future__ import annotations

from datetime import date

import pytest

from domain.types import FundingSource
from tests.e2e.api_client import serving

ALLOCATE = """mutation($input: AllocateBudgetInput!) { allocateBudget(input: $input) {
  userErrors { code field message } position budgetLineId } }"""
BUDGET = """query($holder: String) { budget(programCode: "BD-KC-2025", year: 2024,
  holderCode: $holder) {
  lines { year source holder { code name } allocated }
  holders { holder { code name } totals { allocated } }
  totals { allocated } } }"""
TRANSFER = """mutation($input: TransferToSuccessorInput!) { transferToSuccessor(input: $input) {
  userErrors { code field message } position } }"""


def allocation(holder: str | None, source: str = "DISTRICT", amount: str = "70000000") -> dict:
    values = {
        "programCode": "BD-KC-2025",
        "year": 2024,
        "source": source,
        "amount": amount,
        "decisionNo": "12/QĐ-UBND",
        "decisionDate": "2024-01-10",
    }
    return {"input": {**values, "holderCode": holder} if holder else values}


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(2_000_000_000)  # the province's, 74
    scenario.allocate(300_000_000, source=FundingSource.DISTRICT, holder_code="719")
    with serving(scenario.ledger, database_url) as api:
        api.scenario = scenario
        yield api


def test_a_district_token_writes_only_its_own_holders_lines(api):
    token = api.token("district", unit="718")
    own = api.data(ALLOCATE, allocation("718"), token=token)["allocateBudget"]
    assert own["userErrors"] == []
    head = api.head()
    for holder, source in (("719", "DISTRICT"), (None, "PROVINCIAL"), ("74", "PROVINCIAL")):
        refused = api.data(ALLOCATE, allocation(holder, source), token=token)["allocateBudget"]
        (error,) = refused["userErrors"]
        assert (error["code"], error["field"]) == ("FORBIDDEN_HOLDER", "holderCode"), holder
        assert api.head() == head  # nothing written


def test_a_district_token_sees_its_own_holders_lines_and_the_public_totals(api):
    api.data(ALLOCATE, allocation("718"), token=api.token("district", unit="718"))
    at = {"X-Min-Position": str(api.head())}
    seen = api.data(BUDGET, token=api.token("district", unit="718"), headers=at)["budget"]
    assert [line["holder"]["code"] for line in seen["lines"]] == ["718"]
    assert [h["holder"]["code"] for h in seen["holders"]] == ["718"]
    assert seen["totals"]["allocated"] == "2370000000"  # every holder's: totals stay public
    finance = api.data(BUDGET, role="finance", headers=at)["budget"]
    assert {(x["source"], x["holder"]["code"], x["holder"]["name"]) for x in finance["lines"]} == {
        ("PROVINCIAL", "74", "Tỉnh Bình Dương"),
        ("DISTRICT", "718", "Thành phố Thủ Dầu Một"),
        ("DISTRICT", "719", "Huyện Bàu Bàng"),
    }
    by_holder = {h["holder"]["code"]: h["totals"]["allocated"] for h in finance["holders"]}
    assert by_holder == {"718": "70000000", "719": "300000000", "74": "2000000000"}
    one = api.data(BUDGET, {"holder": "719"}, role="finance", headers=at)["budget"]
    assert [x["holder"]["code"] for x in one["lines"]] == ["719"]
    assert one["totals"]["allocated"] == "300000000"
    unknown = api.post(BUDGET, {"holder": "999"}, role="finance").json()["errors"][0]
    assert (unknown["extensions"]["code"], unknown["extensions"]["field"]) == (
        "UNKNOWN_HOLDER",
        "holderCode",
    )


def test_district_money_names_its_holder_and_a_holder_must_be_valid(api):
    head = api.head()
    cases = [
        (allocation(None), "UNKNOWN_HOLDER"),  # district money names its district
        (allocation("74"), "UNKNOWN_HOLDER"),  # … not the province
        (allocation("999"), "UNKNOWN_HOLDER"),
        (allocation("79", "PROVINCIAL"), "HOLDER_NOT_VALID"),  # 79 holds from 2025-07-01
    ]
    for variables, code in cases:
        payload = api.data(ALLOCATE, variables, role="finance")["allocateBudget"]
        assert payload["userErrors"][0]["code"] == code, variables
    assert api.head() == head


def test_the_succession_is_refused_before_the_holders_end_and_only_finance_asks(api):
    api.scenario.clock.set(date(2024, 6, 1))
    transfer = {
        "input": {
            "programCode": "BD-KC-2025",
            "fromHolder": "719",
            "decisionNo": "72/2025/QH15",
            "decisionDate": "2024-06-01",
        }
    }
    head = api.head()
    early = api.data(TRANSFER, transfer, role="finance")["transferToSuccessor"]
    assert early["userErrors"][0]["code"] == "HOLDER_STILL_VALID"
    doit = api.data(TRANSFER, transfer, role="doit")["transferToSuccessor"]
    assert doit["userErrors"][0]["code"] == "FORBIDDEN"
    assert api.head() == head
