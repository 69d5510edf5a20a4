"""An auditor restores the department's audit pack into an empty database, on SQLite and on
PostgreSQL, and asks the same API the same questions: the answers are the department's, as of
the pack or as of any position in it. A pack that does not verify, or a ledger that is not
empty, is refused and nothing is written."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import StoredEvent

from api.relay import cursor
from audit.checkpoints import Signer
from audit.pack import export_pack
from audit.restore import LedgerNotEmpty, PackNotVerified
from projections.bulk.build import build
from projections.bulk.decode import EventDecoder
from projections.bulk.source import Database
from projections.digest import digests, drop_scratch
from projections.log.keys import public_pem
from projections.projector import Projector
from projections.schema import LIVE_PREFIX, SCRATCH_PREFIX
from projections.store import create_tables
from scripts.bootstrap import Services, bootstrap
from scripts.demo import demo_clock, load_demo
from scripts.restore_command import restore
from scripts.settings import Settings
from tests.e2e.api_client import Api, serving
from tests.e2e.cli import khuyencong

BUDGET = """query ($asOf: AsOfInput) {
  budget(programCode: "BD-KC-2025", year: 2024, asOf: $asOf) {
    position lines { year source holder { code } allocated committed paid settled available }
    totals { allocated committed paid available } } }"""
JOURNAL = """query ($after: String) {
  journal(after: $after, first: 20) {
    edges { node { position recordedAt type actor documentRef summary payload leafIndex } } } }"""
PROJECTS = """{ projects(programCode: "BD-KC-2025", first: 3) {
  totalCount edges { node { id code title status approvedSupport paid
                            history { position type summary } } } } }"""
CHECKPOINTS = "{ checkpoints(first: 10) { edges { node { treeSize rootHash signedAt keyId } } } }"
EARLIER_POSITION = 600


@dataclass
class Source:
    api: Api
    pack: Path
    head: int


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """The department's demo ledger on SQLite, served, and the audit pack it exported."""
    folder = tmp_path_factory.mktemp("department")
    url = f"sqlite:///{folder / 'demo.db'}"
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )
    clock = demo_clock()
    with bootstrap(settings, clock=clock) as services:
        load_demo(services.ledger, services.read_model)
        services.catch_up()
        signer = Signer(services.store, Ed25519PrivateKey.generate(), "department", clock)
        signer.checkpoint(EARLIER_POSITION)
        pack = folder / "pack.zip"
        export_pack(services.ledger, services.read_model, signer, pack)
        with serving(services.ledger, url) as api:
            yield Source(api, pack, api.head())


def restored_into(database_url: str, pack: Path, to_position: int | None = None) -> Any:
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        return restore(services, pack, to_position)


def answers(api: Api, as_of: int | None = None) -> dict[str, Any]:
    head = api.head()
    budget_as_of = None if as_of is None else {"position": as_of}
    return {
        "budget": api.data(BUDGET, {"asOf": budget_as_of}, role="auditor"),
        "journal head": api.data(JOURNAL, {"after": cursor(head - 20)}, role="auditor"),
        "journal start": api.data(JOURNAL, {"after": None}, role="auditor"),
        "projects": api.data(PROJECTS, role="auditor"),
    }


def test_a_restored_pack_answers_the_api_as_the_department_does(
    source: Source, database_url: str
) -> None:
    restored = restored_into(database_url, source.pack)
    assert (restored.events, restored.position) == (source.head, source.head)
    assert restored.digest_equal is True  # the read model's digest is the pack's
    with serving_restored(database_url) as auditor:
        assert auditor.head() == source.head
        assert answers(auditor) == answers(source.api)
        assert auditor.data(CHECKPOINTS) == source.api.data(CHECKPOINTS)


def test_a_pack_restored_to_a_position_is_the_ledger_as_it_stood_there(
    source: Source, database_url: str
) -> None:
    restored_into(database_url, source.pack, to_position=EARLIER_POSITION)
    with serving_restored(database_url) as auditor:
        assert auditor.head() == EARLIER_POSITION
        ours = answers(auditor)
        theirs = answers(source.api, as_of=EARLIER_POSITION)
        assert ours["budget"] == theirs["budget"]
        assert ours["journal start"] == theirs["journal start"]
        expected_tail = source.api.data(
            JOURNAL, {"after": cursor(EARLIER_POSITION - 20)}, role="auditor"
        )
        tail = expected_tail["journal"]["edges"]
        expected_tail["journal"]["edges"] = [
            e for e in tail if e["node"]["position"] <= EARLIER_POSITION
        ]
        assert ours["journal head"] == expected_tail
        # Only the checkpoint of the tree the loaded events make is kept.
        kept = auditor.data(CHECKPOINTS)["checkpoints"]["edges"]
        assert [c["node"]["treeSize"] for c in kept] == [EARLIER_POSITION]


def test_the_demo_built_in_bulk_equals_the_demo_projected_event_by_event(
    source: Source, database_url: str
) -> None:
    """The restored read model was built in bulk; the projector builds another beside it, a
    few events a transaction, and so does the bulk build in two processes: all three agree,
    and the bulk decoder reads every kind of event as the library's mapper does."""
    restored_into(database_url, source.pack)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        with services.store.snapshot() as tx:
            bulk = digests(tx, LIVE_PREFIX)
        try:
            create_tables(services.store, SCRATCH_PREFIX, indexes=False)
            projector = Projector(
                services.ledger, services.store, prefix=SCRATCH_PREFIX, batch_size=97
            )
            assert projector.catch_up() == source.head
            with services.store.snapshot() as tx:
                assert digests(tx, SCRATCH_PREFIX) == bulk
            assert build(services.store, SCRATCH_PREFIX, shares=2) == source.head
            with services.store.snapshot() as tx:
                assert digests(tx, SCRATCH_PREFIX) == bulk
        finally:
            drop_scratch(services.store)
        assert bulk["journal"].rows == source.head
        assert_decoded_as_the_mapper_decodes(services)


def assert_decoded_as_the_mapper_decodes(services: Services) -> None:
    decoder = EventDecoder()
    database = Database.of(services.store)
    kinds = set()
    for _, _, aggregate_id, version, topic, state in database.rows(database.head()):
        ours = decoder.decode(aggregate_id, version, topic, state)
        theirs = services.ledger.mapper.to_domain_event(
            StoredEvent(aggregate_id, version, topic, state)
        )
        assert type(ours) is type(theirs)
        assert vars(ours) == vars(theirs)
        assert [type(v) for v in vars(ours).values()] == [type(v) for v in vars(theirs).values()]
        kinds.add(topic)
    assert len(kinds) > 30  # the demo has every kind of event the projections read


def test_a_tampered_pack_is_refused_and_nothing_is_written(
    source: Source, database_url: str, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(source.pack) as original, zipfile.ZipFile(tampered, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "events.jsonl":
                data = with_one_event_altered(data)
            copy.writestr(item, data)
    with pytest.raises(PackNotVerified, match="AUDIT_PACK_UNVERIFIED: EVENT_HASH_MISMATCH"):
        restored_into(database_url, tampered)
    assert nothing_written(database_url)
    refused = khuyencong(database_url, tmp_path, "restore", str(tampered))
    assert refused.returncode == 2
    assert "AUDIT_PACK_UNVERIFIED" in refused.stderr
    assert nothing_written(database_url)


def test_a_pack_signed_by_another_key_than_the_pinned_one_is_refused(
    source: Source, database_url: str, tmp_path: Path
) -> None:
    other = tmp_path / "other.pem"
    other.write_text(public_pem(Ed25519PrivateKey.generate().public_key()), encoding="ascii")
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with (
        bootstrap(settings) as services,
        pytest.raises(PackNotVerified, match="KEY_UNTRUSTED"),
    ):
        restore(services, source.pack, public_key=other)
    assert nothing_written(database_url)


def test_a_ledger_with_events_is_not_restored_into(source: Source, database_url: str) -> None:
    restored_into(database_url, source.pack, to_position=EARLIER_POSITION)
    with pytest.raises(LedgerNotEmpty, match="LEDGER_NOT_EMPTY"):
        restored_into(database_url, source.pack)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        assert Database.of(services.store).head() == EARLIER_POSITION


def nothing_written(database_url: str) -> bool:
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services, services.store.snapshot() as tx:
        events = Database.of(services.store).head()
        checkpoints = tx.rows("SELECT COUNT(*) FROM audit_checkpoints")[0][0]
        journal = tx.rows("SELECT COUNT(*) FROM rm_journal")[0][0]
    return (events, checkpoints, journal) == (0, 0, 0)


@contextmanager
def serving_restored(database_url: str) -> Iterator[Api]:
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services, serving(services.ledger, database_url) as api:
        yield api


def with_one_event_altered(events: bytes) -> bytes:
    """A digit of one event's stored state changed, the line otherwise as it was."""
    lines = events.split(b"\n")
    item = json.loads(lines[10])
    item["state"] = item["state"].replace("2", "3", 1)
    lines[10] = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()
    return b"\n".join(lines)
