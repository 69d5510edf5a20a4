"""The audit pack, written from a real ledger and checked by the standalone verifier: an intact
pack passes, and every kind of tampering is caught with its own code."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.checkpoints import Signer
from audit.pack import export_pack
from domain.errors import InvalidQuery, LedgerError, UnknownProgram
from projections.digest import check, rebuild
from projections.log.keys import public_pem
from projections.log.leaf import event_leaf_hash
from projections.rows import AsOf
from tests.history import build_history
from tests.integration.test_audit_log import tamper_with_a_stored_event
from tests.support import PROGRAM, Clock, ReadSide, Scenario

VERIFIER = Path(__file__).resolve().parents[2] / "scripts" / "verify_audit_pack.py"


def load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_audit_pack", VERIFIER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


verifier = load_verifier()


class Ledgered:
    """A ledger with history, its read model, and a signer with a key of its own."""

    def __init__(self, scenario: Scenario, side: ReadSide, tmp_path: Path) -> None:
        self.scenario = scenario
        self.side = side
        self.tmp = tmp_path
        self.key = Ed25519PrivateKey.generate()
        self.signer = Signer(side.store, self.key, "test-log", Clock(date(2026, 1, 5)))

    def export(self, name: str = "pack.zip", **options: Any) -> Path:
        self.side.catch_up()
        out = self.tmp / name
        export_pack(self.scenario.ledger, self.side.model, self.signer, out, **options)
        return out


@pytest.fixture
def ledgered(scenario: Scenario, read_side: ReadSide, tmp_path: Path) -> Ledgered:
    build_history(scenario)
    read_side.catch_up()
    return Ledgered(scenario, read_side, tmp_path)


def rewrite(pack: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the pack with one member changed, everything else byte for byte."""
    out = pack.with_name(f"tampered-{member.replace('/', '-')}-{pack.name}")
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    return out


def code_of(pack: Path, **options: Any) -> str:
    with pytest.raises(verifier.VerificationError) as failure:
        verifier.verify(pack, **options)
    return str(failure.value.code)


def event_lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def test_an_intact_pack_verifies_and_holds_what_the_ledger_says(ledgered: Ledgered) -> None:
    ledgered.signer.checkpoint(10)
    pack = ledgered.export()
    summary = verifier.verify(pack)
    with zipfile.ZipFile(pack) as z:
        manifest = json.loads(z.read("manifest.json"))
        events = [json.loads(line) for line in z.read("events.jsonl").splitlines()]
        digest = json.loads(z.read("digest.json"))
        checkpoints = [json.loads(line) for line in z.read("checkpoints.jsonl").splitlines()]
    head = ledgered.scenario.ledger.head_position()
    assert manifest["tree_size"] == len(events) == head
    assert [e["position"] for e in events] == list(range(1, head + 1))
    assert [c["tree_size"] for c in checkpoints] == [10, head]
    assert digest["position"] == head
    report = ledgered.side.model.budget(PROGRAM)
    paid = {(r["year"], r["source"]): int(r["paid"]) for r in digest["budget"]}
    assert paid == {(line.year, line.source): line.figures.paid for line in report.lines}
    assert summary is not None


@pytest.mark.parametrize(
    ("member", "change", "code"),
    [
        pytest.param(
            "events.jsonl",
            lambda data: data.replace(b"2000000000", b"2000000001", 1),
            "EVENT_HASH_MISMATCH",
            id="an amount inside an event",
        ),
        pytest.param(
            "manifest.json",
            lambda data: data.replace(b'"tree_size": ', b'"tree_size": 1', 1),
            "MANIFEST_SIGNATURE_INVALID",
            id="the manifest",
        ),
        pytest.param(
            "checkpoints.jsonl",
            lambda data: _flip_hex(data, b'"signature":"'),
            "CHECKPOINT_SIGNATURE_INVALID",
            id="a checkpoint's signature",
        ),
        pytest.param(
            "checkpoints.jsonl",
            lambda data: _flip_hex(data, b'"root_hash":"'),
            "ROOT_MISMATCH",
            id="a checkpoint's root",
        ),
        pytest.param(
            "events.jsonl",
            lambda data: b"".join(event_lines(data)[:7] + event_lines(data)[8:]),
            "EVENT_MISSING",
            id="an event deleted",
        ),
        pytest.param(
            "events.jsonl",
            lambda data: _swap(event_lines(data), 7, 8),
            "EVENT_OUT_OF_ORDER",
            id="two events swapped",
        ),
        pytest.param(
            "events.jsonl",
            lambda data: data + _forged(data),
            "EVENT_UNEXPECTED",
            id="a forged event appended",
        ),
        pytest.param(
            "digest.json",
            lambda data: data.replace(b'"paid": "', b'"paid": "1', 1),
            "TOTALS_DIFFER",
            id="a budget figure in the digest",
        ),
        pytest.param(
            "digest.json",
            lambda data: _flip_hex(data, b'"sha256": "'),
            "FILE_HASH_MISMATCH",
            id="a table digest",
        ),
    ],
)
def test_each_kind_of_tampering_is_caught_with_its_own_code(
    ledgered: Ledgered, member: str, change: Callable[[bytes], bytes], code: str
) -> None:
    ledgered.signer.checkpoint(10)
    pack = ledgered.export()
    assert code_of(rewrite(pack, member, change)) == code


def _flip_hex(data: bytes, marker: bytes) -> bytes:
    """Change the first hex digit after ``marker`` into another hex digit."""
    at = data.index(marker) + len(marker)
    digit = data[at : at + 1]
    return data[:at] + (b"0" if digit != b"0" else b"1") + data[at + 1 :]


def _swap(lines: list[bytes], i: int, j: int) -> bytes:
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def _forged(data: bytes) -> bytes:
    """An event that looks right in every field: next leaf, next position, its own leaf hash."""
    last = json.loads(event_lines(data)[-1])
    state = last["state"].replace("Ghi", "Giả")
    event = {
        **last,
        "leaf": last["leaf"] + 1,
        "position": last["position"] + 1,
        "version": last["version"] + 1,
        "state": state,
    }
    event["leaf_hash"] = event_leaf_hash(
        event["position"],
        UUID(event["aggregate_id"]),
        event["version"],
        event["topic"],
        state.encode(),
    ).hex()
    return (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_the_pack_agrees_with_an_auditors_earlier_and_later_checkpoints(
    ledgered: Ledgered,
) -> None:
    held_earlier, _ = ledgered.signer.checkpoint(12)
    pack = ledgered.export(to_position=30)
    held_later, _ = ledgered.signer.checkpoint()
    later_pack = ledgered.export("later.zip", to_position=30)
    for trusted in (held_earlier, held_later):
        path = ledgered.tmp / f"trusted-{trusted.tree_size}.json"
        path.write_text(json.dumps(trusted.as_json()), encoding="utf-8")
        verifier.verify(later_pack, trusted_checkpoint=path)
    # The first pack was written before the later checkpoint existed: it cannot prove it.
    path = ledgered.tmp / f"trusted-{held_later.tree_size}.json"
    assert code_of(pack, trusted_checkpoint=path) == "TRUSTED_CHECKPOINT_INCONSISTENT"


def test_a_checkpoint_from_another_history_is_inconsistent(
    ledgered: Ledgered, make_ledger: Any, database_url: str, tmp_path: Path
) -> None:
    """The auditor holds a checkpoint of the ledger as it was; the operator then rewrote an
    event and rebuilt everything, and re-signed: the pack fails against the held checkpoint."""
    held, _ = ledgered.signer.checkpoint()
    trusted = tmp_path / "held.json"
    trusted.write_text(json.dumps(held.as_json()), encoding="utf-8")
    tamper_with_a_stored_event(ledgered.side)
    rebuild(ledgered.scenario.ledger, ledgered.side.store)
    with ledgered.side.store.transaction() as tx:
        tx.execute("DELETE FROM audit_checkpoints")  # the operator hides the old checkpoints
    pack = ledgered.export()
    verifier.verify(pack)  # consistent with itself …
    assert code_of(pack, trusted_checkpoint=trusted) == "TRUSTED_CHECKPOINT_INCONSISTENT"


def test_an_event_altered_after_its_checkpoint_fails_every_later_pack(ledgered: Ledgered) -> None:
    ledgered.signer.checkpoint()
    tamper_with_a_stored_event(ledgered.side)
    assert not check(ledgered.scenario.ledger, ledgered.side.store).holds
    assert code_of(ledgered.export()) == "ROOT_MISMATCH"


def test_a_pinned_key_refuses_a_pack_signed_by_another(ledgered: Ledgered, tmp_path: Path) -> None:
    pack = ledgered.export()
    own = tmp_path / "own.pem"
    own.write_text(public_pem(ledgered.key.public_key()), encoding="utf-8")
    other = tmp_path / "other.pem"
    other.write_text(public_pem(Ed25519PrivateKey.generate().public_key()), encoding="utf-8")
    verifier.verify(pack, public_key_pem=own.read_text(encoding="utf-8"))
    assert code_of(pack, public_key_pem=other.read_text(encoding="utf-8")) == "KEY_UNTRUSTED"


def test_what_is_not_a_pack_is_unreadable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    assert code_of(junk) == "PACK_UNREADABLE"
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    assert code_of(empty) == "PACK_UNREADABLE"


def test_a_pack_as_of_an_earlier_position_holds_that_moment(ledgered: Ledgered) -> None:
    model = ledgered.side.model
    pack = ledgered.export(to_position=25, program_code=PROGRAM)
    verifier.verify(pack)
    with zipfile.ZipFile(pack) as z:
        digest = json.loads(z.read("digest.json"))
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["program_code"] == PROGRAM
    assert (manifest["position"], manifest["tree_size"]) == (25, 25)
    then = model.budget(PROGRAM, as_of=AsOf(position=25))
    assert {(r["year"], r["source"]): int(r["allocated"]) for r in digest["budget"]} == {
        (line.year, line.source): line.figures.allocated for line in then.lines
    }
    # The live read model was left as it was.
    assert model.position() == ledgered.scenario.ledger.head_position()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"program_code": "NOPE"}, UnknownProgram),
        ({"to_position": 0}, InvalidQuery),
        ({"to_position": 10**6}, InvalidQuery),
    ],
)
def test_a_refused_export_writes_nothing(
    ledgered: Ledgered, options: dict[str, Any], error: type[LedgerError]
) -> None:
    with pytest.raises(error):
        ledgered.export(**options)
    left = [p.name for p in ledgered.tmp.iterdir() if "pack" in p.name]
    assert left == []
