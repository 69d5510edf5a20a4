"""``khuyencong restore``: an audit pack, verified as the offline verifier verifies it, loaded
into an empty ledger that then answers the ordinary API (docs/AUDITORS.md)."""

from __future__ import annotations

import time
from argparse import Namespace
from pathlib import Path

from audit.restore import PackNotVerified, Restored, Verified, ensure_empty, restore_pack
from domain.errors import InvalidInput
from scripts import verify_audit_pack
from scripts.bootstrap import Services, bootstrap
from scripts.read_side_commands import progress_bar
from scripts.settings import Settings


def restore_command(settings: Settings, args: Namespace) -> int:
    started = time.perf_counter()
    with bootstrap(settings) as services:
        restored = restore(
            services,
            args.pack,
            args.to_position,
            trusted_checkpoint=args.trusted_checkpoint,
            public_key=args.public_key,
        )
    seconds = time.perf_counter() - started
    digest = {True: "equal to the pack's", False: "NOT equal to the pack's", None: "not compared"}
    print(
        f"restored {restored.events} events to position {restored.position} with "
        f"{restored.checkpoints} checkpoints; read model built from {restored.read_model_events} "
        f"events, its digest {digest[restored.digest_equal]}; in {seconds:.1f} s"
    )
    return 0


def restore(
    services: Services,
    pack: Path,
    to_position: int | None = None,
    *,
    trusted_checkpoint: Path | None = None,
    public_key: Path | None = None,
) -> Restored:
    """Refuse a ledger with events, then a pack that does not verify (against the checkpoint
    held and the key pinned, when given), then a position it does not hold; each refusal
    writes nothing."""
    ensure_empty(services.store)
    summary = verify(pack, trusted_checkpoint, public_key)
    if to_position is not None and not 0 < to_position <= summary.last_position:
        raise InvalidInput(
            f"the pack holds positions 1 to {summary.last_position}; got {to_position}",
            field="--to-position",
        )
    verified = Verified(summary.tree_size, summary.root_hash)
    with progress_bar("restore", summary.events) as advance:
        return restore_pack(
            services.store, pack, verified, to_position=to_position, progress=advance
        )


def verify(
    pack: Path, trusted_checkpoint: Path | None = None, public_key: Path | None = None
) -> verify_audit_pack.Summary:
    try:
        pinned = None if public_key is None else public_key.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {public_key}: {error}", field="--public-key") from None
    try:
        return verify_audit_pack.verify(pack, trusted_checkpoint, pinned)
    except verify_audit_pack.VerificationError as error:
        raise PackNotVerified(f"{error.code}: {error.message}") from None
