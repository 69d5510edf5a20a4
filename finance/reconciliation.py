"""The reconciliation of a program's year with the State Treasury, as of any position.

Statement lines, payments, reversals and matches by hand are position-stamped rows of the read
model; reading those up to a position and matching them (``finance.matching``) reproduces the
reconciliation exactly as it stood then.

Years: a payment belongs to the year it is charged to (its project's budget year when it was
paid). A matched statement line belongs to the year of its payments; an unmatched one to the
year of its value date, and to the year before as well while it falls in that year's
adjustment window (to 31 January), so closing that year sees it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidQuery
from domain.fiscal import adjustment_window_end
from finance.matching import (
    DEFAULT_WINDOW_DAYS,
    HandLink,
    LedgerPayment,
    LineKey,
    Match,
    PaymentKey,
    TreasuryLine,
    match,
)
from projections.schema import LIVE_PREFIX
from projections.store import ReadStore, Transaction, read_position

WINDOW_DAYS_MAX = 60


@dataclass(frozen=True)
class LineView:
    statement_id: str
    line_no: int
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str
    account: str


@dataclass(frozen=True)
class PaymentView:
    project_id: str
    project_code: str
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str


@dataclass(frozen=True)
class MatchView:
    rule: str
    lines: tuple[LineView, ...]
    payments: tuple[PaymentView, ...]
    difference: int  # statement minus ledger


@dataclass(frozen=True)
class MonthRow:
    """One account (funding source) in one month: what each side says."""

    source: str
    month: str  # YYYY-MM
    ledger_total: int
    statement_total: int

    @property
    def difference(self) -> int:
        return self.statement_total - self.ledger_total


@dataclass(frozen=True)
class Reconciliation:
    program_code: str
    year: int
    position: int
    window_days: int
    months: tuple[MonthRow, ...]
    matched: int  # matches whose amounts agree
    amount_differs: tuple[MatchView, ...]
    only_in_statement: tuple[LineView, ...]
    only_in_ledger: tuple[PaymentView, ...]

    @property
    def unmatched_lines(self) -> int:
        """Statement lines a close must not pass over: unmatched, or matched at another amount."""
        return len(self.only_in_statement) + sum(len(m.lines) for m in self.amount_differs)


def reconcile(
    store: ReadStore,
    program_code: str,
    year: int,
    position: int | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    prefix: str = LIVE_PREFIX,
) -> Reconciliation:
    if not 0 <= window_days <= WINDOW_DAYS_MAX:
        raise InvalidQuery(f"the window is 0 to {WINDOW_DAYS_MAX} days", field="windowDays")
    with store.snapshot() as tx:
        reached = read_position(tx, prefix)
        at = reached if position is None else position
        if not 0 <= at <= reached:
            raise InvalidQuery(
                f"the read model has reached position {reached}", field="asOf.position"
            )
        rows = _Rows(tx, prefix, program_code, at)
    result = match(rows.lines.values(), rows.payments.values(), rows.links, window_days)
    return _report(
        rows, result.matches, result.only_in_statement, result.only_in_ledger, year, at, window_days
    )


class _Rows:
    """The program's statement lines, live payments and hand links up to a position."""

    def __init__(self, tx: Transaction, p: str, program_code: str, at: int) -> None:
        self.program_code = program_code
        where = "program_code = ? AND position <= ?"
        args = (program_code, at)
        self.accounts = {
            str(sid): str(account)
            for sid, account in tx.rows(
                f"SELECT id, account FROM {p}statements WHERE {where}", args
            )
        }
        self.lines: dict[LineKey, TreasuryLine] = {}
        for sid, no, voucher, amount, day, payee, source in tx.stream(
            "SELECT statement_id, line_no, voucher_no, amount, value_date, payee, source "
            f"FROM {p}statement_lines WHERE {where} ORDER BY position, line_no",
            args,
        ):
            key = (str(sid), int(no))
            self.lines[key] = TreasuryLine(
                key, str(voucher), int(amount), date.fromisoformat(day), str(payee), str(source)
            )
        reversed_ = {
            (str(pid), str(voucher))
            for pid, voucher in tx.rows(
                f"SELECT project_id, voucher_no FROM {p}payment_reversals WHERE {where}", args
            )
        }
        self.codes = {
            str(pid): str(code)
            for pid, code in tx.rows(
                f"SELECT id, code FROM {p}projects WHERE program_code = ?", (program_code,)
            )
        }
        self.payments: dict[PaymentKey, LedgerPayment] = {}
        for pid, voucher, amount, day, payee, source, year in tx.stream(
            "SELECT project_id, voucher_no, amount, value_date, payee, source, budget_year "
            f"FROM {p}payments WHERE {where} ORDER BY position",
            args,
        ):
            pkey = (str(pid), str(voucher))
            if pkey not in reversed_:
                self.payments[pkey] = LedgerPayment(
                    pkey,
                    str(voucher),
                    int(amount),
                    date.fromisoformat(day),
                    str(payee),
                    str(source),
                    int(year),
                )
        self.links = [
            HandLink((str(sid), int(no)), str(action), tuple(tuple(x) for x in json.loads(named)))
            for sid, no, action, named in tx.rows(
                "SELECT statement_id, line_no, action, payments "
                f"FROM {p}statement_links WHERE {where} ORDER BY position",
                args,
            )
        ]

    def line(self, key: LineKey) -> LineView:
        x = self.lines[key]
        return LineView(
            key[0],
            key[1],
            x.voucher_no,
            x.amount,
            x.value_date,
            x.payee,
            x.source,
            self.accounts.get(key[0], ""),
        )

    def payment(self, key: PaymentKey) -> PaymentView:
        x = self.payments[key]
        return PaymentView(
            key[0],
            self.codes.get(key[0], ""),
            x.voucher_no,
            x.amount,
            x.value_date,
            x.payee,
            x.source,
        )


def _report(
    rows: _Rows,
    matches: Iterable[Match],
    only_lines: Iterable[LineKey],
    only_payments: Iterable[PaymentKey],
    year: int,
    position: int,
    window_days: int,
) -> Reconciliation:
    ledger: dict[tuple[str, str], int] = defaultdict(int)
    treasury: dict[tuple[str, str], int] = defaultdict(int)
    matched = 0
    differs = []
    for m in matches:
        if not any(rows.payments[pk].budget_year == year for pk in m.payments):
            continue
        for pk in m.payments:
            ledger[_month_key(rows.payments[pk])] += rows.payments[pk].amount
        for lk in m.lines:
            treasury[_month_key(rows.lines[lk])] += rows.lines[lk].amount
        if m.difference == 0:
            matched += 1
        else:
            differs.append(
                MatchView(
                    m.rule,
                    tuple(rows.line(lk) for lk in m.lines),
                    tuple(rows.payment(pk) for pk in m.payments),
                    m.difference,
                )
            )
    lonely_lines = [lk for lk in only_lines if _line_in_year(rows.lines[lk], year)]
    for lk in lonely_lines:
        if rows.lines[lk].value_date.year == year:
            treasury[_month_key(rows.lines[lk])] += rows.lines[lk].amount
    lonely_payments = [pk for pk in only_payments if rows.payments[pk].budget_year == year]
    for pk in lonely_payments:
        ledger[_month_key(rows.payments[pk])] += rows.payments[pk].amount
    months = tuple(
        MonthRow(source, month, ledger.get((source, month), 0), treasury.get((source, month), 0))
        for source, month in sorted(ledger.keys() | treasury.keys())
    )
    return Reconciliation(
        rows.program_code,
        year,
        position,
        window_days,
        months,
        matched,
        tuple(differs),
        tuple(rows.line(k) for k in lonely_lines),
        tuple(rows.payment(k) for k in lonely_payments),
    )


def _month_key(item: TreasuryLine | LedgerPayment) -> tuple[str, str]:
    return item.source, item.value_date.strftime("%Y-%m")


def _line_in_year(line: TreasuryLine, year: int) -> bool:
    day = line.value_date
    return day.year == year or (day.year == year + 1 and day <= adjustment_window_end(year))


@dataclass(frozen=True)
class StatementView:
    id: str
    source: str
    account: str
    file_name: str
    sha256: str
    line_count: int
    amount_total: int
    imported_by: str
    recorded_at: str
    position: int


def statements(
    store: ReadStore, program_code: str, prefix: str = LIVE_PREFIX
) -> list[StatementView]:
    """The statements imported for a program, in the order they were recorded."""
    with store.snapshot() as tx:
        rows = tx.rows(
            "SELECT id, source, account, file_name, sha256, line_count, amount_total, "
            f"imported_by, recorded_at, position FROM {prefix}statements "
            "WHERE program_code = ? ORDER BY position",
            (program_code,),
        )
    return [
        StatementView(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            int(r[5]),
            int(r[6]),
            str(r[7]),
            str(r[8]),
            int(r[9]),
        )
        for r in rows
    ]
