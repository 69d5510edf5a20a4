"""Checkpointed sums of postings, so an as-of budget query costs the same at a million events
as at a thousand.

At every CHECKPOINT_EVERY_EVENTS positions the projector stores, in the same transaction as the
batch that reaches it, the cumulative sum of all legs up to that position per budget line,
effective month and kind of leg. An as-of query (position p, effective date d) then adds:
  A. the checkpoint k ≤ p, for months before d's month;
  B. the legs after the checkpoint: positions in (k, p], effective by d;
  C. the legs up to the checkpoint in d's own month, effective by d.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.store import Row, Transaction

CHECKPOINT_EVERY_EVENTS = 10_000
SIGN = "CASE WHEN amount > 0 THEN 1 ELSE 0 END"


def write_checkpoints(tx: Transaction, prefix: str, start: int, end: int) -> None:
    """Store the checkpoints in (start, end]; the batch's legs are already in the table."""
    first = (start // CHECKPOINT_EVERY_EVENTS + 1) * CHECKPOINT_EVERY_EVENTS
    for checkpoint in range(first, end + 1, CHECKPOINT_EVERY_EVENTS):
        previous = checkpoint - CHECKPOINT_EVERY_EVENTS
        tx.execute(
            f"INSERT INTO {prefix}posting_totals (checkpoint, program_code, year, source, month, "
            "account, kind, positive, amount) "
            "SELECT ?, program_code, year, source, month, account, kind, positive, SUM(amount) "
            "FROM ("
            "SELECT program_code, year, source, month, account, kind, positive, amount "
            f"FROM {prefix}posting_totals WHERE checkpoint = ? "
            "UNION ALL "
            f"SELECT program_code, year, source, SUBSTR(effective_on, 1, 7), account, kind, "
            f"{SIGN}, amount "
            f"FROM {prefix}postings WHERE position > ? AND position <= ?"
            ") legs GROUP BY program_code, year, source, month, account, kind, positive",
            (checkpoint, previous, previous, checkpoint),
        )


def as_of_legs(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int | None,
    position: int,
    effective: date | None,
) -> list[Row]:
    """Rows of (year, source, account, kind, positive, sum) for legs at or before ``position``
    and, when given, effective by ``effective``."""
    checkpoint = position // CHECKPOINT_EVERY_EVENTS * CHECKPOINT_EVERY_EVENTS
    scope = "program_code = ?"
    params: list[Any] = [program_code]
    if year is not None:
        scope += " AND year = ?"
        params.append(year)
    rows: list[Row] = []
    if checkpoint:
        month_filter, month_params = _before_month(effective)
        rows += tx.rows(
            "SELECT year, source, account, kind, positive, SUM(amount) "
            f"FROM {prefix}posting_totals WHERE checkpoint = ? AND {scope}{month_filter} "
            "GROUP BY year, source, account, kind, positive",
            [checkpoint, *params, *month_params],
        )
    day_filter, day_params = (
        ("", []) if effective is None else (" AND effective_on <= ?", [effective.isoformat()])
    )
    rows += tx.rows(
        f"SELECT year, source, account, kind, {SIGN}, SUM(amount) FROM {prefix}postings "
        f"WHERE {scope} AND position > ? AND position <= ?{day_filter} "
        f"GROUP BY year, source, account, kind, {SIGN}",
        [*params, checkpoint, position, *day_params],
    )
    if checkpoint and effective is not None:
        rows += tx.rows(
            f"SELECT year, source, account, kind, {SIGN}, SUM(amount) FROM {prefix}postings "
            f"WHERE {scope} AND effective_on >= ? AND effective_on <= ? AND position <= ? "
            f"GROUP BY year, source, account, kind, {SIGN}",
            [*params, effective.replace(day=1).isoformat(), effective.isoformat(), checkpoint],
        )
    return rows


def _before_month(effective: date | None) -> tuple[str, list[Any]]:
    if effective is None:
        return "", []
    return " AND month < ?", [effective.isoformat()[:7]]
