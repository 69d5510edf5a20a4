"""Uniqueness claims: tiny aggregates whose uuid5 id is the claimed key.

A claim is saved in the same atomic write as the effect it guards. Two writers claiming the same
key collide on the claim's first version, so at most one of them records anything.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import Field, dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import Any
from uuid import UUID

from domain.errors import IdempotencyKeyReused
from domain.events import Decision, LedgerEvent, Pending
from domain.ids import claim_id
from domain.text import clean_code

VOUCHER = "voucher"
IDEMPOTENCY = "idempotency"


class Claim:
    class Made(LedgerEvent):
        TOPIC = "khuyencong:Claim.Made"
        kind: str
        scope: str
        key: str
        owner_id: UUID
        owner_version: int
        fingerprint: str


@dataclass(frozen=True)
class ClaimState:
    id: UUID
    kind: str
    key: str
    owner_id: UUID
    owner_version: int
    fingerprint: str


def evolve(state: ClaimState | None, event: object) -> ClaimState:
    assert state is None, "a claim is made once"
    assert isinstance(event, Claim.Made)
    return ClaimState(
        event.originator_id,
        event.kind,
        event.key,
        event.owner_id,
        event.owner_version,
        event.fingerprint,
    )


def voucher_claim_id(program_code: str, voucher_no: str) -> UUID:
    return claim_id(VOUCHER, program_code, voucher_no)


def idempotency_claim_id(subject: str, key: str) -> UUID:
    """Keys are scoped to the caller: two clients choosing the same key never collide."""
    return claim_id(IDEMPOTENCY, subject, key)


def make(
    kind: str,
    scope: str,
    key: str,
    owner_id: UUID,
    owner_version: int,
    fingerprint: str,
    decision: Decision,
) -> LedgerEvent:
    pending = Pending(claim_id(kind, scope, key), 0, decision)
    return pending.add(
        Claim.Made,
        effective_on=decision.today,
        document_ref=key,
        kind=kind,
        scope=scope,
        key=key,
        owner_id=owner_id,
        owner_version=owner_version,
        fingerprint=fingerprint,
    )


def clean_idempotency_key(value: object) -> str:
    return clean_code(value, "idempotencyKey")


def check_replay(claim: ClaimState, fingerprint: str) -> None:
    """Same key and same command: the caller gets the first answer. Different: refused."""
    if claim.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "this idempotency key was used for a different command", field="idempotencyKey"
        )


# Metadata of a command field added after commands were first fingerprinted: left at its
# default, it is not part of the fingerprint, so a retry of a command sent before the field
# existed still finds its first answer.
ADDED_LATER = MappingProxyType({"added_later": True})
# Metadata of a field the caller's tools fill in from the read model (not what the caller asked):
# left out, so a retry with the same key finds the first answer although the list changed since.
DERIVED = MappingProxyType({"derived": True})


def fingerprint(command: object) -> str:
    """SHA-256 of the command's name and canonical JSON content."""
    payload = {"command": type(command).__name__, "content": _plain(command)}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name)) for f in fields(value) if not _left_out(value, f)
        }
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (UUID, date)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _left_out(value: object, field: Field[Any]) -> bool:
    """A derived field, or a field added later that holds its default."""
    if field.metadata.get("derived"):
        return True
    return bool(field.metadata.get("added_later")) and getattr(value, field.name) == field.default
