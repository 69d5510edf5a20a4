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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
from projections.queries import budget as budget_reads
from projections.queries import statements as treasury
from projections.queries.programs import check_program
from projections.rows import AsOf
from projections.schema import LIVE_PREFIX
from projections.store import ReadStore, read_position

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
    # The figure ``paid`` (thực chi) of the year's budget line of each source, from
    # ``projections.figures``: what the ledger column adds up to over the months.
    paid: tuple[tuple[str, int], ...] = ()

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
        check_program(tx, prefix, program_code, year)
        rows = _Rows(program_code, treasury.treasury_rows(tx, prefix, program_code, at))
        lines = budget_reads.budget(tx, prefix, program_code, year, AsOf(position=at)).lines
    result = match(rows.lines.values(), rows.payments.values(), rows.links, window_days)
    report = _report(
        rows, result.matches, result.only_in_statement, result.only_in_ledger, year, at, window_days
    )
    return replace(report, paid=tuple((line.source, line.figures.paid) for line in lines))


class _Rows:
    """The program's statement lines, live payments and hand links up to a position, as the
    matcher takes them."""

    def __init__(self, program_code: str, read: treasury.TreasuryRows) -> None:
        self.program_code = program_code
        self.accounts = read.accounts
        self.codes = read.project_codes
        self.lines = {
            key: TreasuryLine(key, x.voucher_no, x.amount, x.value_date, x.payee, x.source)
            for key, x in read.lines.items()
        }
        self.payments = {
            key: LedgerPayment(
                key, x.voucher_no, x.amount, x.value_date, x.payee, x.source, x.budget_year
            )
            for key, x in read.payments.items()
        }
        self.links = [HandLink(x.line, x.action, x.payments) for x in read.links]

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


def statements(
    store: ReadStore, program_code: str, prefix: str = LIVE_PREFIX
) -> list[treasury.StatementView]:
    """The statements imported for a program, in the order they were recorded."""
    with store.snapshot() as tx:
        return treasury.statements(tx, prefix, program_code)
