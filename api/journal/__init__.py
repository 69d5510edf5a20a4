"""The journal (and its subscription) and the audit log: checkpoints, proofs, diffs."""
