"""WAL locations as PostgreSQL prints them, read as byte offsets for the replica's lag."""

from __future__ import annotations

from projections.replica import lsn_bytes


def test_a_wal_location_is_its_byte_offset():
    assert lsn_bytes("0/0") == 0
    assert lsn_bytes("0/3000060") == 0x3000060
    assert lsn_bytes("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert lsn_bytes("1/0") - lsn_bytes("0/FFFFFFFF") == 1
