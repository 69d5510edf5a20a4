"""After a fault: every acknowledged write is in the event store exactly once, at the position its
answer named, the read model holds what the event store holds, and `khuyencong check` passes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import psycopg

from domain import claims
from domain.establishments.events import Establishment
from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from tests.faults.load import Writers
from tests.servers import khuyencong

PAGE = 1_000
CATCH_UP_S = 60


def account(writers: Writers, database_url: str, cwd: Path, env: Mapping[str, str]) -> None:
    """Asserts 0 acknowledged writes lost, 0 doubled, and a read model that matches the events.
    A projector (the server's own, or a process) must be running to catch the read model up."""
    assert writers.acknowledged, "the load acknowledged nothing"
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        ledger = services.ledger
        head = ledger.head_position()
        services.read_model.wait_for(head, timeout_s=CATCH_UP_S)
        registered: Counter[str] = Counter()
        owners = {}
        start = 1
        while notifications := ledger.recorder.select_notifications(start=start, limit=PAGE):
            for notification in notifications:
                owners[notification.id] = notification.originator_id
                if notification.topic.endswith("Establishment.Registered"):
                    event = ledger.mapper.to_domain_event(notification)
                    assert isinstance(event, Establishment.Registered)
                    registered[event.tax_code] += 1
            start = notifications[-1].id + 1

    ours = {tax: registered[tax] for tax in writers.sent}
    lost = sorted(tax for tax in writers.acknowledged if ours[tax] == 0)
    doubled = sorted(tax for tax, count in ours.items() if count > 1)
    assert (lost, doubled) == ([], []), "acknowledged writes lost, or writes stored twice"
    # Each answer's position is its own save's last event: the idempotency claim of its key.
    misplaced = [
        tax
        for tax, position in writers.acknowledged.items()
        if owners.get(position) != claims.idempotency_claim_id("center.faults", f"faults-{tax}")
    ]
    assert misplaced == []
    assert _read_model_tax_codes(database_url) == +registered
    khuyencong(["check"], cwd, {**env, "KHUYENCONG_DATABASE_URL": database_url})


def _read_model_tax_codes(database_url: str) -> Counter[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT tax_code FROM rm_establishments").fetchall()
    return Counter(tax for (tax,) in rows)
