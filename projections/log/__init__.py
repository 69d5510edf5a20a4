"""The tamper-evident log of every applied event: the pure RFC 9162 Merkle tree, the bytes each
leaf commits to, and the kept checkpoints a rebuild is compared with. It sits in projections
because the projector appends to it in the same transaction as the event's rows."""
