"""How far a PostgreSQL streaming replica, where an API reads the read model, is behind the
primary, where the events are written and the projector writes the read model.

Three measures, each for its reader: positions (events the primary's read model holds that the
replica's does not yet show: what read-your-writes waits out), bytes of WAL not yet replayed
(what an operator compares with the replica's disk and network), and seconds since the replica
last replayed a transaction, counted only while it has WAL to replay (an idle primary writes no
WAL, and a replica with nothing to replay is not behind however long ago its last replay was).
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.store import ReadStore, Transaction, read_position


@dataclass(frozen=True)
class ReplicaLag:
    positions: int  # the primary's read-model position less the replica's
    bytes: int  # WAL written on the primary, not yet replayed on the replica
    seconds: float  # since the replica's last replayed transaction, while bytes remain
    in_recovery: bool  # False: the "replica" is a primary (reads go to a writable server)


class Replica:
    """The primary's read store (for its WAL and read-model positions) and the replica's."""

    def __init__(self, primary: ReadStore, replica: ReadStore) -> None:
        self.primary = primary
        self.replica = replica

    def lag(self) -> ReplicaLag:
        # The replica is read first: whatever it shows, the primary had at least as much when
        # it is read after, so no measure comes out below zero by reading in the wrong order.
        with self.replica.snapshot() as tx:
            replica_position = read_position(tx)
            (replayed, age_s, in_recovery) = tx.rows(
                "SELECT pg_last_wal_replay_lsn(), "
                "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), "
                "pg_is_in_recovery()"
            )[0]
        with self.primary.snapshot() as tx:
            primary_position = read_position(tx)
            written = _wal_lsn(tx)
        behind = 0
        if in_recovery and replayed is not None:  # NULL on a primary
            behind = max(lsn_bytes(written) - lsn_bytes(str(replayed)), 0)
        return ReplicaLag(
            positions=max(primary_position - replica_position, 0),
            bytes=behind,
            seconds=float(age_s or 0.0) if behind else 0.0,
            in_recovery=bool(in_recovery),
        )


def _wal_lsn(tx: Transaction) -> str:
    return str(tx.rows("SELECT pg_current_wal_lsn()")[0][0])


def lsn_bytes(lsn: str) -> int:
    """A WAL location written as PostgreSQL prints it (``16/B374D848``) as a byte offset."""
    high, _, low = lsn.partition("/")
    return (int(high, 16) << 32) + int(low, 16)
