"""Auditor commands: checkpoints, proofs, the public key and the audit pack."""

from __future__ import annotations

import json
import sys
import time
from argparse import Namespace
from pathlib import Path
from typing import Any

from audit.pack import export_pack
from audit.queries import default_proof_size
from projections.log import checkpoints
from projections.log.keys import public_pem
from projections.queries import audit_log
from scripts.bootstrap import bootstrap, signing_key
from scripts.read_side_commands import progress_bar
from scripts.settings import Settings


def checkpoint_command(settings: Settings, args: Namespace) -> int:
    """Sign the log as the read model holds it now; prints the checkpoint as JSON."""
    with bootstrap(settings) as services:
        checkpoint, made = services.signer().checkpoint(args.tree_size)
    text = json.dumps(checkpoint.as_json(), ensure_ascii=False, indent=2)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    verb = "signed" if made else "already kept"
    print(
        f"checkpoint of {checkpoint.tree_size} events {verb} at {checkpoint.signed_at}",
        file=sys.stderr,
    )
    return 0


def checkpoints_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services, services.store.snapshot() as tx:
        kept = checkpoints.checkpoints(tx)
    if args.json:
        for checkpoint in kept:
            print(json.dumps(checkpoint.as_json(), ensure_ascii=False))
        return 0
    for c in kept:
        print(f"{c.tree_size:>10}  {c.root_hash}  {c.signed_at}  key {c.key_id}")
    if not kept:
        print("no checkpoints yet: `khuyencong checkpoint` makes one", file=sys.stderr)
    return 0


def public_key_command(settings: Settings, args: Namespace) -> int:
    print(public_pem(signing_key(settings).public_key()), end="")
    return 0


def prove_inclusion_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services, services.store.snapshot() as tx:
        size = default_proof_size(tx, args.position) if args.tree_size is None else args.tree_size
        proof = audit_log.inclusion(tx, args.position, size)
    _print_json(
        {
            "position": proof.position,
            "leaf_index": proof.leaf_index,
            "tree_size": proof.tree_size,
            "leaf_hash": proof.leaf_hash.hex(),
            "root_hash": proof.root_hash.hex(),
            "path": [h.hex() for h in proof.path],
        }
    )
    return 0


def prove_consistency_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services, services.store.snapshot() as tx:
        proof = audit_log.consistency(tx, args.from_size, args.to_size)
    _print_json(
        {
            "from_size": proof.from_size,
            "to_size": proof.to_size,
            "from_root": proof.from_root.hex(),
            "to_root": proof.to_root.hex(),
            "path": [h.hex() for h in proof.path],
        }
    )
    return 0


def audit_export_command(settings: Settings, args: Namespace) -> int:
    started = time.perf_counter()
    with bootstrap(settings) as services:
        total = args.to_position or services.ledger.head_position()
        with progress_bar("export", total) as advance:
            summary = export_pack(
                services.ledger,
                services.read_model,
                services.signer(),
                args.out,
                program_code=args.program,
                to_position=args.to_position,
                progress=advance,
            )
    seconds = time.perf_counter() - started
    print(
        f"wrote {summary.path}: {summary.tree_size} events to position {summary.position}, "
        f"root {summary.root_hash[:16]}…, {summary.checkpoints} checkpoints "
        f"(+{summary.later_checkpoints} later, with proofs), {summary.budget_lines} budget "
        f"lines, in {seconds:.1f} s"
    )
    print(f"verify it with: python scripts/verify_audit_pack.py {Path(summary.path)}")
    return 0


def _print_json(value: dict[str, Any]) -> None:
    print(json.dumps(value, indent=2))
