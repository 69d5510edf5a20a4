"""Journal queries: the applied events in order, filtered and paged, and the histories of
several aggregates at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.payload import readable_payload
from projections.queries.core import marks
from projections.queries.paging import Window, keyset_slice
from projections.rows import JournalEntry, Page
from projections.store import Transaction, read_position

JOURNAL_COLUMNS = (
    "position, recorded_at, effective_on, type, aggregate_id, aggregate_version, program_code, "
    "actor_subject, actor_role, document_ref, summary, payload, leaf"
)


def journal(
    tx: Transaction,
    prefix: str,
    *,
    window: Window,
    types: Sequence[str],
    aggregate_id: str | None,
) -> Page[JournalEntry]:
    position = read_position(tx, prefix)
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if types:
        where.append(f"type IN ({marks(len(types))})")
        params.extend(types)
    if aggregate_id is not None:
        where.append("aggregate_id = ?")
        params.append(aggregate_id)
    condition = " AND ".join(where)
    found = keyset_slice(
        tx,
        columns=JOURNAL_COLUMNS,
        source=f"{prefix}journal",
        condition=condition,
        params=params,
        key="position",
        window=window,
    )
    ((count,),) = tx.rows(f"SELECT COUNT(*) FROM {prefix}journal WHERE {condition}", params)
    items = tuple(_journal_entry(r) for r in found.rows)
    return Page(items, int(count), found.has_next, position, found.has_previous)


def recorded_times(tx: Transaction, prefix: str, positions: Sequence[int]) -> dict[int, str]:
    """When the events at ``positions`` were recorded, for those the read model holds."""
    if not positions:
        return {}
    rows = tx.rows(
        f"SELECT position, recorded_at FROM {prefix}journal "
        f"WHERE position IN ({marks(len(positions))})",
        list(positions),
    )
    return {int(position): str(recorded_at) for position, recorded_at in rows}


def histories(
    tx: Transaction, prefix: str, aggregate_ids: Sequence[str]
) -> dict[str, list[JournalEntry]]:
    """The journal of several aggregates in one query (a page of projects)."""
    if not aggregate_ids:
        return {}
    rows = tx.rows(
        f"SELECT {JOURNAL_COLUMNS} FROM {prefix}journal "
        f"WHERE aggregate_id IN ({marks(len(aggregate_ids))}) ORDER BY position",
        list(aggregate_ids),
    )
    found: dict[str, list[JournalEntry]] = {}
    for row in rows:
        entry = _journal_entry(row)
        found.setdefault(entry.aggregate_id, []).append(entry)
    # A project's inspections and their follow-ups are events of the inspection, read into
    # the history of the project they are about.
    joined = ", ".join(f"j.{column.strip()}" for column in JOURNAL_COLUMNS.split(","))
    inspected = tx.rows(
        f"SELECT {joined}, i.project_id FROM {prefix}journal j "
        f"JOIN {prefix}inspections i ON i.position = j.position "
        f"WHERE i.project_id IN ({marks(len(aggregate_ids))}) ORDER BY j.position",
        list(aggregate_ids),
    )
    for row in inspected:
        found.setdefault(str(row[-1]), []).append(_journal_entry(row[:-1]))
    if inspected:
        for entries in found.values():
            entries.sort(key=lambda entry: entry.position)
    return found


def _journal_entry(r: tuple[Any, ...]) -> JournalEntry:
    return JournalEntry(
        int(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        int(r[5]),
        None if r[6] is None else str(r[6]),
        str(r[7]),
        str(r[8]),
        str(r[9]),
        str(r[10]),
        readable_payload(str(r[11])),
        int(r[12]),
    )
