"""Annual plans over GraphQL, on SQLite and PostgreSQL: each mutation refuses the wrong roles
and bad input writing nothing; a district token submits only its own unit's plan; the year
goes submitted, compiled, approved; a project names its plan item; the queries read it back."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import serving

PAYLOAD = "{ userErrors { code field message } position }"
SUBMIT = f"mutation($input: SubmitPlanInput!) {{ submitPlan(input: $input) {PAYLOAD} }}"
REVISE = f"mutation($input: RevisePlanInput!) {{ revisePlan(input: $input) {PAYLOAD} }}"
COMPILE = f"mutation($input: CompilePlanInput!) {{ compilePlan(input: $input) {PAYLOAD} }}"
APPROVE = f"mutation($input: ApprovePlanInput!) {{ approvePlan(input: $input) {PAYLOAD} }}"
PROPOSE = f"mutation($input: ProposeProjectInput!) {{ proposeProject(input: $input) {PAYLOAD} }}"
PLANS = """query { plans(programCode: "BD-KC-2025", year: 2024) { unitCode status
  documents { act documentNo }
  items { itemNo approved projects projectCodes money { source holderCode } } } }"""
VERSUS = """query { planVersusActual(programCode: "BD-KC-2025", year: 2024) { unitCode
  contentCode planned approved projects paid outputs { indicatorCode planned achieved } } }"""
YEAR = {"programCode": "BD-KC-2025", "year": 2024}


def item(unit: str, content: str = "IV.1.b", amount: str = "300000000") -> dict:
    return {
        "itemNo": 1,
        "contentCode": content,
        "unitCode": unit,
        "plannedProjects": 2,
        "outputs": [{"indicatorCode": "machines_applied", "quantity": 3}],
        "money": [{"source": "PROVINCIAL", "amount": amount}],
    }


def submitted(unit: str, **changes: object) -> dict:
    values = {**YEAR, "unitCode": unit, "items": [item(unit)], "documentNo": f"{unit}/KH"}
    return {"input": {**values, "documentDate": "2023-10-16", **changes}}


@pytest.fixture
def api(scenario, database_url):
    with serving(scenario.ledger, database_url) as api:
        yield api


def _error(api, query, variables, **caller) -> tuple[str, str | None]:
    head = api.head()
    (payload,) = api.data(query, variables, **caller).values()
    (error,) = payload["userErrors"]
    assert api.head() == head  # a refusal writes nothing
    return error["code"], error["field"]


def test_a_district_token_submits_only_its_own_units_plan(api):
    token = api.token("district", unit="719")
    assert _error(api, SUBMIT, submitted("720"), token=token) == ("FORBIDDEN", "unitCode")
    assert _error(api, SUBMIT, submitted("74"), token=token) == ("FORBIDDEN", "unitCode")
    (own,) = api.data(SUBMIT, submitted("719"), token=token).values()
    assert own["userErrors"] == []
    revised = submitted("719", reason="bổ sung", documentNo="719/KH-ĐC")
    assert _error(api, REVISE, revised, token=api.token("district", unit="720")) == (
        "FORBIDDEN",
        "unitCode",
    )


@pytest.mark.parametrize(
    ("query", "variables", "role"),
    [
        (SUBMIT, submitted("74"), "doit"),
        (SUBMIT, submitted("74"), "finance"),
        (COMPILE, {"input": {**YEAR, "documentNo": "1", "documentDate": "2023-11-01"}}, "doit"),
        (
            APPROVE,
            {"input": {**YEAR, "allocations": [], "documentNo": "1", "documentDate": "2023-12-01"}},
            "center",
        ),
        (
            APPROVE,
            {"input": {**YEAR, "allocations": [], "documentNo": "1", "documentDate": "2023-12-01"}},
            "auditor",
        ),
    ],
)
def test_wrong_roles_are_refused(api, query, variables, role):
    assert _error(api, query, variables, role=role)[0] == "FORBIDDEN"


def test_bad_input_is_refused_with_a_stable_code(api):
    assert _error(api, SUBMIT, submitted("74", items=[]), role="center") == (
        "INVALID_INPUT",
        "items",
    )
    unknown = submitted("74", items=[item("74", content="IV.9.z")])
    assert _error(api, SUBMIT, unknown, role="center")[0] == "UNKNOWN_CONTENT_ITEM"
    assert _error(api, SUBMIT, submitted("719"), role="center")[0] == "PLAN_UNIT_NOT_ALLOWED"
    compiled = {"input": {**YEAR, "documentNo": "45/TTXT", "documentDate": "2023-11-20"}}
    assert _error(api, COMPILE, compiled, role="center")[0] == "PLAN_NOT_COMPILED"


def test_the_year_is_planned_approved_and_read_against_what_happened(api):
    district = api.token("district", unit="719")
    api.data(SUBMIT, submitted("719"), token=district)
    api.data(SUBMIT, submitted("74", items=[item("74", "IV.2.a")]), role="center")
    compiled = {"input": {**YEAR, "documentNo": "45/TTXT", "documentDate": "2023-11-20"}}
    api.data(COMPILE, compiled, role="center")
    too_much = [{"unitCode": "719", "itemNo": 1, "amount": "300000001"}]
    approval = {**YEAR, "documentNo": "3050/QĐ-SCT", "documentDate": "2023-12-15"}
    assert (
        _error(api, APPROVE, {"input": {**approval, "allocations": too_much}}, role="doit")[0]
        == "PLAN_ALLOCATION_ABOVE_PLANNED"
    )
    allocations = [{"unitCode": "719", "itemNo": 1, "amount": "250000000"}]
    (done,) = api.data(
        APPROVE, {"input": {**approval, "allocations": allocations}}, role="doit"
    ).values()
    assert done["userErrors"] == []
    assert (
        _error(api, REVISE, submitted("719", reason="x", documentNo="2"), token=district)[0]
        == "PLAN_ALREADY_APPROVED"
    )
    (proposed,) = api.data(
        PROPOSE, {"input": _project({"unitCode": "719", "itemNo": 1})}, token=district
    ).values()
    assert proposed["userErrors"] == []
    wrong = _project({"unitCode": "719", "itemNo": 7}, code="DA-KH-2")
    assert _error(api, PROPOSE, {"input": wrong}, token=district)[0] == "UNKNOWN_PLAN_ITEM"
    at = {"X-Min-Position": str(api.head())}
    plans = {p["unitCode"]: p for p in api.data(PLANS, role="auditor", headers=at)["plans"]}
    assert plans["719"]["status"] == plans["74"]["status"] == "APPROVED"
    assert plans["719"]["items"][0] == {
        "itemNo": 1,
        "approved": "250000000",
        "projects": 1,
        "projectCodes": ["DA-KH-1"],
        "money": [{"source": "PROVINCIAL", "holderCode": "74"}],
    }
    rows = api.data(VERSUS, role="doit", headers=at)["planVersusActual"]
    assert {(r["unitCode"], r["contentCode"], r["approved"], r["projects"]) for r in rows} == {
        ("719", "IV.1.b", "250000000", 1),
        ("74", "IV.2.a", "0", 0),
    }
    assert api.post(PLANS).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _project(plan_item: dict, code: str = "DA-KH-1") -> dict:
    return {
        "programCode": "BD-KC-2025",
        "code": code,
        "title": "Hỗ trợ máy sấy hạt điều",
        "contentCode": "IV.1.b",
        "unitCode": "719",
        "year": 2024,
        "eligibleCost": "600000000",
        "requestedSupport": [{"source": "PROVINCIAL", "amount": "250000000"}],
        "plannedOutputs": [{"indicatorCode": "machines_applied", "quantity": 2}],
        "proposedOn": "2024-02-01",
        "planItem": plan_item,
    }
