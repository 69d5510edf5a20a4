"""The Merkle log of a bulk build: every event's leaf, in order, by the process that waits for
the shares (the log is one sequence; the shares are not)."""

from __future__ import annotations

from collections.abc import Callable

from projections.batch import Row
from projections.bulk.overlap import Writer, prefetched
from projections.bulk.partition import write_rows
from projections.bulk.source import Database
from projections.log.merkle import Frontier
from projections.schema import MERKLE_NODES
from projections.store import ReadStore

FLUSH_NODES = 100_000
PROGRESS_EVENTS = 10_000


def build_log(
    database: Database,
    store: ReadStore,
    prefix: str,
    stop: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Write the log's nodes for the events up to ``stop``; returns (events, last position)."""
    frontier = Frontier()
    nodes: list[Row] = []
    last = unreported = 0
    writer: Writer[list[Row]] = Writer(
        lambda nodes: write_rows(store, prefix, {MERKLE_NODES.name: nodes})
    )
    try:
        for position, leaf in prefetched(database.leaves(stop)):
            for (level, index), node in frontier.append(leaf):
                nodes.append((level, index, node.hex()))
            last = position
            unreported += 1
            if len(nodes) >= FLUSH_NODES:
                writer.put(nodes)
                nodes = []
            if progress is not None and unreported >= PROGRESS_EVENTS:
                progress(unreported)
                unreported = 0
        writer.put(nodes)
    finally:
        writer.close()
    if progress is not None and unreported:
        progress(unreported)
    return frontier.size, last
