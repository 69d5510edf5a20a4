"""One scenario per kind of user, through GraphQL over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import serving

PROGRAM = "BD-KC-2025"
ALLOCATE = """mutation($amount: VND!, $key: String) {
  allocateBudget(input: {programCode: "BD-KC-2025", year: 2024, source: PROVINCIAL,
                         amount: $amount, decisionNo: "3021/QĐ-UBND", decisionDate: "2024-01-05",
                         idempotencyKey: $key}) {
    userErrors { code field message } position budgetLineId } }"""
PROPOSE = """mutation($code: String!, $title: String!, $unit: String!) {
  proposeProject(input: {programCode: "BD-KC-2025", code: $code, title: $title,
      contentCode: "IV.1.b", unitCode: $unit, year: 2024, eligibleCost: "600000000",
      requestedSupport: [{source: PROVINCIAL, amount: "250000000"}],
      plannedOutputs: [{indicatorCode: "machines_applied", quantity: 2}],
      proposedOn: "2024-02-01"}) {
    userErrors { code field message } position project { id code status } } }"""
PROPOSE_ONCE = """mutation {
  proposeProject(input: {programCode: "BD-KC-2025", code: "DA-RETRY", title: "Lò sấy",
      contentCode: "IV.1.b", unitCode: "720", year: 2024, eligibleCost: "600000000",
      requestedSupport: [{source: PROVINCIAL, amount: "250000000"}],
      plannedOutputs: [{indicatorCode: "machines_applied", quantity: 2}],
      proposedOn: "2024-02-01", idempotencyKey: "propose-da-retry"}) {
    userErrors { code field message } position project { id code status paid } } }"""
APPRAISE = """mutation($id: ID!) { appraiseProject(input: {projectId: $id, result: PASS}) {
    userErrors { code } project { status } } }"""
APPROVE = """mutation($id: ID!) { approveProject(input: {projectId: $id,
    approvedSupport: [{source: PROVINCIAL, amount: "250000000"}], decisionNo: "12/QĐ-SCT",
    decisionDate: "2024-03-01"}) { userErrors { code field message } position
    project { status approvedSupport support { source amount } } } }"""
PAY = """mutation($id: ID!, $amount: VND!, $voucher: String!, $kind: PaymentKind!) {
  recordPayment(input: {projectId: $id, kind: $kind, source: PROVINCIAL, amount: $amount,
      voucherNo: $voucher, valueDate: "2024-04-01", payee: "Công ty TNHH Cơ khí Bàu Bàng"}) {
    userErrors { code field message } position
    project { paid advancesOutstanding } } }"""


@pytest.fixture
def api(scenario, database_url):
    with serving(scenario.ledger, database_url) as api:
        yield api


def _approved_projects(api, count: int) -> list[str]:
    assert not api.data(ALLOCATE, {"amount": "2000000000"}, role="finance")["allocateBudget"][
        "userErrors"
    ]
    ids = []
    for n in range(count):
        proposed = api.data(
            PROPOSE,
            {"code": f"DA-{n:02d}", "title": f"Máy sấy số {n}", "unit": "719" if n % 2 else "720"},
            role="center",
        )
        pid = proposed["proposeProject"]["project"]["id"]
        api.data(APPRAISE, {"id": pid}, role="doit")
        approved = api.data(APPROVE, {"id": pid}, role="doit")["approveProject"]
        assert approved["userErrors"] == []
        assert approved["project"]["support"] == [{"source": "PROVINCIAL", "amount": "250000000"}]
        ids.append(pid)
    return ids


def test_a_frontend_pages_projects_and_reads_target_progress(api):
    _approved_projects(api, 5)
    query = """query($after: String) { projects(programCode: "BD-KC-2025", first: 2,
        after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { code status approvedSupport } } } }"""
    codes, after = [], None
    while True:
        page = api.data(query, {"after": after}, role="center")["projects"]
        assert page["totalCount"] == 5
        codes += [edge["node"]["code"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert codes == ["DA-00", "DA-01", "DA-02", "DA-03", "DA-04"]
    targets = api.data("""{ targets(programCode: "BD-KC-2025") { indicator { code section
        nameVi unit } target planned achieved progress } }""")["targets"]  # anonymous
    assert len(targets) == 13
    machines = next(t for t in targets if t["indicator"]["code"] == "machines_applied")
    assert (machines["target"], machines["planned"], machines["achieved"]) == (42, 10, 0)
    totals = api.data('{ budget(programCode: "BD-KC-2025") { totals { allocated committed } } }')
    assert totals["budget"]["totals"] == {"allocated": "2000000000", "committed": "1250000000"}
    refused = api.post('{ projects(programCode: "BD-KC-2025") { totalCount } }').json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_auditor_replays_history_and_cannot_change_it(api):
    (pid,) = _approved_projects(api, 1)
    before_payment = api.head()
    api.data(
        PAY,
        {"id": pid, "amount": "100000000", "voucher": "UNC-1", "kind": "PAYMENT"},
        role="center",
    )
    journal = api.data(
        """{ journal(first: 100) { totalCount edges { node { position type
        actor documentRef summary payload } } } }""",
        role="auditor",
    )["journal"]
    kinds = [e["node"]["type"] for e in journal["edges"]]
    assert kinds[0] == "Program.Defined"
    assert "Project.PaymentRecorded" in kinds
    payment = next(
        e["node"] for e in journal["edges"] if e["node"]["type"] == "Project.PaymentRecorded"
    )
    assert payment["actor"] == "center.tester (center)"
    assert payment["payload"]["amount_vnd"] == 100000000
    then = api.data(
        """query($p: Int) { budget(programCode: "BD-KC-2025",
        asOf: {position: $p}) { position totals { paid } } }""",
        {"p": before_payment},
        role="auditor",
    )["budget"]
    assert then == {"position": before_payment, "totals": {"paid": "0"}}
    march = api.data(
        """{ budget(programCode: "BD-KC-2025", asOf: {effectiveOn: "2024-03-31"})
        { totals { paid committed } } }""",
        role="auditor",
    )["budget"]["totals"]
    assert march == {"paid": "0", "committed": "250000000"}
    history = api.data(
        """query($id: ID!) { project(id: $id) { history { type documentRef } } }""",
        {"id": pid},
        role="auditor",
    )["project"]["history"]
    assert [h["type"] for h in history][-1] == "Project.PaymentRecorded"
    head = api.head()
    refused = api.data(
        PAY, {"id": pid, "amount": "1", "voucher": "UNC-2", "kind": "PAYMENT"}, role="auditor"
    )["recordPayment"]
    assert refused["userErrors"][0]["code"] == "FORBIDDEN"
    assert api.head() == head


def test_finance_allocates_the_center_pays_and_reverses_and_both_read_execution(api):
    (pid,) = _approved_projects(api, 1)
    advance = api.data(
        PAY,
        {"id": pid, "amount": "100000000", "voucher": "UNC-10", "kind": "ADVANCE"},
        role="center",
    )["recordPayment"]
    assert advance["project"] == {"paid": "100000000", "advancesOutstanding": "100000000"}
    api.data(
        PAY,
        {"id": pid, "amount": "30000000", "voucher": "UNC-11", "kind": "PAYMENT"},
        role="center",
    )
    reversed_ = api.data(
        """mutation($id: ID!) { reversePayment(input: {projectId: $id,
        voucherNo: "UNC-11", reason: "sai tài khoản"}) { userErrors { code }
        project { paid } } }""",
        {"id": pid},
        role="center",
    )["reversePayment"]
    assert reversed_ == {"userErrors": [], "project": {"paid": "100000000"}}
    too_much = api.data(
        PAY,
        {"id": pid, "amount": "150000001", "voucher": "UNC-12", "kind": "PAYMENT"},
        role="center",
    )["recordPayment"]
    assert too_much["userErrors"][0]["code"] == "PAYMENT_ABOVE_SUPPORT"
    line = api.data(
        """query($p: Int) { budget(programCode: "BD-KC-2025", year: 2024,
        minPosition: $p) { lines { source allocated committed paid available executionRate } }
        }""",
        {"p": api.head()},
        role="finance",
    )["budget"]["lines"][0]
    assert line == {
        "source": "PROVINCIAL",
        "allocated": "2000000000",
        "committed": "250000000",
        "paid": "100000000",
        "available": "1750000000",
        "executionRate": 0.05,
    }


def test_the_same_idempotency_key_answers_twice_with_one_event(api):
    first = api.data(ALLOCATE, {"amount": "5000000", "key": "alloc-1"}, role="finance")
    head = api.head()
    again = api.data(ALLOCATE, {"amount": "5000000", "key": "alloc-1"}, role="finance")
    assert again == first  # the same position and line: the first answer
    position = again["allocateBudget"]["position"]
    assert position == api.ledger.head_position()
    assert api.head() == head
    seen = api.data(
        '{ budget(programCode: "BD-KC-2025", year: 2024) { totals { allocated } } }',
        headers={"X-Min-Position": str(position)},
    )
    assert seen["budget"]["totals"]["allocated"] == "5000000"
    other = api.data(ALLOCATE, {"amount": "6000000", "key": "alloc-1"}, role="finance")
    assert other["allocateBudget"]["userErrors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_a_retried_proposal_answers_the_first_position_and_project_and_reads_its_write(api):
    first = api.data(PROPOSE_ONCE, role="center")["proposeProject"]
    assert first["userErrors"] == []
    assert first["project"]["code"] == "DA-RETRY"
    head = api.head()
    again = api.data(PROPOSE_ONCE, role="center")["proposeProject"]
    assert again == first
    assert api.head() == head
    # A client that timed out reads its own write at the position the retry answered.
    seen = api.data(
        "query($id: ID!) { project(id: $id) { code status } }",
        {"id": again["project"]["id"]},
        role="doit",
        headers={"X-Min-Position": str(again["position"])},
    )
    assert seen == {"project": {"code": "DA-RETRY", "status": "PROPOSED"}}


def test_a_district_token_acts_only_on_its_own_unit(api):
    token = api.token("district", unit="720")
    ok = api.data(PROPOSE, {"code": "DA-D1", "title": "Lò sấy", "unit": "720"}, token=token)[
        "proposeProject"
    ]
    assert ok["userErrors"] == []
    other = api.data(PROPOSE, {"code": "DA-D2", "title": "Lò sấy", "unit": "719"}, token=token)[
        "proposeProject"
    ]
    assert other["userErrors"][0]["code"] == "FORBIDDEN"


def test_only_a_spending_unit_pays_and_a_local_one_only_its_own_units_projects(api):
    """DA-00 is in 720, DA-01 in 719. The department that approved them and the finance office
    that arranged the budget may not pay; a district pays its own unit's projects only."""
    first, second = _approved_projects(api, 2)
    pay = {"id": first, "amount": "1000000", "voucher": "UNC-D1", "kind": "ADVANCE"}
    for role in ("doit", "finance", "auditor"):
        refused = api.data(PAY, pay, role=role)["recordPayment"]
        assert refused["userErrors"][0]["code"] == "FORBIDDEN", role
    district = api.token("district", unit="720")
    paid = api.data(PAY, pay, token=district)["recordPayment"]
    assert paid["userErrors"] == []
    other = {**pay, "id": second, "voucher": "UNC-D2"}
    assert api.data(PAY, other, token=district)["recordPayment"]["userErrors"][0] == {
        "code": "FORBIDDEN",
        "field": "unitCode",
        "message": "a district token for 720 acts only on that unit",
    }
    commune = api.token("commune", unit="719")
    assert api.data(PAY, other, token=commune)["recordPayment"]["userErrors"] == []


def test_node_fetches_programs_projects_and_establishments_by_global_id(api):
    (pid,) = _approved_projects(api, 1)
    registered = api.data(
        """mutation { registerEstablishment(input: {programCode: "BD-KC-2025",
        name: "Cơ sở Gốm Tân Phước Khánh", kind: "HOUSEHOLD_BUSINESS", taxCode: "3702999001",
        unitCode: "723"}) { userErrors { code } establishment { id name } } }""",
        role="center",
    )["registerEstablishment"]
    eid = registered["establishment"]["id"]
    query = """query($id: ID!) { node(id: $id) { id ... on Project { code }
        ... on Establishment { name } ... on Program { code } } }"""
    assert api.data(query, {"id": pid}, role="auditor")["node"]["code"] == "DA-00"
    assert api.data(query, {"id": eid}, role="auditor")["node"]["name"] == (
        "Cơ sở Gốm Tân Phước Khánh"
    )
    program_id = api.data('{ program(code: "BD-KC-2025") { id } }')["program"]["id"]
    assert api.data(query, {"id": program_id})["node"]["code"] == "BD-KC-2025"
    assert api.data(query, {"id": "bm90LWFuLWlk"})["node"] is None
