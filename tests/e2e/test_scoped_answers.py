"""Signed-in answers are kept per scope (role and unit) and read-model position: given again to
the same scope at the same position, never to another scope, never past a write."""

from __future__ import annotations

import re
import time

import pytest

from api.auth import Principal
from api.kept_answers import POSITION_REUSE_S
from api.scoped_answers import read_scope
from domain.types import FundingSource
from projections.figures import FIGURES_BY_FIELD
from tests.e2e.api_client import serving

LINES = """{ budget(programCode: "BD-KC-2025", year: 2024) {
  position lines { holder { code } allocated } totals { allocated } } }"""


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    # The keeping is the API's, the same over both backends: SQLite keeps these tests short.
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def api(scenario, database_url):
    scenario.allocate(1_000_000_000)
    scenario.allocate(70_000_000, source=FundingSource.DISTRICT, holder_code="718")
    scenario.allocate(90_000_000, source=FundingSource.DISTRICT, holder_code="719")
    with serving(scenario.ledger, database_url) as api:
        yield api


def _kept(api) -> dict[tuple[str, str], float]:
    text = api.client.get("/metrics").text
    found = re.findall(
        r'khuyencong_kept_answers_total\{kind="(\w+)",result="(\w+)"\} ([0-9.e+]+)', text
    )
    return {(kind, result): float(value) for kind, result, value in found}


def _delta(after, before, kind: str, result: str) -> float:
    return after.get((kind, result), 0) - before.get((kind, result), 0)


def _lines(api, **kwargs) -> dict[str, int]:
    response = api.post(LINES, **kwargs)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return {
        line["holder"]["code"]: int(line["allocated"]) for line in body["data"]["budget"]["lines"]
    }


def test_the_same_scope_at_the_same_position_is_answered_from_memory(api):
    before = _kept(api)
    first = api.post(LINES, token=api.token("auditor"))
    second = api.post(LINES, token=api.token("auditor"))
    after = _kept(api)
    assert second.content == first.content
    assert _delta(after, before, "auditor", "miss") == 1
    assert _delta(after, before, "auditor", "hit") == 1


def test_a_district_answer_is_never_given_to_another_district(api):
    before = _kept(api)
    assert _lines(api, token=api.token("district", "718")) == {"718": 70_000_000}
    assert _lines(api, token=api.token("district", "719")) == {"719": 90_000_000}
    assert _lines(api, token=api.token("district", "718")) == {"718": 70_000_000}
    after = _kept(api)
    assert _delta(after, before, "district", "miss") == 2
    assert _delta(after, before, "district", "hit") == 1


def test_an_auditor_answer_is_never_given_to_a_district_or_an_anonymous_caller(api):
    every_line = _lines(api, token=api.token("auditor"))
    assert set(every_line) == {"74", "718", "719"}
    assert _lines(api, token=api.token("district", "719")) == {"719": 90_000_000}
    anonymous = api.post(LINES)  # lines are not public: refused, not served the auditor's
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_commune_token_and_a_district_token_of_the_same_code_do_not_share(api):
    assert read_scope(Principal("a", "district", "718")) != read_scope(
        Principal("a", "commune", "718")
    )
    # The subject is not part of what a read depends on: two auditors share.
    assert read_scope(Principal("a", "auditor")) == read_scope(Principal("b", "auditor"))


def test_a_write_moves_the_position_and_the_next_answer_is_executed_again(api, scenario):
    token = api.token("district", "718")
    assert _lines(api, token=token) == {"718": 70_000_000}
    scenario.allocate(5_000_000, source=FundingSource.DISTRICT, holder_code="718", decision_no="2")
    api.read_model.wait_for(api.ledger.head_position(), timeout_s=30)
    time.sleep(POSITION_REUSE_S * 2)
    assert _lines(api, token=token) == {"718": 75_000_000}


def test_a_position_not_yet_reached_is_waited_for_and_not_answered_from_memory(api, scenario):
    token = api.token("auditor")
    _lines(api, token=token)
    position = api.read_model.position()
    before = _kept(api)
    reached = api.post(LINES, token=token, headers={"X-Min-Position": str(position)})
    after = _kept(api)
    assert _delta(after, before, "auditor", "hit") == 1  # reached: the kept answer stands
    beyond = api.post(LINES, token=token, headers={"X-Min-Position": str(position + 1)})
    assert beyond.json()["errors"][0]["extensions"]["code"] == "INVALID_QUERY"  # no such write
    assert _kept(api) == after  # not even looked up
    assert reached.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        '{ exportLink(programCode: "BD-KC-2025", format: CSV) { url } }',  # signed, expires
        "{ ledgerHead { position } }",  # the event store's head moves first
        "{ latestCheckpoint { treeSize } }",
        'mutation { closeYear(input: {programCode: "BD-KC-2025", year: 2023}) { position } }',
        '{ budget(programCode: "BD-KC-2025", asOf: {position: -1}) { position } }',  # an error
    ],
)
def test_other_questions_are_executed_each_time(api, query):
    before = _kept(api)
    api.post(query, role="finance")
    api.post(query, role="finance")
    assert _delta(_kept(api), before, "finance", "hit") == 0


def test_an_answer_first_sent_gzipped_is_kept_as_the_application_answered_it(api):
    # Compression, outside, rewrites the messages it is sent; the kept answer must not change.
    figures = " ".join(FIGURES_BY_FIELD)  # every figure, by its GraphQL field
    query = (
        f'{{ budget(programCode: "BD-KC-2025", year: 2024) {{ lines {{ {figures} '
        f"holder {{ code name }} }} totals {{ {figures} }} }} }}"
    )
    token = api.token("auditor")
    before = _kept(api)
    packed = api.post(query, token=token, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"  # large enough to be compressed
    plain = api.post(query, token=token, headers={"Accept-Encoding": "identity"})
    again = api.post(query, token=token, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert plain.json() == packed.json() == again.json()
    assert len(plain.json()["data"]["budget"]["lines"]) == 3
    assert _delta(_kept(api), before, "auditor", "hit") == 2  # kept, though first sent gzipped
