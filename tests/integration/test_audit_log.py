"""The Merkle log kept by the projector, signed checkpoints, and `check` against them."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import LogEmpty, Schedule, Signer
from audit.keys import create_signing_key, load_signing_key
from domain.errors import InvalidQuery
from projections.digest import check, rebuild
from projections.log import checkpoints
from projections.log.keys import key_id
from projections.log.leaf import event_leaf_hash
from projections.log.merkle import root_from_inclusion, root_from_leaves, verify_consistency
from projections.projector import Projector
from projections.queries import audit_log
from projections.store import ReadModelOutdated, ReadStore
from scripts.bootstrap import create_store, start_projector
from scripts.settings import Settings
from tests.history import build_history
from tests.support import Clock, ReadSide, Scenario


def expected_leaves(side: ReadSide) -> list[bytes]:
    """Leaf hashes computed straight from the event store, independently of the projector."""
    return [
        event_leaf_hash(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
        for n in side.ledger.recorder.select_notifications(start=1, limit=100_000)
    ]


@pytest.fixture
def history(scenario: Scenario, read_side: ReadSide) -> ReadSide:
    build_history(scenario)
    read_side.catch_up()
    return read_side


def signer(store: ReadStore, key: Ed25519PrivateKey | None = None) -> Signer:
    return Signer(store, key or Ed25519PrivateKey.generate(), "test-log", Clock(date(2026, 1, 5)))


def test_the_log_holds_every_stored_event_and_proves_each(history: ReadSide) -> None:
    leaves = expected_leaves(history)
    positions = [n.id for n in history.ledger.recorder.select_notifications(start=1, limit=10**5)]
    with history.store.snapshot() as tx:
        size = audit_log.tree_size(tx)
        assert size == len(leaves) > 40
        for n in (1, 2, 7, 8, 9, size // 2, size):
            assert audit_log.root(tx, n) == root_from_leaves(leaves[:n])
        for index, position in enumerate(positions):
            proof = audit_log.inclusion(tx, position, size)
            assert (proof.leaf_index, proof.leaf_hash) == (index, leaves[index])
            assert root_from_inclusion(index, size, leaves[index], proof.path) == proof.root_hash
        for old in range(1, size + 1, 5):
            proof = audit_log.consistency(tx, old, size)
            assert verify_consistency(old, size, proof.from_root, proof.to_root, proof.path)


def test_a_restarted_projector_continues_the_log_where_the_table_stands(
    scenario: Scenario, read_side: ReadSide
) -> None:
    """A new projector per batch reloads the log's right edge from the stored nodes."""
    build_history(scenario)
    while Projector(read_side.ledger, read_side.store, batch_size=3).run_batch():
        pass
    with read_side.store.snapshot() as tx:
        assert audit_log.root(tx, audit_log.tree_size(tx)) == root_from_leaves(
            expected_leaves(read_side)
        )


def test_proofs_outside_the_log_are_refused_with_the_field_named(history: ReadSide) -> None:
    with history.store.snapshot() as tx:
        size = audit_log.tree_size(tx)
        with pytest.raises(InvalidQuery) as beyond:
            audit_log.inclusion(tx, 1, size + 1)
        assert beyond.value.field == "treeSize"
        with pytest.raises(InvalidQuery) as missing:
            audit_log.inclusion(tx, 10**9, size)
        assert missing.value.field == "position"
        with pytest.raises(InvalidQuery) as later:
            audit_log.inclusion(tx, audit_log.last_position(tx, size), size - 1)
        assert later.value.field == "treeSize"
        with pytest.raises(InvalidQuery) as backwards:
            audit_log.consistency(tx, size, size - 1)
        assert backwards.value.field == "fromSize"
        with pytest.raises(InvalidQuery):
            audit_log.consistency(tx, 0, size)


def test_a_checkpoint_is_signed_once_per_size_and_verifies(history: ReadSide) -> None:
    key = Ed25519PrivateKey.generate()
    made, new = signer(history.store, key).checkpoint()
    again, new_again = signer(history.store, Ed25519PrivateKey.generate()).checkpoint()
    earlier, _ = signer(history.store, key).checkpoint(10)
    assert (new, new_again) == (True, False)
    assert again == made  # the kept one, whoever asks
    assert made.verify(key.public_key())
    assert made.key_id == key_id(key.public_key())
    with history.store.snapshot() as tx:
        assert made.tree_size == audit_log.tree_size(tx)
        assert made.root_hash == audit_log.root(tx, made.tree_size).hex()
        assert checkpoints.checkpoints(tx) == [earlier, made]
        assert checkpoints.latest(tx) == made
        assert list(checkpoints.public_keys(tx)) == [made.key_id]
    forged = checkpoints.Checkpoint(**{**vars(made), "tree_size": made.tree_size - 1})
    assert not forged.verify(key.public_key())


def test_an_empty_log_has_nothing_to_sign(read_side: ReadSide) -> None:
    with pytest.raises(LogEmpty):
        signer(read_side.store).checkpoint()


def test_the_schedule_signs_only_when_the_log_has_grown(
    scenario: Scenario, read_side: ReadSide
) -> None:
    read_side.catch_up()
    schedule = Schedule(signer(read_side.store), interval_s=0)
    assert schedule() is not None
    assert schedule() is None  # nothing new
    scenario.allocate(1_000_000)
    read_side.catch_up()
    assert schedule() is not None


def tamper_with_a_stored_event(side: ReadSide) -> None:
    """What someone with write access to the database could do: change an amount in place."""
    sqlite = side.store.dialect == "sqlite"
    table, key = ("stored_events", "rowid") if sqlite else ("ledger_events", "notification_id")
    with side.store.transaction() as tx:
        ((position, state),) = tx.rows(
            f"SELECT {key}, state FROM {table} WHERE topic = ? ORDER BY {key} LIMIT 1",
            ("khuyencong:BudgetLine.Allocated",),
        )
        altered = bytes(state).replace(b"2000000000", b"2900000000")
        assert altered != bytes(state)
        tx.execute(f"UPDATE {table} SET state = ? WHERE {key} = ?", (altered, position))


def test_check_finds_an_event_altered_after_its_checkpoint(history: ReadSide) -> None:
    signer(history.store).checkpoint()
    assert check(history.ledger, history.store).holds
    tamper_with_a_stored_event(history)
    report = check(history.ledger, history.store)
    assert not report.holds
    assert report.log is not None
    assert report.log.signature_valid
    assert report.log.rebuilt_root != report.log.checkpoint.root_hash
    assert {"journal", "merkle_nodes"} <= set(report.differing_tables)
    # A rebuild does not launder it: the rebuilt log still disagrees with the checkpoint.
    rebuild(history.ledger, history.store)
    after = check(history.ledger, history.store)
    assert after.differing_tables == []
    assert after.log is not None
    assert not after.log.holds


def test_a_read_model_of_an_older_layout_must_be_rebuilt(history: ReadSide) -> None:
    with history.store.transaction() as tx:
        tx.execute("DELETE FROM rm_tracking WHERE name = 'layout'")
    with pytest.raises(ReadModelOutdated, match="khuyencong rebuild"):
        Projector(history.ledger, history.store).run_batch()
    rebuild(history.ledger, history.store)
    assert Projector(history.ledger, history.store).run_batch() == 0


def test_the_running_projector_signs_on_its_schedule(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    key = tmp_path / "signing-key.pem"
    create_signing_key(key)
    settings = Settings.from_env(
        {
            "KHUYENCONG_DATABASE_URL": database_url,
            "KHUYENCONG_CHECKPOINT_INTERVAL": "1",
            "KHUYENCONG_SIGNING_KEY_FILE": str(key),
        }
    )
    store = create_store(settings)
    stop = threading.Event()
    projector = start_projector(scenario.ledger, store, settings, stop)
    try:
        deadline = time.monotonic() + 20
        kept: list[checkpoints.Checkpoint] = []
        while not kept and time.monotonic() < deadline:
            time.sleep(0.1)
            with store.snapshot() as tx:
                kept = checkpoints.checkpoints(tx)
    finally:
        stop.set()
        projector.join(timeout=10)
        store.close()
    assert [c.tree_size for c in kept] == [scenario.ledger.head_position()]
    assert kept[0].verify(load_signing_key(key).public_key())
