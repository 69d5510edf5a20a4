"""One served ledger on SQLite for a whole test module: the HTTP tests ask about the protocol,
which does not depend on the backend, so they share one ledger rather than build one each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.api_client import Api, serving
from tests.support import Scenario, ledgers, with_ledger

TYPENAME = {"query": "{ __typename }"}
BUDGET = '{ budget(programCode: "BD-KC-2025") { position totals { allocated } } }'


@dataclass
class Served:
    api: Api
    scenario: Scenario


@contextmanager
def served_ledger(where: Path, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """A ledger with one allocation, served in-process with its projector."""
    url = f"sqlite:///{where / 'ledger.db'}"
    with ledgers(url) as make:
        scenario = with_ledger(make)
        scenario.allocate(1_000_000_000)
        with serving(scenario.ledger, url, env) as api:
            yield Served(api, scenario)
