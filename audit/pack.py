"""The audit pack: a zip an auditor verifies offline with ``scripts/verify_audit_pack.py``.

Its layout is documented in docs/AUDITORS.md. Events are streamed from the event store in
batches into the zip, hashed as they are written, so memory stays flat however long the log
is. The pack is written to a temporary file beside the target and renamed at the end: a failed
export leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from audit.checkpoints import Signer
from domain.application import LedgerApplication
from domain.errors import InvalidQuery
from projections.bulk.build import build
from projections.digest import TableDigest, digests, drop_scratch
from projections.log import checkpoints
from projections.log.checkpoints import Checkpoint
from projections.log.leaf import event_leaf_hash
from projections.queries import ReadModel, audit_log
from projections.rows import AsOf
from projections.schema import LIVE_PREFIX, SCRATCH_PREFIX
from projections.store import ReadStore, read_position

FORMAT = "khuyencong-audit-pack/1"
EXPORT_BATCH_EVENTS = 5_000
# The figures of projections.figures that the digest carries: those the standalone verifier
# recomputes from the events' own amounts (scripts/verify_audit_pack.py, FIGURES).
FIGURES = (
    "estimated",
    "allocated",
    "committed",
    "paid",
    "refunded",
    "available",
    "carried_in",
    "carried_out",
    "cancelled",
)


@dataclass(frozen=True)
class PackSummary:
    path: Path
    position: int
    tree_size: int
    root_hash: str
    checkpoints: int
    later_checkpoints: int
    budget_lines: int


def export_pack(
    ledger: LedgerApplication,
    read_model: ReadModel,
    signer: Signer,
    out: Path,
    *,
    program_code: str | None = None,
    to_position: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PackSummary:
    store = read_model.store
    if program_code is not None:
        read_model.check_program(program_code)
    with store.snapshot() as tx:
        reached = read_position(tx)
        position = reached if to_position is None else to_position
        if not 0 < position <= reached:
            raise InvalidQuery(
                f"the read model has reached position {reached}; export up to a position "
                f"between 1 and {reached}",
                field="toPosition",
            )
        size = audit_log.tree_size(tx, position=position)
        position = audit_log.last_position(tx, size)  # the last event at or before the one asked
    pack_checkpoint, _ = signer.checkpoint(size)
    tables = _table_digests(ledger, store, position)
    budget = _budget(read_model, program_code, position)

    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".audit-pack-", suffix=".zip", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as pack:
            files: dict[str, dict[str, Any]] = {}
            with _member(pack, "events.jsonl", files) as write:
                for line in _event_lines(ledger, position, progress):
                    write(line)
            with store.snapshot() as tx:
                earlier = checkpoints.checkpoints(tx, up_to=size)
                later = checkpoints.checkpoints(tx, after=size)
                proofs = [audit_log.consistency(tx, size, c.tree_size) for c in later]
                keys = checkpoints.public_key_pems(tx)
            with _member(pack, "checkpoints.jsonl", files) as write:
                for checkpoint in earlier:
                    write(_json_line(checkpoint.as_json()))
            with _member(pack, "consistency.jsonl", files) as write:
                for checkpoint, proof in zip(later, proofs, strict=True):
                    item = {
                        "checkpoint": checkpoint.as_json(),
                        "proof": [h.hex() for h in proof.path],
                    }
                    write(_json_line(item))
            for kid in sorted(_signers(earlier, later, signer.key_id)):
                with _member(pack, f"keys/{kid}.pem", files) as write:
                    write(keys[kid].encode("ascii"))
            digest = {
                "position": position,
                "tree_size": size,
                "program_code": program_code,
                "tables": {name: asdict(d) for name, d in tables.items()},
                "budget": budget,
            }
            with _member(pack, "digest.json", files) as write:
                write(_pretty(digest))
            manifest = _pretty(
                {
                    "format": FORMAT,
                    "origin": signer.origin,
                    "created_at": signer.clock().isoformat(),
                    "program_code": program_code,
                    "position": position,
                    "tree_size": size,
                    "root_hash": pack_checkpoint.root_hash,
                    "key_id": signer.key_id,
                    "files": files,
                }
            )
            pack.writestr("manifest.json", manifest)
            pack.writestr("manifest.sig", signer.key.sign(manifest).hex() + "\n")
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return PackSummary(
        out, position, size, pack_checkpoint.root_hash, len(earlier), len(later), len(budget)
    )


def _event_lines(
    ledger: LedgerApplication, position: int, progress: Callable[[int], None] | None
) -> Iterator[bytes]:
    """Every stored event up to ``position`` as one JSON line, read in bounded batches."""
    leaf, start = 0, 1
    while start <= position:
        batch = ledger.recorder.select_notifications(
            start=start, limit=EXPORT_BATCH_EVENTS, stop=position
        )
        if not batch:
            break
        for n in batch:
            aggregate_id = UUID(str(n.originator_id))
            state = bytes(n.state)
            digest = event_leaf_hash(n.id, aggregate_id, n.originator_version, n.topic, state)
            yield _json_line(
                {
                    "leaf": leaf,
                    "position": n.id,
                    "aggregate_id": str(aggregate_id),
                    "version": n.originator_version,
                    "topic": n.topic,
                    "state": state.decode("utf-8"),
                    "leaf_hash": digest.hex(),
                }
            )
            leaf += 1
        start = batch[-1].id + 1
        if progress is not None:
            progress(len(batch))


def _table_digests(
    ledger: LedgerApplication, store: ReadStore, position: int
) -> dict[str, TableDigest]:
    """The read model's digest at ``position``: the live tables when they stand exactly there,
    else a rebuild into scratch tables up to it (what ``khuyencong check`` does)."""
    with store.snapshot() as tx:
        if read_position(tx) == position:
            return digests(tx, LIVE_PREFIX)
    try:
        build(store, SCRATCH_PREFIX, stop=position)
        with store.snapshot() as tx:
            return digests(tx, SCRATCH_PREFIX)
    finally:
        drop_scratch(store)


def _budget(read_model: ReadModel, program_code: str | None, position: int) -> list[dict[str, Any]]:
    codes = [program_code] if program_code is not None else read_model.program_codes()
    lines = []
    for code in codes:
        report = read_model.budget(code, as_of=AsOf(position=position))
        for line in report.lines:
            figures = {name: str(line.figures.value(name)) for name in FIGURES}
            lines.append(
                {
                    "program_code": code,
                    "year": line.year,
                    "source": line.source,
                    "holder_code": line.holder_code,
                    **figures,
                }
            )
    return lines


def _signers(earlier: list[Checkpoint], later: list[Checkpoint], own: str) -> set[str]:
    return {c.key_id for c in earlier} | {c.key_id for c in later} | {own}


@contextmanager
def _member(
    pack: zipfile.ZipFile, name: str, files: dict[str, dict[str, Any]]
) -> Iterator[Callable[[bytes], None]]:
    """A file in the zip, written piece by piece; its SHA-256 and size go into the manifest."""
    digest = hashlib.sha256()
    size = 0
    stream: IO[bytes]
    with pack.open(name, "w", force_zip64=True) as stream:

        def write(data: bytes) -> None:
            nonlocal size
            digest.update(data)
            size += len(data)
            stream.write(data)

        yield write
    files[name] = {"sha256": digest.hexdigest(), "bytes": size}


def _json_line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _pretty(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
