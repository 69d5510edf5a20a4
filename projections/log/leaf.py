"""The bytes a Merkle leaf commits to: one stored event, exactly as the event store holds it.

    leaf data = u64(position) ‖ aggregate id (16 bytes) ‖ u64(version)
                ‖ u32(len topic) ‖ topic (UTF-8) ‖ u32(len state) ‖ state

Integers are unsigned big-endian; ``state`` is the stored event's bytes (the library's JSON,
uncompressed and unencrypted). Every field is fixed-width or length-prefixed, so no two events
encode alike. docs/AUDITORS.md documents this for verifiers written elsewhere.
"""

from __future__ import annotations

import struct
from uuid import UUID

from projections.log.merkle import leaf_hash

_HEAD = struct.Struct(">Q16sQ")
_LENGTH = struct.Struct(">I")


def leaf_data(position: int, aggregate_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    encoded_topic = topic.encode("utf-8")
    return b"".join(
        (
            _HEAD.pack(position, aggregate_id.bytes, version),
            _LENGTH.pack(len(encoded_topic)),
            encoded_topic,
            _LENGTH.pack(len(state)),
            state,
        )
    )


def event_leaf_hash(
    position: int, aggregate_id: UUID, version: int, topic: str, state: bytes
) -> bytes:
    return leaf_hash(leaf_data(position, aggregate_id, version, topic, state))
