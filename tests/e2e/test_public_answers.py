"""Anonymous dashboard answers are kept per read-model position and given again while the
read model stays there; anything a token, a write or a fresher position could change is not."""

from __future__ import annotations

import re
import time

import pytest

from api.kept_answers import POSITION_REUSE_S
from tests.e2e.api_client import serving

DASHBOARD = """query Dashboard {
  program(code: "BD-KC-2025") { code titleVi }
  targets(programCode: "BD-KC-2025") { indicator { code } target achieved }
  budget(programCode: "BD-KC-2025") { position totals { allocated paid available } } }"""


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(1_000_000_000)
    with serving(scenario.ledger, database_url) as api:
        yield api


def _kept(api) -> dict[str, float]:
    """What /metrics says of the kept answers: hits and misses so far."""
    text = api.client.get("/metrics").text
    found = re.findall(r'khuyencong_public_answers_total\{result="(\w+)"\} ([0-9.e+]+)', text)
    return {result: float(value) for result, value in found}


def _dashboard(api, **kwargs):
    response = api.post(DASHBOARD, **kwargs)
    assert response.status_code == 200, response.text
    return response


def test_the_same_anonymous_question_at_the_same_position_is_answered_from_memory(api):
    before = _kept(api)
    first = _dashboard(api)
    second = _dashboard(api)
    after = _kept(api)
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert after.get("hit", 0) - before.get("hit", 0) == 1
    assert after.get("miss", 0) - before.get("miss", 0) == 1


def test_a_new_position_gets_a_new_answer(api, scenario):
    first = _dashboard(api).json()["data"]["budget"]
    scenario.allocate(500_000_000, decision_no="3022/QĐ-UBND")
    api.read_model.wait_for(api.ledger.head_position(), timeout_s=30)
    time.sleep(POSITION_REUSE_S * 2)  # past the window in which a position reading is reused
    then = _dashboard(api).json()["data"]["budget"]
    assert int(then["position"]) > int(first["position"])
    assert int(then["totals"]["allocated"]) == int(first["totals"]["allocated"]) + 500_000_000


def test_signed_in_questions_are_always_executed(api):
    before = _kept(api)
    for _ in range(3):
        _dashboard(api, role="auditor")
    after = _kept(api)
    assert after.get("hit", 0) == before.get("hit", 0)
    assert after.get("miss", 0) == before.get("miss", 0)  # not even considered


@pytest.mark.parametrize(
    "query",
    [
        "{ latestCheckpoint { treeSize } }",  # signed without any event being written
        '{ budget(programCode: "BD-KC-2025") { position } ledgerHead { position } }',
        'mutation { closeYear(input: {programCode: "BD-KC-2025", year: 2023}) { position } }',
        "{ budget(programCode: ",  # not even GraphQL
    ],
)
def test_other_questions_are_not_kept(api, query):
    before = _kept(api)
    first = api.post(query)
    second = api.post(query)
    after = _kept(api)
    assert first.status_code == second.status_code
    assert after.get("hit", 0) == before.get("hit", 0)
    assert after.get("miss", 0) == before.get("miss", 0)


def test_a_client_waiting_for_its_own_write_bypasses_the_kept_answers(api):
    _dashboard(api)
    before = _kept(api)
    head = str(api.ledger.head_position())
    _dashboard(api, headers={"X-Min-Position": head})
    assert _kept(api) == before


def test_answers_with_errors_are_not_kept(api):
    query = '{ budget(programCode: "BD-KC-2025", asOf: {position: -1}) { position } }'
    before = _kept(api)
    api.post(query)
    api.post(query)
    after = _kept(api)
    assert after.get("hit", 0) == before.get("hit", 0)
    assert after.get("miss", 0) - before.get("miss", 0) == 2
