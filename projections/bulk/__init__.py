"""The read model built in bulk: a rebuild, a check or a restore from the whole event log at
once, in parallel processes, written with COPY (docs/PERFORMANCE.md)."""
