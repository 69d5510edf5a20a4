"""Units named as they were on the day, through GraphQL, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.e2e.api_client import serving

UNITS = """{ program(code: "BD-KC-2025") { units { code nameVi kind
    before: nameOn(day: "2023-04-09") after: nameOn(day: "2023-04-10")
    kindAfter: kindOn(day: "2023-04-10")
    renamed { effectiveFrom nameVi nameEn kind legalBasis } } } }"""
PROPOSE = """mutation($code: String!, $on: Date!, $year: Int!) {
  proposeProject(input: {programCode: "BD-KC-2025", code: $code, title: "Lò sấy gỗ",
      contentCode: "IV.1.b", unitCode: "723", year: $year, eligibleCost: "600000000",
      requestedSupport: [{source: PROVINCIAL, amount: "250000000"}],
      plannedOutputs: [{indicatorCode: "machines_applied", quantity: 1}], proposedOn: $on}) {
    userErrors { code field } project { unitCode unitName } } }"""


@pytest.fixture
def api(scenario, database_url):
    with serving(scenario.ledger, database_url) as api:
        yield api


def test_a_town_that_became_a_city_is_named_as_it_was_on_the_day(api):
    units = {u["code"]: u for u in api.data(UNITS)["program"]["units"]}
    tan_uyen = units["723"]
    assert (tan_uyen["nameVi"], tan_uyen["kind"]) == ("Thị xã Tân Uyên", "town")
    assert (tan_uyen["before"], tan_uyen["after"]) == ("Thị xã Tân Uyên", "Thành phố Tân Uyên")
    assert tan_uyen["kindAfter"] == "city"
    assert tan_uyen["renamed"] == [
        {
            "effectiveFrom": "2023-04-10",
            "nameVi": "Thành phố Tân Uyên",
            "nameEn": "Tan Uyen city",
            "kind": "city",
            "legalBasis": "Nghị quyết 725/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội",
        }
    ]
    assert units["721"]["renamed"][0]["effectiveFrom"] == "2024-05-01"
    assert units["719"]["renamed"] == []
    before = api.data(PROPOSE, {"code": "DA-TU-1", "on": "2023-03-01", "year": 2023}, role="center")
    after = api.data(PROPOSE, {"code": "DA-TU-2", "on": "2024-02-01", "year": 2024}, role="center")
    assert before["proposeProject"]["project"]["unitName"] == "Thị xã Tân Uyên"
    assert after["proposeProject"]["project"]["unitName"] == "Thành phố Tân Uyên"
