"""Checkpointed sums of postings and of outputs, so an as-of budget or targets query costs the
same at a million events as at a thousand.

At every CHECKPOINT_EVERY_EVENTS positions the projector stores, in the same transaction as the
batch that reaches it, the cumulative sum of all legs up to that position (postings by budget
line, effective month and kind of leg; outputs by indicator, kind, year, unit and effective
month). An as-of query (position p, effective date d) then adds:
  A. the checkpoint k ≤ p, for months before d's month;
  B. the legs after the checkpoint: positions in (k, p], effective by d;
  C. the legs up to the checkpoint in d's own month, effective by d.
In the second half of a month C reads more legs than it leaves, so there A takes d's month
whole and C′ takes off the legs up to the checkpoint in d's month effective after d: a query
reads at most half a month of legs (on a million events, a busy month holds 50,000, and C
read them all for the last day of the month: p95 22 ms; the figures are sums, and a sum taken
off is a negative one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from projections.store import Row, Transaction

CHECKPOINT_EVERY_EVENTS = 10_000
HALF_MONTH_DAYS = 15
SIGN = "CASE WHEN amount > 0 THEN 1 ELSE 0 END"


@dataclass(frozen=True)
class Checkpointed:
    """A log table and the table of its checkpointed sums."""

    log: str
    totals: str
    columns: tuple[tuple[str, str], ...]  # (column of the totals, its expression over the log)
    value: str

    def expression(self, column: str) -> str:
        return dict(self.columns)[column]


POSTINGS = Checkpointed(
    "postings",
    "posting_totals",
    (
        ("program_code", "program_code"),
        ("year", "year"),
        ("source", "source"),
        ("holder_code", "holder_code"),
        ("account", "account"),
        ("kind", "kind"),
        ("positive", SIGN),
    ),
    "amount",
)
OUTPUTS = Checkpointed(
    "outputs",
    "output_totals",
    (
        ("program_code", "program_code"),
        ("indicator_code", "indicator_code"),
        ("kind", "kind"),
        ("year", "COALESCE(year, 0)"),
        ("unit_code", "COALESCE(unit_code, '')"),
    ),
    "quantity",
)


def write_checkpoints(tx: Transaction, prefix: str, start: int, end: int) -> None:
    """Store the checkpoints in (start, end]; the batch's legs are already in the tables."""
    first = (start // CHECKPOINT_EVERY_EVENTS + 1) * CHECKPOINT_EVERY_EVENTS
    for checkpoint in range(first, end + 1, CHECKPOINT_EVERY_EVENTS):
        for sums in (POSTINGS, OUTPUTS):
            _write_checkpoint(tx, prefix, sums, checkpoint)


def _write_checkpoint(tx: Transaction, prefix: str, sums: Checkpointed, checkpoint: int) -> None:
    previous = checkpoint - CHECKPOINT_EVERY_EVENTS
    columns = ", ".join(column for column, _ in sums.columns)
    expressions = ", ".join(expression for _, expression in sums.columns)
    tx.execute(
        f"INSERT INTO {prefix}{sums.totals} (checkpoint, {columns}, month, {sums.value}) "
        f"SELECT ?, {columns}, month, SUM({sums.value}) FROM ("
        f"SELECT {columns}, month, {sums.value} FROM {prefix}{sums.totals} WHERE checkpoint = ? "
        "UNION ALL "
        f"SELECT {expressions}, SUBSTR(effective_on, 1, 7), {sums.value} "
        f"FROM {prefix}{sums.log} WHERE position > ? AND position <= ?"
        f") legs GROUP BY {columns}, month",
        (checkpoint, previous, previous, checkpoint),
    )


def as_of_legs(
    tx: Transaction,
    prefix: str,
    program_code: str,
    year: int | None,
    position: int,
    effective: date | None,
    *,
    by_holder: bool = False,
    holder_code: str | None = None,
) -> list[Row]:
    """Rows of (year, source, account, kind, positive, sum) for legs at or before ``position``
    and, when given, effective by ``effective``; with ``by_holder``, (year, source,
    holder_code, account, …); ``holder_code`` keeps one holder's legs only."""
    scope = "program_code = ?"
    params: list[Any] = [program_code]
    if year is not None:
        scope += " AND year = ?"
        params.append(year)
    if holder_code is not None:
        scope += " AND holder_code = ?"
        params.append(holder_code)
    keys = ("year", "source", "holder_code") if by_holder else ("year", "source")
    group = (*keys, "account", "kind", "positive")
    return as_of_sums(tx, prefix, POSTINGS, group, (scope, params), position, effective)


def as_of_outputs(
    tx: Transaction, prefix: str, program_code: str, position: int, effective: date | None
) -> list[Row]:
    """Rows of (indicator_code, kind, year, unit_code, sum) for outputs at or before
    ``position`` and, when given, effective by ``effective``; year 0 and unit '' are none."""
    group = ("indicator_code", "kind", "year", "unit_code")
    scope = ("program_code = ?", [program_code])
    return as_of_sums(tx, prefix, OUTPUTS, group, scope, position, effective)


def as_of_sums(
    tx: Transaction,
    prefix: str,
    sums: Checkpointed,
    group: tuple[str, ...],
    scope: tuple[str, list[Any]],
    position: int,
    effective: date | None,
) -> list[Row]:
    """The sums by ``group`` (columns of the totals) of parts A, B and C; the scope's columns
    must mean the same in the log and in the totals."""
    checkpoint = position // CHECKPOINT_EVERY_EVENTS * CHECKPOINT_EVERY_EVENTS
    where, params = scope
    kept = ", ".join(group)
    derived = ", ".join(sums.expression(column) for column in group)
    log, total = f"{prefix}{sums.log}", f"SUM({sums.value})"
    rows: list[Row] = []
    late_in_month = effective is not None and effective.day > HALF_MONTH_DAYS
    if checkpoint:
        month_filter, month_params = _months(effective, including_its_own=late_in_month)
        rows += tx.rows(
            f"SELECT {kept}, {total} FROM {prefix}{sums.totals} "
            f"WHERE checkpoint = ? AND {where}{month_filter} GROUP BY {kept}",
            [checkpoint, *params, *month_params],
        )
    day_filter, day_params = (
        ("", []) if effective is None else (" AND effective_on <= ?", [effective.isoformat()])
    )
    rows += tx.rows(
        f"SELECT {derived}, {total} FROM {log} "
        f"WHERE {where} AND position > ? AND position <= ?{day_filter} GROUP BY {derived}",
        [*params, checkpoint, position, *day_params],
    )
    if checkpoint and effective is not None:
        if late_in_month:  # C′: the rest of the month, taken off
            first, last, value = _next_day(effective), _last_day(effective), f"-{total}"
        else:  # C
            first, last, value = effective.replace(day=1), effective, total
        rows += tx.rows(
            f"SELECT {derived}, {value} FROM {log} "
            f"WHERE {where} AND effective_on >= ? AND effective_on <= ? AND position <= ? "
            f"GROUP BY {derived}",
            [*params, first.isoformat(), last.isoformat(), checkpoint],
        )
    return rows


def _months(effective: date | None, *, including_its_own: bool) -> tuple[str, list[Any]]:
    if effective is None:
        return "", []
    return f" AND month {'<=' if including_its_own else '<'} ?", [effective.isoformat()[:7]]


def _next_day(day: date) -> date:
    return day + timedelta(days=1)


def _last_day(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)
