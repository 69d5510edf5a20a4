"""The reconciliation of a program's year with the State Treasury, as of any position.

Statement lines, payments, reversals and matches by hand are position-stamped rows of the read
model; reading those up to a position and matching them (``finance.matching``) reproduces the
reconciliation exactly as it stood then.

Years: a payment belongs to the year it is charged to (its project's budget year when it was
paid). A matched statement line belongs to the year of its payments; an unmatched one to the
year of its value date, and to the year before as well while it falls in that year's
adjustment window (to 31 January), so closing that year sees it.

Accounts: a statement belongs to a registered Treasury account, of one holder and source; a
payment to the account of its line's (holder, source). The report adds up each account per
month. A payment on no statement line whose account has no statement imported covering its
month (from the first to the last month of the account's statements' lines) is counted as
"no statement yet", apart from the discrepancies: nothing is there to reconcile it with.
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
    holder_code: str


@dataclass(frozen=True)
class PaymentView:
    project_id: str
    project_code: str
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str
    holder_code: str
    account: str  # the registered account of (holder, source); "" when none is registered


@dataclass(frozen=True)
class MatchView:
    rule: str
    lines: tuple[LineView, ...]
    payments: tuple[PaymentView, ...]
    difference: int  # statement minus ledger


@dataclass(frozen=True)
class MonthRow:
    """One Treasury account in one month: what each side says. ``account`` is "" for
    payments of a (holder, source) with no registered account."""

    account: str
    holder_code: str
    source: str
    month: str  # YYYY-MM
    ledger_total: int
    statement_total: int
    statement_imported: bool  # a statement of the account covers the month

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
    only_in_ledger: tuple[PaymentView, ...]  # with a statement of their account imported
    no_statement_yet: tuple[PaymentView, ...]  # their account has no statement for the month
    # The figure ``paid`` (thực chi) of each of the year's budget lines, as (holder, source,
    # paid), from ``projections.figures``: what the ledger column adds up to over the months.
    paid: tuple[tuple[str, str, int], ...] = ()

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
    return replace(
        report, paid=tuple((line.holder_code, line.source, line.figures.paid) for line in lines)
    )


class _Rows:
    """The program's statement lines, live payments and hand links up to a position, as the
    matcher takes them."""

    def __init__(self, program_code: str, read: treasury.TreasuryRows) -> None:
        self.program_code = program_code
        self.accounts = read.accounts
        self.holders = read.holders
        self.registered = read.registered
        self.payment_holders = {key: x.holder_code for key, x in read.payments.items()}
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
            self.holders.get(key[0], ""),
        )

    def payment(self, key: PaymentKey) -> PaymentView:
        x = self.payments[key]
        holder = self.payment_holders[key]
        return PaymentView(
            key[0],
            self.codes.get(key[0], ""),
            x.voucher_no,
            x.amount,
            x.value_date,
            x.payee,
            x.source,
            holder,
            self.registered.get((holder, x.source), ""),
        )

    def line_account(self, key: LineKey) -> tuple[str, str, str]:
        sid = key[0]
        return self.accounts.get(sid, ""), self.holders.get(sid, ""), self.lines[key].source

    def payment_account(self, key: PaymentKey) -> tuple[str, str, str]:
        holder, source = self.payment_holders[key], self.payments[key].source
        return self.registered.get((holder, source), ""), holder, source

    def covered(self) -> set[tuple[str, str]]:
        """(account, month) pairs some statement of the account covers: every month from the
        first to the last value date of each statement's lines."""
        spans: dict[str, list[date]] = {}
        for (sid, _), line in self.lines.items():
            spans.setdefault(sid, []).append(line.value_date)
        months: set[tuple[str, str]] = set()
        for sid, days in spans.items():
            first, last = min(days), max(days)
            index, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
            for at in range(index, end + 1):
                months.add((self.accounts.get(sid, ""), f"{at // 12:04d}-{at % 12 + 1:02d}"))
        return months


def _report(
    rows: _Rows,
    matches: Iterable[Match],
    only_lines: Iterable[LineKey],
    only_payments: Iterable[PaymentKey],
    year: int,
    position: int,
    window_days: int,
) -> Reconciliation:
    ledger: dict[MonthKey, int] = defaultdict(int)
    treasury: dict[MonthKey, int] = defaultdict(int)

    def paid(pk: PaymentKey) -> None:
        ledger[(*rows.payment_account(pk), _month(rows.payments[pk]))] += rows.payments[pk].amount

    def listed(lk: LineKey) -> None:
        treasury[(*rows.line_account(lk), _month(rows.lines[lk]))] += rows.lines[lk].amount

    matched = 0
    differs = []
    for m in matches:
        if not any(rows.payments[pk].budget_year == year for pk in m.payments):
            continue
        for pk in m.payments:
            paid(pk)
        for lk in m.lines:
            listed(lk)
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
            listed(lk)
    covered = rows.covered()
    lonely_payments: list[PaymentKey] = []
    not_yet: list[PaymentKey] = []
    for pk in only_payments:
        if rows.payments[pk].budget_year != year:
            continue
        paid(pk)
        account = rows.payment_account(pk)[0]
        month = _month(rows.payments[pk])
        (lonely_payments if account and (account, month) in covered else not_yet).append(pk)
    months = tuple(
        MonthRow(*key, ledger.get(key, 0), treasury.get(key, 0), (key[0], key[3]) in covered)
        for key in sorted(ledger.keys() | treasury.keys())
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
        tuple(rows.payment(k) for k in not_yet),
    )


MonthKey = tuple[str, str, str, str]  # account, holder, source, month


def _month(item: TreasuryLine | LedgerPayment) -> str:
    return item.value_date.strftime("%Y-%m")


def _line_in_year(line: TreasuryLine, year: int) -> bool:
    day = line.value_date
    return day.year == year or (day.year == year + 1 and day <= adjustment_window_end(year))


def accounts(
    store: ReadStore, program_code: str, prefix: str = LIVE_PREFIX
) -> list[treasury.AccountView]:
    """The Treasury accounts registered for a program."""
    with store.snapshot() as tx:
        return treasury.accounts(tx, prefix, program_code)


def statements(
    store: ReadStore, program_code: str, prefix: str = LIVE_PREFIX
) -> list[treasury.StatementView]:
    """The statements imported for a program, in the order they were recorded."""
    with store.snapshot() as tx:
        return treasury.statements(tx, prefix, program_code)


def statement(
    store: ReadStore, statement_id: str, prefix: str = LIVE_PREFIX
) -> treasury.StatementView | None:
    with store.snapshot() as tx:
        return treasury.statement(tx, prefix, statement_id)


def statement_line(
    store: ReadStore, statement_id: str, line_no: int, prefix: str = LIVE_PREFIX
) -> LineView | None:
    """One statement line as a reconciliation shows it."""
    with store.snapshot() as tx:
        found = treasury.statement_line(tx, prefix, statement_id, line_no)
    if found is None:
        return None
    on, line = found
    return LineView(
        statement_id,
        line_no,
        line.voucher_no,
        line.amount,
        line.value_date,
        line.payee,
        line.source,
        on.account,
        on.holder_code,
    )
