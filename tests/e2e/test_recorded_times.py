"""recordedTimes: the dates a public time scale needs, for anyone, and no more than that."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.api_client import Api
from tests.e2e.demo_support import demo_serving

TIMES = """query($positions: [Int!]!) {
  recordedTimes(positions: $positions) { position recordedAt } }"""
JOURNAL = "{ journal(first: 500) { edges { node { position recordedAt } } } }"


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder: Path = tmp_path_factory.mktemp("recorded-times")
    with demo_serving(folder) as api:
        yield api


def test_a_visitor_gets_the_journal_s_recorded_times_of_the_positions_asked(
    demo_api: Api,
) -> None:
    journal = demo_api.data(JOURNAL, role="auditor")["journal"]["edges"]
    recorded = {e["node"]["position"]: e["node"]["recordedAt"] for e in journal}
    asked = [400, 1, 250, 1, 499]
    # Anonymous: no role, no token.
    answer = demo_api.data(TIMES, {"positions": asked})["recordedTimes"]
    assert answer == [{"position": p, "recordedAt": recorded[p]} for p in (1, 250, 400, 499)]


def test_positions_the_ledger_does_not_hold_are_left_out(demo_api: Api) -> None:
    head = demo_api.data("{ ledgerHead { position } }")["ledgerHead"]["position"]
    answer = demo_api.data(TIMES, {"positions": [0, -3, head, head + 1]})["recordedTimes"]
    assert [t["position"] for t in answer] == [head]


def test_more_than_fifty_positions_are_refused_with_a_code(demo_api: Api) -> None:
    body = demo_api.post(TIMES, {"positions": list(range(1, 52))}).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID_QUERY"
    assert error["extensions"]["field"] == "positions"
