"""The departments' other use cases over GraphQL, on SQLite and PostgreSQL: each succeeds for
the role whose duty it is, is refused to the others, and refuses bad input with a stable code,
writing nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.relay import global_id
from domain.establishments.commands import RegisterEstablishment
from domain.projects.commands import AcceptOutputs, RecordPayment, SettleProject
from domain.types import EstablishmentKind, FundingSource, Output, PaymentKind, SourceAmount
from tests.e2e.api_client import Api, serving
from tests.support import CENTER, DOIT, PROGRAM, Scenario

P = FundingSource.PROVINCIAL


def mutate(api: Api, name: str, values: dict[str, Any], select: str = "", **who: Any) -> Any:
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) {{ "
        f"userErrors {{ code field message }} position {select} }} }}"
    )
    return api.data(query, {"input": values}, **who)[name]


def succeeds(api: Api, name: str, values: dict[str, Any], select: str = "", **who: Any) -> Any:
    payload = mutate(api, name, values, select, **who)
    assert payload["userErrors"] == [], payload
    assert payload["position"] is not None
    return payload


def refused(api: Api, name: str, values: dict[str, Any], code: str, **who: Any) -> str | None:
    """The refusal's field; the ledger's head has not moved."""
    head = api.head()
    payload = mutate(api, name, values, **who)
    assert [e["code"] for e in payload["userErrors"]] == [code], payload
    assert payload["position"] is None
    assert api.head() == head  # nothing written
    field: str | None = payload["userErrors"][0]["field"]
    return field


@pytest.fixture
def api(scenario: Scenario, database_url: str):
    scenario.allocate(2_000_000_000)
    with serving(scenario.ledger, database_url) as api:
        api.scenario = scenario
        yield api


def estimate(**values: Any) -> dict[str, Any]:
    line = {"programCode": PROGRAM, "year": 2024, "source": "PROVINCIAL"}
    return {**line, "documentNo": "215/TTr-SCT", "documentDate": "2024-06-01", **values}


def test_the_department_proposes_adjusts_and_withdraws_an_estimate(api):
    """Sở Công Thương builds the program's estimate (Decision 1811 Điều 2.1.b)."""
    succeeds(api, "proposeEstimate", estimate(amount="500000000"), "budgetLineId", role="doit")
    succeeds(api, "adjustEstimate", estimate(delta="-100000000"), role="doit")
    succeeds(api, "cancelEstimate", estimate(reason="Không bổ sung"), role="doit")
    budget = api.data(
        '{ budget(programCode: "BD-KC-2025", year: 2024) { lines { estimated } } }',
        role="finance",
        headers={"X-Min-Position": str(api.head())},
    )["budget"]
    assert [line["estimated"] for line in budget["lines"]] == ["0"]


def test_estimates_are_refused_to_other_roles_and_on_bad_input(api):
    for role in ("finance", "center", "auditor", None):
        refused(api, "proposeEstimate", estimate(amount="1"), "FORBIDDEN", role=role)
    doit = {"role": "doit"}
    refused(api, "proposeEstimate", estimate(amount="0"), "INVALID_AMOUNT", **doit)
    refused(api, "proposeEstimate", estimate(amount="1", year=2030), "YEAR_OUTSIDE_PROGRAM", **doit)
    late = estimate(amount="1", documentDate="2022-12-31")
    assert refused(api, "proposeEstimate", late, "FISCAL_DATE_VIOLATION", **doit) == (
        "documentDate"
    )
    unknown = estimate(delta="5", source="NATIONAL")
    refused(api, "adjustEstimate", unknown, "UNKNOWN_BUDGET_LINE", **doit)
    refused(api, "adjustEstimate", estimate(delta="1.5"), "INVALID_INPUT", **doit)
    refused(api, "cancelEstimate", estimate(reason="x"), "BUDGET_INSUFFICIENT", **doit)


def test_a_district_token_writes_estimates_only_for_its_own_holder(api):
    token = api.token("district", unit="718")
    own = estimate(amount="70000000", source="DISTRICT", holderCode="718")
    succeeds(api, "proposeEstimate", own, token=token)
    succeeds(
        api,
        "adjustEstimate",
        {**estimate(delta="1000000", source="DISTRICT", holderCode="718")},
        token=token,
    )
    other = {**own, "holderCode": "719"}
    assert refused(api, "proposeEstimate", other, "FORBIDDEN_HOLDER", token=token) == "holderCode"
    region = estimate(amount="1")
    refused(api, "proposeEstimate", region, "FORBIDDEN_HOLDER", token=token)


def cancellation(**values: Any) -> dict[str, Any]:
    return {
        "programCode": PROGRAM,
        "year": 2024,
        "source": "PROVINCIAL",
        "amount": "1000000",
        "reason": "Hủy dự toán không sử dụng hết",
        "decisionNo": "05/QĐ-STC",
        "decisionDate": "2024-12-31",
        **values,
    }


def test_unspent_budget_is_cancelled_at_year_end_by_finance(api):
    api.scenario.clock.set(date(2025, 1, 5))
    finance = {"role": "finance"}
    for role in ("doit", "center", "auditor"):
        refused(api, "cancelBudget", cancellation(), "FORBIDDEN", role=role)
    early = cancellation(decisionDate="2024-12-30")
    assert refused(api, "cancelBudget", early, "FISCAL_DATE_VIOLATION", **finance) == "decisionDate"
    too_much = cancellation(amount="2000000001")
    refused(api, "cancelBudget", too_much, "BUDGET_INSUFFICIENT", **finance)
    district = api.token("district", unit="718")
    refused(api, "cancelBudget", cancellation(), "FORBIDDEN_HOLDER", token=district)
    succeeds(api, "cancelBudget", cancellation(), "budgetLineId", **finance)
    budget = api.data(
        '{ budget(programCode: "BD-KC-2025", year: 2024) { totals { cancelled available } } }',
        role="finance",
        headers={"X-Min-Position": str(api.head())},
    )["budget"]["totals"]
    assert budget == {"cancelled": "1000000", "available": "1999000000"}


def by_decision(project: str, **values: Any) -> dict[str, Any]:
    return {
        "projectId": project,
        "reason": "Chờ bổ sung hồ sơ",
        "decisionNo": "1701/QĐ-SCT",
        "decisionDate": "2024-06-01",
        **values,
    }


def test_doit_suspends_adjusts_and_resumes_a_project(api):
    project = global_id("Project", str(api.scenario.approved_project()))
    doit = {"role": "doit"}
    status = "project { status approvedSupport }"
    suspended = succeeds(api, "suspendProject", by_decision(project), status, **doit)
    assert suspended["project"]["status"] == "SUSPENDED"
    support = [{"source": "PROVINCIAL", "amount": "200000000"}]
    adjusted = succeeds(
        api, "adjustProject", by_decision(project, approvedSupport=support), status, **doit
    )
    assert adjusted["project"]["approvedSupport"] == "200000000"
    resumed = succeeds(api, "resumeProject", by_decision(project), status, **doit)
    assert resumed["project"]["status"] == "CONTRACTED"


def test_project_changes_are_refused_to_other_roles_and_on_bad_input(api):
    project = global_id("Project", str(api.scenario.approved_project()))
    support = [{"source": "PROVINCIAL", "amount": "200000000"}]
    for role in ("finance", "center", "district", "auditor", None):
        who = {"token": api.token(role, unit="719")} if role == "district" else {"role": role}
        refused(api, "suspendProject", by_decision(project), "FORBIDDEN", **who)
        refused(api, "resumeProject", by_decision(project), "FORBIDDEN", **who)
        refused(
            api, "adjustProject", by_decision(project, approvedSupport=support), "FORBIDDEN", **who
        )
    doit = {"role": "doit"}
    assert refused(api, "resumeProject", by_decision(project), "INVALID_STATE", **doit) == (
        "projectId"
    )
    refused(api, "suspendProject", by_decision("Project:nope"), "INVALID_INPUT", **doit)
    same = by_decision(project, approvedSupport=[{"source": "PROVINCIAL", "amount": "250000000"}])
    refused(api, "adjustProject", same, "INVALID_INPUT", **doit)
    above = by_decision(project, approvedSupport=[{"source": "PROVINCIAL", "amount": "999000000"}])
    refused(api, "adjustProject", above, "SUPPORT_ABOVE_COST", **doit)
    future = by_decision(project, decisionDate="2024-07-01")
    refused(api, "suspendProject", future, "INVALID_DATE", **doit)


def test_finance_carries_a_contracted_project_into_the_next_year(api):
    project = global_id("Project", str(api.scenario.approved_project()))
    api.scenario.clock.set(date(2025, 1, 5))
    carry = {"projectId": project, "decisionNo": "06/QĐ-STC", "decisionDate": "2024-12-31"}
    for role in ("doit", "center", "auditor"):
        refused(api, "carryOverProject", carry, "FORBIDDEN", role=role)
    early = {**carry, "decisionDate": "2024-12-30"}
    refused(api, "carryOverProject", early, "FISCAL_DATE_VIOLATION", role="finance")
    keyed = {**carry, "idempotencyKey": "carry-da-2024-01"}
    payload = succeeds(api, "carryOverProject", keyed, "project { budgetYear }", role="finance")
    assert payload["project"]["budgetYear"] == 2025
    again = succeeds(api, "carryOverProject", keyed, "project { budgetYear }", role="finance")
    assert again == payload  # the first answer, no new event
    # Carried into 2025, it is carried again only from the end of 2025.
    refused(api, "carryOverProject", carry, "FISCAL_DATE_VIOLATION", role="finance")


@pytest.fixture
def settled(api) -> str:
    """A project paid 100,000,000 đồng and settled at 90,000,000: 10,000,000 is due back."""
    ledger = api.scenario.ledger
    pid = api.scenario.approved_project()
    ledger.record_payment(
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
    ledger.accept_outputs(
        AcceptOutputs(
            project_id=pid,
            outputs=(Output("machines_applied", 2),),
            record_no="BB-1",
            accepted_on=date(2024, 5, 1),
        ),
        DOIT,
    )
    ledger.settle_project(
        SettleProject(
            project_id=pid,
            final_support=(SourceAmount(P, 90_000_000),),
            decision_no="QT-1",
            decision_date=date(2024, 5, 2),
        ),
        CENTER,
    )
    return global_id("Project", str(pid))


def refund(project: str, **values: Any) -> dict[str, Any]:
    return {
        "projectId": project,
        "source": "PROVINCIAL",
        "amount": "4000000",
        "voucherNo": "GNT-1",
        "valueDate": "2024-06-10",
        **values,
    }


def test_the_center_and_the_projects_district_record_refunds(api, settled):
    for role in ("doit", "finance", "auditor", None):
        refused(api, "recordRefund", refund(settled), "FORBIDDEN", role=role)
    elsewhere = api.token("district", unit="718")
    assert refused(api, "recordRefund", refund(settled), "FORBIDDEN", token=elsewhere) == (
        "unitCode"
    )
    center = {"role": "center"}
    too_much = refund(settled, amount="10000001")
    assert refused(api, "recordRefund", too_much, "REFUND_ABOVE_DUE", **center) == "amount"
    reused = refund(settled, voucherNo="UNC-1")
    refused(api, "recordRefund", reused, "VOUCHER_DUPLICATE", **center)
    first = succeeds(api, "recordRefund", refund(settled), "project { refundDue }", **center)
    assert first["project"]["refundDue"] == "6000000"
    own = api.token("district", unit="719")
    second = refund(settled, voucherNo="GNT-2", amount="6000000")
    assert (
        succeeds(api, "recordRefund", second, "project { refundDue }", token=own)["project"][
            "refundDue"
        ]
        == "0"
    )


def test_doit_records_an_establishments_certificate(api):
    receipt = api.scenario.ledger.register_establishment(
        RegisterEstablishment(
            program_code=PROGRAM,
            name="Hộ kinh doanh Gốm sứ Minh Long",
            kind=EstablishmentKind.HOUSEHOLD_BUSINESS,
            tax_code="3700000019",
            unit_code="718",
        ),
        CENTER,
    )
    establishment = global_id("Establishment", str(receipt.aggregate_id))
    certificate = {
        "establishmentId": establishment,
        "kind": "TYPICAL_PRODUCT",
        "title": "Bình gốm men lam",
        "certificateNo": "125/GCN-SCT",
        "level": "cấp tỉnh",
        "issuedOn": "2024-05-20",
    }
    for role in ("finance", "center", "auditor", None):
        refused(api, "addCertification", certificate, "FORBIDDEN", role=role)
    doit = {"role": "doit"}
    wrong = {**certificate, "establishmentId": global_id("Project", "x")}
    assert refused(api, "addCertification", wrong, "INVALID_INPUT", **doit) == "establishmentId"
    future = {**certificate, "issuedOn": "2024-07-01"}
    refused(api, "addCertification", future, "INVALID_DATE", **doit)
    payload = succeeds(
        api, "addCertification", certificate, "establishment { certifications }", **doit
    )
    assert payload["establishment"]["certifications"] == 1
    again = refused(api, "addCertification", certificate, "INVALID_INPUT", **doit)
    assert again == "certificateNo"


def revision(**values: Any) -> dict[str, Any]:
    return {
        "programCode": PROGRAM,
        "indicatorCode": "machines_applied",
        "target": 45,
        "decisionNo": "2950/QĐ-UBND",
        "decisionDate": "2024-06-01",
        **values,
    }


def test_doit_revises_a_target_by_decision(api):
    for role in ("finance", "center", "auditor", None):
        refused(api, "reviseTarget", revision(), "FORBIDDEN", role=role)
    doit = {"role": "doit"}
    refused(api, "reviseTarget", revision(indicatorCode="nope"), "UNKNOWN_INDICATOR", **doit)
    refused(api, "reviseTarget", revision(target=42), "INVALID_INPUT", **doit)  # unchanged
    refused(api, "reviseTarget", revision(target=-1), "INVALID_AMOUNT", **doit)
    payload = succeeds(
        api, "reviseTarget", revision(), "program { indicators { code target } }", **doit
    )
    targets = {i["code"]: i["target"] for i in payload["program"]["indicators"]}
    assert targets["machines_applied"] == 45
    progress = api.data(
        '{ targets(programCode: "BD-KC-2025") { indicator { code } target targetAsApproved } }',
        headers={"X-Min-Position": str(payload["position"])},
    )["targets"]
    machines = next(t for t in progress if t["indicator"]["code"] == "machines_applied")
    assert (machines["target"], machines["targetAsApproved"]) == (45, 42)


def rule(**values: Any) -> dict[str, Any]:
    return {
        "programCode": PROGRAM,
        "code": "TT28-2018-MACHINERY-V2",
        "legalBasis": "Thông tư 28/2018/TT-BTC",
        "sourceNote": "Đối chiếu văn bản Thông tư",
        "effectiveFrom": "2024-07-01",
        "contentCodes": ["IV.1.b"],
        "indicatorCode": "machines_applied",
        "maxSharePercent": 50,
        "cap": "250000000",
        "per": "establishment",
        **values,
    }


def test_doit_adds_a_support_rule_version(api):
    for role in ("finance", "center", "auditor", None):
        refused(api, "addSupportRule", rule(), "FORBIDDEN", role=role)
    doit = {"role": "doit"}
    cases = [
        (rule(contentCodes=["IV.9.z"]), "contentCodes"),
        (rule(code="TT28-2018-MACHINERY"), "code"),  # a version has its own code
        (rule(per="district"), "per"),
        (rule(maxSharePercent=101), "maxSharePercent"),
        (rule(maxSharePercent=None, cap=None), None),  # caps nothing
        (rule(multipleOf="NO-SUCH-RULE"), "multipleOf"),
        (rule(replaces="NO-SUCH-RULE"), "replaces"),
        (rule(replaces="TT28-2018-MACHINERY", effectiveFrom="2018-05-12"), "replaces"),
    ]
    for values, field in cases:
        assert refused(api, "addSupportRule", values, "INVALID_INPUT", **doit) == field, values
    select = "program { supportRules { code legalBasis effectiveFrom effectiveTo cap replaces } }"
    version = rule(effectiveTo="2025-12-31", replaces="TT28-2018-MACHINERY")
    payload = succeeds(api, "addSupportRule", version, select, **doit)
    rules = {r["code"]: r for r in payload["program"]["supportRules"]}
    assert rules["TT28-2018-MACHINERY-V2"] == {
        "code": "TT28-2018-MACHINERY-V2",
        "legalBasis": "Thông tư 28/2018/TT-BTC",
        "effectiveFrom": "2024-07-01",
        "effectiveTo": "2025-12-31",
        "cap": "250000000",
        "replaces": "TT28-2018-MACHINERY",
    }
    assert rules["TT28-2018-MACHINERY"]["effectiveTo"] == "2024-06-30"
    journal = api.data(
        "{ journal(last: 1) { edges { node { position summary } } } }",
        {},
        role="auditor",
        headers={"X-Min-Position": str(payload["position"])},
    )["journal"]["edges"]
    assert journal[0]["node"]["position"] == payload["position"]
    assert journal[0]["node"]["summary"] == (
        "Bổ sung quy định mức hỗ trợ TT28-2018-MACHINERY-V2, thay thế TT28-2018-MACHINERY "
        "từ 2024-07-01 (Thông tư 28/2018/TT-BTC)"
    )
